package main

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"intake/approvals"
	"intake/mailbox"
)

func TestHealth(t *testing.T) {
	now := time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC)
	ago := func(d time.Duration) time.Time { return now.Add(-d) }
	dbDown := errors.New("begin read transaction: disk I/O error")
	tests := []struct {
		name     string
		stats    mailbox.Stats
		decision time.Time
		dbErr    error
		wantCode int
		want     string // the body contains it
	}{
		{"starting", mailbox.Stats{}, time.Time{}, nil, 503, "not connected yet"},
		{"connected, first pass running", mailbox.Stats{Connected: true}, time.Time{}, nil, 503, "no successful pass yet"},
		{"recent pass", mailbox.Stats{Connected: true, LastPass: ago(30 * time.Second)}, time.Time{}, nil, 200, "ok"},
		{"poll: pass too old", mailbox.Stats{Connected: true, LastPass: ago(3 * time.Minute)}, time.Time{}, nil, 503,
			"last successful pass 3m0s ago (limit 2m0s), connected"},
		{"idle: 10 minutes is fine", mailbox.Stats{Connected: true, Idle: true, LastPass: ago(10 * time.Minute)}, time.Time{}, nil, 200, "ok"},
		{"the pass after a long idle", mailbox.Stats{Connected: true, LastPass: ago(10 * time.Minute), IdleEnded: ago(time.Second)}, time.Time{}, nil, 200, "ok"},
		{"idle: 20 minutes is not", mailbox.Stats{Connected: true, Idle: true, LastPass: ago(20 * time.Minute)}, time.Time{}, nil, 503, "limit 15m0s"},
		{"disconnected", mailbox.Stats{LastPass: ago(5 * time.Minute)}, time.Time{}, nil, 503, "disconnected"},
		{"long backlog pass still deciding", mailbox.Stats{Connected: true, LastPass: ago(time.Hour)}, ago(time.Second), nil, 200, "ok"},
		{"database down", mailbox.Stats{Connected: true, LastPass: ago(time.Second)}, time.Time{}, dbDown, 503, "database: begin read transaction: disk I/O error"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := &health{
				stats:        func() mailbox.Stats { return tt.stats },
				lastDecision: func() time.Time { return tt.decision },
				ping:         func(context.Context) error { return tt.dbErr },
				pollInterval: time.Minute,
				now:          func() time.Time { return now },
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/healthz", nil))
			body := rec.Body.String()
			if rec.Code != tt.wantCode || !strings.Contains(body, tt.want) {
				t.Errorf("got %d %q, want %d containing %q", rec.Code, body, tt.wantCode, tt.want)
			}
			if strings.Count(body, "\n") != 1 {
				t.Errorf("body %q: want one line", body)
			}
		})
	}
}

// TestHealthReplies: with replies on, /healthz fails when a reply has been
// queued for an hour and none was sent in that hour.
func TestHealthReplies(t *testing.T) {
	now := time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC)
	ago := func(d time.Duration) time.Time { return now.Add(-d) }
	tests := []struct {
		name     string
		sum      approvals.OutboxSummary
		err      error
		wantCode int
		want     string
	}{
		{"empty outbox", approvals.OutboxSummary{LastSent: ago(48 * time.Hour)}, nil, 200, "ok"},
		{"queued a minute", approvals.OutboxSummary{Queued: 3, OldestQueued: ago(time.Minute)}, nil, 200, "ok"},
		{"queued two hours, sent a minute ago", approvals.OutboxSummary{Queued: 1, OldestQueued: ago(2 * time.Hour), LastSent: ago(time.Minute)}, nil, 200, "ok"},
		{"queued two hours, none sent since", approvals.OutboxSummary{Queued: 4, OldestQueued: ago(2 * time.Hour), LastSent: ago(3 * time.Hour)}, nil, 503,
			"smtp: replies failing: 4 queued, the oldest for 2h0m0s; last reply sent 3h0m0s ago"},
		{"queued an hour, never sent", approvals.OutboxSummary{Queued: 1, OldestQueued: ago(time.Hour)}, nil, 503, "no reply ever sent"},
		{"outbox unreadable", approvals.OutboxSummary{}, errors.New("read outbox summary: disk I/O error"), 503, "database: read outbox summary"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := &health{
				stats:        func() mailbox.Stats { return mailbox.Stats{Connected: true, LastPass: ago(time.Second)} },
				lastDecision: func() time.Time { return time.Time{} },
				ping:         func(context.Context) error { return nil },
				pollInterval: time.Minute,
				outbox:       func(context.Context) (approvals.OutboxSummary, error) { return tt.sum, tt.err },
				now:          func() time.Time { return now },
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/healthz", nil))
			if body := rec.Body.String(); rec.Code != tt.wantCode || !strings.Contains(body, tt.want) || strings.Count(body, "\n") != 1 {
				t.Errorf("got %d %q, want %d and one line containing %q", rec.Code, body, tt.wantCode, tt.want)
			}
		})
	}
}
