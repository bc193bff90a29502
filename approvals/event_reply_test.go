package approvals_test

import (
	"bytes"
	"encoding/json"
	"io"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-message/mail"

	"intake/approvals"
	"intake/replies"
)

// withAllReplies replaces e.svc by a service that queues the replies the
// replies package composes, to messages and to later events alike, at
// most limit an hour per address, under policy.
func (e *env) withAllReplies(policy approvals.Policy, limit int) {
	e.t.Helper()
	n := 0
	c, err := replies.NewComposer(replies.Options{From: "access@door.com", Own: []string{inbox},
		MaxAge: 24 * time.Hour, NewID: func() string { n++; return "reply-" + strings.Repeat("x", n) }})
	if err != nil {
		e.t.Fatal(err)
	}
	reply := func(res *approvals.Result, in approvals.Inbound) (*approvals.Outbound, error) {
		r, nr, err := c.Compose(replies.Input{Result: *res, Now: e.now,
			Thread: replies.Thread{MessageID: in.Parsed.MessageID, Subject: in.Parsed.Subject},
			Marks:  replies.Marks{Auto: in.Parsed.Auto}})
		if err != nil || nr != nil {
			return nil, err
		}
		return r.Outbound(), nil
	}
	event := func(ev approvals.EventReply) (*approvals.Outbound, error) {
		r, nr, err := c.ComposeEvent(ev)
		if err != nil || nr != nil {
			return nil, err
		}
		return r.Outbound(), nil
	}
	e.svc = approvals.NewService(e.db, approvals.Config{Addresses: []string{inbox}, Now: e.clock,
		Policy: policy, Reply: reply, EventReply: event, ReplyLimit: limit})
}

// sentReply is one queued or suppressed reply with its ledger entry.
type sentReply struct {
	entry approvals.ReplyEvent
	out   *approvals.Outbound
	h     mail.Header
	// text is the body with its lines unwrapped.
	text string
}

// replies returns every reply recorded, oldest first, read back with
// go-message.
func (e *env) replies() []sentReply {
	e.t.Helper()
	var out []sentReply
	for _, en := range e.replyEntries() {
		var ev approvals.ReplyEvent
		if err := json.Unmarshal(en.Data, &ev); err != nil {
			e.t.Fatal(err)
		}
		o := e.outbound(en.Subject)
		mr, err := mail.CreateReader(bytes.NewReader(o.Body))
		if err != nil {
			e.t.Fatalf("read reply %s: %v", o.ID, err)
		}
		p, err := mr.NextPart()
		if err != nil {
			e.t.Fatalf("read reply %s: %v", o.ID, err)
		}
		b, err := io.ReadAll(p.Body)
		if err != nil {
			e.t.Fatal(err)
		}
		text := strings.Join(strings.Fields(string(b)), " ") // unwrapped
		out = append(out, sentReply{entry: ev, out: o, h: mr.Header, text: text})
	}
	return out
}

// last returns the newest reply, failing unless there are want replies.
func (e *env) last(want int) sentReply {
	e.t.Helper()
	all := e.replies()
	if len(all) != want {
		var kinds []string
		for _, r := range all {
			kinds = append(kinds, string(r.entry.Cause)+"/"+r.out.Kind)
		}
		e.t.Fatalf("got %d replies %v, want %d", len(all), kinds, want)
	}
	return all[want-1]
}

func TestStaffDecisionReply(t *testing.T) {
	e := newEnv(t, approvals.PolicyReview)
	e.withAllReplies(approvals.PolicyReview, 0)
	res := e.receive(e.mail("maria@pines.example", add("Parcel Pal", "The Pines")))
	first := e.last(1)
	if first.out.Kind != "pending" || first.entry.Cause != "" {
		t.Fatalf("first reply kind %s cause %q, want pending and no cause", first.out.Kind, first.entry.Cause)
	}
	e.now = e.now.Add(30 * 24 * time.Hour) // past auth.max_age: a later reply still answers
	if _, err := e.svc.Approve(e.ctx, res.Requests[0].ID, reviewer, "phoned Maria"); err != nil {
		t.Fatal(err)
	}
	second := e.last(2)
	if second.entry.Cause != approvals.CauseStaff || second.out.Kind != "applied" || second.out.Source != res.Message.ID ||
		second.out.To != "maria@pines.example" || second.out.Status != approvals.OutboxQueued {
		t.Errorf("second reply %+v cause %q", second.out, second.entry.Cause)
	}
	if !strings.Contains(second.text, "DOOR support has reviewed") || !strings.Contains(second.text, "Parcel Pal now has access") {
		t.Errorf("text:\n%s", second.text)
	}
	if strings.Contains(second.text, "phoned Maria") {
		t.Errorf("the staff note was told to the sender:\n%s", second.text)
	}
	firstID, _ := first.h.MessageID()
	if got, _ := second.h.MsgIDList("In-Reply-To"); !slices.Equal(got, []string{firstID}) {
		t.Errorf("In-Reply-To = %v, want the first reply %s", got, firstID)
	}
	want := []string{res.Message.MessageID, firstID}
	if got, _ := second.h.MsgIDList("References"); !slices.Equal(got, want) {
		t.Errorf("References = %v, want %v", got, want)
	}
	if got, _ := second.h.Subject(); got != "Re: Partner access" {
		t.Errorf("Subject = %q", got)
	}
	e.verify()
}

func TestStaffRejectReply(t *testing.T) {
	e := newEnv(t, approvals.PolicyReview)
	e.withAllReplies(approvals.PolicyReview, 0)
	res := e.receive(e.mail("maria@pines.example", add("Parcel Pal", "The Pines")))
	if _, err := e.svc.Reject(e.ctx, res.Requests[0].ID, reviewer, "Maria left the company"); err != nil {
		t.Fatal(err)
	}
	r := e.last(2)
	if r.out.Kind != "declined" || !strings.Contains(r.text, "DOOR support reviewed the request and declined it.") ||
		strings.Contains(r.text, "left the company") {
		t.Errorf("reply %s:\n%s", r.out.Kind, r.text)
	}
}

func TestStaffCreateReply(t *testing.T) {
	e := newEnv(t, "")
	e.withAllReplies("", 0)
	item := e.receive(e.mail("maria@pines.example")).Requests[0]
	nr := approvals.NewRequest{Action: approvals.ActionAdd, PartnerID: "p-parcel", PropertyID: "prop-pines"}
	created, err := e.svc.Create(e.ctx, item.ID, reviewer, nr)
	if err != nil {
		t.Fatal(err)
	}
	r := e.last(2)
	if r.out.Kind != "applied" || r.entry.Cause != approvals.CauseStaff || !strings.Contains(r.text, "your request") ||
		strings.Contains(r.text, created.ID) {
		t.Errorf("reply %s cause %s:\n%s", r.out.Kind, r.entry.Cause, r.text)
	}
}

func TestStaffResolveReply(t *testing.T) {
	e := newEnv(t, "")
	e.withAllReplies("", 0)
	res := e.receive(e.mail("maria@pines.example", add("Parcel", "The Pines")))
	if res.Requests[0].Status != approvals.StatusPending {
		t.Fatalf("status %s, want pending", res.Requests[0].Status)
	}
	if _, err := e.svc.Resolve(e.ctx, res.Requests[0].ID, reviewer, "p-parcel", ""); err != nil {
		t.Fatal(err)
	}
	if r := e.last(2); r.out.Kind != "applied" || r.entry.Cause != approvals.CauseStaff {
		t.Errorf("reply %s cause %s", r.out.Kind, r.entry.Cause)
	}
}

func TestNoStaffReplyToUnproven(t *testing.T) {
	e := newEnv(t, "")
	e.withAllReplies("", 0)
	m := e.mail("maria@pines.example", add("Parcel Pal", "The Pines"))
	m.Identity.Authenticated = false
	r := e.one(m)
	if _, err := e.svc.Approve(e.ctx, r.ID, reviewer, ""); err != nil {
		t.Fatal(err)
	}
	if got := e.request(r.ID); got.Status != approvals.StatusApplied {
		t.Fatalf("status %s, want applied", got.Status)
	}
	if got := e.replies(); len(got) != 0 {
		t.Errorf("%d replies to an unproven sender, want none", len(got))
	}
}

func TestReleasedReply(t *testing.T) {
	e := newEnv(t, "")
	e.withAllReplies("", 0)
	r := e.one(e.mail("maria@pines.example", remove("Acme", "The Pines")))
	e.last(1)
	e.mustUnassign("d-pines-main")
	e.last(1) // still waiting on the garage: nothing to say
	e.mustUnassign("d-pines-garage")
	got := e.last(2)
	if got.entry.Cause != approvals.CauseReleased || got.out.Kind != "released" || got.out.Source != r.MessageID {
		t.Errorf("reply %+v cause %s", got.out, got.entry.Cause)
	}
	for _, want := range []string{"Acme no longer has access to The Pines",
		"The door Garage is not connected: perform a door update on it with the DOOR App"} {
		if !strings.Contains(got.text, want) {
			t.Errorf("text lacks %q:\n%s", want, got.text)
		}
	}
	if strings.Contains(got.text, "Main Entrance") {
		t.Errorf("a connected door is named:\n%s", got.text)
	}
	e.verify()
}

// TestReleasedReplyOnePerMessage checks that an event releasing two
// removals of one message gives one reply listing both.
func TestReleasedReplyOnePerMessage(t *testing.T) {
	e := newEnv(t, "")
	load := func(js string) {
		t.Helper()
		d, err := approvals.DecodeDirectory(strings.NewReader(js))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.LoadDirectory(e.ctx, d, ""); err != nil {
			t.Fatal(err)
		}
	}
	both := strings.NewReplacer(`"connected": true}`, `"connected": true, "partner": "p-parcel"}`,
		`"enabled": [`, `"enabled": [{"property": "prop-oak", "partner": "p-parcel"}, `).Replace(directoryJSON)
	load(both)
	e.withAllReplies("", 0)
	e.receive(e.mail("olu@westside.example", remove("Acme", "The Pines"), remove("Parcel Pal", "Oak Court")))
	if first := e.last(1); first.out.Kind != "waiting" {
		t.Fatalf("first reply %s, want waiting", first.out.Kind)
	}
	free := strings.NewReplacer(`"connected": true, "partner": "p-acme"}`, `"connected": true}`,
		`"connected": false, "partner": "p-acme"}`, `"connected": false}`,
		`"connected": true, "partner": "p-parcel"}`, `"connected": true}`)
	load(free.Replace(both))
	got := e.last(2)
	if got.out.Kind != "released" || strings.Count(got.text, "no longer has access") != 2 {
		t.Errorf("reply %s:\n%s", got.out.Kind, got.text)
	}
	e.verify()
}

func TestExpiredReply(t *testing.T) {
	e := newEnv(t, "")
	e.withAllReplies("", 0)
	res := e.receive(e.mail("maria@pines.example", remove("Acme", "The Pines")))
	e.now = e.now.Add(approvals.DefaultRemovalWait + time.Hour)
	if n, err := e.svc.ExpireWaiting(e.ctx); err != nil || n != 1 {
		t.Fatalf("ExpireWaiting = %d, %v", n, err)
	}
	got := e.last(2)
	if got.entry.Cause != approvals.CauseExpired || got.out.Kind != "expired" || got.out.Source != res.Message.ID ||
		!strings.Contains(got.text, "Expired: remove Acme from The Pines") {
		t.Errorf("reply %s cause %s:\n%s", got.out.Kind, got.entry.Cause, got.text)
	}
	e.verify()
}

func TestEventReplyRateLimit(t *testing.T) {
	e := newEnv(t, approvals.PolicyReview)
	e.withAllReplies(approvals.PolicyReview, 1)
	res := e.receive(e.mail("maria@pines.example", add("Parcel Pal", "The Pines")))
	if _, err := e.svc.Approve(e.ctx, res.Requests[0].ID, reviewer, ""); err != nil {
		t.Fatal(err)
	}
	got := e.last(2)
	if got.out.Status != approvals.OutboxSuppressed || got.entry.Status != approvals.OutboxSuppressed ||
		!strings.Contains(got.out.Reason, "rate limit") {
		t.Errorf("second reply %s %q, want suppressed by the rate limit", got.out.Status, got.out.Reason)
	}
	if got := e.request(res.Requests[0].ID); got.Status != approvals.StatusApplied {
		t.Errorf("status %s: the limit must not change the decision", got.Status)
	}
}
