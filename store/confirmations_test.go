package store

import (
	"testing"
	"time"

	"intake/approvals"
)

// TestConfirmations: a code is stored by its hash, found by hash and by
// reply, used once; an unknown reply Message-ID is refused.
func TestConfirmations(t *testing.T) {
	db, _ := openTest(t)
	t0 := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	hash := approvals.CodeHash("KXR7TW3M")
	var c *approvals.Confirmation
	var msg string
	update(t, db, func(tx approvals.Tx) error {
		m, r := createMessageAndRequest(t, tx, "<a@x>", approvals.ActionAdd)
		msg = m.ID
		o := &approvals.Outbound{MessageID: "r1@door.example", Source: m.ID, To: "maria@pines.example", Subject: "Re: x",
			Body: []byte("raw\r\n"), Kind: "confirm", Status: approvals.OutboxQueued, CreatedAt: t0, NextAttemptAt: t0}
		if err := tx.CreateOutbound(o); err != nil {
			t.Fatal(err)
		}
		c = &approvals.Confirmation{CodeHash: hash, Request: r.ID, PartnerID: "p-acme", PropertyID: "prop-pines",
			Sender: "maria@pines.example", ReplyMessageID: o.MessageID, CreatedAt: t0, ExpiresAt: t0.Add(time.Hour)}
		if err := tx.CreateConfirmation(c); err != nil {
			t.Fatalf("CreateConfirmation: %v", err)
		}
		bad := *c
		bad.ReplyMessageID = "unknown@door.example"
		if err := tx.CreateConfirmation(&bad); approvals.ErrorCode(err) != approvals.EINVALID {
			t.Errorf("CreateConfirmation for an unknown reply: %v, want EINVALID", err)
		}
		return nil
	})
	if c.ID != "c-000001" {
		t.Errorf("ID = %q, want c-000001", c.ID)
	}
	view(t, db, func(tx approvals.Tx) error {
		byCode, err := tx.ConfirmationsByCode(hash)
		if err != nil || len(byCode) != 1 || byCode[0] != *c {
			t.Errorf("ConfirmationsByCode = %+v, %v; want %+v", byCode, err, *c)
		}
		byReply, err := tx.ConfirmationsByReply([]string{"other@x", "r1@door.example"})
		if err != nil || len(byReply) != 1 || byReply[0].ID != c.ID {
			t.Errorf("ConfirmationsByReply = %+v, %v", byReply, err)
		}
		if none, err := tx.ConfirmationsByReply(nil); err != nil || len(none) != 0 {
			t.Errorf("ConfirmationsByReply(nil) = %+v, %v", none, err)
		}
		return nil
	})
	update(t, db, func(tx approvals.Tx) error {
		c.UsedAt, c.UsedBy = t0.Add(time.Minute), msg
		if err := tx.UseConfirmation(c); err != nil {
			t.Fatalf("UseConfirmation: %v", err)
		}
		if err := tx.UseConfirmation(c); approvals.ErrorCode(err) != approvals.ECONFLICT {
			t.Errorf("second UseConfirmation: %v, want ECONFLICT", err)
		}
		unknown := *c
		unknown.ID = "c-000009"
		if err := tx.UseConfirmation(&unknown); approvals.ErrorCode(err) != approvals.ENOTFOUND {
			t.Errorf("UseConfirmation of an unknown code: %v, want ENOTFOUND", err)
		}
		got, err := tx.ConfirmationsByCode(hash)
		if err != nil || len(got) != 1 || !got[0].UsedAt.Equal(c.UsedAt) || got[0].UsedBy != msg {
			t.Errorf("after use: %+v, %v", got, err)
		}
		return nil
	})
}
