package store

import (
	"context"
	"fmt"

	"intake/approvals"
)

// HasDirectory reports whether a directory was ever loaded into the
// database: `intake directory load` ran on it (MarkDirectoryLoaded) or
// the ledger holds a directory load. A database without one answers every
// request from an empty directory, so the commands that decide refuse it.
func (db *DB) HasDirectory(ctx context.Context) (bool, error) {
	var has bool
	err := db.View(ctx, func(t approvals.Tx) error {
		return t.(*Tx).queryRow(`SELECT EXISTS (SELECT 1 FROM directory_loads)
			OR EXISTS (SELECT 1 FROM ledger WHERE subject = 'directory' AND kind = ?)`,
			string(approvals.EntryDirectoryLoad)).Scan(&has)
	})
	if err != nil {
		return false, fmt.Errorf("look for a directory in %s: %w", db.path, err)
	}
	return has, nil
}
