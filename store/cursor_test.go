package store

import (
	"testing"

	"intake/approvals"
)

func TestCursor(t *testing.T) {
	db, _ := openTest(t)
	steps := []struct {
		name string
		set  approvals.Cursor
		want approvals.Cursor
	}{
		{"first", approvals.Cursor{Mailbox: "INBOX", UIDValidity: 5, UID: 10}, approvals.Cursor{Mailbox: "INBOX", UIDValidity: 5, UID: 10}},
		{"forward", approvals.Cursor{Mailbox: "INBOX", UIDValidity: 5, UID: 12}, approvals.Cursor{Mailbox: "INBOX", UIDValidity: 5, UID: 12}},
		{"never back", approvals.Cursor{Mailbox: "INBOX", UIDValidity: 5, UID: 11}, approvals.Cursor{Mailbox: "INBOX", UIDValidity: 5, UID: 12}},
		{"new uidvalidity", approvals.Cursor{Mailbox: "INBOX", UIDValidity: 6, UID: 1}, approvals.Cursor{Mailbox: "INBOX", UIDValidity: 6, UID: 1}},
	}
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			update(t, db, func(tx approvals.Tx) error { return tx.SetCursor(s.set) })
			view(t, db, func(tx approvals.Tx) error {
				got, err := tx.Cursor("INBOX")
				if err != nil {
					return err
				}
				if got != s.want {
					t.Errorf("Cursor = %+v, want %+v", got, s.want)
				}
				return nil
			})
		})
	}
	view(t, db, func(tx approvals.Tx) error {
		got, err := tx.Cursor("Other")
		if err != nil || got != (approvals.Cursor{Mailbox: "Other"}) {
			t.Errorf("Cursor(Other) = %+v, %v; want the zero cursor", got, err)
		}
		return nil
	})
}
