package main

import (
	"bytes"
	"context"
	"testing"
	"time"

	"intake/approvals"
	"intake/mailbox"
)

// TestPollerHooksKeepNoRaw checks what the poller's buffer reuse relies
// on (see mailbox.Message.Raw): once the handler has returned, nothing
// intake keeps refers to a message's bytes. The hooks decide a chunk of
// small messages, one stored as a file and an oversized one; then every
// buffer is overwritten, as a later download would, and the store must
// still hold each message byte for byte and verify.
func TestPollerHooksKeepNoRaw(t *testing.T) {
	be := benchBackend(t)
	ctx := context.Background()
	at := time.Now().Add(-time.Hour)
	raws := [][]byte{
		backlogMessage(1, 4<<10, 0, at),
		backlogMessage(2, 12<<10, 0, at),
		backlogMessage(3, 4<<10, 2<<20, at), // over 1 MiB: a file
		backlogMessage(4, 8<<10, 0, at),
	}
	var msgs []*mailbox.Message
	for i, raw := range raws {
		msgs = append(msgs, &mailbox.Message{UID: uint32(i + 1), UIDValidity: 7, Mailbox: "INBOX",
			InternalDate: at, Size: int64(len(raw)), Raw: bytes.Clone(raw)})
	}
	header := raws[1][:bytes.Index(raws[1], []byte("\r\n\r\n"))+4]
	msgs = append(msgs, &mailbox.Message{UID: 5, UIDValidity: 7, Mailbox: "INBOX", InternalDate: at,
		Size: 40 << 20, Oversize: true, Header: bytes.Clone(header)})

	var results []*approvals.Result
	be.prepareHook()(ctx, msgs)
	if err := be.handler(func(_ *mailbox.Message, r *approvals.Result) { results = append(results, r) })(ctx, msgs); err != nil {
		t.Fatal(err)
	}
	for _, m := range msgs {
		for i := range m.Raw {
			m.Raw[i] = 'X'
		}
		for i := range m.Header {
			m.Header[i] = 'X'
		}
	}

	want := append(raws, header)
	if len(results) != len(want) {
		t.Fatalf("%d results, want %d", len(results), len(want))
	}
	err := be.db.View(ctx, func(tx approvals.Tx) error {
		for i, r := range results {
			got, err := tx.Raw(r.Message.Hash)
			if err != nil {
				return err
			}
			if !bytes.Equal(got, want[i]) {
				t.Errorf("uid %d: the stored bytes are not the message's", i+1)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	v, err := be.db.Verify(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !v.OK {
		t.Errorf("ledger verify: %s %v", v.Problem, v.StateDiff)
	}
}
