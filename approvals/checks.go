package approvals

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"intake/parser"
)

// The names of the checks recorded in Request.Checks, in the order they
// are run (SPEC section 5).
const (
	CheckApproval   = "approval"   // staff approval overriding the message checks and policy
	CheckIdentity   = "identity"   // sender identity (unauthenticated_sender)
	CheckFreshness  = "freshness"  // Date against receipt (stale_message)
	CheckAddressing = "addressing" // To/Cc hold an inbox address (not_addressed_to_inbox)
	CheckBody       = "body"       // text/plain and HTML agree (body_mismatch)
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
}

// messageChecks evaluates the gates of a parsed message: identity,
// freshness, addressing and body agreement. They are the same for every
// request of the message and are recorded with each.
func messageChecks(m *parser.Message, receivedAt time.Time, cfg Config) []Check {
	return []Check{
		identityCheck(m.Identity),
		freshnessCheck(m.Date, receivedAt, cfg.MaxAge),
		addressingCheck(m.To, m.Cc, cfg.Addresses),
		bodyCheck(m),
	}
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
