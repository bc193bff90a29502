package ingest_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"intake/approvals"
	"intake/dkimcheck"
	"intake/dkimcheck/dkimtest"
	"intake/ingest"
	"intake/parser"
)

// withoutAR returns raw without its Authentication-Results fields, as a
// provider that writes none (Microsoft 365, say) delivers it, lines ending
// in CRLF.
func withoutAR(raw []byte) []byte {
	var out []string
	inAR := false
	for _, line := range strings.Split(strings.TrimSuffix(strings.ReplaceAll(string(raw), "\r\n", "\n"), "\n"), "\n") {
		switch {
		case strings.HasPrefix(strings.ToLower(line), "authentication-results:"):
			inAR = true
			continue
		case inAR && (strings.HasPrefix(line, "\t") || strings.HasPrefix(line, " ")):
			continue
		}
		inAR = false
		out = append(out, line)
	}
	return []byte(strings.Join(out, "\r\n") + "\r\n")
}

// signedSample01 returns sample 01 (an applied request from
// maria@pines.example) without its Authentication-Results, signed by key.
func signedSample01(t *testing.T, key *dkimtest.Key) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(sampleDir, "01-add-parcel-pines.eml"))
	if err != nil {
		t.Fatal(err)
	}
	raw, err := key.Sign(withoutAR(data), "From", "To", "Subject", "Date", "Message-ID")
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

func TestProveSender(t *testing.T) {
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
			var v *dkimcheck.Verifier
			if tt.verify {
				v = &dkimcheck.Verifier{Resolver: res}
			}
			p, _ := newPipeline(t, v)
			got, err := p.ReceiveRaw(t.Context(), "test", tt.raw)
			if err != nil {
				t.Fatal(err)
			}
			if len(got.Requests) != 1 {
				t.Fatalf("got %d requests, want 1: %+v", len(got.Requests), got)
			}
			if r := got.Requests[0]; r.Status != tt.status || r.Reason != tt.reason {
				t.Errorf("got %s %s, want %s %s", r.Status, r.Reason, tt.status, tt.reason)
			}
			if !strings.Contains(got.Message.Evidence, tt.why) {
				t.Errorf("evidence %q lacks %q", got.Message.Evidence, tt.why)
			}
		})
	}
}

func TestMayProve(t *testing.T) {
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
			if got := ingest.MayProve(&id); got != tt.want {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}
