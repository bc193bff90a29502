package approvals_test

import (
	"testing"
	"time"

	"intake/approvals"
)

// TestRetryReply: a failed reply is queued again by active staff, due
// now, attempts reset and Message-ID kept, with a reply.retry entry by
// the staff member; a queued reply or a non-staff actor is refused.
func TestRetryReply(t *testing.T) {
	e := newEnv(t, approvals.PolicyAuto)
	id := e.queued()
	if _, err := e.svc.AddStaff(e.ctx, approvals.ActorOperator, "sam@door.com", "a long enough secret"); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.RetryReply(e.ctx, id, "sam@door.com"); approvals.ErrorCode(err) != approvals.ECONFLICT {
		t.Errorf("retry of a queued reply: %v, want ECONFLICT", err)
	}
	e.deliver(&scriptDeliverer{script: []error{errPermanent}})
	before := e.outbound(id)
	if _, err := e.svc.RetryReply(e.ctx, id, "eve@door.com"); err == nil {
		t.Error("retry by an unknown actor succeeded")
	}
	if _, err := e.svc.RetryReply(e.ctx, "o-999999", "sam@door.com"); approvals.ErrorCode(err) != approvals.ENOTFOUND {
		t.Errorf("retry of an unknown reply: %v, want ENOTFOUND", err)
	}
	o, err := e.svc.RetryReply(e.ctx, id, "sam@door.com")
	if err != nil {
		t.Fatal(err)
	}
	if o.Status != approvals.OutboxQueued || o.Attempts != 0 || !o.NextAttemptAt.Equal(e.now) || o.MessageID != before.MessageID {
		t.Errorf("after retry: %+v", o)
	}
	entries := e.replyEntries()
	last := entries[len(entries)-1]
	if last.Kind != approvals.EntryReplyRetry || last.Actor != "staff:sam@door.com" || last.Subject != id {
		t.Errorf("last entry = %+v, want reply.retry by staff:sam@door.com", last)
	}
	d := &scriptDeliverer{}
	if n := e.deliver(d); n != (deliveryCount{Sent: 1}) || d.sent[0] != before.MessageID {
		t.Errorf("delivery after retry = %+v %v, want it sent with Message-ID %s", n, d.sent, before.MessageID)
	}
	list, err := e.svc.Outbox(e.ctx, approvals.OutboxSent)
	if err != nil || len(list) != 1 || list[0].ID != id {
		t.Errorf("Outbox(sent) = %+v, %v; want %s", list, err, id)
	}
	if _, err := e.svc.Outbox(e.ctx, "lost"); approvals.ErrorCode(err) != approvals.EINVALID {
		t.Errorf("Outbox(lost): %v, want EINVALID", err)
	}
}

// TestRetryReplyQueuedSince: the outbox summary (what /healthz's
// "replies failing" and the oldest-queued metric read) counts a reply
// retried by staff from the retry, not from its creation days before,
// and keeps counting from the retry through its failed attempts since.
func TestRetryReplyQueuedSince(t *testing.T) {
	e := newEnv(t, approvals.PolicyAuto)
	id := e.queued()
	if _, err := e.svc.AddStaff(e.ctx, approvals.ActorOperator, "sam@door.com", "a long enough secret"); err != nil {
		t.Fatal(err)
	}
	created := e.now
	e.deliver(&scriptDeliverer{script: []error{errPermanent}})
	e.now = e.now.Add(48 * time.Hour)
	if _, err := e.svc.RetryReply(e.ctx, id, "sam@door.com"); err != nil {
		t.Fatal(err)
	}
	retried := e.now
	sum, err := e.svc.OutboxSummary(e.ctx)
	if err != nil || sum.Queued != 1 || !sum.OldestQueued.Equal(retried) {
		t.Fatalf("OutboxSummary after a staff retry = %+v, %v; want 1 queued since the retry %s (created %s)", sum, err, retried, created)
	}
	e.now = e.now.Add(time.Minute)
	if n := e.deliver(&scriptDeliverer{script: []error{errTemporary}}); n.Retry != 1 {
		t.Fatalf("delivery = %+v, want one retry later", n)
	}
	if sum, err = e.svc.OutboxSummary(e.ctx); err != nil || sum.Queued != 1 || !sum.OldestQueued.Equal(retried) {
		t.Errorf("OutboxSummary after a failed attempt = %+v, %v; want still queued since the staff retry %s", sum, err, retried)
	}
}
