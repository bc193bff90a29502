package store

import (
	"database/sql"
	"errors"
	"fmt"
	"time"

	"intake/approvals"
)

// Cursor returns the cursor of mailbox; the zero Cursor with Mailbox set
// when there is none.
func (tx *Tx) Cursor(mailbox string) (approvals.Cursor, error) {
	c := approvals.Cursor{Mailbox: mailbox}
	err := tx.queryRow(`SELECT uidvalidity, uid FROM cursors WHERE mailbox = ?`, mailbox).
		Scan(&c.UIDValidity, &c.UID)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return c, fmt.Errorf("read cursor of %s: %w", mailbox, err)
	}
	return c, nil
}

// SetCursor saves c. Under an unchanged UIDValidity the UID never moves
// back; a new UIDValidity replaces the cursor.
func (tx *Tx) SetCursor(c approvals.Cursor) error {
	_, err := tx.exec(`INSERT INTO cursors (mailbox, uidvalidity, uid, updated_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (mailbox) DO UPDATE SET
			uid = CASE WHEN uidvalidity = excluded.uidvalidity THEN max(uid, excluded.uid) ELSE excluded.uid END,
			uidvalidity = excluded.uidvalidity,
			updated_at = excluded.updated_at`,
		c.Mailbox, c.UIDValidity, c.UID, time.Now().UTC().Format(time.RFC3339Nano))
	if err != nil {
		return fmt.Errorf("set cursor of %s: %w", c.Mailbox, err)
	}
	return nil
}
