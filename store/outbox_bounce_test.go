package store

import (
	"testing"
	"time"

	"intake/approvals"
)

func TestOutboxSummaryAndBounce(t *testing.T) {
	db, _ := openTest(t)
	t0 := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	var src string
	view(t, db, func(tx approvals.Tx) error {
		sum, err := tx.OutboxSummary()
		if err != nil || sum != (approvals.OutboxSummary{}) {
			t.Errorf("OutboxSummary of an empty outbox = %+v, %v", sum, err)
		}
		return nil
	})
	update(t, db, func(tx approvals.Tx) error {
		m, _ := createMessageAndRequest(t, tx, "<a@x>", approvals.ActionAdd)
		src = m.ID
		for i, o := range []approvals.Outbound{
			{Status: approvals.OutboxQueued, CreatedAt: t0.Add(time.Hour)},
			{Status: approvals.OutboxQueued, CreatedAt: t0.Add(30 * time.Minute)},
			{Status: approvals.OutboxSent, CreatedAt: t0, SentAt: t0.Add(5 * time.Minute)},
			{Status: approvals.OutboxSent, CreatedAt: t0, SentAt: t0.Add(2 * time.Minute)},
			{Status: approvals.OutboxFailed, CreatedAt: t0},
		} {
			o.MessageID, o.Source, o.To, o.Kind, o.Body = string(rune('a'+i))+"@d.example", src, "a@b.example", "applied", []byte("x")
			if err := tx.CreateOutbound(&o); err != nil {
				t.Fatal(err)
			}
		}
		return nil
	})
	view(t, db, func(tx approvals.Tx) error {
		sum, err := tx.OutboxSummary()
		want := approvals.OutboxSummary{Queued: 2, OldestQueued: t0.Add(30 * time.Minute), LastSent: t0.Add(5 * time.Minute)}
		if err != nil || sum != want {
			t.Errorf("OutboxSummary = %+v, %v; want %+v", sum, err, want)
		}
		return nil
	})
	update(t, db, func(tx approvals.Tx) error {
		o, err := tx.OutboundByMessageID("c@d.example")
		if err != nil || o.ID != "o-000003" || !o.BouncedAt.IsZero() || o.Bounce != "" {
			t.Fatalf("OutboundByMessageID = %+v, %v", o, err)
		}
		if _, err := tx.OutboundByMessageID("zz@d.example"); approvals.ErrorCode(err) != approvals.ENOTFOUND {
			t.Errorf("OutboundByMessageID(unknown) = %v, want ENOTFOUND", err)
		}
		o.BouncedAt, o.Bounce = t0.Add(time.Hour), src
		if err := tx.MarkBounced(o); err != nil {
			t.Fatalf("MarkBounced: %v", err)
		}
		got, err := tx.Outbound(o.ID)
		if err != nil || !got.BouncedAt.Equal(t0.Add(time.Hour)) || got.Bounce != src || got.Status != approvals.OutboxSent {
			t.Errorf("after MarkBounced: %+v, %v", got, err)
		}
		if err := tx.MarkBounced(&approvals.Outbound{ID: "o-000099", Bounce: src}); approvals.ErrorCode(err) != approvals.ENOTFOUND {
			t.Errorf("MarkBounced(unknown) = %v, want ENOTFOUND", err)
		}
		return nil
	})
}

// TestOutboxSummaryCountsFromStaffRetry: a queued reply counts from its
// latest staff retry (a reply.retry entry by staff), not from its
// creation; intake's own reply.retry entries (a failed attempt) do not
// count.
func TestOutboxSummaryCountsFromStaffRetry(t *testing.T) {
	db, _ := openTest(t)
	t0 := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	update(t, db, func(tx approvals.Tx) error {
		m, _ := createMessageAndRequest(t, tx, "<a@x>", approvals.ActionAdd)
		for i, at := range []time.Duration{time.Hour, 30 * time.Minute} {
			o := approvals.Outbound{Status: approvals.OutboxQueued, CreatedAt: t0.Add(at), MessageID: string(rune('a'+i)) + "@d.example",
				Source: m.ID, To: "a@b.example", Kind: "applied", Body: []byte("x")}
			if err := tx.CreateOutbound(&o); err != nil {
				t.Fatal(err)
			}
		}
		return nil
	})
	tests := []struct {
		name    string
		subject string
		actor   string
		at      time.Duration
		want    time.Duration
	}{
		{"created", "", "", 0, 30 * time.Minute},
		{"a failed attempt of the oldest", "o-000002", approvals.ActorIntake, 2 * time.Hour, 30 * time.Minute},
		{"staff retried the oldest", "o-000002", "staff:ann@door.com", 2 * time.Hour, time.Hour},
		{"staff retried the other too", "o-000001", "staff:ann@door.com", 3 * time.Hour, 2 * time.Hour},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.subject != "" {
				update(t, db, func(tx approvals.Tx) error {
					_, err := tx.Append(approvals.Entry{Time: t0.Add(tt.at), Kind: approvals.EntryReplyRetry, Actor: tt.actor,
						Subject: tt.subject, Data: []byte(`{}`)})
					return err
				})
			}
			view(t, db, func(tx approvals.Tx) error {
				sum, err := tx.OutboxSummary()
				if got, want := sum.OldestQueued, t0.Add(tt.want); err != nil || sum.Queued != 2 || !got.Equal(want) {
					t.Errorf("OutboxSummary = %+v, %v; want 2 queued, the oldest since %s", sum, err, want)
				}
				return nil
			})
		})
	}
}
