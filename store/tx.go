package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/mattn/go-sqlite3"

	"intake/approvals"
)

// Tx is one transaction's view of the database; it implements
// approvals.Tx. A Tx is valid only inside the Update or View call that
// made it and is not safe for concurrent use.
type Tx struct {
	tx  *sql.Tx
	ctx context.Context
	now func() time.Time
	// files holds the raw messages stored as files.
	files rawFiles
	// last caches the ledger head after an Append in this transaction.
	last *chainHead
}

func (db *DB) newTx(ctx context.Context, tx *sql.Tx) *Tx {
	now := db.Now
	if now == nil {
		now = time.Now
	}
	return &Tx{tx: tx, ctx: ctx, now: now, files: db.files}
}

func (tx *Tx) exec(query string, args ...any) (sql.Result, error) {
	return tx.tx.ExecContext(tx.ctx, query, args...)
}

func (tx *Tx) query(query string, args ...any) (*sql.Rows, error) {
	return tx.tx.QueryContext(tx.ctx, query, args...)
}

func (tx *Tx) queryRow(query string, args ...any) *sql.Row {
	return tx.tx.QueryRowContext(tx.ctx, query, args...)
}

// queryStrings returns the first column of every row of the query.
func (tx *Tx) queryStrings(query string, args ...any) ([]string, error) {
	rows, err := tx.query(query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// exists reports whether the query returns a row.
func (tx *Tx) exists(query string, args ...any) (bool, error) {
	var one int
	err := tx.queryRow(query, args...).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return err == nil, err
}

// Times are stored as RFC 3339 text with nanoseconds in UTC (RFC 3339
// section 5.6), NULL for the zero time. The text sorts in time order only
// when the fractions have the same length, so no SQL orders by it.

func formatTime(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

func nullTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return formatTime(t)
}

func parseTime(s sql.NullString) (time.Time, error) {
	if !s.Valid || s.String == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339Nano, s.String)
	if err != nil {
		return time.Time{}, fmt.Errorf("parse time %q: %w", s.String, err)
	}
	return t.UTC(), nil
}

// nullString stores "" as NULL.
func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// Store ids: the row id with a prefix, zero-padded to six digits.
const (
	messagePrefix = "m-"
	requestPrefix = "r-"
)

func formatID(prefix string, n int64) string { return fmt.Sprintf("%s%06d", prefix, n) }

// parseID returns the row id of a store id, false when s is not one.
func parseID(prefix, s string) (int64, bool) {
	digits, ok := strings.CutPrefix(s, prefix)
	if !ok || digits == "" {
		return 0, false
	}
	n, err := strconv.ParseInt(digits, 10, 64)
	return n, err == nil && n > 0
}

// isConstraint reports whether err is a SQLite constraint violation of
// the extended kind (e.g. sqlite3.ErrConstraintForeignKey).
func isConstraint(err error, kind sqlite3.ErrNoExtended) bool {
	var se sqlite3.Error
	return errors.As(err, &se) && se.ExtendedCode == kind
}

// createError wraps an insert error; a constraint violation (unknown
// enum value, missing referenced row) is EINVALID.
func createError(err error, what, id string) error {
	var se sqlite3.Error
	if errors.As(err, &se) && se.Code == sqlite3.ErrConstraint {
		return approvals.Errorf(approvals.EINVALID, "create %s %q: %v", what, id, err)
	}
	return fmt.Errorf("create %s %q: %w", what, id, err)
}

// isBusy reports whether err is SQLITE_BUSY or SQLITE_LOCKED.
func isBusy(err error) bool {
	var se sqlite3.Error
	return errors.As(err, &se) && (se.Code == sqlite3.ErrBusy || se.Code == sqlite3.ErrLocked)
}
