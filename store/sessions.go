package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"intake/approvals"
)

// A Session is one signed-in console session (docs/console.md). IDHash is
// the hex SHA-256 of the session id the browser holds; the id itself is
// never stored.
type Session struct {
	IDHash string
	// Staff is the staff member's address.
	Staff string
	// CSRF is the token every form of the session carries.
	CSRF     string
	Created  time.Time
	LastSeen time.Time
}

// CreateSession stores s. A session with the same IDHash is EINVALID
// (ids are random: a repeat is a bug).
func (db *DB) CreateSession(ctx context.Context, s Session) error {
	return db.sessionWrite(ctx, "create session", func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO console_sessions (id_hash, staff, csrf, created_at, last_seen)
			VALUES (?, ?, ?, ?, ?)`, s.IDHash, s.Staff, s.CSRF, s.Created.UnixNano(), s.LastSeen.UnixNano())
		if err != nil {
			return createError(err, "session of", s.Staff)
		}
		return nil
	})
}

// Session returns the session stored under idHash, or an ENOTFOUND error.
func (db *DB) Session(ctx context.Context, idHash string) (*Session, error) {
	if err := db.sameFile(); err != nil {
		return nil, err
	}
	s := Session{IDHash: idHash}
	var created, seen int64
	err := db.ro.QueryRowContext(ctx, `SELECT staff, csrf, created_at, last_seen
		FROM console_sessions WHERE id_hash = ?`, idHash).Scan(&s.Staff, &s.CSRF, &created, &seen)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, approvals.Errorf(approvals.ENOTFOUND, "session not found")
	}
	if err != nil {
		return nil, fmt.Errorf("read session: %w", err)
	}
	s.Created, s.LastSeen = time.Unix(0, created).UTC(), time.Unix(0, seen).UTC()
	return &s, nil
}

// TouchSession sets the session's LastSeen to at; a session that is gone
// is left gone.
func (db *DB) TouchSession(ctx context.Context, idHash string, at time.Time) error {
	return db.sessionWrite(ctx, "touch session", func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE console_sessions SET last_seen = ? WHERE id_hash = ?`,
			at.UnixNano(), idHash)
		return err
	})
}

// DeleteSession deletes the session stored under idHash (signing out); a
// session that is gone is left gone.
func (db *DB) DeleteSession(ctx context.Context, idHash string) error {
	return db.sessionWrite(ctx, "delete session", func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM console_sessions WHERE id_hash = ?`, idHash)
		return err
	})
}

// DeleteExpiredSessions deletes the sessions last seen before idleBefore
// or created before createdBefore, and returns how many it deleted.
func (db *DB) DeleteExpiredSessions(ctx context.Context, idleBefore, createdBefore time.Time) (int, error) {
	var n int64
	err := db.sessionWrite(ctx, "delete expired sessions", func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM console_sessions WHERE last_seen < ? OR created_at < ?`,
			idleBefore.UnixNano(), createdBefore.UnixNano())
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	return int(n), err
}

// sessionWrite runs fn in one write transaction on the sessions table.
// Sessions are not part of the ledger: they are access control, not
// decisions, and replay never reads them.
func (db *DB) sessionWrite(ctx context.Context, what string, fn func(*sql.Tx) error) error {
	if err := db.sameFile(); err != nil {
		return err
	}
	tx, err := db.rw.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("%s: begin: %w", what, err)
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		if approvals.ErrorCode(err) != approvals.EINTERNAL {
			return err
		}
		return fmt.Errorf("%s: %w", what, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("%s: commit: %w", what, err)
	}
	return nil
}
