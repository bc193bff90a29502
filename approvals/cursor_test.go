package approvals_test

import (
	"testing"

	"intake/approvals"
)

// TestReceiveCommitsCursor checks that a mailbox message moves the cursor
// in the same transaction as its decision, and that a redelivery of the
// same bytes (after a UIDVALIDITY change) records nothing new.
func TestReceiveCommitsCursor(t *testing.T) {
	e := newEnv(t, approvals.PolicyAuto)
	m := e.mail("maria@pines.example", add("Parcel Pal", "The Pines"))
	raw := []byte("Message-ID: <" + m.MessageID + ">\r\nSubject: x\r\n\r\nbody\r\n")
	in := approvals.Inbound{Raw: raw, Parsed: m, ReceivedAt: e.now, Source: "imap:INBOX",
		Cursor: &approvals.Cursor{Mailbox: "INBOX", UIDValidity: 7, UID: 42}}

	res, err := e.svc.Receive(e.ctx, in)
	if err != nil {
		t.Fatalf("Receive: %v", err)
	}
	if res.Known || len(res.Requests) != 1 || res.Requests[0].Status != approvals.StatusApplied {
		t.Fatalf("first delivery: known=%v requests=%+v, want one applied request", res.Known, res.Requests)
	}
	if got, _ := e.svc.Cursor(e.ctx, "INBOX"); got != *in.Cursor {
		t.Errorf("cursor = %+v, want %+v", got, *in.Cursor)
	}

	// The mailbox was recreated: a new UIDVALIDITY, the same bytes again.
	in.Cursor = &approvals.Cursor{Mailbox: "INBOX", UIDValidity: 8, UID: 3}
	res, err = e.svc.Receive(e.ctx, in)
	if err != nil {
		t.Fatalf("Receive again: %v", err)
	}
	if !res.Known || len(res.Requests) != 0 {
		t.Errorf("redelivery: known=%v requests=%d, want known and none", res.Known, len(res.Requests))
	}
	if got, _ := e.svc.Cursor(e.ctx, "INBOX"); got != *in.Cursor {
		t.Errorf("cursor after rescan = %+v, want %+v", got, *in.Cursor)
	}
	items, err := e.svc.Queue(e.ctx, approvals.RequestFilter{Status: []approvals.Status{approvals.StatusApplied}})
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 1 {
		t.Errorf("%d applied requests, want 1: a redelivery must decide nothing twice", len(items))
	}
	e.verify()
}
