package e2e

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"intake/approvals"
	"intake/dkimcheck"
	"intake/dkimcheck/dkimtest"
	"intake/parser"
)

// The verify_dkim=on passes. The adversarial corpus and the mutations run
// once with auth.verify_dkim off, as the fixtures expect, and again with
// intake's own DKIM verifier on, its keys served from memory by
// dkimKeys.resolver:
//
//   - unsigned, as they are: no message carries a signature the resolver
//     can verify, so every decision must be the one made with it off
//     (checkSameDecisions);
//   - signed for their From domain (signFor): the strongest signature an
//     attacker could wish for. Nothing may then be applied that was not
//     applied with verify_dkim off, unless the message was held only for
//     its unproven sender and intake's DKIM has now proven it, with every
//     other check of the applied request passing (checkSignedOn). A
//     message held for anything else (stale, not addressed, content,
//     intent, quoting, permission) stays held.

// dkimKeys holds a signing key per From domain, made on first use and
// published in resolver.
var dkimKeys = struct {
	mu       sync.Mutex
	keys     map[string]*dkimtest.Key
	resolver dkimtest.Resolver
}{keys: map[string]*dkimtest.Key{}}

// dkimOn is intake's own DKIM verifier, looking keys up in dkimKeys.
func dkimOn() *dkimcheck.Verifier {
	return &dkimcheck.Verifier{Resolver: &dkimKeys.resolver}
}

// keyFor returns the key of domain, making and publishing it on first use.
func keyFor(t *testing.T, domain string) *dkimtest.Key {
	t.Helper()
	dkimKeys.mu.Lock()
	defer dkimKeys.mu.Unlock()
	if k, ok := dkimKeys.keys[domain]; ok {
		return k
	}
	k, err := dkimtest.NewEd25519Key(domain, "e2e")
	if err != nil {
		t.Fatal(err)
	}
	dkimKeys.keys[domain] = k
	dkimKeys.resolver.PublishKey(k)
	return k
}

// signedFields are the fields signFor signs: those dkimcheck requires
// (From, Subject, Message-ID) and the ones a replay would change.
var signedFields = []string{"From", "To", "Cc", "Subject", "Date", "Message-ID"}

// signFor returns raw with a DKIM-Signature of the domain the parser reads
// as its From domain, or of pines.example (the domain the corpus claims)
// when it reads none.
func signFor(t *testing.T, raw []byte) []byte {
	t.Helper()
	domain := "pines.example"
	if m, err := parser.ParseBytes(raw, parserOptions); err == nil && m.Identity.FromDomain != "" {
		domain = m.Identity.FromDomain
	}
	signed, err := keyFor(t, domain).Sign(raw, signedFields...)
	if err != nil {
		t.Fatalf("sign for %s: %v", domain, err)
	}
	return signed
}

// provenByDKIM reports whether intake's own DKIM verification proved the
// sender of res.
func provenByDKIM(res *approvals.Result) bool {
	return strings.Contains(res.Message.Evidence, "dkim verified by intake")
}

// decision is what a result decided, in a form to compare.
func decision(res *approvals.Result) []string {
	out := []string{string(res.Message.Outcome)}
	for _, r := range res.Requests {
		out = append(out, string(r.Action)+" "+r.PartnerID+"/"+r.PropertyID+" "+string(r.Status)+" "+string(r.Reason))
	}
	return out
}

// checkSameDecisions fails t unless on decided exactly as off.
func checkSameDecisions(t *testing.T, on, off *approvals.Result) {
	t.Helper()
	if got, want := decision(on), decision(off); !slices.Equal(got, want) {
		t.Errorf("verify_dkim on decided %q, off %q", got, want)
	}
}

// signedCounts tallies the signed passes, for the report.
type signedCounts struct {
	messages   atomic.Int64 // signed and received with verify_dkim on
	proven     atomic.Int64 // of which intake's DKIM proved the sender
	newApplied atomic.Int64 // of which a request is applied that was not with it off
	held       atomic.Int64 // not applied with it off for a reason other than the sender, nor with it on
}

func (c *signedCounts) String() string {
	return fmt.Sprintf("%d signed, %d DKIM-proven, %d newly applied (unproven before, DKIM-proven now), "+
		"%d not applied with verify_dkim off for a reason other than the sender and still not applied",
		c.messages.Load(), c.proven.Load(), c.newApplied.Load(), c.held.Load())
}

// checkSignedOn fails t when on, the decision with verify_dkim on of the
// message signed for its From domain, applies a request that off, the
// decision of the unsigned message with it off, did not, unless off held
// every request for its unproven sender alone, intake's DKIM proved the
// sender of on, and every check of the newly applied request passed.
func checkSignedOn(t *testing.T, on, off *approvals.Result, n *signedCounts) {
	t.Helper()
	n.messages.Add(1)
	if provenByDKIM(on) {
		n.proven.Add(1)
	}
	was := map[string]bool{}
	onlySender := len(off.Requests) > 0
	for _, r := range off.Requests {
		if r.Status == approvals.StatusApplied {
			was[r.PartnerID+"/"+r.PropertyID+"/"+string(r.Action)] = true
		}
		onlySender = onlySender && r.Reason == approvals.ReasonUnauthenticatedSender
	}
	if !onlySender && len(applied(off)) == 0 {
		if len(applied(on)) == 0 {
			n.held.Add(1)
		}
	}
	newly := false
	for _, r := range applied(on) {
		if was[r.PartnerID+"/"+r.PropertyID+"/"+string(r.Action)] {
			continue
		}
		newly = true
		switch {
		case !onlySender:
			t.Errorf("APPLIED with a valid signature: %s %q to %q, held with verify_dkim off as %s",
				r.Action, r.Partner, r.Property, strings.Join(decision(off), "; "))
		case !provenByDKIM(on):
			t.Errorf("APPLIED with verify_dkim on, but not proven by intake's DKIM: %s %q to %q [%s]",
				r.Action, r.Partner, r.Property, on.Message.Evidence)
		}
		for _, c := range r.Checks {
			if !c.OK && c.Name != approvals.CheckApproval {
				t.Errorf("APPLIED %s %q to %q with check %s failing: %s", r.Action, r.Partner, r.Property, c.Name, c.Detail)
			}
		}
	}
	if newly {
		n.newApplied.Add(1)
		t.Logf("applied once proven by intake's DKIM (held for the sender alone with it off): %s", strings.Join(decision(on), "; "))
	}
}
