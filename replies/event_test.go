package replies

import (
	"slices"
	"strings"
	"testing"
	"time"

	"intake/approvals"
)

// sourceRaw is the stored message a later reply answers.
const sourceRaw = "From: maria@pines.example\r\nMessage-ID: <abc@pines.example>\r\n" +
	"References: <first@pines.example>\r\nSubject: Partner access\r\n\r\nbody\r\n"

// event returns a cause event on maria's message, received long before
// now (more than auth.max_age), with rs.
func event(cause approvals.ReplyCause, rs ...approvals.Request) approvals.EventReply {
	in := input(rs...)
	m := in.Result.Message
	m.ReceivedAt = now.Add(-30 * 24 * time.Hour)
	return approvals.EventReply{Cause: cause, Message: m, Raw: []byte(sourceRaw), Requests: in.Result.Requests,
		Deadlines: map[string]time.Time{}, Updates: map[string][]string{}, Now: now}
}

func composeEvent(t *testing.T, ev approvals.EventReply) *Reply {
	t.Helper()
	r, nr, err := composer(t).ComposeEvent(ev)
	if err != nil || nr != nil {
		t.Fatalf("ComposeEvent: %v, no reply %+v", err, nr)
	}
	return r
}

func TestComposeEventCauses(t *testing.T) {
	removed := approvals.Request{Action: approvals.ActionRemove, Partner: "Acme Cleaning", Property: "Pine Court",
		Status: approvals.StatusApplied}
	expired := removed
	expired.Status, expired.Reason = approvals.StatusExpired, approvals.ReasonPartnerAssignedToDoors
	declined := add(approvals.StatusRejected, approvals.ReasonReviewRequired)
	declined.Checks = append(slices.Clone(proven), approvals.Check{Name: approvals.CheckReview, Detail: "rejected by staff:ann@door.example: no"})
	declined.Note = "secret staff note"
	approved := add(approvals.StatusApplied, "")
	approved.Note = "phoned Maria"
	released := event(approvals.CauseReleased, removed)
	released.Updates["q1"] = []string{"Garage", "Back \u202egate"}
	tests := []struct {
		name string
		ev   approvals.EventReply
		kind Kind
		want []string
	}{
		{"staff applied", event(approvals.CauseStaff, approved), KindApplied, []string{
			"DOOR support has reviewed your email about partner access. Here is what they decided about your request.",
			"Done: Acme Cleaning now has access to Pine Court."}},
		{"staff declined", event(approvals.CauseStaff, declined), KindDeclined, []string{
			"Not done: give Acme Cleaning access to Pine Court. DOOR support reviewed the request and declined it."}},
		{"staff rejected by checks", event(approvals.CauseStaff, add(approvals.StatusRejected, approvals.ReasonNoPermission)),
			KindRejected, []string{"because you do not have permission on that property"}},
		{"released", released, KindReleased, []string{
			"Here is news of a request in your email to DOOR about partner access.",
			"Done: Acme Cleaning no longer has access to Pine Court. Its last door there was unassigned",
			"The door Garage is not connected: perform a door update on it with the DOOR App",
			`The door Back \u202egate is not connected`}},
		{"expired", event(approvals.CauseExpired, expired), KindExpired, []string{
			"Expired: remove Acme Cleaning from Pine Court."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := composeEvent(t, tt.ev)
			if r.Kind != tt.kind {
				t.Errorf("Kind = %q, want %q", r.Kind, tt.kind)
			}
			flat := strings.Join(strings.Fields(r.Text), " ")
			for _, w := range tt.want {
				if !strings.Contains(flat, w) {
					t.Errorf("text lacks %q:\n%s", w, r.Text)
				}
			}
			for _, secret := range []string{"secret staff note", "phoned Maria"} {
				if strings.Contains(r.Text, secret) {
					t.Errorf("text tells the staff note %q", secret)
				}
			}
		})
	}
}

func TestComposeEventDeclinedMessageItem(t *testing.T) {
	item := approvals.Request{Status: approvals.StatusRejected, Reason: approvals.ReasonReviewRequired,
		Checks: append(slices.Clone(proven), approvals.Check{Name: approvals.CheckReview})}
	ev := event(approvals.CauseStaff, item)
	ev.Message.Outcome = approvals.OutcomeNoRequest
	if r := composeEvent(t, ev); !strings.Contains(r.Text, "Closed: DOOR support read your email") {
		t.Errorf("text:\n%s", r.Text)
	}
}

func TestComposeEventThreading(t *testing.T) {
	ev := event(approvals.CauseStaff, add(approvals.StatusApplied, ""))
	first := composeEvent(t, ev)
	h, _ := parse(t, first)
	if got := h.Get("In-Reply-To"); got != "<abc@pines.example>" {
		t.Errorf("without an earlier reply: In-Reply-To = %q, want the message", got)
	}
	if got := h.Get("References"); got != "<first@pines.example> <abc@pines.example>" {
		t.Errorf("without an earlier reply: References = %q", got)
	}
	ev.Previous = &approvals.Outbound{Body: first.Raw}
	second := composeEvent(t, ev)
	h, _ = parse(t, second)
	want := map[string]string{
		"In-Reply-To": "<r1@door.example>",
		"References":  "<first@pines.example> <abc@pines.example> <r1@door.example>",
		"Subject":     "Re: Partner access",
	}
	for k, w := range want {
		if got := h.Get(k); got != w {
			t.Errorf("under the first reply: %s = %q, want %q", k, got, w)
		}
	}
	ev.Previous = &approvals.Outbound{Body: []byte("Subject: no id\r\n\r\nbody\r\n")}
	if _, _, err := composer(t).ComposeEvent(ev); err == nil {
		t.Error("an earlier reply without a Message-ID: no error")
	}
}

func TestComposeEventNoReply(t *testing.T) {
	tests := []struct {
		name   string
		change func(*approvals.EventReply)
		want   Skip
	}{
		{"unproven", func(ev *approvals.EventReply) {
			ev.Requests[0].Checks = []approvals.Check{{Name: approvals.CheckIdentity}, {Name: approvals.CheckApproval, OK: true}}
		}, SkipUnproven},
		{"stale check", func(ev *approvals.EventReply) {
			ev.Requests[0].Checks = []approvals.Check{{Name: approvals.CheckIdentity, OK: true}, {Name: approvals.CheckFreshness}}
		}, SkipStale},
		{"unreadable", func(ev *approvals.EventReply) { ev.Message.Outcome = approvals.OutcomeUnreadable }, SkipOutcome},
		{"no requests", func(ev *approvals.EventReply) { ev.Requests = nil }, SkipNoRequests},
		{"list", func(ev *approvals.EventReply) { ev.Raw = []byte("List-Id: <owners.pines.example>\r\n" + sourceRaw) }, SkipAutomatic},
		{"dsn", func(ev *approvals.EventReply) {
			ev.Raw = []byte("Content-Type: multipart/report; report-type=delivery-status; boundary=x\r\n" + sourceRaw)
		}, SkipAutomatic},
		{"empty return path", func(ev *approvals.EventReply) { ev.Raw = []byte("Return-Path: <>\r\n" + sourceRaw) }, SkipAutomatic},
		{"unreadable header", func(ev *approvals.EventReply) { ev.Raw = []byte("no colon here\r\n\r\n") }, SkipAutomatic},
		{"role address", func(ev *approvals.EventReply) { ev.Message.Sender = "postmaster@pines.example" }, SkipRoleAddress},
		{"own address", func(ev *approvals.EventReply) { ev.Message.Sender = "inbox@door.example" }, SkipOwnAddress},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ev := event(approvals.CauseStaff, add(approvals.StatusApplied, ""))
			tt.change(&ev)
			r, nr, err := composer(t).ComposeEvent(ev)
			if err != nil {
				t.Fatal(err)
			}
			if r != nil || nr == nil || nr.Reason != tt.want {
				t.Fatalf("ComposeEvent = reply %v, no reply %+v; want no reply %q", r != nil, nr, tt.want)
			}
		})
	}
}
