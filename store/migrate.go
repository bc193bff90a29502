package store

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"sort"
	"time"

	"intake/approvals"
)

//go:embed migration/*.sql
var migrationFS embed.FS

// migrate applies, in name order, each migration/*.sql file not yet
// recorded in the migrations table, one write transaction per file. Two
// processes opening a new file at once serialise on the write lock; the
// second finds the migrations recorded and skips them.
func (db *DB) migrate(ctx context.Context) error {
	names, err := fs.Glob(migrationFS, "migration/*.sql")
	if err != nil {
		return fmt.Errorf("list migrations: %w", err)
	}
	sort.Strings(names)
	if err := db.refuseNewer(ctx, names); err != nil {
		return err
	}
	for _, name := range names {
		if err := db.migrateFile(ctx, name); err != nil {
			return fmt.Errorf("migration %s: %w", name, err)
		}
	}
	return nil
}

// refuseNewer returns an error when the migrations table records a
// migration that is not among known (the embedded files, sorted): the
// database was written by a newer intake, whose schema this binary would
// misread or damage. It names both versions. A file without the table is
// new.
func (db *DB) refuseNewer(ctx context.Context, known []string) error {
	if exists, err := db.hasMigrations(ctx); err != nil || !exists {
		return err
	}
	rows, err := db.rw.QueryContext(ctx, `SELECT name FROM migrations ORDER BY name`)
	if err != nil {
		return fmt.Errorf("read migrations: %w", err)
	}
	defer rows.Close()
	var unknown []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return fmt.Errorf("read migrations: %w", err)
		}
		if _, found := slices.BinarySearch(known, "migration/"+name); !found {
			unknown = append(unknown, name)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read migrations: %w", err)
	}
	if len(unknown) > 0 {
		newest := "none"
		if len(known) > 0 {
			newest = path.Base(known[len(known)-1])
		}
		return approvals.Errorf(approvals.ECONFLICT,
			"the database is newer than this intake: it has migration %s, and the newest this intake knows is %s; run the newer intake (or restore a backup made by this version)",
			unknown[len(unknown)-1], newest)
	}
	return nil
}

// hasMigrations reports whether the file has a migrations table.
func (db *DB) hasMigrations(ctx context.Context) (bool, error) {
	var n int
	err := db.rw.QueryRowContext(ctx,
		`SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'migrations'`).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("look up the migrations table: %w", err)
	}
	return n > 0, nil
}

// migrateFile applies one migration unless it is already recorded.
func (db *DB) migrateFile(ctx context.Context, name string) error {
	tx, err := db.rw.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer tx.Rollback()

	const create = `CREATE TABLE IF NOT EXISTS migrations (
		name       TEXT PRIMARY KEY,
		applied_at TEXT NOT NULL
	) STRICT`
	if _, err := tx.ExecContext(ctx, create); err != nil {
		return fmt.Errorf("create migrations table: %w", err)
	}
	var n int
	err = tx.QueryRowContext(ctx, `SELECT count(*) FROM migrations WHERE name = ?`,
		path.Base(name)).Scan(&n)
	if err != nil {
		return fmt.Errorf("look up: %w", err)
	}
	if n > 0 {
		return nil
	}
	if err := applyMigration(ctx, tx, name, db.Now()); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// applyMigration runs the file's statements and records it under its base
// name.
func applyMigration(ctx context.Context, tx *sql.Tx, name string, now time.Time) error {
	body, err := fs.ReadFile(migrationFS, name)
	if err != nil {
		return fmt.Errorf("read: %w", err)
	}
	if _, err := tx.ExecContext(ctx, string(body)); err != nil {
		return fmt.Errorf("apply: %w", err)
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO migrations (name, applied_at) VALUES (?, ?)`,
		path.Base(name), formatTime(now))
	if err != nil {
		return fmt.Errorf("record: %w", err)
	}
	return nil
}
