package store

import (
	"context"
	"database/sql"
	"fmt"

	"intake/approvals"
)

// A Snapshot is one read transaction: every read through it sees the
// database as it was when it began, while writers go on committing (WAL).
// It is valid only inside the Snapshot call that made it and is not safe
// for concurrent use.
type Snapshot struct {
	db    *DB
	ctx   context.Context
	sqlTx *sql.Tx
	tx    *Tx
}

// Snapshot runs fn in one read transaction; fn's error is returned
// unchanged. It fails when the database file was removed or replaced
// since Open.
func (db *DB) Snapshot(ctx context.Context, fn func(*Snapshot) error) error {
	if err := db.sameFile(); err != nil {
		return err
	}
	sqlTx, err := db.beginRead(ctx)
	if err != nil {
		return err
	}
	defer sqlTx.Rollback()
	return fn(&Snapshot{db: db, ctx: ctx, sqlTx: sqlTx, tx: db.newTx(ctx, sqlTx)})
}

// Tx returns the snapshot's view for the approvals reads (Doors,
// Enablements, Names, Requests, ...); its state-changing methods fail.
func (s *Snapshot) Tx() approvals.Tx { return s.tx }

// HasTable reports whether the schema has a table of that name, for a
// reader of a table that a later version adds.
func (s *Snapshot) HasTable(name string) (bool, error) {
	ok, err := s.tx.exists(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`, name)
	if err != nil {
		return false, fmt.Errorf("look up table %s: %w", name, err)
	}
	return ok, nil
}
