package ingest_test

import (
	"bytes"
	"context"
	"testing"
	"time"

	"intake/approvals"
	"intake/ingest"
	"intake/internal/backlog"
	"intake/mailbox"
)

// TestPollerHooksKeepNoRaw checks what the poller's buffer reuse relies
// on (see mailbox.Message.Raw): once the handler has returned, nothing
// the pipeline keeps refers to a message's bytes. The hooks decide a
// chunk of small messages, one stored as a file and an oversized one;
// then every buffer is overwritten, as a later download would, and the
// store must still hold each message byte for byte and verify.
func TestPollerHooksKeepNoRaw(t *testing.T) {
	p, db := newPipeline(t, nil)
	ctx := context.Background()
	at := time.Now().Add(-time.Hour)
	raws := [][]byte{
		backlog.Message(1, 4<<10, 0, at),
		backlog.Message(2, 12<<10, 0, at),
		backlog.Message(3, 4<<10, 2<<20, at), // over 1 MiB: a file
		backlog.Message(4, 8<<10, 0, at),
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
	prepared := p.PrepareChunk(ctx, msgs)
	if err := p.Handler(func(_ *mailbox.Message, r *approvals.Result) { results = append(results, r) })(ctx, msgs, prepared); err != nil {
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
	if got := results[4].Message.Outcome; got != approvals.OutcomeUnreadable {
		t.Errorf("the oversized message: outcome %s, want unreadable", got)
	}
	err := db.View(ctx, func(tx approvals.Tx) error {
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
	v, err := db.Verify(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !v.OK {
		t.Errorf("ledger verify: %s %v", v.Problem, v.StateDiff)
	}
}

// TestSource checks the names of a message's and a batch's origin.
func TestSource(t *testing.T) {
	m := func(uid uint32) *mailbox.Message { return &mailbox.Message{Mailbox: "INBOX", UIDValidity: 7, UID: uid} }
	for _, tt := range []struct{ got, want string }{
		{ingest.Source(m(3)), "imap:INBOX/7/3"},
		{ingest.BatchSource([]*mailbox.Message{m(3)}), "imap:INBOX/7/3"},
		{ingest.BatchSource([]*mailbox.Message{m(3), m(4), m(9)}), "imap:INBOX/7/3-9"},
	} {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
}

// TestInboundMissing: a message the server never sent is recorded as
// unreadable, with bytes of its own that say where it is.
func TestInboundMissing(t *testing.T) {
	p, _ := newPipeline(t, nil)
	m := &mailbox.Message{Missing: true, Mailbox: "INBOX", UIDValidity: 9, UID: 7}
	in := p.Inbound(m)
	if in.ParseErr == nil {
		t.Error("a missing message has no parse error: it would be parsed")
	}
	if want := "X-Intake-Missing: imap:INBOX/9/7\r\n\r\n"; string(in.Raw) != want {
		t.Errorf("Raw = %q, want %q", in.Raw, want)
	}
	if in.Cursor == nil || in.Cursor.UID != 7 {
		t.Errorf("Cursor = %+v", in.Cursor)
	}
}
