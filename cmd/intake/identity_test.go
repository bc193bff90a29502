package main

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"intake/approvals"
	"intake/dkimcheck/dkimtest"
	"intake/ingest"
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

// receiveInProcess receives raw through the pipeline the workspace's
// configuration implies, with keys served by res instead of the DNS, and
// returns what was decided; the message must hold one request.
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
	ic := cfg.ingestConfig(b.svc, b.db, b.log)
	if ic.DKIM != nil {
		ic.DKIM.Resolver = res
	}
	pipe, err := ingest.New(ic)
	if err != nil {
		t.Fatal(err)
	}
	got, err := pipe.ReceiveRaw(t.Context(), "test", raw)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Requests) != 1 {
		t.Fatalf("got %d requests, want 1: %+v", len(got.Requests), got)
	}
	return got
}

// TestVerifyDKIMIngest checks that auth.verify_dkim reaches the pipeline:
// on, a message signed for its From domain is proven; off, it is not (the
// verdicts themselves are tested in the ingest package).
func TestVerifyDKIMIngest(t *testing.T) {
	pines, err := dkimtest.NewRSAKey("pines.example", "s1")
	if err != nil {
		t.Fatal(err)
	}
	res := &dkimtest.Resolver{}
	res.PublishKey(pines)
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
