package approvals

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"intake/parser"
)

// The names of the checks recorded in Request.Checks, in the order they
// are run (docs/decisions.md).
const (
	CheckApproval   = "approval"   // staff approval overriding the message checks and policy
	CheckIdentity   = "identity"   // sender identity (unauthenticated_sender)
	CheckFreshness  = "freshness"  // Date against receipt (stale_message)
	CheckAddressing = "addressing" // To/Cc hold an inbox address (not_addressed_to_inbox)
	CheckBody       = "body"       // text/plain and HTML agree (body_mismatch)
	CheckContent    = "content"    // the text is what the sender's reader shows (unverified_content)
	CheckIntent     = "intent"     // nothing the sender wrote may hold the request (held_by_sender)
	CheckReading    = "reading"    // the sentence reads one way (ambiguous)
	CheckPartner    = "partner"    // the partner name resolves
	CheckProperty   = "property"   // the property name resolves
	CheckPermission = "permission" // the sender may ask for the property (no_permission)
	CheckState      = "state"      // the change is not already in place (already_enabled, not_enabled)
	CheckDoors      = "doors"      // no door blocks a removal (partner_assigned_to_doors)
	CheckPolicy     = "policy"     // workflow.policy (review_required)
	CheckExpiry     = "expiry"     // a waiting removal waited too long
	CheckReview     = "review"     // a staff rejection
)

// gateReasons maps the message-level checks (the gates) to the reason
// they give when they fail.
var gateReasons = map[string]Reason{
	CheckIdentity:   ReasonUnauthenticatedSender,
	CheckFreshness:  ReasonStaleMessage,
	CheckAddressing: ReasonNotAddressedToInbox,
	CheckBody:       ReasonBodyMismatch,
	CheckContent:    ReasonUnverifiedContent,
	CheckIntent:     ReasonHeldBySender,
}

// messageChecks evaluates the gates of a parsed message: identity,
// freshness, addressing, body agreement, content and intent. They are the
// same for every request of the message and are recorded with each; a
// request's own held sentence is added by withStatementHold.
func messageChecks(m *parser.Message, receivedAt time.Time, maxAge time.Duration, addresses []string) []Check {
	return []Check{
		identityCheck(m.Identity),
		freshnessCheck(m.Date, receivedAt, maxAge),
		addressingCheck(m.To, m.Cc, addresses),
		bodyCheck(m),
		doubtCheck(CheckContent, parser.DoubtUnverified, m.Doubts,
			"the text is what the sender's reader shows: plain or allow-listed presentation, one reading of the structure"),
		doubtCheck(CheckIntent, parser.DoubtHeld, m.Doubts,
			"nothing but the request and allow-listed courtesy in the new text and Subject"),
	}
}

// doubtCheck passes when no doubt of kind is in ds; when some are, its
// detail lists each, rule and evidence, so staff see what to read.
func doubtCheck(name string, kind parser.DoubtKind, ds []parser.Doubt, clean string) Check {
	var found []string
	for _, d := range ds {
		if d.Kind == kind {
			found = append(found, describeDoubt(d))
		}
	}
	if len(found) == 0 {
		return Check{Name: name, OK: true, Detail: clean}
	}
	return Check{Name: name, Detail: strings.Join(found, "; ")}
}

// maxEvidence bounds the evidence of one doubt in a check's detail.
const maxEvidence = 200

func describeDoubt(d parser.Doubt) string {
	ev := d.Evidence
	if len(ev) > maxEvidence {
		ev = ev[:maxEvidence] + "…"
	}
	s := fmt.Sprintf("%s: %q", d.Rule, ev)
	if d.Why != "" {
		s += " (" + d.Why + ")"
	}
	return s
}

// withStatementHold returns gates with the intent check failed by held,
// the doubt on a request's own sentence; gates itself is not changed.
func withStatementHold(gates []Check, held *parser.Doubt) []Check {
	if held == nil {
		return gates
	}
	out := slices.Clone(gates)
	for i, g := range out {
		if g.Name != CheckIntent {
			continue
		}
		detail := "the request's sentence: " + describeDoubt(*held)
		if !g.OK {
			detail += "; " + g.Detail
		}
		out[i] = Check{Name: CheckIntent, Detail: detail}
	}
	return out
}

// identityCheck passes when the parser (or a verifier that set
// Authenticated after it) proved the From address. A header field repeated
// against RFC 5322 section 3.6 fails it whoever proved the sender: every
// proof covers the bottom-most instance, not the one intake reads.
func identityCheck(id parser.Identity) Check {
	detail := id.Evidence
	if detail == "" {
		detail = "no authentication evidence"
	}
	if id.HeaderProblem != "" && !strings.Contains(detail, id.HeaderProblem) {
		detail = "repeated header: " + id.HeaderProblem + "; " + detail
	}
	ok := id.Authenticated && id.From != "" && id.HeaderProblem == ""
	return Check{Name: CheckIdentity, OK: ok, Detail: detail}
}

// freshnessCheck fails a message dated more than maxAge before receipt,
// more than MaxFutureSkew after it, or not dated at all.
func freshnessCheck(date, received time.Time, maxAge time.Duration) Check {
	c := Check{Name: CheckFreshness}
	switch {
	case date.IsZero():
		c.Detail = "the message has no valid Date header"
	case date.Before(received.Add(-maxAge)):
		c.Detail = fmt.Sprintf("dated %s, more than %s before receipt at %s", stamp(date), maxAge, stamp(received))
	case date.After(received.Add(MaxFutureSkew)):
		c.Detail = fmt.Sprintf("dated %s, more than %s after receipt at %s", stamp(date), MaxFutureSkew, stamp(received))
	default:
		c.OK = true
		c.Detail = fmt.Sprintf("dated %s, received %s", stamp(date), stamp(received))
	}
	return c
}

func stamp(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// addressingCheck passes when a To or Cc address is an inbox address.
func addressingCheck(to, cc, inbox []string) Check {
	for _, a := range append(slices.Clone(to), cc...) {
		if slices.Contains(inbox, strings.ToLower(a)) {
			return Check{Name: CheckAddressing, OK: true, Detail: "addressed to " + strings.ToLower(a)}
		}
	}
	if len(inbox) == 0 {
		return Check{Name: CheckAddressing, Detail: "no inbox address is configured"}
	}
	return Check{Name: CheckAddressing, Detail: fmt.Sprintf("no To/Cc address is one of %s", strings.Join(inbox, ", "))}
}

// bodyCheck records the reading the requests came from and, when the HTML
// alternative reads differently, both readings.
func bodyCheck(m *parser.Message) Check {
	if !m.Mismatch {
		src := m.Body.Source
		if src == "" {
			src = "no text part"
		}
		return Check{Name: CheckBody, OK: true, Detail: "requests read from " + src}
	}
	reads := describeStatements(m.Requests)
	if m.HTML == nil || describeStatements(m.HTML.Requests) == reads {
		return Check{Name: CheckBody, Detail: fmt.Sprintf("%s reads: %s; another alternative of the message may read differently",
			m.Body.Source, reads)}
	}
	return Check{Name: CheckBody, Detail: fmt.Sprintf("text/plain reads: %s; text/html reads: %s",
		reads, describeStatements(m.HTML.Requests))}
}

// describeStatements describes statements by their first split's pairs.
func describeStatements(ss []parser.Statement) string {
	var parts []string
	for _, st := range ss {
		for _, p := range st.Pairs() {
			parts = append(parts, fmt.Sprintf("%s %q / %q", p.Action, p.Partner, p.Property))
		}
	}
	if len(parts) == 0 {
		return "(no request)"
	}
	return strings.Join(parts, ", ")
}
