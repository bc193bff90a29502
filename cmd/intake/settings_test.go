package main

import (
	"context"
	"io"
	"log/slog"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"intake/approvals"
	"intake/store"
)

// reviewConfig is testConfig with the review policy.
const reviewConfig = testConfig + "\n[workflow]\npolicy = \"review\"\n"

// TestDoorEventUsesStoredSettings is issue 19's example: the database was
// set up with the review policy; `doors unassign` run with a config that
// lacks it warns, naming both values, and holds the removal for review as
// serve would, instead of applying it.
func TestDoorEventUsesStoredSettings(t *testing.T) {
	w := newWorkspace(t, reviewConfig)
	r := w.ok("directory", "load", abs(t, sampleDirJSON))
	if !strings.Contains(r.stdout, "workflow settings stored in the database: workflow.policy review") {
		t.Errorf("first load does not store the settings: %v", r)
	}
	ids := ingestIDs(t, w, "03")
	if got := requestStatus(t, w, ids["03"]); got != "waiting partner_assigned_to_doors" {
		t.Fatalf("removal at ingest: %s, want waiting for its doors", got)
	}
	if err := os.WriteFile(w.config, []byte(testConfig), 0o600); err != nil {
		t.Fatal(err)
	}
	w.ok("doors", "unassign", "d-pines-main")
	r = w.ok("doors", "unassign", "d-pines-garage")
	for _, want := range []string{"level=WARN", "key=workflow.policy", "config=auto", "stored=review", "using the stored one"} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("unassign with a config without the review policy: stderr lacks %q:\n%v", want, r)
		}
	}
	if strings.Contains(r.stdout, "now applied") {
		t.Errorf("the removal was applied by a process whose config lacks the review policy: %v", r)
	}
	if got := requestStatus(t, w, ids["03"]); got != "pending review_required" {
		t.Errorf("removal after the doors were unassigned: %s, want pending review_required", got)
	}
	w.ok("ledger", "verify")
}

// TestConfigApply: `config apply` stores the configuration's settings,
// records the change with both values in the ledger, and later processes
// use them without warning.
func TestConfigApply(t *testing.T) {
	w := loaded(t)
	if r := w.ok("config", "apply"); !strings.Contains(r.stdout, "unchanged") {
		t.Errorf("apply of the settings in place: %v", r)
	}
	if err := os.WriteFile(w.config, []byte(reviewConfig), 0o600); err != nil {
		t.Fatal(err)
	}
	if r := w.ok("queue", "list"); !strings.Contains(r.stderr, "key=workflow.policy config=review stored=auto") {
		t.Errorf("queue list before apply: stderr lacks the warning: %v", r)
	}
	r := w.ok("config", "apply", "--as", "sam@door.com")
	if !strings.Contains(r.stdout, "workflow.policy: review (was auto)") || strings.Contains(r.stderr, "WARN") {
		t.Errorf("config apply: %v", r)
	}
	if r := w.ok("queue", "list"); r.stderr != "" {
		t.Errorf("queue list after apply warns: %v", r)
	}
	w.ok("ledger", "verify")
	db, err := store.Open(w.db)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	entries, err := db.Entries(t.Context(), 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	var changes []string
	for _, e := range entries {
		if e.Kind == approvals.EntrySettingsChanged {
			changes = append(changes, e.Actor+" "+string(e.Data))
		}
	}
	want := []string{
		`operator {"old":null,"new":{"policy":"auto","removal_wait":"336h0m0s","addresses":["integrations@door.com"]}}`,
		`staff:sam@door.com {"old":{"policy":"auto","removal_wait":"336h0m0s","addresses":["integrations@door.com"]},"new":{"policy":"review","removal_wait":"336h0m0s","addresses":["integrations@door.com"]}}`,
	}
	if !slices.Equal(changes, want) {
		t.Errorf("settings.changed entries:\n%s\nwant\n%s", strings.Join(changes, "\n"), strings.Join(want, "\n"))
	}
}

// requestStatus returns "STATUS REASON" of the request.
func requestStatus(t *testing.T, w *workspace, id string) string {
	t.Helper()
	var shown struct {
		Request struct{ Status, Reason string }
	}
	w.jsonOf(&shown, "queue", "show", id, "--json")
	return shown.Request.Status + " " + shown.Request.Reason
}

// TestSettingsWatchLogs: the watch serve runs logs each change of the
// stored settings at INFO, naming both, and keeps watching.
func TestSettingsWatchLogs(t *testing.T) {
	w := loaded(t)
	cfg, err := loadConfig(globalFlags{config: w.config, db: w.db})
	if err != nil {
		t.Fatal(err)
	}
	b, err := openBackend(cfg, dbExisting, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	logs := &syncBuffer{}
	ctx, stop := context.WithCancel(t.Context())
	done := watchSettings(ctx, b, time.Millisecond, slog.New(slog.NewTextHandler(logs, nil)))
	if err := os.WriteFile(w.config, []byte(reviewConfig), 0o600); err != nil {
		t.Fatal(err)
	}
	w.ok("config", "apply")
	eventually(t, 10*time.Second, "the watch did not log the change to review", func() bool {
		return strings.Contains(logs.String(), `from="workflow.policy auto`) && strings.Contains(logs.String(), `to="workflow.policy review`)
	})
	if err := os.WriteFile(w.config, []byte(testConfig), 0o600); err != nil {
		t.Fatal(err)
	}
	w.ok("config", "apply")
	eventually(t, 10*time.Second, "the watch did not log the change back to auto", func() bool {
		return strings.Contains(logs.String(), `from="workflow.policy review`) && strings.Contains(logs.String(), `to="workflow.policy auto`)
	})
	stop()
	<-done
	if got := logs.String(); !strings.Contains(got, "level=INFO") || strings.Contains(got, "level=ERROR") || strings.Contains(got, "level=WARN") {
		t.Errorf("watch log:\n%s\nwant INFO lines only", got)
	}
}

// TestServeUsesAppliedSettings: `config apply` while serve runs decides
// the next message without a restart, both ways, and serve keeps running.
func TestServeUsesAppliedSettings(t *testing.T) {
	s, _, w, db, p := startServing(t)
	conf, err := os.ReadFile(w.config)
	if err != nil {
		t.Fatal(err)
	}
	apply := func(extra string) {
		t.Helper()
		if err := os.WriteFile(w.config, append(slices.Clip(conf), extra...), 0o600); err != nil {
			t.Fatal(err)
		}
		w.ok("config", "apply")
	}
	appendSample := func(prefix string) {
		t.Helper()
		raw, err := os.ReadFile(samples(t, prefix)[0])
		if err != nil {
			t.Fatal(err)
		}
		s.Append(t, "INBOX", raw)
	}

	apply("\n[workflow]\npolicy = \"review\"\n")
	appendSample("01")
	eventually(t, 15*time.Second, "the request after config apply (review) was not held for review", func() bool {
		return count(db, `SELECT count(*) FROM requests WHERE status = 'pending' AND reason = 'review_required'`) == 1
	})
	if n := count(db, `SELECT count(*) FROM requests WHERE status = 'applied'`); n != 0 {
		t.Errorf("%d requests applied under the stored review policy, want 0", n)
	}

	apply("")
	appendSample("02")
	eventually(t, 15*time.Second, "the request after config apply (auto) was not applied", func() bool {
		return count(db, `SELECT count(*) FROM requests WHERE status = 'applied'`) > 0
	})
	select {
	case <-p.done:
		t.Fatalf("serve exited (%d) after config apply; stderr:\n%s", p.code, p.stderr)
	default:
	}
	if code := p.stop(t, 15*time.Second); code != 0 {
		t.Fatalf("intake serve after SIGTERM: exit %d, want 0; stderr:\n%s", code, p.stderr)
	}
	if logs := p.stderr.String(); strings.Contains(logs, "level=ERROR") {
		t.Errorf("errors logged:\n%s", logs)
	}
}
