package mailbox

import (
	"bytes"
	"context"
	"errors"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"

	"intake/internal/imaptest"
)

// forEachBackend runs test against the in-process go-imap server and
// against a private Dovecot (skipped when Dovecot is not installed, failed
// when CI=true).
func forEachBackend(t *testing.T, test func(t *testing.T, b *imaptest.Server)) {
	t.Run("mem", func(t *testing.T) {
		test(t, imaptest.NewMemServer(t))
	})
	t.Run("dovecot", func(t *testing.T) {
		test(t, imaptest.StartDovecot(t, nil))
	})
}

func TestOnceProcessesEachMessageOnce(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b *imaptest.Server) {
		ctx := context.Background()
		b.Create(t, "in")
		appendN(t, b, "in", 1, 5, 600)
		cur := newCursor()
		rec := newRecorder(cur)
		p := newPoller(t, testOptions(t, b.Addr(), b, "in"), cur, rec.handle)
		if n, err := p.Once(ctx); n != 5 || err != nil {
			t.Fatalf("first Once = %d, %v; want 5, nil", n, err)
		}
		// Nothing new: "UID SEARCH UID 6:*" still answers UID 5.
		if n, err := p.Once(ctx); n != 0 || err != nil {
			t.Fatalf("second Once = %d, %v; want 0, nil", n, err)
		}
		appendN(t, b, "in", 6, 7, 600)
		restarted := newPoller(t, testOptions(t, b.Addr(), b, "in"), cur, rec.handle)
		if n, err := restarted.Once(ctx); n != 2 || err != nil {
			t.Fatalf("Once after restart = %d, %v; want 2, nil", n, err)
		}
		rec.checkOnce(t, 7)
		msgs, validity := b.Contents(t, "in")
		for _, m := range msgs {
			if !m.Has(DoneKeyword) {
				t.Errorf("uid %d not flagged %s", m.UID, DoneKeyword)
			}
		}
		if got, want := cur.get("in"), (State{validity, uint32(msgs[len(msgs)-1].UID)}); got != want {
			t.Errorf("cursor = %+v, want %+v", got, want)
		}
		checkMessages(t, rec, validity)
	})
}

// checkMessages checks the fields of the recorded messages.
func checkMessages(t *testing.T, rec *recorder, validity uint32) {
	t.Helper()
	for i, m := range rec.msgs {
		want := testMessage(i+1, 600)
		switch {
		case !bytes.Equal(m.Raw, want):
			t.Errorf("uid %d: Raw differs from the appended message", m.UID)
		case !bytes.HasPrefix(want, m.Header) || !bytes.HasSuffix(m.Header, []byte("\r\n\r\n")):
			t.Errorf("uid %d: Header %q is not the header block", m.UID, m.Header)
		case m.UIDValidity != validity || m.Mailbox != "in" || m.Oversize:
			t.Errorf("uid %d: validity %d mailbox %q oversize %v", m.UID, m.UIDValidity, m.Mailbox, m.Oversize)
		case m.Size != int64(len(want)) || m.InternalDate.IsZero():
			t.Errorf("uid %d: size %d date %v", m.UID, m.Size, m.InternalDate)
		}
	}
}

func TestOnceFiltersUIDsBelowRange(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b *imaptest.Server) {
		b.Create(t, "in")
		appendN(t, b, "in", 1, 3, 300)
		_, validity := b.Contents(t, "in")
		cur := newCursor()
		cur.state["in"] = State{UIDValidity: validity, LastUID: 100} // "UID 101:*" matches UID 3
		rec := newRecorder(cur)
		p := newPoller(t, testOptions(t, b.Addr(), b, "in"), cur, rec.handle)
		if n, err := p.Once(context.Background()); n != 0 || err != nil || rec.count() != 0 {
			t.Fatalf("Once = %d, %v with %d handled; want nothing", n, err, rec.count())
		}
	})
}

func TestOnceOversizedMessageGetsHeaderOnly(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b *imaptest.Server) {
		b.Create(t, "in")
		small, big := testMessage(1, 500), testMessage(2, 50_000)
		appendRaw(t, b, "in", nil, small, big)
		cur := newCursor()
		rec := newRecorder(cur)
		o := testOptions(t, b.Addr(), b, "in")
		o.MaxMessageSize = 10_000
		if n, err := newPoller(t, o, cur, rec.handle).Once(context.Background()); n != 2 || err != nil {
			t.Fatalf("Once = %d, %v", n, err)
		}
		s, l := rec.msgs[0], rec.msgs[1]
		if s.Oversize || !bytes.Equal(s.Raw, small) {
			t.Errorf("small message: Oversize %v, %d bytes", s.Oversize, len(s.Raw))
		}
		header, _, _ := bytes.Cut(big, []byte("\r\n\r\n"))
		if !l.Oversize || l.Raw != nil || l.Size != int64(len(big)) {
			t.Errorf("big message: Oversize %v, Raw %d bytes, Size %d", l.Oversize, len(l.Raw), l.Size)
		}
		if got, want := string(l.Header), string(header)+"\r\n\r\n"; got != want {
			t.Errorf("big message header = %q, want %q", got, want)
		}
	})
}

func TestOnceHandlerErrorStopsAndRetries(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b *imaptest.Server) {
		ctx := context.Background()
		b.Create(t, "in")
		appendN(t, b, "in", 1, 4, 300)
		cur := newCursor()
		rec := newRecorder(cur)
		boom := errors.New("database is locked")
		rec.set(func(m *Message) error {
			if messageID(m) == testMessageID(2) {
				return boom
			}
			return nil
		}, nil)
		p := newPoller(t, testOptions(t, b.Addr(), b, "in"), cur, rec.handle)
		n, err := p.Once(ctx)
		if n != 1 || !errors.Is(err, boom) {
			t.Fatalf("Once = %d, %v; want 1, %v", n, err, boom)
		}
		msgs, _ := b.Contents(t, "in")
		for i, m := range msgs {
			if got, want := m.Has(DoneKeyword), i == 0; got != want {
				t.Errorf("message %d flagged %v, want %v", i+1, got, want)
			}
		}
		rec.set(nil, nil)
		if n, err := p.Once(ctx); n != 3 || err != nil {
			t.Fatalf("retry Once = %d, %v; want 3, nil", n, err)
		}
		rec.checkOnce(t, 4)
	})
}

func TestOnceRescansAfterUIDValidityChange(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b *imaptest.Server) {
		b.Create(t, "in")
		appendN(t, b, "in", 1, 3, 300)
		appendRaw(t, b, "in", []imap.Flag{DoneKeyword}, testMessage(4, 300))
		_, validity := b.Contents(t, "in")
		cur := newCursor()
		cur.state["in"] = State{UIDValidity: validity + 1, LastUID: 3}
		rec := newRecorder(cur)
		p := newPoller(t, testOptions(t, b.Addr(), b, "in"), cur, rec.handle)
		if n, err := p.Once(context.Background()); n != 3 || err != nil {
			t.Fatalf("Once = %d, %v; want 3 (message 4 is already done)", n, err)
		}
		rec.checkOnce(t, 3)
		if got := cur.get("in"); got.UIDValidity != validity {
			t.Errorf("cursor = %+v, want uidvalidity %d", got, validity)
		}
	})
}

// variants are servers with fewer capabilities, presented by the proxy.
var variants = []struct {
	name string
	hide []string
}{
	{"all", nil},
	{"no MOVE", []string{"IMAP4rev2", "MOVE"}},
	{"no MOVE, UIDPLUS or IDLE", []string{"IMAP4rev2", "MOVE", "UIDPLUS", "IDLE"}},
}

func hides(hide []string, c string) bool {
	for _, h := range hide {
		if h == c {
			return true
		}
	}
	return false
}

func TestOnceMovesToProcessedMailbox(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b *imaptest.Server) {
		for i, v := range variants {
			t.Run(v.name, func(t *testing.T) {
				in, done := boxNames(i)
				b.Create(t, in)
				appendN(t, b, in, 1, 5, 300)
				proxy := newProxy(t, b.Addr(), v.hide...)
				cur := newCursor()
				rec := newRecorder(cur)
				o := testOptions(t, proxy.addr(), b, in)
				o.ProcessedMailbox = done
				if n, err := newPoller(t, o, cur, rec.handle).Once(context.Background()); n != 5 || err != nil {
					t.Fatalf("Once = %d, %v", n, err)
				}
				rec.checkOnce(t, 5)
				checkMarked(t, b, in, done, 5, !hides(v.hide, "UIDPLUS"))
			})
		}
	})
}

func boxNames(i int) (in, done string) {
	return "in" + string(rune('a'+i)), "done" + string(rune('a'+i))
}

// checkMarked checks that test messages 1..n are in processed exactly once,
// flagged, and that in holds none of them, or, without UIDPLUS, only \Deleted
// copies.
func checkMarked(t *testing.T, b *imaptest.Server, in, processed string, n int, uidplus bool) {
	t.Helper()
	moved, _ := b.Contents(t, processed)
	count := make(map[string]int)
	for _, m := range moved {
		count[m.MessageID]++
		if !m.Has(DoneKeyword) {
			t.Errorf("%s %s not flagged %s", processed, m.MessageID, DoneKeyword)
		}
	}
	for i := 1; i <= n; i++ {
		if c := count[testMessageID(i)]; c != 1 {
			t.Errorf("message %d is %d times in %s, want once", i, c, processed)
		}
	}
	left, _ := b.Contents(t, in)
	for _, m := range left {
		if uidplus || !m.Has(imap.FlagDeleted) {
			t.Errorf("%s still holds %s (flags %v)", in, m.MessageID, m.Flags)
		}
	}
}

func TestRunDeliversUnderIdleAndPoll(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b *imaptest.Server) {
		for i, v := range []struct {
			name string
			hide []string
		}{{"idle", nil}, {"poll", []string{"IMAP4rev2", "IDLE"}}} {
			t.Run(v.name, func(t *testing.T) {
				in, _ := boxNames(i)
				b.Create(t, in)
				proxy := newProxy(t, b.Addr(), v.hide...)
				cur := newCursor()
				rec := newRecorder(cur)
				o := testOptions(t, proxy.addr(), b, in)
				o.PollInterval = 100 * time.Millisecond
				p := newPoller(t, o, cur, rec.handle)
				stop := runBackground(t, p)
				for n := 1; n <= 3; n++ {
					if v.name == "idle" {
						// imapmemserver announces only mail that arrives
						// during IDLE, not mail queued just before it.
						waitFor(t, "IDLE", func() bool { return p.Stats().Idle })
					}
					sent := time.Now()
					appendN(t, b, in, n, n, 300)
					select {
					case m := <-rec.got:
						t.Logf("%s: message %d decided %v after APPEND", v.name, n, time.Since(sent))
						if messageID(m) != testMessageID(n) {
							t.Fatalf("got %s, want message %d", messageID(m), n)
						}
					case <-time.After(30 * time.Second):
						t.Fatalf("message %d not delivered", n)
					}
				}
				stop()
				rec.checkOnce(t, 3)
				st := p.Stats()
				if ended := !st.IdleEnded.IsZero(); ended != (v.name == "idle") {
					t.Errorf("IdleEnded = %v after three deliveries, want it set only under IDLE", st.IdleEnded)
				}
				if st.Reconnects != 0 {
					t.Errorf("Reconnects = %d on one connection", st.Reconnects)
				}
			})
		}
	})
}

// TestRunCountsReconnects: a first connection that fails before working
// is no reconnect; each connection after a working one is.
func TestRunCountsReconnects(t *testing.T) {
	b := imaptest.NewMemServer(t)
	b.Create(t, "in")
	proxy := newProxy(t, b.Addr())
	proxy.fault("LOGIN", cutBefore, 0)
	cur := newCursor()
	p := newPoller(t, testOptions(t, proxy.addr(), b, "in"), cur, newRecorder(cur).handle)
	stop := runBackground(t, p)
	defer stop()
	waitFor(t, "a pass", func() bool { return !p.Stats().LastPass.IsZero() })
	if n := p.Stats().Reconnects; n != 0 {
		t.Errorf("Reconnects = %d after a failed first attempt, want 0", n)
	}
	proxy.cutAll()
	waitFor(t, "a reconnect", func() bool { st := p.Stats(); return st.Connected && st.Reconnects == 1 })
}

// TestOnceRecreatesDeletedProcessedMailbox deletes the processed mailbox
// while the handler runs, twice: each time the move recreates it.
func TestOnceRecreatesDeletedProcessedMailbox(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b *imaptest.Server) {
		for i, v := range variants[:2] {
			t.Run(v.name, func(t *testing.T) {
				in, done := boxNames(i)
				b.Create(t, in)
				b.Create(t, done)
				proxy := newProxy(t, b.Addr(), v.hide...)
				cur := newCursor()
				rec := newRecorder(cur)
				rec.set(nil, func(m *Message) { // someone deletes it while we run
					c := b.Dial(t)
					defer c.Close()
					if err := c.Delete(done).Wait(); err != nil {
						t.Errorf("delete %s: %v", done, err)
					}
				})
				o := testOptions(t, proxy.addr(), b, in)
				o.ProcessedMailbox = done
				for n := 1; n <= 2; n++ {
					appendN(t, b, in, n, n, 300)
					if got, err := newPoller(t, o, cur, rec.handle).Once(context.Background()); got != 1 || err != nil {
						t.Fatalf("Once with message %d = %d, %v", n, got, err)
					}
					moved, _ := b.Contents(t, done)
					if len(moved) != 1 { // deleted while handling; the move recreated it
						t.Errorf("after message %d, %s holds %d messages, want 1", n, done, len(moved))
					}
				}
				rec.checkOnce(t, 2)
			})
		}
	})
}

// TestOnceKeepsRawBytes delivers an 8-bit UTF-8 message with folded headers
// byte for byte.
func TestOnceKeepsRawBytes(t *testing.T) {
	raw, err := os.ReadFile("../testdata/mailbox/utf8-8bit.eml")
	if err != nil {
		t.Fatal(err)
	}
	forEachBackend(t, func(t *testing.T, b *imaptest.Server) {
		b.Create(t, "in")
		appendRaw(t, b, "in", nil, raw)
		cur := newCursor()
		rec := newRecorder(cur)
		if n, err := newPoller(t, testOptions(t, b.Addr(), b, "in"), cur, rec.handle).Once(context.Background()); n != 1 || err != nil {
			t.Fatalf("Once = %d, %v", n, err)
		}
		if m := rec.msgs[0]; !bytes.Equal(m.Raw, raw) || messageID(m) != "<fixture-utf8-crlf@pines.example>" {
			t.Errorf("Raw differs from the file:\n%q", m.Raw)
		}
	})
}

// TestRunLogsFailingPassOnce checks that a handler failing pass after pass
// is logged as one warning, the retries at debug level, and the recovery
// once: a state change, not every retry.
func TestRunLogsFailingPassOnce(t *testing.T) {
	b := imaptest.NewMemServer(t)
	appendN(t, b, "INBOX", 1, 1, 300)
	cur := newCursor()
	rec := newRecorder(cur)
	var mu sync.Mutex
	failures := 0
	rec.set(func(*Message) error {
		mu.Lock()
		defer mu.Unlock()
		if failures < 4 {
			failures++
			return errors.New("database is busy")
		}
		return nil
	}, nil)
	o := testOptions(t, b.Addr(), b, "INBOX")
	var logs syncBuffer
	o.Logger = newTextLogger(&logs)
	p := newPoller(t, o, cur, rec.handle)
	stop := runBackground(t, p)
	select {
	case <-rec.got:
	case <-time.After(30 * time.Second):
		t.Fatal("message not delivered after the handler recovered")
	}
	stop()
	out := logs.String()
	if got := strings.Count(out, `msg="pass failed; retrying"`); got != 1 {
		t.Errorf("%d warnings for 4 failed passes, want 1:\n%s", got, out)
	}
	if got := strings.Count(out, `msg="pass failed again"`); got != 3 {
		t.Errorf("%d debug lines for the retries, want 3:\n%s", got, out)
	}
	if !strings.Contains(out, `msg="pass recovered"`) {
		t.Errorf("no recovery logged:\n%s", out)
	}
}

// syncBuffer is a strings.Builder safe for the poller's goroutine.
type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
