package store

import (
	"bytes"
	"testing"
	"time"

	"intake/approvals"
)

func TestOutbox(t *testing.T) {
	db, _ := openTest(t)
	t0 := time.Date(2026, 3, 2, 10, 0, 0, 123, time.UTC)
	var src string
	put := func(tx approvals.Tx, id, to string, status approvals.OutboxStatus, at time.Time) *approvals.Outbound {
		t.Helper()
		o := &approvals.Outbound{MessageID: id, Source: src, To: to, Subject: "Re: x", Body: []byte("raw\r\n"),
			Kind: "applied", Status: status, CreatedAt: at, NextAttemptAt: at}
		if err := tx.CreateOutbound(o); err != nil {
			t.Fatalf("CreateOutbound(%s): %v", id, err)
		}
		return o
	}
	var first *approvals.Outbound
	update(t, db, func(tx approvals.Tx) error {
		m, _ := createMessageAndRequest(t, tx, "<a@x>", approvals.ActionAdd)
		src = m.ID
		first = put(tx, "r1@door.example", "maria@pines.example", approvals.OutboxQueued, t0)
		put(tx, "r2@door.example", "Maria@Pines.example", approvals.OutboxSent, t0.Add(30*time.Minute))
		put(tx, "r3@door.example", "maria@pines.example", approvals.OutboxSuppressed, t0.Add(40*time.Minute))
		put(tx, "r4@door.example", "hank@harbor.example", approvals.OutboxQueued, t0.Add(40*time.Minute))
		return nil
	})
	if first.ID != "o-000001" {
		t.Errorf("ID = %q, want o-000001", first.ID)
	}
	view(t, db, func(tx approvals.Tx) error {
		got, err := tx.Outbound(first.ID)
		if err != nil {
			t.Fatalf("Outbound: %v", err)
		}
		if got.MessageID != first.MessageID || got.Source != src || got.To != first.To || !bytes.Equal(got.Body, first.Body) ||
			got.Status != approvals.OutboxQueued || !got.CreatedAt.Equal(t0) || !got.NextAttemptAt.Equal(t0) || !got.SentAt.IsZero() {
			t.Errorf("Outbound = %+v, want %+v", got, first)
		}
		for _, tt := range []struct {
			since time.Time
			want  int
		}{{t0, 2}, {t0.Add(time.Nanosecond), 1}, {t0.Add(31 * time.Minute), 0}} {
			n, err := tx.RepliesTo("MARIA@pines.example", tt.since)
			if err != nil || n != tt.want {
				t.Errorf("RepliesTo(since %s) = %d, %v; want %d (suppressed not counted)", tt.since, n, err, tt.want)
			}
		}
		if _, err := tx.Outbound("o-000099"); approvals.ErrorCode(err) != approvals.ENOTFOUND {
			t.Errorf("Outbound(missing) = %v, want ENOTFOUND", err)
		}
		return nil
	})
}

func TestOutboxInvalid(t *testing.T) {
	db, _ := openTest(t)
	var src string
	update(t, db, func(tx approvals.Tx) error {
		m, _ := createMessageAndRequest(t, tx, "<a@x>", approvals.ActionAdd)
		src = m.ID
		return tx.CreateOutbound(&approvals.Outbound{MessageID: "r1@d.example", Source: src, To: "a@b.example",
			Kind: "applied", Status: approvals.OutboxQueued, Body: []byte("x")})
	})
	tests := []struct {
		name string
		o    approvals.Outbound
	}{
		{"repeated Message-ID", approvals.Outbound{MessageID: "r1@d.example", Source: src, To: "a@b.example", Kind: "applied", Status: approvals.OutboxQueued}},
		{"unknown source", approvals.Outbound{MessageID: "r2@d.example", Source: "m-000042", To: "a@b.example", Kind: "applied", Status: approvals.OutboxQueued}},
		{"not a message id", approvals.Outbound{MessageID: "r3@d.example", Source: "r-000001", To: "a@b.example", Kind: "applied", Status: approvals.OutboxQueued}},
		{"unknown status", approvals.Outbound{MessageID: "r4@d.example", Source: src, To: "a@b.example", Kind: "applied", Status: "lost"}},
		{"no recipient", approvals.Outbound{MessageID: "r5@d.example", Source: src, Kind: "applied", Status: approvals.OutboxQueued}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := db.Update(t.Context(), func(tx approvals.Tx) error { return tx.CreateOutbound(&tt.o) })
			if approvals.ErrorCode(err) != approvals.EINVALID {
				t.Errorf("CreateOutbound = %v, want EINVALID", err)
			}
		})
	}
}
