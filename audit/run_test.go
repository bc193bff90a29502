package audit

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/robfig/cron/v3"

	"intake/approvals"
)

// blockingExpirer holds a run inside its expiry until released.
type blockingExpirer struct {
	Expirer
	entered, release chan struct{}
}

func (b *blockingExpirer) ExpireOverdue(ctx context.Context) ([]approvals.Request, error) {
	close(b.entered)
	<-b.release
	return b.Expirer.ExpireOverdue(ctx)
}

func TestOverlappingRuns(t *testing.T) {
	f := newFixture(t)
	block := &blockingExpirer{Expirer: f.svc, entered: make(chan struct{}), release: make(chan struct{})}
	first := New(f.db, block, Options{Now: f.clock, Holder: "serve"})
	done := make(chan error, 1)
	go func() {
		_, err := first.Run(context.Background())
		done <- err
	}()
	<-block.entered
	// The second run, from another process's point of view, is refused.
	_, err := New(f.db, f.svc, Options{Now: f.clock, Holder: "cron"}).Run(t.Context())
	if !IsBusy(err) || !strings.Contains(err.Error(), "serve") {
		t.Fatalf("second run while the first holds the lock: %v, want busy naming serve", err)
	}
	close(block.release)
	if err := <-done; err != nil {
		t.Fatalf("first run: %v", err)
	}
	// The lock is released with the stored run: a third run runs.
	if r := f.run(); r.Run != 2 {
		t.Errorf("third run stored as %d, want 2 (the refused one stores nothing)", r.Run)
	}
}

func TestStaleLockTakenOver(t *testing.T) {
	f := newFixture(t)
	if err := f.db.LockAudit(t.Context(), "dead", f.now, time.Hour); err != nil {
		t.Fatal(err)
	}
	if _, err := f.a.Run(t.Context()); !IsBusy(err) {
		t.Fatalf("run beside a fresh lock: %v, want busy", err)
	}
	f.now = f.now.Add(DefaultLockStale + time.Second)
	if r := f.run(); r.Run != 1 {
		t.Errorf("run after the lock went stale: run %d", r.Run)
	}
}

func TestMissed(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	sched, err := cron.ParseStandard("CRON_TZ=America/New_York 0 3 * * *")
	if err != nil {
		t.Fatal(err)
	}
	last := time.Date(2026, 11, 22, 3, 0, 2, 0, ny)
	for _, tc := range []struct {
		name      string
		last, now time.Time
		want      bool
	}{
		{"before the next 3am", last, time.Date(2026, 11, 23, 2, 59, 0, 0, ny), false},
		{"after the next 3am", last, time.Date(2026, 11, 23, 3, 1, 0, 0, ny), true},
		{"at 3am the same day, UTC clock", last, time.Date(2026, 11, 22, 20, 0, 0, 0, time.UTC), false},
		{"no run stored", time.Time{}, last, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Missed(tc.last, sched, tc.now); got != tc.want {
				t.Errorf("Missed = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestReportText(t *testing.T) {
	f := newFixture(t)
	f.rawSQL(`UPDATE doors SET partner_id = 'p-acme' WHERE id = 'd-pines-main'`)
	f.now = f.now.Add(8 * 24 * time.Hour)
	r := f.run()
	var b bytes.Buffer
	if err := WriteText(&b, r); err != nil {
		t.Fatal(err)
	}
	text := b.String()
	crit, warn := strings.Index(text, "\nCRITICAL\n"), strings.Index(text, "\nWARNING\n")
	if crit < 0 || warn < crit {
		t.Fatalf("want CRITICAL then WARNING groups:\n%s", text)
	}
	for _, want := range []string{"door_partner_not_enabled:", "what to do: the partner has access",
		"- door d-pines-main:", "directory_stale:"} {
		if !strings.Contains(text, want) {
			t.Errorf("text report lacks %q:\n%s", want, text)
		}
	}
	b.Reset()
	if err := WriteText(&b, &Report{OK: true, Skipped: []Skip{{Check: CheckRepliesUndelivered, Reason: "no outbox in this database"}}}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "skipped\n  replies_undelivered: no outbox in this database") {
		t.Errorf("text report of a skipped check:\n%s", b.String())
	}
	var got map[string]any
	body, _ := json.Marshal(r)
	if err := json.Unmarshal(body, &got); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"ok", "findings", "started_at", "finished_at"} {
		if _, ok := got[k]; !ok {
			t.Errorf("JSON report lacks %q: %s", k, body)
		}
	}
	first := got["findings"].([]any)[0].(map[string]any)
	for _, k := range []string{"check", "severity", "subject", "detail"} {
		if _, ok := first[k]; !ok {
			t.Errorf("JSON finding lacks %q: %v", k, first)
		}
	}
}
