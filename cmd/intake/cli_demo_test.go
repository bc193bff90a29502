package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestDemo runs `intake demo` as the README's first command: exit 0, the
// sample mail delivered over IMAP and read by the poller, the expected
// outcome of every sample message, the replies captured by the
// in-process SMTP relay, a request confirmed by a reply carrying the
// code, the released removal and a verified ledger, and no database left
// behind.
func TestDemo(t *testing.T) {
	tmp := t.TempDir()
	r := runBinEnv(t, t.TempDir(), []string{"TMPDIR=" + tmp}, "demo")
	if r.code != exitOK {
		t.Fatalf("demo: %v", r)
	}
	for _, s := range sampleWant {
		want := s.outcome
		if s.req != nil {
			want = s.req.status
			if s.req.reason != "" {
				want += `\s+` + s.req.reason
			}
		}
		re := regexp.MustCompile(`(?m)^` + s.prefix + `-\S+\s+.*\s` + want)
		if !re.MatchString(r.stdout) {
			t.Errorf("demo summary lacks %s: %s", s.prefix, want)
		}
	}
	for _, want := range []string{
		"did you mean p-parcel",
		"now applied",
		"AWAITING DOOR UPDATE",
		"$ intake doors synced d-pines-garage",
		"ledger ok",
		"The sample mail came over IMAP: 10 messages appended to INBOX on an in-process server at 127.0.0.1:",
		"decided, and 10 marked $IntakeDone on the server",
		"7 replies written with the decisions; the in-process SMTP relay at 127.0.0.1:",
		"(smtp.address) received 7:",
		"o-000001 to maria@pines.example: applied, sent\n  Subject: \"Re: OpenKit partner for The Pines\"\n  | 1. Done: Parcel Pal now has access to The Pines.",
		"to maria@pines.example: waiting, sent",
		"to hank@harbor.example: rejected, sent",
		"o-000007 to hank@harbor.example: confirm, sent",
		"== 3. A request confirmed by reply ==\nReply o-000007 offered hank@harbor.example a code.",
		`add "Parcel Pal" to "Harbor View": now applied, confirmed by hank@harbor.example`,
		"The reply to hank@harbor.example:\n  | 1. Done: Parcel Pal now has access to Harbor View.",
		"The reply to maria@pines.example:\n  | 1. Done: Acme Deliveries no longer has access to The Pines.",
		"The door Garage is not connected: perform a door update on it with the",
		`prop-harbor   "Harbor View"                "Parcel Pal" (p-parcel)`,
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("demo output lacks %q", want)
		}
	}
	if r.stderr != "" {
		t.Errorf("demo wrote to stderr:\n%s", r.stderr)
	}
	if left, _ := filepath.Glob(filepath.Join(tmp, "*")); len(left) != 0 {
		t.Errorf("demo left %v behind", left)
	}
	if t.Failed() {
		t.Logf("demo output:\n%s", r.stdout)
	}
}

func TestDemoKeep(t *testing.T) {
	tmp := t.TempDir()
	r := runBinEnv(t, t.TempDir(), []string{"TMPDIR=" + tmp}, "demo", "--keep")
	if r.code != exitOK {
		t.Fatalf("demo --keep: %v", r)
	}
	dbs, _ := filepath.Glob(filepath.Join(tmp, "intake-demo-*", "intake.db"))
	if len(dbs) != 1 || !strings.Contains(r.stdout, dbs[0]) {
		t.Fatalf("kept databases %v; output:\n%s", dbs, r.stdout)
	}
	if r := runBin(t, tmp, "--db", dbs[0], "ledger", "verify"); r.code != exitOK {
		t.Errorf("verify the kept database: %v", r)
	}
	os.RemoveAll(filepath.Dir(dbs[0]))
}
