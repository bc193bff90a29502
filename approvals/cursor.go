package approvals

import (
	"context"
	"fmt"
)

// A Cursor is how far a mailbox has been processed: every message with a
// UID up to UID, under UIDValidity, has been recorded (RFC 9051 section
// 2.3.1.1). It is committed in the same transaction as the decisions on
// the message that moved it, so a crash can never separate the two.
type Cursor struct {
	Mailbox     string
	UIDValidity uint32
	UID         uint32
}

// Cursor returns the cursor of mailbox; the zero Cursor (with Mailbox
// set) when it has never been processed.
func (s *Service) Cursor(ctx context.Context, mailbox string) (Cursor, error) {
	var c Cursor
	err := s.store.View(ctx, func(tx Tx) error {
		var err error
		c, err = tx.Cursor(mailbox)
		return err
	})
	if err != nil {
		return Cursor{}, fmt.Errorf("read cursor of %s: %w", mailbox, err)
	}
	return c, nil
}

// receiveKnown handles a message received through a mailbox whose exact
// bytes are already recorded: a redelivery after a UIDVALIDITY change or
// a move. Nothing is recorded again; only the cursor moves. It reports
// whether the message was known.
func (s *Service) receiveKnown(tx Tx, in Inbound, hash string) (*Result, bool, error) {
	if in.Cursor == nil {
		return nil, false, nil
	}
	m, err := tx.MessageByHash(hash)
	switch {
	case ErrorCode(err) == ENOTFOUND:
		return nil, false, nil
	case err != nil:
		return nil, false, fmt.Errorf("look up message by hash: %w", err)
	}
	if err := tx.SetCursor(*in.Cursor); err != nil {
		return nil, false, fmt.Errorf("set cursor: %w", err)
	}
	return &Result{Message: *m, Known: true}, true, nil
}
