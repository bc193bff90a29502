package store

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"reflect"
	"testing"
	"time"

	"intake/approvals"
)

func hashOf(raw []byte) string {
	sum := sha256.Sum256(raw)
	return hex.EncodeToString(sum[:])
}

// createMessageAndRequest records a message with that Message-ID and one
// pending request of the action on it.
func createMessageAndRequest(t testing.TB, tx approvals.Tx, msgID string, action approvals.Action) (*approvals.Message, *approvals.Request) {
	t.Helper()
	raw := []byte("Message-ID: " + msgID + "\r\n\r\nWe give DOOR permission to add Acme to The Pines.\r\n")
	if err := tx.PutRaw(hashOf(raw), raw); err != nil {
		t.Fatalf("PutRaw: %v", err)
	}
	m := &approvals.Message{MessageID: msgID, Hash: hashOf(raw), Outcome: approvals.OutcomeProcessed}
	if err := tx.CreateMessage(m); err != nil {
		t.Fatalf("CreateMessage: %v", err)
	}
	r := &approvals.Request{MessageID: m.ID, Action: action, Partner: "Acme", Property: "The Pines",
		Status: approvals.StatusPending, Reason: approvals.ReasonUnknownPartner}
	if err := tx.CreateRequest(r); err != nil {
		t.Fatalf("CreateRequest: %v", err)
	}
	return m, r
}

func TestMessages(t *testing.T) {
	db, p := openTest(t)
	raw := []byte("From: maria@pines.example\r\nMessage-ID: <1@pines.example>\r\n\r\nhello\r\n")
	received := time.Date(2025, 3, 1, 9, 30, 0, 123456789, time.FixedZone("CET", 3600))
	first := &approvals.Message{MessageID: "<1@pines.example>", Hash: hashOf(raw), Source: "file:a.eml",
		Sender: "maria@pines.example", Subject: "Access", ReceivedAt: received,
		Outcome: approvals.OutcomeProcessed, Evidence: "dmarc=pass"}
	dup := &approvals.Message{MessageID: "<1@pines.example>", Hash: hashOf(raw), Source: "file:b.eml",
		Outcome: approvals.OutcomeDuplicate}
	update(t, db, func(tx approvals.Tx) error {
		for _, m := range []*approvals.Message{first, dup} {
			if err := tx.PutRaw(m.Hash, raw); err != nil {
				return err
			}
			if err := tx.CreateMessage(m); err != nil {
				return err
			}
		}
		return nil
	})
	t.Run("raw stored once", func(t *testing.T) {
		if got := count(t, p, "raw_messages"); got != 1 {
			t.Errorf("raw_messages rows = %d, want 1", got)
		}
		if got := count(t, p, "messages"); got != 2 {
			t.Errorf("messages rows = %d, want 2", got)
		}
	})
	t.Run("ids", func(t *testing.T) {
		if first.ID != "m-000001" || dup.ID != "m-000002" {
			t.Errorf("ids = %q, %q; want m-000001, m-000002", first.ID, dup.ID)
		}
	})
	tests := []struct {
		name string
		get  func(tx approvals.Tx) (*approvals.Message, error)
		want *approvals.Message // nil: ENOTFOUND
	}{
		{"by id", func(tx approvals.Tx) (*approvals.Message, error) { return tx.Message("m-000002") }, dup},
		{"by Message-ID is the first", func(tx approvals.Tx) (*approvals.Message, error) {
			return tx.MessageByMessageID("<1@pines.example>")
		}, first},
		{"by hash is the first", func(tx approvals.Tx) (*approvals.Message, error) { return tx.MessageByHash(first.Hash) }, first},
		{"unknown id", func(tx approvals.Tx) (*approvals.Message, error) { return tx.Message("m-000009") }, nil},
		{"malformed id", func(tx approvals.Tx) (*approvals.Message, error) { return tx.Message("r-000001") }, nil},
		{"empty Message-ID", func(tx approvals.Tx) (*approvals.Message, error) { return tx.MessageByMessageID("") }, nil},
		{"unknown hash", func(tx approvals.Tx) (*approvals.Message, error) { return tx.MessageByHash(hashOf(nil)) }, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			view(t, db, func(tx approvals.Tx) error {
				got, err := tt.get(tx)
				if tt.want == nil {
					if approvals.ErrorCode(err) != approvals.ENOTFOUND {
						t.Errorf("error = %v, want ENOTFOUND", err)
					}
					return nil
				}
				if err != nil {
					t.Fatal(err)
				}
				want := *tt.want
				want.ReceivedAt = want.ReceivedAt.UTC()
				if !got.ReceivedAt.Equal(tt.want.ReceivedAt) || got.ReceivedAt.Location() != time.UTC {
					t.Errorf("ReceivedAt = %v, want %v in UTC", got.ReceivedAt, tt.want.ReceivedAt)
				}
				got.ReceivedAt, want.ReceivedAt = time.Time{}, time.Time{}
				if !reflect.DeepEqual(*got, want) {
					t.Errorf("got %+v, want %+v", *got, want)
				}
				return nil
			})
		})
	}
	t.Run("raw", func(t *testing.T) {
		view(t, db, func(tx approvals.Tx) error {
			got, err := tx.Raw(first.Hash)
			if err != nil || !bytes.Equal(got, raw) {
				t.Errorf("Raw = %q, %v; want %q", got, err, raw)
			}
			if _, err := tx.Raw(hashOf(nil)); approvals.ErrorCode(err) != approvals.ENOTFOUND {
				t.Errorf("Raw(unknown) error = %v, want ENOTFOUND", err)
			}
			return nil
		})
	})
}

func TestMessageInvalid(t *testing.T) {
	raw := []byte("x")
	tests := []struct {
		name string
		fn   func(tx approvals.Tx) error
	}{
		{"raw under wrong hash", func(tx approvals.Tx) error { return tx.PutRaw(hashOf([]byte("y")), raw) }},
		{"message without raw", func(tx approvals.Tx) error {
			return tx.CreateMessage(&approvals.Message{Hash: hashOf(raw), Outcome: approvals.OutcomeProcessed})
		}},
		{"unknown outcome", func(tx approvals.Tx) error {
			if err := tx.PutRaw(hashOf(raw), raw); err != nil {
				return err
			}
			return tx.CreateMessage(&approvals.Message{Hash: hashOf(raw), Outcome: "lost"})
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db, _ := openTest(t)
			err := db.Update(t.Context(), tt.fn)
			if approvals.ErrorCode(err) != approvals.EINVALID {
				t.Errorf("error = %v, want EINVALID", err)
			}
		})
	}
}
