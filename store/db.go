package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"runtime"
	"time"

	"intake/approvals"

	_ "github.com/mattn/go-sqlite3" // the "sqlite3" database/sql driver
)

// BusyTimeout is how long a writer waits for another process's write
// transaction to finish before giving up with SQLITE_BUSY.
const BusyTimeout = 10 * time.Second

// Interface checks.
var (
	_ approvals.Store = (*DB)(nil)
	_ approvals.Tx    = (*Tx)(nil)
)

// DB is an open intake database. It is safe for concurrent use, also by
// several processes on the same file.
type DB struct {
	rw    *sql.DB // one connection, BEGIN IMMEDIATE
	ro    *sql.DB // read-only, deferred transactions
	path  string
	files rawFiles // the large raw messages, beside the file
	// file is the database file as opened; nil for ":memory:".
	file os.FileInfo

	// Now returns the current time; Append uses it for entries without
	// a time. It defaults to time.Now and may be replaced before use.
	Now func() time.Time
}

// An Option changes how Open opens a database.
type Option func(*openOptions)

type openOptions struct {
	create bool
}

// CreateIfMissing lets Open create the database file when it does not
// exist. Only the command that loads the directory creates a database,
// so that a mistyped path is never answered from a new, empty one.
func CreateIfMissing() Option { return func(o *openOptions) { o.create = true } }

// Open opens the database file at path and applies the migrations it
// has not seen yet. A file that does not exist is an *approvals.Error
// with code ENOTFOUND naming the path, unless CreateIfMissing is given
// (":memory:" is always created). The file uses WAL journal
// mode, foreign keys and synchronous=FULL. Raw messages larger than 1 MiB
// are stored as files in the directory "<path>-raw", created on first
// use; a backup must copy it with the database. The first Open also
// keeps glibc from returning SQLite's freed memory to the kernel after
// every statement (tuneMalloc), for the whole process. A nil error comes
// with a DB to Close; an error that says the disk is full is marked
// ErrDiskFull.
func Open(path string, opts ...Option) (*DB, error) {
	db, err := open(path, opts...)
	return db, fullError(err)
}

func open(path string, opts ...Option) (*DB, error) {
	if path == "" {
		return nil, approvals.Errorf(approvals.EINVALID, "open database: empty path")
	}
	var o openOptions
	for _, opt := range opts {
		opt(&o)
	}
	if !o.create && path != ":memory:" {
		if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
			return nil, approvals.Errorf(approvals.ENOTFOUND, "database %s does not exist", path)
		}
	}
	files, err := newRawFiles(path)
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	return openWith(path, files)
}

// openWith is Open with the raw directory given: a restore verifies a
// database under a temporary name against the raw directory of its final
// name.
func openWith(path string, files rawFiles) (*DB, error) {
	tuneMalloc()
	rw, err := sql.Open("sqlite3", dsn(path, false))
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	rw.SetMaxOpenConns(1)
	rw.SetConnMaxIdleTime(0)
	db := &DB{rw: rw, path: path, files: files, Now: time.Now}
	ctx := context.Background()
	if err := db.enableWAL(ctx); err != nil {
		rw.Close()
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	if err := db.migrate(ctx); err != nil {
		rw.Close()
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	ro, err := sql.Open("sqlite3", dsn(path, true))
	if err != nil {
		rw.Close()
		return nil, fmt.Errorf("open database %s read-only: %w", path, err)
	}
	ro.SetMaxOpenConns(max(4, runtime.GOMAXPROCS(0)))
	db.ro = ro
	if path != ":memory:" {
		if db.file, err = os.Stat(path); err != nil {
			db.Close()
			return nil, fmt.Errorf("open database %s: %w", path, err)
		}
	}
	return db, nil
}

// sameFile returns an error when the database file was removed or
// replaced since Open. The open connections would go on using the old
// file, unseen by anyone: a decision committed there would be lost, yet
// its message marked done on the server.
func (db *DB) sameFile() error {
	if db.file == nil {
		return nil
	}
	fi, err := os.Stat(db.path)
	if err != nil || !os.SameFile(fi, db.file) {
		return fmt.Errorf("database %s was removed or replaced since it was opened; restart intake", db.path)
	}
	return nil
}

// dsn returns the go-sqlite3 data source name for path.
//
// synchronous=FULL: in WAL mode NORMAL may lose the last commits on power
// loss (never corrupting the file). The ledger is the authoritative record
// and a decision may already have been acted on, so every commit is made
// durable; at mail volume the extra fsync per commit costs nothing.
func dsn(path string, readOnly bool) string {
	q := url.Values{}
	q.Set("_busy_timeout", fmt.Sprint(BusyTimeout.Milliseconds()))
	q.Set("_fk", "1")
	q.Set("_sync", "FULL")
	// Keep prepared statements per connection: a receive runs a dozen
	// statements per message, and preparing them was a third of its cost.
	q.Set("_stmt_cache_size", "128")
	if readOnly {
		q.Set("mode", "ro")
		q.Set("_txlock", "deferred")
	} else {
		q.Set("_txlock", "immediate")
	}
	return "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + q.Encode()
}

// Close closes both handles. Closing a nil DB is a no-op.
func (db *DB) Close() error {
	if db == nil {
		return nil
	}
	var errs []error
	if db.ro != nil {
		errs = append(errs, db.ro.Close())
	}
	if db.rw != nil {
		errs = append(errs, db.rw.Close())
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("close database %s: %w", db.path, err)
	}
	return nil
}

// Update runs fn in one write transaction and commits it only when fn
// returns nil; fn's error is returned unchanged. Write transactions of all
// processes on the file are serialised: one waits up to BusyTimeout for
// another to finish. fn must not call Update on the same DB (it would wait
// for itself) and must not keep the Tx. Update and View fail when the
// database file was removed or replaced since Open. An error that says
// the disk is full, fn's included, is marked ErrDiskFull; the
// transaction is then rolled back.
func (db *DB) Update(ctx context.Context, fn func(approvals.Tx) error) error {
	return fullError(db.updateTx(ctx, fn))
}

func (db *DB) updateTx(ctx context.Context, fn func(approvals.Tx) error) error {
	if err := db.sameFile(); err != nil {
		return err
	}
	tx, err := db.rw.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin write transaction: %w", err)
	}
	defer tx.Rollback()
	if err := fn(db.newTx(ctx, tx)); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// View runs fn in one read-only transaction, a consistent snapshot of the
// file; fn's error is returned unchanged. The state-changing methods of
// the Tx fail inside View.
func (db *DB) View(ctx context.Context, fn func(approvals.Tx) error) error {
	if err := db.sameFile(); err != nil {
		return err
	}
	tx, err := db.beginRead(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	return fn(db.newTx(ctx, tx))
}

// beginRead begins a read transaction on the read-only handle.
func (db *DB) beginRead(ctx context.Context) (*sql.Tx, error) {
	tx, err := db.ro.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, fmt.Errorf("begin read transaction: %w", err)
	}
	return tx, nil
}

// enableWAL switches the file to WAL journal mode, which is persistent.
// Switching a new file needs an exclusive lock that SQLite does not wait
// for (the busy handler is skipped to avoid deadlock when the connection
// already reads), so when several processes open a new file at once the
// losers retry here until BusyTimeout. Once the file is in WAL mode this
// is one no-op statement.
func (db *DB) enableWAL(ctx context.Context) error {
	deadline := time.Now().Add(BusyTimeout)
	for wait := time.Millisecond; ; wait = min(2*wait, 50*time.Millisecond) {
		var mode string
		err := db.rw.QueryRowContext(ctx, `PRAGMA journal_mode = WAL`).Scan(&mode)
		switch {
		case err == nil && mode == "wal":
			return nil
		case err == nil:
			return fmt.Errorf("enable WAL: journal mode is %q", mode)
		case !isBusy(err) || time.Now().After(deadline):
			return fmt.Errorf("enable WAL: %w", err)
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("enable WAL: %w", ctx.Err())
		case <-time.After(wait):
		}
	}
}
