package approvals_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"intake/approvals"
	"intake/replies"
)

// withReplies replaces e.svc by a service that queues the replies
// composed by the replies package, at most limit an hour per address.
func (e *env) withReplies(limit int) {
	e.t.Helper()
	n := 0
	c, err := replies.NewComposer(replies.Options{From: "access@door.com", Own: []string{inbox},
		NewID: func() string { n++; return "reply-" + strings.Repeat("x", n) }})
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
	e.svc = approvals.NewService(e.db, approvals.Config{Addresses: []string{inbox}, Now: e.clock,
		Reply: reply, ReplyLimit: limit})
}

// outbox returns the reply with that id.
func (e *env) outbound(id string) *approvals.Outbound {
	e.t.Helper()
	var o *approvals.Outbound
	err := e.db.View(e.ctx, func(tx approvals.Tx) error {
		var err error
		o, err = tx.Outbound(id)
		return err
	})
	if err != nil {
		e.t.Fatalf("Outbound(%s): %v", id, err)
	}
	return o
}

// replyEntries returns the reply.* ledger entries, oldest first.
func (e *env) replyEntries() []approvals.Entry {
	e.t.Helper()
	all, err := e.db.Entries(e.ctx, 0, 0)
	if err != nil {
		e.t.Fatal(err)
	}
	var out []approvals.Entry
	for _, en := range all {
		if strings.HasPrefix(string(en.Kind), "reply.") {
			out = append(out, en)
		}
	}
	return out
}

func TestReceiveQueuesReply(t *testing.T) {
	e := newEnv(t, approvals.PolicyAuto)
	e.withReplies(0)
	res := e.receive(e.mail("maria@pines.example", add("Parcel Pal", "The Pines")))
	entries := e.replyEntries()
	if len(entries) != 1 || entries[0].Kind != approvals.EntryReplyQueued {
		t.Fatalf("reply entries = %+v, want one reply.queued", entries)
	}
	o := e.outbound(entries[0].Subject)
	if o.Status != approvals.OutboxQueued || o.To != "maria@pines.example" || o.Source != res.Message.ID ||
		o.Kind != "applied" || o.MessageID != "reply-x@door.com" || !o.NextAttemptAt.Equal(e.now) || !o.CreatedAt.Equal(e.now) {
		t.Errorf("outbox row = %+v", o)
	}
	if !strings.Contains(string(o.Body), "In-Reply-To: <"+res.Message.MessageID+">") {
		t.Errorf("body not threaded:\n%s", o.Body)
	}
	if strings.Contains(string(entries[0].Data), "Body") || !strings.Contains(string(entries[0].Data), `"status":"queued"`) {
		t.Errorf("entry data = %s", entries[0].Data)
	}
}

func TestReceiveNoReplyToUnproven(t *testing.T) {
	e := newEnv(t, approvals.PolicyAuto)
	e.withReplies(0)
	m := e.mail("maria@pines.example", add("Parcel Pal", "The Pines"))
	m.Identity.Authenticated = false
	e.receive(m)
	if got := e.replyEntries(); len(got) != 0 {
		t.Errorf("reply entries = %+v, want none", got)
	}
}

// TestReceiveReplyRateLimit checks that past the limit a reply is
// recorded as suppressed, with its reason, and that suppressed replies
// do not count against the next hour.
func TestReceiveReplyRateLimit(t *testing.T) {
	e := newEnv(t, approvals.PolicyAuto)
	e.withReplies(2)
	for range 3 {
		e.receive(e.mail("maria@pines.example", add("Parcel Pal", "The Pines")))
	}
	e.receive(e.mail("MARIA@pines.example", add("Parcel Pal", "The Pines")))
	var got []approvals.OutboxStatus
	for _, en := range e.replyEntries() {
		got = append(got, e.outbound(en.Subject).Status)
	}
	want := []approvals.OutboxStatus{approvals.OutboxQueued, approvals.OutboxQueued, approvals.OutboxSuppressed, approvals.OutboxSuppressed}
	if strings.Join(statuses(got), " ") != strings.Join(statuses(want), " ") {
		t.Fatalf("statuses = %v, want %v", got, want)
	}
	last := e.replyEntries()[3]
	if o := e.outbound(last.Subject); last.Kind != approvals.EntryReplySuppressed || !strings.Contains(o.Reason, "rate limit") {
		t.Errorf("suppressed: entry %s, reason %q", last.Kind, o.Reason)
	}
	e.now = e.now.Add(time.Hour + time.Second)
	e.receive(e.mail("maria@pines.example", add("Parcel Pal", "The Pines")))
	entries := e.replyEntries()
	if o := e.outbound(entries[len(entries)-1].Subject); o.Status != approvals.OutboxQueued {
		t.Errorf("an hour later: status %s, want queued", o.Status)
	}
}

func statuses(s []approvals.OutboxStatus) []string {
	out := make([]string, len(s))
	for i, x := range s {
		out[i] = string(x)
	}
	return out
}

// TestReceiveReplyFailureRollsBack checks that the reply is part of the
// decision's transaction: when queueing it fails, nothing is recorded.
func TestReceiveReplyFailureRollsBack(t *testing.T) {
	e := newEnv(t, approvals.PolicyAuto)
	boom := errors.New("boom")
	e.svc = approvals.NewService(e.db, approvals.Config{Addresses: []string{inbox}, Now: e.clock,
		Reply: func(*approvals.Result, approvals.Inbound) (*approvals.Outbound, error) { return nil, boom }})
	before, err := e.db.Entries(e.ctx, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	m := e.mail("maria@pines.example", add("Parcel Pal", "The Pines"))
	_, err = e.svc.Receive(e.ctx, approvals.Inbound{Raw: []byte("Subject: x\r\n\r\nbody\r\n"), Parsed: m, ReceivedAt: e.now})
	if !errors.Is(err, boom) {
		t.Fatalf("Receive = %v, want boom", err)
	}
	after, err := e.db.Entries(e.ctx, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(after) != len(before) {
		t.Errorf("ledger grew from %d to %d entries", len(before), len(after))
	}
}
