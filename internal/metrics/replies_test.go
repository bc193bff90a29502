package metrics

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"intake/approvals"
)

func TestReplies(t *testing.T) {
	now := time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC)
	m, err := New(func() time.Time { return now })
	if err != nil {
		t.Fatal(err)
	}
	sum := approvals.OutboxSummary{Queued: 2, OldestQueued: now.Add(-90 * time.Second)}
	var sumErr error
	if err := m.WatchOutbox(func(context.Context) (approvals.OutboxSummary, error) { return sum, sumErr }); err != nil {
		t.Fatal(err)
	}
	m.Decided(&approvals.Result{Message: approvals.Message{Outcome: approvals.OutcomeProcessed},
		Reply: &approvals.Outbound{Kind: "applied", Status: approvals.OutboxQueued}})
	m.Decided(&approvals.Result{Message: approvals.Message{Outcome: approvals.OutcomeProcessed},
		Reply: &approvals.Outbound{Kind: "applied", Status: approvals.OutboxSuppressed}})
	m.Delivered(approvals.Delivery{Replies: []approvals.Outbound{
		{Kind: "applied", Status: approvals.OutboxSent},
		{Kind: "pending", Status: approvals.OutboxQueued},
		{Kind: "pending", Status: approvals.OutboxFailed},
	}})
	got := scrape(t, m)
	for _, want := range []string{
		`intake_replies_total{kind="applied",result="queued"} 1`,
		`intake_replies_total{kind="applied",result="suppressed"} 1`,
		`intake_replies_total{kind="applied",result="sent"} 1`,
		`intake_replies_total{kind="pending",result="retry"} 1`,
		`intake_replies_total{kind="pending",result="failed"} 1`,
		"intake_outbox_depth 2",
		"intake_outbox_oldest_seconds 90",
	} {
		if !strings.Contains(got, want+"\n") {
			t.Errorf("scrape lacks %q", want)
		}
	}
	sum = approvals.OutboxSummary{}
	if got := scrape(t, m); !strings.Contains(got, "intake_outbox_depth 0\n") || !strings.Contains(got, "intake_outbox_oldest_seconds 0\n") {
		t.Errorf("empty outbox scraped as:\n%s", grepLines(got, "intake_outbox"))
	}
	sumErr = errors.New("database is locked")
	if got := scrape(t, m); strings.Contains(got, "intake_outbox_depth") || !strings.Contains(got, "intake_replies_total") {
		t.Errorf("a failed outbox read: want the outbox series left out and the rest served:\n%s", grepLines(got, "intake_outbox"))
	}
}

// grepLines returns the lines of s containing sub.
func grepLines(s, sub string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, sub) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}
