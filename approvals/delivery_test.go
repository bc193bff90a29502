package approvals_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"intake/approvals"
)

var (
	errTemporary = errors.New("451 try later")
	errPermanent = errors.New("550 no such user")
)

// scriptDeliverer answers each Deliver with the next error of script
// (nil once it runs out) and records the Message-IDs it was given.
type scriptDeliverer struct {
	script []error
	sent   []string
}

func (d *scriptDeliverer) Deliver(_ context.Context, o *approvals.Outbound) error {
	d.sent = append(d.sent, o.MessageID)
	if len(d.script) == 0 {
		return nil
	}
	err := d.script[0]
	d.script = d.script[1:]
	return err
}

func (d *scriptDeliverer) Permanent(err error) bool { return errors.Is(err, errPermanent) }

func (d *scriptDeliverer) Backoff(attempts int) time.Duration {
	return time.Duration(attempts) * time.Minute
}

// queued receives one message with replies on and returns its reply's id.
func (e *env) queued() string {
	e.t.Helper()
	e.withReplies(0)
	e.receive(e.mail("maria@pines.example", add("Parcel Pal", "The Pines")))
	entries := e.replyEntries()
	return entries[len(entries)-1].Subject
}

// deliver runs DeliverDue and returns its counts, checking its list.
func (e *env) deliver(d approvals.Deliverer) deliveryCount {
	e.t.Helper()
	n, err := e.svc.DeliverDue(e.ctx, d, 0)
	if err != nil {
		e.t.Fatalf("DeliverDue: %v", err)
	}
	if len(n.Replies) != n.Sent+n.Retry+n.Failed {
		e.t.Errorf("DeliverDue listed %d replies, counted %+v", len(n.Replies), n)
	}
	for _, o := range n.Replies {
		if o.Attempts == 0 {
			e.t.Errorf("DeliverDue listed reply %s as it was before the attempt", o.ID)
		}
	}
	return deliveryCount{n.Sent, n.Retry, n.Failed}
}

// deliveryCount is a Delivery without its list, to compare.
type deliveryCount struct{ Sent, Retry, Failed int }

func TestDeliverRetryThenSent(t *testing.T) {
	e := newEnv(t, approvals.PolicyAuto)
	id := e.queued()
	d := &scriptDeliverer{script: []error{errTemporary}}
	if n := e.deliver(d); n != (deliveryCount{Retry: 1}) {
		t.Errorf("first pass = %+v, want one retry", n)
	}
	o := e.outbound(id)
	if o.Status != approvals.OutboxQueued || o.Attempts != 1 || !o.NextAttemptAt.Equal(e.now.Add(time.Minute)) ||
		!strings.Contains(o.LastError, "451") {
		t.Errorf("after 451: %+v", o)
	}
	if n := e.deliver(d); n != (deliveryCount{}) {
		t.Errorf("before the backoff: %+v, want nothing done", n)
	}
	e.now = e.now.Add(time.Minute)
	if n := e.deliver(d); n != (deliveryCount{Sent: 1}) {
		t.Errorf("after the backoff: %+v, want one sent", n)
	}
	o = e.outbound(id)
	if o.Status != approvals.OutboxSent || o.Attempts != 2 || !o.SentAt.Equal(e.now) || o.LastError != "" {
		t.Errorf("after success: %+v", o)
	}
	if len(d.sent) != 2 || d.sent[0] != d.sent[1] {
		t.Errorf("Message-IDs sent = %v, want the same one twice", d.sent)
	}
	var kinds []string
	for _, en := range e.replyEntries() {
		kinds = append(kinds, string(en.Kind))
	}
	if got := strings.Join(kinds, " "); got != "reply.queued reply.retry reply.sent" {
		t.Errorf("ledger = %s", got)
	}
	if n := e.deliver(d); n != (deliveryCount{}) || len(d.sent) != 2 {
		t.Errorf("a sent reply was sent again: %+v", n)
	}
}

func TestDeliverPermanentFailure(t *testing.T) {
	e := newEnv(t, approvals.PolicyAuto)
	id := e.queued()
	d := &scriptDeliverer{script: []error{errPermanent}}
	if n := e.deliver(d); n != (deliveryCount{Failed: 1}) {
		t.Errorf("DeliverDue = %+v, want one failed", n)
	}
	o := e.outbound(id)
	if o.Status != approvals.OutboxFailed || !strings.Contains(o.LastError, "550") || !o.NextAttemptAt.IsZero() {
		t.Errorf("after 550: %+v", o)
	}
	e.now = e.now.Add(24 * time.Hour)
	if n := e.deliver(d); n != (deliveryCount{}) || len(d.sent) != 1 {
		t.Errorf("a failed reply was retried: %+v", n)
	}
}

// TestDeliverCrashBeforeCommit checks that a reply sent but whose outcome
// was not committed (the process died in between, here the commit
// fails) is sent again, with the same Message-ID, and then recorded once.
func TestDeliverCrashBeforeCommit(t *testing.T) {
	e := newEnv(t, approvals.PolicyAuto)
	id := e.queued()
	d := &scriptDeliverer{}
	crashing := approvals.NewService(&commitFails{Store: e.db}, approvals.Config{Now: e.clock})
	if _, err := crashing.DeliverDue(e.ctx, d, 0); !errors.Is(err, errDiskFull) {
		t.Fatalf("DeliverDue = %v, want the commit's error", err)
	}
	if o := e.outbound(id); o.Status != approvals.OutboxQueued || o.Attempts != 0 {
		t.Fatalf("after the failed commit: %+v, want queued untouched", o)
	}
	if n := e.deliver(d); n != (deliveryCount{Sent: 1}) {
		t.Errorf("restart: %+v, want one sent", n)
	}
	if len(d.sent) != 2 || d.sent[0] != d.sent[1] {
		t.Errorf("Message-IDs sent = %v, want the same one twice", d.sent)
	}
}

// commitFails is a store whose every write transaction fails.
type commitFails struct{ approvals.Store }

func (s *commitFails) Update(ctx context.Context, fn func(approvals.Tx) error) error {
	return s.Store.Update(ctx, func(tx approvals.Tx) error {
		if err := fn(tx); err != nil {
			return err
		}
		return errDiskFull
	})
}
