package main

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"intake/approvals"
	"intake/dkimcheck/dkimtest"
	"intake/parser"
)

// signedSample01 returns sample 01 (an applied request from
// maria@pines.example) without its Authentication-Results header, as
// Microsoft 365 would deliver it, signed by key.
func signedSample01(t *testing.T, key *dkimtest.Key) []byte {
	t.Helper()
	data, err := os.ReadFile(samples(t, "01")[0])
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	inAR := false
	for _, line := range strings.Split(strings.TrimSuffix(string(data), "\n"), "\n") {
		switch {
		case strings.HasPrefix(line, "Authentication-Results:"):
			inAR = true
			continue
		case inAR && strings.HasPrefix(line, "\t"):
			continue
		}
		inAR = false
		out = append(out, line)
	}
	raw, err := key.Sign([]byte(strings.Join(out, "\r\n")+"\r\n"), "From", "To", "Subject", "Date", "Message-ID")
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

// dkimWorkspace returns a workspace holding the sample directory whose
// configuration sets auth.verify_dkim to verify.
func dkimWorkspace(t *testing.T, verify bool) *workspace {
	t.Helper()
	cfg := testConfig
	if verify {
		cfg += "verify_dkim = true\n"
	}
	w := newWorkspace(t, cfg)
	w.ok("directory", "load", abs(t, sampleDirJSON))
	return w
}

// receiveInProcess receives raw through the workspace's backend with keys
// served by res instead of the DNS, and returns what was decided; the
// message must hold one request.
func receiveInProcess(t *testing.T, w *workspace, res *dkimtest.Resolver, raw []byte) *approvals.Result {
	t.Helper()
	cfg, err := loadConfig(globalFlags{config: w.config, db: w.db})
	if err != nil {
		t.Fatal(err)
	}
	b, err := openBackend(cfg, dbExisting, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if b.dkim != nil {
		b.dkim.Resolver = res
	}
	got, err := b.receiveRaw(t.Context(), "test", raw)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Requests) != 1 {
		t.Fatalf("got %d requests, want 1: %+v", len(got.Requests), got)
	}
	return got
}

func TestVerifyDKIMIngest(t *testing.T) {
	pines, err := dkimtest.NewRSAKey("pines.example", "s1")
	if err != nil {
		t.Fatal(err)
	}
	evil, err := dkimtest.NewEd25519Key("evil.example", "s1")
	if err != nil {
		t.Fatal(err)
	}
	res := &dkimtest.Resolver{}
	res.PublishKey(pines)
	res.PublishKey(evil)
	tests := []struct {
		name   string
		verify bool
		raw    []byte
		status approvals.Status
		reason approvals.Reason
		why    string // in the message's evidence
	}{
		{"verify_dkim on, aligned signature", true, signedSample01(t, pines), approvals.StatusApplied, "",
			"dkim verified by intake: d=pines.example s=s1"},
		{"verify_dkim off", false, signedSample01(t, pines), approvals.StatusPending, approvals.ReasonUnauthenticatedSender,
			"no Authentication-Results"},
		{"verify_dkim on, unaligned signature", true, signedSample01(t, evil), approvals.StatusPending, approvals.ReasonUnauthenticatedSender,
			"d=evil.example s=s1: d= not aligned"},
		{"verify_dkim on, key not published", true, signedSample01(t, &dkimtest.Key{Domain: "pines.example", Selector: "gone", Signer: pines.Signer}),
			approvals.StatusPending, approvals.ReasonUnauthenticatedSender, "no key for signature"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := dkimWorkspace(t, tt.verify)
			got := receiveInProcess(t, w, res, tt.raw)
			if r := got.Requests[0]; r.Status != tt.status || r.Reason != tt.reason {
				t.Errorf("got %s %s, want %s %s", r.Status, r.Reason, tt.status, tt.reason)
			}
			if !strings.Contains(got.Message.Evidence, tt.why) {
				t.Errorf("evidence %q lacks %q", got.Message.Evidence, tt.why)
			}
		})
	}
}

// TestVerifyDKIMOffCLI: the binary, with verify_dkim off, leaves a signed
// message without Authentication-Results unauthenticated (and looks
// nothing up).
func TestVerifyDKIMOffCLI(t *testing.T) {
	key, err := dkimtest.NewEd25519Key("pines.example", "s1")
	if err != nil {
		t.Fatal(err)
	}
	w := dkimWorkspace(t, false)
	file := filepath.Join(w.dir, "signed.eml")
	if err := os.WriteFile(file, signedSample01(t, key), 0o600); err != nil {
		t.Fatal(err)
	}
	var got []map[string]any
	w.jsonOf(&got, "ingest", "--json", file)
	req := got[0]["requests"].([]any)[0].(map[string]any)
	if req["status"] != "pending" || req["reason"] != "unauthenticated_sender" {
		t.Errorf("got %v, want pending unauthenticated_sender", req)
	}
}

func TestDKIMMayProve(t *testing.T) {
	sound := parser.Identity{From: "maria@pines.example", FromDomain: "pines.example", AuthservID: "outlook.com"}
	tests := []struct {
		name string
		edit func(*parser.Identity)
		want bool
	}{
		{"sound, unproven", func(*parser.Identity) {}, true},
		{"already authenticated", func(id *parser.Identity) { id.Authenticated = true }, false},
		{"no single From", func(id *parser.Identity) { id.From, id.FromDomain, id.FromProblem = "", "", "2 From headers" }, false},
		{"Sender differs", func(id *parser.Identity) { id.SenderProblem = "x differs from From" }, false},
		{"header repeated", func(id *parser.Identity) { id.HeaderProblem = "repeated header: 2 Date headers" }, false},
		{"forged A-R below", func(id *parser.Identity) { id.ForgedBelow = true }, false},
		{"trusted A-R unreadable", func(id *parser.Identity) { id.Trusted, id.AuthError = true, "bad" }, false},
		{"trusted A-R dmarc=fail", func(id *parser.Identity) {
			id.Trusted, id.DMARC = true, parser.AuthResult{Value: "fail", Domain: "pines.example", Aligned: true}
		}, false},
		{"trusted A-R dmarc=none", func(id *parser.Identity) {
			id.Trusted, id.DMARC = true, parser.AuthResult{Value: "none", Domain: "pines.example", Aligned: true}
		}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			id := sound
			tt.edit(&id)
			if got := dkimMayProve(&id); got != tt.want {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}
