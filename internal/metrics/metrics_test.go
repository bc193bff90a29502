package metrics

import (
	"context"
	"errors"
	"io"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"intake/approvals"
	"intake/mailbox"
)

// scrape returns the text m's handler serves.
func scrape(t *testing.T, m *Set) string {
	t.Helper()
	srv := httptest.NewServer(m.Handler())
	defer srv.Close()
	resp, err := srv.Client().Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(body)
}

func TestMetrics(t *testing.T) {
	now := time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC)
	clock := now
	m, err := New(func() time.Time { return clock })
	if err != nil {
		t.Fatal(err)
	}
	stats := mailbox.Stats{Connected: true, Idle: true, LastPass: now.Add(-42 * time.Second), Reconnects: 3}
	if err := m.WatchPoller(func() mailbox.Stats { return stats }, now.Add(-time.Hour)); err != nil {
		t.Fatal(err)
	}
	depth := map[approvals.Status]int{approvals.StatusPending: 4, approvals.StatusWaiting: 1}
	if err := m.WatchQueue(func(context.Context) (map[approvals.Status]int, error) { return depth, nil }); err != nil {
		t.Fatal(err)
	}

	// One message decided in 2 s, delivered 5 s before the decision.
	h := m.Wrap(func(context.Context, []*mailbox.Message) error { clock = clock.Add(2 * time.Second); return nil })
	if err := h(t.Context(), []*mailbox.Message{{InternalDate: now.Add(-3 * time.Second)}}); err != nil {
		t.Fatal(err)
	}
	m.Decided(&approvals.Result{Message: approvals.Message{Outcome: approvals.OutcomeProcessed},
		Requests: []approvals.Request{
			{Action: approvals.ActionAdd, Status: approvals.StatusApplied},
			{Action: approvals.ActionRemove, Status: approvals.StatusPending, Reason: approvals.ReasonAmbiguous},
		}})
	m.Decided(&approvals.Result{Known: true})
	// One that fails.
	failing := m.Wrap(func(context.Context, []*mailbox.Message) error { return errors.New("disk full") })
	if err := failing(t.Context(), []*mailbox.Message{{}}); err == nil {
		t.Fatal("the wrapped handler's error was lost")
	}
	// Two content FETCHes: 3 messages in 250 ms, 1 in 1 s.
	m.FetchedContent(3, 4096, 250*time.Millisecond)
	m.FetchedContent(1, 1000, time.Second)
	clock = now // the gauges below are read at now

	body := scrape(t, m)
	for _, want := range []string{
		"intake_messages_fetched_total 2",
		"intake_messages_handled_total 1",
		"intake_messages_failed_total 1",
		`intake_message_outcomes_total{outcome="processed"} 1`,
		`intake_message_outcomes_total{outcome="known"} 1`,
		`intake_requests_total{reason="none",status="applied"} 1`,
		`intake_requests_total{reason="ambiguous",status="pending"} 1`,
		`intake_queue_depth{status="pending"} 4`,
		`intake_queue_depth{status="waiting"} 1`,
		"intake_seconds_since_last_poll 42",
		"intake_imap_reconnects_total 3",
		"intake_imap_connected 1",
		"intake_imap_idle 1",
		"intake_decide_duration_seconds_sum 2",
		"intake_decide_duration_seconds_count 1",
		"intake_delivery_to_decision_seconds_sum 5",
		`intake_delivery_to_decision_seconds_bucket{le="5"} 1`,
		"intake_fetch_duration_seconds_count 2",
		"intake_fetch_duration_seconds_sum 1.25",
		`intake_fetch_duration_seconds_bucket{le="0.25"} 1`,
		`intake_fetch_duration_seconds_bucket{le="1"} 2`,
		"intake_fetched_bytes_total 5096",
		"go_goroutines",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("metrics lack %q", want)
		}
	}
	if t.Failed() {
		t.Logf("scraped:\n%s", body)
	}
}

func TestMetricsQueueDepthFailure(t *testing.T) {
	m, err := New(time.Now)
	if err != nil {
		t.Fatal(err)
	}
	if err := m.WatchQueue(func(context.Context) (map[approvals.Status]int, error) {
		return nil, errors.New("database is locked")
	}); err != nil {
		t.Fatal(err)
	}
	body := scrape(t, m)
	if strings.Contains(body, "intake_queue_depth{") {
		t.Errorf("a failed queue query was reported as a value:\n%s", body)
	}
	if !strings.Contains(body, "intake_messages_handled_total 0") || !strings.Contains(body, "intake_fetched_bytes_total 0") {
		t.Errorf("the other series were not served when one collector failed")
	}
}
