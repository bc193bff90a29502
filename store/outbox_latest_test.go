package store

import (
	"testing"
	"time"

	"intake/approvals"
)

// TestLatestReply checks that the reply a later one threads under is the
// newest queued or sent reply to the message, never a suppressed or
// failed one, nor a reply to another message.
func TestLatestReply(t *testing.T) {
	db, _ := openTest(t)
	t0 := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	var src, other string
	update(t, db, func(tx approvals.Tx) error {
		m, _ := createMessageAndRequest(t, tx, "<a@x>", approvals.ActionAdd)
		n, _ := createMessageAndRequest(t, tx, "<b@x>", approvals.ActionAdd)
		src, other = m.ID, n.ID
		return nil
	})
	view(t, db, func(tx approvals.Tx) error {
		if _, err := tx.LatestReply(src); approvals.ErrorCode(err) != approvals.ENOTFOUND {
			t.Errorf("LatestReply with no reply = %v, want ENOTFOUND", err)
		}
		return nil
	})
	update(t, db, func(tx approvals.Tx) error {
		for i, r := range []struct {
			id     string
			source string
			status approvals.OutboxStatus
		}{
			{"r1@d.example", src, approvals.OutboxSent},
			{"r2@d.example", src, approvals.OutboxQueued},
			{"r3@d.example", src, approvals.OutboxSuppressed},
			{"r4@d.example", src, approvals.OutboxFailed},
			{"r5@d.example", other, approvals.OutboxQueued},
		} {
			at := t0.Add(time.Duration(i) * time.Minute)
			o := &approvals.Outbound{MessageID: r.id, Source: r.source, To: "maria@pines.example", Body: []byte("x"),
				Kind: "applied", Status: r.status, CreatedAt: at, NextAttemptAt: at}
			if err := tx.CreateOutbound(o); err != nil {
				t.Fatalf("CreateOutbound(%s): %v", r.id, err)
			}
		}
		return nil
	})
	view(t, db, func(tx approvals.Tx) error {
		got, err := tx.LatestReply(src)
		if err != nil || got.MessageID != "r2@d.example" || got.Source != src {
			t.Errorf("LatestReply = %+v, %v; want r2@d.example", got, err)
		}
		if _, err := tx.LatestReply("r-000001"); approvals.ErrorCode(err) != approvals.ENOTFOUND {
			t.Errorf("LatestReply(not a message id) = %v, want ENOTFOUND", err)
		}
		return nil
	})
}
