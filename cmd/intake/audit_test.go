package main

import (
	"encoding/json"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/robfig/cron/v3"

	"intake/approvals"
	"intake/internal/metrics"
)

func TestAuditCommand(t *testing.T) {
	w := loaded(t)
	if r := w.ok("audit"); !strings.Contains(r.stdout, "ok, nothing found") {
		t.Errorf("clean audit: %v", r)
	}
	r := w.ok("audit", "--json")
	if !strings.Contains(r.stdout, `"findings": []`) {
		t.Errorf("clean audit --json has no empty findings list: %s", r.stdout)
	}
	var rep map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatal(err)
	}
	checkKeys(t, "audit --json", rep, "ok", "findings", "started_at", "finished_at")
	if rep["ok"] != true || rep["run"] != 2.0 {
		t.Errorf("audit --json: ok %v, run %v; want true, 2", rep["ok"], rep["run"])
	}
	var last map[string]any
	w.jsonOf(&last, "audit", "last", "--json")
	if last["run"] != 2.0 || last["started_at"] != rep["started_at"] {
		t.Errorf("audit last --json = %v, want run 2 as printed", last)
	}

	// A tampered ledger: exit 1, the critical finding first, with advice.
	sqlExec(t, rawDB(t, w), `DROP TRIGGER ledger_no_update`, `UPDATE ledger SET actor = 'x' WHERE seq = 1`)
	r = w.run("audit")
	if r.code != exitProblem || !strings.Contains(r.stdout, "\nCRITICAL\n  ledger_chain:") ||
		!strings.Contains(r.stdout, "what to do:") || r.stderr != "" {
		t.Errorf("tampered audit: %v", r)
	}
	if r := w.run("audit", "last"); r.code != exitProblem || !strings.Contains(r.stdout, "ledger entry 1") {
		t.Errorf("audit last after findings: %v", r)
	}
}

func TestAuditUsageAndConfig(t *testing.T) {
	w := loaded(t)
	for _, tc := range []struct {
		name   string
		config string
		args   []string
		want   string
	}{
		{"bad timezone", testConfig + "[audit]\ntimezone = \"Mars/Olympus\"\n", []string{"audit"}, "audit.timezone"},
		{"bad schedule", testConfig + "[audit]\nschedule = \"at three\"\n", []string{"audit"}, "audit.schedule"},
		{"bad sla", testConfig + "[audit]\npending_sla = \"soon\"\n", []string{"audit"}, "audit.pending_sla"},
		{"extra argument", testConfig, []string{"audit", "now"}, "unexpected argument"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cw := newWorkspace(t, tc.config)
			cw.db = w.db
			r := cw.run(tc.args...)
			if r.code != exitUsage || !strings.Contains(r.stderr, tc.want) {
				t.Errorf("want exit 2 naming %q: %v", tc.want, r)
			}
		})
	}
	if r := newWorkspace(t, testConfig+"[audit]\ntimezone = \"America/New_York\"\n").run("--db", w.db, "audit"); r.code != exitOK {
		t.Errorf("a valid timezone: %v", r)
	}
}

// TestAuditMissedAtStart schedules the audit as serve does: with no run
// stored, or the last one before the latest scheduled time, a run is
// added at start; with a recent one, only the schedule.
func TestAuditMissedAtStart(t *testing.T) {
	b := newTestBackend(t, func(cfg *Config) { cfg.Audit.Timezone = "America/New_York" })
	ny, _ := time.LoadLocation("America/New_York")
	log := slog.New(slog.DiscardHandler)
	entries := func(now time.Time) int {
		t.Helper()
		m, err := metrics.New(time.Now)
		if err != nil {
			t.Fatal(err)
		}
		c := cron.New()
		if err := scheduleAudit(t.Context(), c, b, m, log, func() time.Time { return now }); err != nil {
			t.Fatal(err)
		}
		return len(c.Entries())
	}
	if got := entries(time.Now()); got != 2 {
		t.Fatalf("no run stored: %d entries, want the schedule and a run at start", got)
	}

	// Run the missed audit for real through the scheduler.
	m, err := metrics.New(time.Now)
	if err != nil {
		t.Fatal(err)
	}
	c := cron.New()
	if err := scheduleAudit(t.Context(), c, b, m, log, time.Now); err != nil {
		t.Fatal(err)
	}
	c.Start()
	eventually(t, 10*time.Second, "the missed run is stored", func() bool {
		_, err := b.db.LastAuditRun(t.Context())
		return approvals.ErrorCode(err) != approvals.ENOTFOUND
	})
	<-c.Stop().Done()
	if got := gauge(t, m, "intake_audit_runs_total", "result", "findings") +
		gauge(t, m, "intake_audit_runs_total", "result", "ok"); got != 1 {
		t.Errorf("intake_audit_runs_total = %v, want one run", got)
	}
	run, err := b.db.LastAuditRun(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	// The next 3 am New York time after the stored run decides.
	next := b.cfg.Audit.schedule.Next(run.StartedAt)
	if next.In(ny).Hour() != 3 {
		t.Fatalf("next run at %s, want 3 am New York time", next.In(ny))
	}
	if got := entries(next.Add(-time.Minute)); got != 1 {
		t.Errorf("before the next scheduled time: %d entries, want the schedule only", got)
	}
	if got := entries(next.Add(time.Minute)); got != 2 {
		t.Errorf("after a missed scheduled time: %d entries, want a run at start too", got)
	}
}

// gauge returns the value of the series name{label=value} of m.
func gauge(t *testing.T, m *metrics.Set, name, label, value string) float64 {
	t.Helper()
	mfs, err := m.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, mf := range mfs {
		if mf.GetName() != name {
			continue
		}
		for _, s := range mf.GetMetric() {
			for _, l := range s.GetLabel() {
				if l.GetName() == label && l.GetValue() == value {
					if s.GetCounter() != nil {
						return s.GetCounter().GetValue()
					}
					return s.GetGauge().GetValue()
				}
			}
		}
	}
	return 0
}

// TestAuditScheduleOff: an empty audit.schedule leaves the audit to cron:
// serve schedules nothing, not even a missed run.
func TestAuditScheduleOff(t *testing.T) {
	b := newTestBackend(t, func(cfg *Config) { cfg.Audit.Schedule = "" })
	m, err := metrics.New(time.Now)
	if err != nil {
		t.Fatal(err)
	}
	c := cron.New()
	if err := scheduleAudit(t.Context(), c, b, m, slog.New(slog.DiscardHandler), time.Now); err != nil {
		t.Fatal(err)
	}
	if n := len(c.Entries()); n != 0 {
		t.Errorf("%d entries scheduled, want none", n)
	}
}

// TestConsoleAuditReadsLastRun: the console's audit page reads the last
// stored run, with what to do for each finding, and nothing before one.
func TestConsoleAuditReadsLastRun(t *testing.T) {
	b := newTestBackend(t, nil)
	if run, err := (consoleAudit{b}).LastAudit(t.Context()); run != nil || err != nil {
		t.Fatalf("before any run: %+v, %v; want nil, nil", run, err)
	}
	r, err := b.auditor("test", slog.New(slog.DiscardHandler)).Run(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	run, err := (consoleAudit{b}).LastAudit(t.Context())
	if err != nil || run == nil {
		t.Fatalf("after a run: %+v, %v", run, err)
	}
	if run.Run != r.Run || run.OK != r.OK || len(run.Findings) != len(r.Findings) {
		t.Errorf("console run %d ok=%v with %d findings; stored run %d ok=%v with %d", run.Run, run.OK, len(run.Findings), r.Run, r.OK, len(r.Findings))
	}
	for _, f := range run.Findings {
		if f.Todo == "" || f.Title == "" {
			t.Errorf("finding %s without what to do", f.Check)
		}
	}
}

// newTestBackend opens a backend on a fresh database in a temporary
// directory, with the default configuration changed by set (nil for
// none) and validated; it is closed when t ends.
func newTestBackend(t *testing.T, set func(*Config)) *backend {
	t.Helper()
	cfg := defaultConfig()
	cfg.Store.Path = filepath.Join(t.TempDir(), "intake.db")
	if set != nil {
		set(&cfg)
	}
	if err := cfg.validate(); err != nil {
		t.Fatal(err)
	}
	b, err := openBackend(&cfg, dbCreate, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	return b
}
