package store

import (
	"bytes"
	"strings"
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

func TestOutboxDueAndUpdate(t *testing.T) {
	db, _ := openTest(t)
	t0 := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	var ids []string
	update(t, db, func(tx approvals.Tx) error {
		m, _ := createMessageAndRequest(t, tx, "<a@x>", approvals.ActionAdd)
		for i, at := range []time.Duration{2 * time.Minute, 0, time.Minute, time.Hour} {
			o := &approvals.Outbound{MessageID: string(rune('a'+i)) + "@d.example", Source: m.ID, To: "a@b.example",
				Kind: "applied", Status: approvals.OutboxQueued, Body: []byte("x"), CreatedAt: t0, NextAttemptAt: t0.Add(at)}
			if err := tx.CreateOutbound(o); err != nil {
				return err
			}
			ids = append(ids, o.ID)
		}
		return nil
	})
	due := func(limit int) string {
		var out []string
		view(t, db, func(tx approvals.Tx) error {
			rs, err := tx.DueReplies(t0.Add(2*time.Minute), limit)
			for _, o := range rs {
				out = append(out, o.ID)
			}
			return err
		})
		return strings.Join(out, " ")
	}
	if got, want := due(0), ids[1]+" "+ids[2]+" "+ids[0]; got != want {
		t.Errorf("DueReplies = %s, want %s (earliest first, the later one left)", got, want)
	}
	if got := due(1); got != ids[1] {
		t.Errorf("DueReplies(limit 1) = %s, want %s", got, ids[1])
	}
	update(t, db, func(tx approvals.Tx) error {
		o, err := tx.Outbound(ids[1])
		if err != nil {
			return err
		}
		o.Status, o.Attempts, o.SentAt, o.NextAttemptAt = approvals.OutboxSent, 1, t0.Add(time.Second), time.Time{}
		if err := tx.UpdateOutbound(o); err != nil {
			return err
		}
		got, err := tx.Outbound(ids[1])
		if err != nil || got.Status != approvals.OutboxSent || got.Attempts != 1 || !got.SentAt.Equal(t0.Add(time.Second)) || !got.NextAttemptAt.IsZero() {
			t.Errorf("after UpdateOutbound: %+v, %v", got, err)
		}
		if err := tx.UpdateOutbound(&approvals.Outbound{ID: "o-000099", Status: approvals.OutboxSent}); approvals.ErrorCode(err) != approvals.ENOTFOUND {
			t.Errorf("UpdateOutbound(missing) = %v, want ENOTFOUND", err)
		}
		return nil
	})
	if got, want := due(0), ids[2]+" "+ids[0]; got != want {
		t.Errorf("DueReplies after send = %s, want %s", got, want)
	}
}
