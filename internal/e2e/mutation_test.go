package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"intake/approvals"
	"intake/parser"
)

// original is a message from testdata that is applied through the full
// workflow: the subject of the mutations.
type original struct {
	file   string
	msg    *message
	parsed *parser.Message
	// req is its first applied request.
	req approvals.Request
}

// want is what a variant must come to besides not being applied: its
// outcome, and a reason that every request (all) or at least one (any)
// carries.
type want struct {
	outcome approvals.Outcome
	all     approvals.Reason
	any     approvals.Reason
}

var (
	gate = func(r approvals.Reason) want { return want{outcome: approvals.OutcomeProcessed, all: r} }
	some = func(r approvals.Reason) want { return want{outcome: approvals.OutcomeProcessed, any: r} }
	none = want{outcome: approvals.OutcomeNoRequest}
)

// A mutation makes one variant of an original; ok is false when it does
// not apply to that message (the name it changes is not in the text).
type mutation struct {
	name string
	want want
	make func(o original) (v *message, ok bool)
}

const eve = "Eve <eve@attacker.example>"

// headerMutations change the identity, authentication or replay facts of
// an original in its header, the body left as it is.
var headerMutations = []mutation{
	{"from-second-after", gate(approvals.ReasonUnauthenticatedSender), func(o original) (*message, bool) {
		v := o.msg.clone()
		v.insert(v.index("From")+1, v.field("From", eve))
		return v, true
	}},
	{"from-second-before", gate(approvals.ReasonUnauthenticatedSender), func(o original) (*message, bool) {
		v := o.msg.clone()
		v.insert(v.index("From"), v.field("FROM", eve))
		return v, true
	}},
	{"from-repeated", gate(approvals.ReasonUnauthenticatedSender), func(o original) (*message, bool) {
		v := o.msg.clone()
		i := v.index("From")
		v.insert(i+1, v.fields[i])
		return v, true
	}},
	{"from-domain-lookalike", gate(approvals.ReasonUnauthenticatedSender), func(o original) (*message, bool) {
		v := o.msg.clone()
		return v, v.rewrite("From", "@"+domainOf(o), "@"+lookalikeDomain(domainOf(o)))
	}},
	// The attacker owns the look-alike domain, so the MTA proves it.
	{"from-domain-lookalike-proven", gate(approvals.ReasonNoPermission), func(o original) (*message, bool) {
		v := o.msg.clone()
		d := lookalikeDomain(domainOf(o))
		v.rewriteAll("Authentication-Results", domainOf(o), d)
		return v, v.rewrite("From", "@"+domainOf(o), "@"+d)
	}},
	{"from-domain-idn", gate(approvals.ReasonUnauthenticatedSender), func(o original) (*message, bool) {
		v := o.msg.clone()
		u, _ := idnDomain(domainOf(o))
		return v, v.rewrite("From", "@"+domainOf(o), "@"+u)
	}},
	{"from-domain-idn-proven", gate(approvals.ReasonNoPermission), func(o original) (*message, bool) {
		v := o.msg.clone()
		u, a := idnDomain(domainOf(o))
		v.rewriteAll("Authentication-Results", domainOf(o), a)
		return v, v.rewrite("From", "@"+domainOf(o), "@"+u)
	}},
	{"from-subdomain-proven", gate(approvals.ReasonNoPermission), func(o original) (*message, bool) {
		v := o.msg.clone()
		d := domainOf(o) + ".attacker.example"
		v.rewriteAll("Authentication-Results", domainOf(o), d)
		return v, v.rewrite("From", "@"+domainOf(o), "@"+d)
	}},
	{"sender-added", gate(approvals.ReasonUnauthenticatedSender), func(o original) (*message, bool) {
		v := o.msg.clone()
		v.insert(v.index("From")+1, v.field("Sender", eve))
		return v, true
	}},
	{"ar-below-untrusted", gate(approvals.ReasonUnauthenticatedSender), func(o original) (*message, bool) {
		v := o.msg.clone()
		v.insert(v.index("Authentication-Results"), v.field("Authentication-Results",
			"relay.attacker.example; dkim=pass header.d="+domainOf(o)+"; dmarc=pass header.from="+domainOf(o)))
		return v, true
	}},
	{"ar-id-changed", gate(approvals.ReasonUnauthenticatedSender), func(o original) (*message, bool) {
		v := o.msg.clone()
		return v, v.rewrite("Authentication-Results", authservID, "mx.door.com.attacker.example")
	}},
	{"ar-id-lookalike", gate(approvals.ReasonUnauthenticatedSender), func(o original) (*message, bool) {
		v := o.msg.clone()
		return v, v.rewrite("Authentication-Results", authservID, "mx.d00r.com")
	}},
	{"ar-copy-below", gate(approvals.ReasonUnauthenticatedSender), func(o original) (*message, bool) {
		v := o.msg.clone()
		v.insert(len(v.fields), v.fields[v.index("Authentication-Results")])
		return v, true
	}},
	{"ar-moved-to-bottom", gate(approvals.ReasonUnauthenticatedSender), func(o original) (*message, bool) {
		v := o.msg.clone()
		i := v.index("Authentication-Results")
		ar := v.fields[i]
		v.fields = append(v.fields[:i], v.fields[i+1:]...)
		v.insert(len(v.fields), ar)
		v.insert(0, v.field("Authentication-Results", "relay.pines-hosting.example; dmarc=pass header.from="+domainOf(o)))
		return v, true
	}},
	{"ar-removed-arc-added", gate(approvals.ReasonUnauthenticatedSender), func(o original) (*message, bool) {
		v := o.msg.clone()
		i := v.index("Authentication-Results")
		v.fields[i] = "ARC-" + strings.Replace(v.fields[i], authservID+";", "i=1; "+authservID+";", 1)
		return v, true
	}},
	{"to-elsewhere", gate(approvals.ReasonNotAddressedToInbox), func(o original) (*message, bool) {
		v := o.msg.clone()
		v.del("To")
		v.del("Cc")
		v.insert(v.index("From")+1, v.field("To", "Someone <someone@elsewhere.example>"))
		return v, true
	}},
	{"date-old", gate(approvals.ReasonStaleMessage), func(o original) (*message, bool) {
		v := o.msg.clone()
		v.del("Date")
		v.insert(v.index("From")+1, v.field("Date", "Mon, 10 Mar 2025 09:00:00 +0000"))
		return v, true
	}},
	// A replayed, DKIM-signed message with a fresh field added on top: a
	// DKIM verifier checks the bottom-most instance of a signed field (RFC
	// 6376 section 5.4.2), so the added one passes unseen.
	{"date-old-fresh-added-on-top", gate(approvals.ReasonUnauthenticatedSender), func(o original) (*message, bool) {
		v := o.msg.clone()
		fresh := v.fields[v.index("Date")]
		v.del("Date")
		v.insert(v.index("From")+1, v.field("Date", "Mon, 10 Mar 2025 09:00:00 +0000"))
		v.insert(0, fresh)
		return v, true
	}},
	{"to-elsewhere-inbox-added-on-top", gate(approvals.ReasonUnauthenticatedSender), func(o original) (*message, bool) {
		v := o.msg.clone()
		if v.index("To") < 0 {
			return nil, false
		}
		inbox := v.fields[v.index("To")]
		v.del("To")
		v.del("Cc")
		v.insert(v.index("From")+1, v.field("To", "Someone <someone@elsewhere.example>"))
		v.insert(0, inbox)
		return v, true
	}},
	{"message-id-added-on-top", gate(approvals.ReasonUnauthenticatedSender), func(o original) (*message, bool) {
		v := o.msg.clone()
		v.insert(0, v.field("Message-ID", "<replay-1@attacker.example>"))
		return v, true
	}},
	{"date-future", gate(approvals.ReasonStaleMessage), func(o original) (*message, bool) {
		v := o.msg.clone()
		v.del("Date")
		v.insert(v.index("From")+1, v.field("Date", "Thu, 26 Nov 2026 09:00:00 +0000"))
		return v, true
	}},
	{"date-missing", gate(approvals.ReasonStaleMessage), func(o original) (*message, bool) {
		v := o.msg.clone()
		v.del("Date")
		return v, true
	}},
	// Another address at the manager's domain, or a variant of the
	// manager's, proven by the MTA: never the manager.
	{"from-local-subaddress-proven", gate(approvals.ReasonNoPermission), func(o original) (*message, bool) {
		v := o.msg.clone()
		return v, v.rewrite("From", "@"+domainOf(o), "+door@"+domainOf(o))
	}},
	{"from-local-other-proven", gate(approvals.ReasonNoPermission), func(o original) (*message, bool) {
		v := o.msg.clone()
		return v, v.rewrite("From", o.parsed.Identity.From, "frontdesk@"+domainOf(o))
	}},
	{"from-local-confusable-proven", gate(approvals.ReasonNoPermission), func(o original) (*message, bool) {
		v := o.msg.clone()
		local, _, _ := strings.Cut(o.parsed.Identity.From, "@")
		c, ok := confusable(local)
		return v, ok && v.rewrite("From", local+"@", c+"@")
	}},
}

// domainOf returns the From domain of o, as written in the From field.
func domainOf(o original) string { return o.parsed.Identity.FromDomain }

// readApplied returns every message of testdata (the adversarial corpus
// aside) and of the sample that is applied through the full workflow.
func readApplied(t *testing.T) []original {
	t.Helper()
	var out []original
	for _, f := range legitimateFiles(t) {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		res := receive(t, raw)
		a := applied(res)
		if len(a) == 0 {
			continue
		}
		m, err := split(raw)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		p, err := parser.ParseBytes(raw, parser.Options{TrustedAuthservID: authservID})
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		out = append(out, original{file: filepath.Base(f), msg: m, parsed: p, req: a[0]})
	}
	return out
}

// TestMutations makes variants of every applied message in testdata and
// checks that none is applied, and that each comes to the decision its
// mutation calls for, with verify_dkim off and on, unsigned; and, signed
// for its From domain with it on, that none is applied unless it was
// held only for its unproven sender (see dkim_test.go). The control variants (the body rebuilt with nothing
// changed) must still be applied, so that a variant failing only because
// it was rebuilt cannot pass for a defended attack.
func TestMutations(t *testing.T) {
	originals := readApplied(t)
	if len(originals) < 10 {
		t.Fatalf("%d applied messages in testdata, want at least 10", len(originals))
	}
	mutations := append(append([]mutation(nil), headerMutations...), bodyMutations...)
	used := map[string]int{}
	var signed signedCounts
	t.Cleanup(func() {
		t.Logf("verify_dkim=on, signed variants: %s", &signed)
		if signed.messages.Load() == 0 {
			t.Error("no variant went through the signed pass")
		}
	})
	for _, o := range originals {
		t.Run(o.file, func(t *testing.T) {
			for _, c := range controls(o) {
				t.Run(c.name, func(t *testing.T) {
					t.Parallel()
					off := receive(t, c.msg.bytes())
					if len(applied(off)) == 0 {
						t.Errorf("the rebuilt, unchanged message is not applied: %s", describe(off))
					}
					checkSameDecisions(t, receiveWith(t, c.msg.bytes(), dkimOn()), off)
				})
			}
			for _, mu := range mutations {
				v, ok := mu.make(o)
				if !ok {
					continue
				}
				used[mu.name]++
				t.Run(mu.name, func(t *testing.T) {
					t.Parallel()
					raw := v.bytes()
					off := receive(t, raw)
					checkVariant(t, off, mu.want)
					t.Run("verify_dkim=on", func(t *testing.T) {
						on := receiveWith(t, raw, dkimOn())
						checkVariant(t, on, mu.want)
						checkSameDecisions(t, on, off)
					})
					t.Run("verify_dkim=on,signed", func(t *testing.T) {
						checkSignedOn(t, receiveWith(t, signFor(t, raw), dkimOn()), off, &signed)
					})
				})
			}
		})
	}
	for _, mu := range mutations {
		if used[mu.name] == 0 {
			t.Errorf("mutation %s applied to no message", mu.name)
		}
	}
}

// controls are o rebuilt the ways the body mutations rebuild it, with
// nothing changed: as text/plain, and as visible HTML only.
func controls(o original) []struct {
	name string
	msg  *message
} {
	text := o.parsed.Body.Text
	return []struct {
		name string
		msg  *message
	}{
		{"control-plain", o.msg.withBody("text/plain", text)},
		{"control-html", o.msg.withBody("text/html", htmlPage("<p>Hi DOOR team, just checking in.</p>\n"+htmlText(text)))},
	}
}

func checkVariant(t *testing.T, res *approvals.Result, w want) {
	t.Helper()
	for _, r := range applied(res) {
		t.Errorf("APPLIED: %s %q to %q (%s)", r.Action, r.Partner, r.Property, describe(res))
	}
	if res.Message.Outcome != w.outcome {
		t.Errorf("outcome = %s, want %s (%s)", res.Message.Outcome, w.outcome, describe(res))
		return
	}
	found := false
	for _, r := range res.Requests {
		if w.all != "" && r.Reason != w.all {
			t.Errorf("%s %q to %q: reason %q, want %q (%s)", r.Action, r.Partner, r.Property, r.Reason, w.all, res.Message.Evidence)
		}
		found = found || r.Reason == w.any
	}
	if w.any != "" && !found {
		t.Errorf("no request with reason %q: %s", w.any, describe(res))
	}
}

// describe summarises a result for a failure message.
func describe(res *approvals.Result) string {
	var b strings.Builder
	b.WriteString(string(res.Message.Outcome))
	for _, r := range res.Requests {
		b.WriteString("; " + string(r.Action) + " " + r.Partner + " / " + r.Property + ": " + string(r.Status) + " " + string(r.Reason))
	}
	return b.String() + " [" + res.Message.Evidence + "]"
}
