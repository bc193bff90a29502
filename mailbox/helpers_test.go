package mailbox

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/mail"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"

	"intake/internal/imaptest"
)

// memCursor plays the store: the recorder commits decisions and the cursor
// together under one lock, as the store does in one transaction.
type memCursor struct {
	mu    sync.Mutex
	state map[string]State
}

func newCursor() *memCursor { return &memCursor{state: make(map[string]State)} }

func (c *memCursor) Load(_ context.Context, mailbox string) (State, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.state[mailbox], nil
}

func (c *memCursor) get(mailbox string) State {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.state[mailbox]
}

// recorder is the test Handler. It records each decision by UID and by
// Message-ID and commits the cursor with it. fail, when set, runs before
// the commit and can refuse the message; after runs after the commit, to
// inject a fault between commit and marking.
type recorder struct {
	cur   *memCursor
	mu    sync.Mutex
	byUID map[[2]uint32]int
	byID  map[string]int
	msgs  []*Message
	fail  func(m *Message) error
	after func(m *Message)
	got   chan *Message
}

func newRecorder(cur *memCursor) *recorder {
	return &recorder{cur: cur, byUID: make(map[[2]uint32]int), byID: make(map[string]int), got: make(chan *Message, 1000)}
}

func (r *recorder) handle(_ context.Context, m *Message) error {
	r.mu.Lock()
	fail, after := r.fail, r.after
	r.mu.Unlock()
	if fail != nil {
		if err := fail(m); err != nil {
			return err
		}
	}
	m = keep(m)
	r.mu.Lock()
	r.cur.mu.Lock()
	r.byUID[[2]uint32{m.UIDValidity, m.UID}]++
	r.byID[messageID(m)]++
	r.msgs = append(r.msgs, m)
	r.cur.state[m.Mailbox] = State{UIDValidity: m.UIDValidity, LastUID: m.UID}
	r.cur.mu.Unlock()
	r.mu.Unlock()
	if after != nil {
		after(m)
	}
	r.got <- m
	return nil
}

// keep returns a copy of m that the test may keep: the poller clears and
// reuses m's bytes once the handler has returned (see Message.Raw).
func keep(m *Message) *Message {
	c := *m
	c.Raw, c.Header = bytes.Clone(m.Raw), bytes.Clone(m.Header)
	return &c
}

func (r *recorder) set(fail func(*Message) error, after func(*Message)) {
	r.mu.Lock()
	r.fail, r.after = fail, after
	r.mu.Unlock()
}

// checkOnce fails t unless each of the n test messages was decided exactly
// once, and nothing else was.
func (r *recorder) checkOnce(t *testing.T, n int) {
	t.Helper()
	r.mu.Lock()
	defer r.mu.Unlock()
	for k, c := range r.byUID {
		if c != 1 {
			t.Errorf("uid %v decided %d times", k, c)
		}
	}
	for i := 1; i <= n; i++ {
		if c := r.byID[testMessageID(i)]; c != 1 {
			t.Errorf("message %d decided %d times, want 1", i, c)
		}
	}
	if len(r.byID) != n {
		t.Errorf("%d distinct messages decided, want %d", len(r.byID), n)
	}
}

func (r *recorder) count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.msgs)
}

func messageID(m *Message) string {
	msg, err := mail.ReadMessage(bytes.NewReader(m.Header))
	if err != nil {
		return ""
	}
	return msg.Header.Get("Message-Id")
}

// testOptions returns options for a poller of mailbox on b at addr, with
// short timeouts and backoff. A nil b means made-up credentials, for
// servers that never get as far as LOGIN.
func testOptions(t *testing.T, addr string, b *imaptest.Server, mailbox string) Options {
	user, pass := "u", "p"
	if b != nil {
		user, pass = b.Username(), b.Password()
	}
	return Options{
		Address:        addr,
		Security:       SecurityNone,
		Username:       user,
		Auth:           Password{Password: pass},
		Mailbox:        mailbox,
		PollInterval:   50 * time.Millisecond,
		CommandTimeout: 5 * time.Second,
		BatchSize:      3,
		Backoff:        func(int) time.Duration { return 20 * time.Millisecond },
		Logger:         testLogger(t),
	}
}

// testLogger logs to t at debug level.
func testLogger(t *testing.T) *slog.Logger {
	return slog.New(slog.NewTextHandler(tWriter{t}, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

type tWriter struct{ t *testing.T }

func (w tWriter) Write(b []byte) (int, error) {
	w.t.Helper()
	w.t.Log(string(bytes.TrimRight(b, "\n")))
	return len(b), nil
}

func newPoller(t *testing.T, o Options, cur Cursor, h Handler) *Poller {
	t.Helper()
	p, err := New(o, cur, h)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// appendN appends test messages first..last to mailbox.
func appendN(t *testing.T, b *imaptest.Server, mailbox string, first, last, size int) {
	t.Helper()
	var raws [][]byte
	for i := first; i <= last; i++ {
		raws = append(raws, testMessage(i, size))
	}
	appendRaw(t, b, mailbox, nil, raws...)
}

// runBackground runs p.Run until the test ends and returns a function that
// stops it and waits.
func runBackground(t *testing.T, p *Poller) (stop func()) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- p.Run(ctx) }()
	var once sync.Once
	stop = func() {
		once.Do(func() {
			cancel()
			select {
			case err := <-done:
				if err != nil {
					t.Errorf("Run: %v", err)
				}
			case <-time.After(30 * time.Second):
				t.Error("Run did not return after cancel")
			}
		})
	}
	t.Cleanup(stop)
	return stop
}

// waitFor waits until cond holds, polling, or fails after a generous
// deadline.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func newTextLogger(w io.Writer) *slog.Logger {
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

// appendRaw appends messages to mailbox on b with the given flags.
func appendRaw(t *testing.T, b *imaptest.Server, mailbox string, flags []imap.Flag, raws ...[]byte) {
	t.Helper()
	for _, raw := range raws {
		b.Append(t, mailbox, raw, flags...)
	}
}

// testMessage returns message number n: about size bytes (at least a few
// hundred) with Message-ID <n.test@intake.example>.
func testMessage(n, size int) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "From: Maria Lopez <maria@pines.example>\r\n")
	fmt.Fprintf(&b, "To: integrations@door.example\r\n")
	fmt.Fprintf(&b, "Subject: Partner access %d\r\n", n)
	fmt.Fprintf(&b, "Date: Mon, 02 Jun 2025 10:00:00 +0000\r\n")
	fmt.Fprintf(&b, "Message-ID: %s\r\n", testMessageID(n))
	fmt.Fprintf(&b, "Content-Type: text/plain; charset=utf-8\r\n\r\n")
	fmt.Fprintf(&b, "We give DOOR permission to add Acme Deliveries to The Pines.\r\n")
	for b.Len() < size {
		b.WriteString("Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do.\r\n")
	}
	return b.Bytes()
}

func testMessageID(n int) string { return fmt.Sprintf("<%d.test@intake.example>", n) }
