package approvals_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"intake/approvals"
)

// inbound returns m, with raw bytes of its own, as received through the
// mailbox at uid.
func (e *env) inbound(m *approvals.Inbound, uid uint32) approvals.Inbound {
	in := *m
	in.Cursor = &approvals.Cursor{Mailbox: "INBOX", UIDValidity: 7, UID: uid}
	return in
}

func (e *env) mailIn(from string, body string) approvals.Inbound {
	m := e.mail(from, add("Parcel Pal", "The Pines"))
	raw := fmt.Sprintf("Message-ID: <%s>\r\nSubject: x\r\n\r\n%s\r\n", m.MessageID, body)
	return approvals.Inbound{Raw: []byte(raw), Parsed: m, ReceivedAt: e.now, Source: "imap:INBOX"}
}

// TestReceiveAllBatch checks that a batch is decided as the same messages
// one by one would be: a repeated Message-ID inside the batch is a
// duplicate, repeated bytes are Known, and the last cursor is committed.
func TestReceiveAllBatch(t *testing.T) {
	e := newEnv(t, approvals.PolicyAuto)
	first := e.mailIn("maria@pines.example", "first")
	again := e.mailIn("maria@pines.example", "a different body, the same Message-ID")
	again.Parsed.MessageID = first.Parsed.MessageID
	other := e.mailIn("hank@harbor.example", "no permission for the pines")
	ins := []approvals.Inbound{e.inbound(&first, 3), e.inbound(&again, 4), e.inbound(&other, 5), e.inbound(&first, 9)}

	res, err := e.svc.ReceiveAll(e.ctx, ins)
	if err != nil {
		t.Fatalf("ReceiveAll: %v", err)
	}
	if len(res) != len(ins) {
		t.Fatalf("got %d results, want %d", len(res), len(ins))
	}
	want := []struct {
		outcome approvals.Outcome
		known   bool
	}{{approvals.OutcomeProcessed, false}, {approvals.OutcomeDuplicate, false},
		{approvals.OutcomeProcessed, false}, {approvals.OutcomeProcessed, true}}
	for i, w := range want {
		if got := res[i]; got.Message.Outcome != w.outcome || got.Known != w.known {
			t.Errorf("result %d: outcome %s known %v, want %s known %v", i, got.Message.Outcome, got.Known, w.outcome, w.known)
		}
	}
	if res[3].Message.ID != res[0].Message.ID {
		t.Errorf("known redelivery names record %s, want %s", res[3].Message.ID, res[0].Message.ID)
	}
	if got, want := mustCursor(t, e), *ins[3].Cursor; got != want {
		t.Errorf("cursor = %+v, want the last message's %+v", got, want)
	}
	if got, err := e.svc.ReceiveAll(e.ctx, nil); got != nil || err != nil {
		t.Errorf("ReceiveAll(nil) = %v, %v; want nil, nil", got, err)
	}
	e.verify()
}

// TestReceiveAllOneTransaction checks that a failure in the middle of a
// batch records nothing of it, not even the messages before the failure.
func TestReceiveAllOneTransaction(t *testing.T) {
	e := newEnv(t, approvals.PolicyAuto)
	failing := &failingStore{Store: e.db, failAt: 2}
	svc := approvals.NewService(failing, approvals.Config{Addresses: []string{inbox}, Policy: approvals.PolicyAuto, Now: e.clock})
	a, b, c := e.mailIn("maria@pines.example", "a"), e.mailIn("maria@pines.example", "b"), e.mailIn("maria@pines.example", "c")
	ins := []approvals.Inbound{e.inbound(&a, 1), e.inbound(&b, 2), e.inbound(&c, 3)}

	if _, err := svc.ReceiveAll(e.ctx, ins); !errors.Is(err, errDiskFull) {
		t.Fatalf("ReceiveAll = %v, want the injected error", err)
	}
	if got := mustCursor(t, e); got.UID != 0 {
		t.Errorf("cursor after failed batch = %+v, want none", got)
	}
	items, err := e.svc.Queue(e.ctx, approvals.RequestFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 0 {
		t.Errorf("%d requests recorded by a failed batch, want 0", len(items))
	}
	if got := e.enabled("prop-pines"); len(got) != 1 {
		t.Errorf("enabled after failed batch = %v, want only p-acme", got)
	}

	// Retried without the fault, the batch is new: nothing of it was kept.
	res, err := e.svc.ReceiveAll(e.ctx, ins)
	if err != nil {
		t.Fatalf("ReceiveAll retry: %v", err)
	}
	for i, r := range res {
		if r.Known || r.Message.Outcome == approvals.OutcomeDuplicate {
			t.Errorf("retry result %d: outcome %s known %v, want new", i, r.Message.Outcome, r.Known)
		}
	}
	if got := mustCursor(t, e); got.UID != 3 {
		t.Errorf("cursor after retry = %+v, want uid 3", got)
	}
	e.verify()
}

func mustCursor(t *testing.T, e *env) approvals.Cursor {
	t.Helper()
	c, err := e.svc.Cursor(e.ctx, "INBOX")
	if err != nil {
		t.Fatalf("Cursor: %v", err)
	}
	return c
}

var errDiskFull = errors.New("disk full")

// failingStore fails the failAt-th PutRaw (counting from 1) of every
// transaction.
type failingStore struct {
	approvals.Store
	failAt int
}

func (s *failingStore) Update(ctx context.Context, fn func(approvals.Tx) error) error {
	return s.Store.Update(ctx, func(tx approvals.Tx) error {
		return fn(&failingTx{Tx: tx, failAt: s.failAt})
	})
}

type failingTx struct {
	approvals.Tx
	failAt, n int
}

func (tx *failingTx) PutRaw(hash string, raw []byte) error {
	if tx.n++; tx.n == tx.failAt {
		return errDiskFull
	}
	return tx.Tx.PutRaw(hash, raw)
}

// TestReceiveHashFromCaller checks that a hash computed by the caller is
// the one recorded, and that a wrong one for a new message is refused
// before anything is recorded: raw messages are stored under their true
// SHA-256 only.
func TestReceiveHashFromCaller(t *testing.T) {
	e := newEnv(t, approvals.PolicyAuto)
	in := e.mailIn("maria@pines.example", "with its hash")
	in.Hash = approvals.Hash(in.Raw)
	res, err := e.svc.Receive(e.ctx, in)
	if err != nil {
		t.Fatalf("Receive: %v", err)
	}
	if res.Message.Hash != in.Hash {
		t.Errorf("recorded hash %s, want %s", res.Message.Hash, in.Hash)
	}

	wrong := e.mailIn("hank@harbor.example", "with another message's hash")
	wrong.Hash = in.Hash
	if _, err := e.svc.Receive(e.ctx, wrong); approvals.ErrorCode(err) != approvals.EINVALID {
		t.Fatalf("Receive with a wrong hash = %v, want EINVALID", err)
	}
	wrong.Hash = ""
	res, err = e.svc.Receive(e.ctx, wrong)
	if err != nil || res.Message.Outcome == approvals.OutcomeDuplicate {
		t.Errorf("Receive after the refusal = %+v, %v; want the message recorded now, not before", res, err)
	}
}

// TestDecisionsSeeDirectoryReload checks that a Service that has decided
// with one directory decides with the next as soon as it is loaded: the
// directory a batch reads is kept between batches only while it is
// unchanged.
func TestDecisionsSeeDirectoryReload(t *testing.T) {
	e := newEnv(t, approvals.PolicyAuto)
	if r := e.one(e.mail("maria@pines.example", add("Parcel Pal", "The Pines"))); r.Status != approvals.StatusApplied {
		t.Fatalf("maria's consent: %s %s, want applied", r.Status, r.Reason)
	}
	d, err := approvals.DecodeDirectory(strings.NewReader(directoryJSON))
	if err != nil {
		t.Fatal(err)
	}
	for i := range d.Managers {
		if d.Managers[i].Email == "maria@pines.example" {
			d.Managers[i].Properties = []string{} // maria loses The Pines
		}
	}
	if _, err := e.svc.LoadDirectory(e.ctx, d, ""); err != nil {
		t.Fatalf("load directory: %v", err)
	}
	r := e.one(e.mail("maria@pines.example", add("Acme", "The Pines")))
	if r.Status != approvals.StatusRejected || r.Reason != approvals.ReasonNoPermission {
		t.Errorf("maria's consent after losing the property: %s %s, want rejected no_permission", r.Status, r.Reason)
	}
	e.verify()
}
