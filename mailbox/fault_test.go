package mailbox

import (
	"context"
	"sync"
	"testing"
	"time"

	"intake/internal/imaptest"
)

// TestFaultsThenRestartLoseAndRepeatNothing interrupts a pass at each step,
// then restarts: a new Poller with the same cursor (the store) must decide
// every message exactly once and mark every one.
func TestFaultsThenRestartLoseAndRepeatNothing(t *testing.T) {
	noMove := []string{"IMAP4rev2", "MOVE"}
	noUIDPlus := []string{"IMAP4rev2", "MOVE", "UIDPLUS"}
	cases := []struct {
		name    string
		hide    []string
		pattern string // the command the fault hits
		action  faultAction
		skip    int
		commit  bool // cut every connection right after the 5th commit
	}{
		{name: "after metadata fetch", pattern: `UID FETCH .*RFC822\.SIZE`, action: cutAfter, skip: 1},
		{name: "after body fetch", pattern: `UID FETCH .*BODY\.PEEK\[\]`, action: cutAfter, skip: 1},
		{name: "after commit", commit: true},
		{name: "after keyword", pattern: `UID STORE .*\$IntakeDone`, action: cutAfter, skip: 1},
		{name: "before move", pattern: `UID MOVE`, action: cutBefore, skip: 1},
		{name: "mid move", pattern: `UID MOVE`, action: cutAfter, skip: 1},
		{name: "mid copy", hide: noMove, pattern: `UID COPY`, action: cutAfter, skip: 1},
		{name: "after copy before store", hide: noMove, pattern: `UID STORE .*\\Deleted`, action: cutBefore, skip: 1},
		{name: "after store deleted", hide: noMove, pattern: `UID EXPUNGE`, action: cutBefore, skip: 1},
		{name: "mid expunge", hide: noMove, pattern: `UID EXPUNGE`, action: cutAfter, skip: 1},
		{name: "no uidplus after copy", hide: noUIDPlus, pattern: `UID STORE .*\\Deleted`, action: cutBefore, skip: 1},
	}
	forEachBackend(t, func(t *testing.T, b *imaptest.Server) {
		for i, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				in, done := "f"+boxSuffix(i), "fdone"+boxSuffix(i)
				b.Create(t, in)
				appendN(t, b, in, 1, 8, 400)
				proxy := newProxy(t, b.Addr(), c.hide...)
				cur := newCursor()
				rec := newRecorder(cur)
				var fired <-chan struct{}
				if c.commit {
					fired = cutAfterCommit(rec, proxy, 5)
				} else {
					fired = proxy.fault(c.pattern, c.action, c.skip)
				}
				o := testOptions(t, proxy.addr(), b, in)
				o.ProcessedMailbox = done
				if _, err := newPoller(t, o, cur, rec.handle).Once(context.Background()); err == nil {
					t.Error("Once with a fault returned no error")
				}
				select {
				case <-fired:
				default:
					t.Fatal("the fault never fired")
				}
				rec.set(nil, nil)
				restarted := newPoller(t, o, cur, rec.handle)
				if _, err := restarted.Once(context.Background()); err != nil {
					t.Fatalf("Once after restart: %v", err)
				}
				rec.checkOnce(t, 8)
				checkMarked(t, b, in, done, 8, !hides(c.hide, "UIDPLUS"))
			})
		}
	})
}

func boxSuffix(i int) string { return string(rune('a' + i)) }

// cutAfterCommit makes the recorder drop every connection right after it
// committed its nth message: the crash between commit and mark.
func cutAfterCommit(rec *recorder, proxy *faultProxy, nth int) <-chan struct{} {
	fired := make(chan struct{})
	var mu sync.Mutex
	seen := 0
	rec.set(nil, func(*Message) {
		mu.Lock()
		defer mu.Unlock()
		if seen++; seen == nth {
			proxy.cutAll()
			close(fired)
		}
	})
	return fired
}

// TestOnceNeverDeletesAfterRefusedCopy has the server refuse a COPY: the
// messages stay, undeleted, and are moved by a later pass.
func TestOnceNeverDeletesAfterRefusedCopy(t *testing.T) {
	b := imaptest.NewMemServer(t)
	b.Create(t, "in")
	appendN(t, b, "in", 1, 5, 300)
	proxy := newProxy(t, b.Addr(), "IMAP4rev2", "MOVE")
	cur := newCursor()
	rec := newRecorder(cur)
	o := testOptions(t, proxy.addr(), b, "in")
	o.ProcessedMailbox = "done"
	b.FailCopies(t, 1)
	p := newPoller(t, o, cur, rec.handle)
	if n, err := p.Once(context.Background()); n != 5 || err != nil {
		t.Fatalf("Once = %d, %v; want 5, nil (a refused COPY is retried, not fatal)", n, err)
	}
	left, _ := b.Contents(t, "in")
	if len(left) != 3 { // the first batch of 3
		t.Errorf("%d messages left after the refused COPY, want 3", len(left))
	}
	for _, m := range left {
		if m.Has("\\Deleted") || !m.Has(DoneKeyword) {
			t.Errorf("%s flags %v: want %s and not \\Deleted", m.MessageID, m.Flags, DoneKeyword)
		}
	}
	if n, err := p.Once(context.Background()); n != 0 || err != nil {
		t.Fatalf("second Once = %d, %v", n, err)
	}
	rec.checkOnce(t, 5)
	checkMarked(t, b, "in", "done", 5, true)
}

// TestRunReconnectsAfterCuts drops the connection repeatedly, at random
// points, while mail arrives; everything is decided once and marked.
func TestRunReconnectsAfterCuts(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b *imaptest.Server) {
		b.Create(t, "in")
		proxy := newProxy(t, b.Addr())
		cur := newCursor()
		rec := newRecorder(cur)
		o := testOptions(t, proxy.addr(), b, "in")
		o.ProcessedMailbox = "done"
		p := newPoller(t, o, cur, rec.handle)
		stop := runBackground(t, p)
		const total = 40
		for n := 1; n <= total; n += 4 {
			appendN(t, b, "in", n, n+3, 400)
			time.Sleep(time.Duration(n%7) * time.Millisecond)
			proxy.cutAll()
		}
		waitFor(t, "all messages decided", func() bool { return rec.count() >= total })
		waitFor(t, "inbox empty", func() bool { left, _ := b.Contents(t, "in"); return len(left) == 0 })
		stop()
		rec.checkOnce(t, total)
		checkMarked(t, b, "in", "done", total, true)
		if s := p.Stats(); s.Reconnects == 0 || s.Handled != total {
			t.Errorf("stats %+v: want reconnects and %d handled", s, total)
		}
	})
}

// TestRunRetriesHandlerErrors fails one message twice, then accepts it.
func TestRunRetriesHandlerErrors(t *testing.T) {
	b := imaptest.NewMemServer(t)
	b.Create(t, "in")
	cur := newCursor()
	rec := newRecorder(cur)
	var mu sync.Mutex
	failures := 0
	rec.set(func(m *Message) error {
		mu.Lock()
		defer mu.Unlock()
		if messageID(m) == testMessageID(2) && failures < 2 {
			failures++
			return context.DeadlineExceeded
		}
		return nil
	}, nil)
	p := newPoller(t, testOptions(t, b.Addr(), b, "in"), cur, rec.handle)
	runBackground(t, p)
	appendN(t, b, "in", 1, 3, 300)
	waitFor(t, "three messages", func() bool { return rec.count() == 3 })
	rec.checkOnce(t, 3)
	if failures != 2 {
		t.Errorf("handler failed %d times, want 2", failures)
	}
}

// TestRunSurvivesDovecotRestart restarts Dovecot while a message is in the
// handler: Run reconnects and nothing is lost or repeated.
func TestRunSurvivesDovecotRestart(t *testing.T) {
	b := imaptest.StartDovecot(t, nil)
	b.Create(t, "in")
	cur := newCursor()
	rec := newRecorder(cur)
	var once sync.Once
	rec.set(func(m *Message) error {
		if messageID(m) == testMessageID(4) {
			once.Do(func() { b.Restart(t) })
		}
		return nil
	}, nil)
	o := testOptions(t, b.Addr(), b, "in")
	o.ProcessedMailbox = "done"
	p := newPoller(t, o, cur, rec.handle)
	// The first six are in before Run starts: appending while the handler
	// restarts Dovecot would fail the test's own login, not the poller.
	appendN(t, b, "in", 1, 6, 400)
	stop := runBackground(t, p)
	waitFor(t, "six messages", func() bool { return rec.count() == 6 })
	appendN(t, b, "in", 7, 9, 400)
	waitFor(t, "nine messages", func() bool { return rec.count() == 9 })
	waitFor(t, "inbox empty", func() bool { left, _ := b.Contents(t, "in"); return len(left) == 0 })
	stop()
	rec.checkOnce(t, 9)
	checkMarked(t, b, "in", "done", 9, true)
}

// TestOnceFetchesWithheldContentAgain: a message the server sends no
// content for is fetched again; one it never sends reaches the handler
// as Missing, so that it is recorded and marked rather than stopping
// every pass at its UID.
func TestOnceFetchesWithheldContentAgain(t *testing.T) {
	for _, c := range []struct {
		name     string
		withheld int
		missing  bool
	}{
		{"once", 1, false},
		{"always", fetchTries, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			b := imaptest.NewMemServer(t)
			b.Create(t, "in")
			appendN(t, b, "in", 1, 4, 300)
			proxy := newProxy(t, b.Addr())
			proxy.withhold(2, c.withheld)
			cur := newCursor()
			rec := newRecorder(cur)
			p := newPoller(t, testOptions(t, proxy.addr(), b, "in"), cur, rec.handle)
			if n, err := p.Once(context.Background()); n != 4 || err != nil {
				t.Fatalf("Once = %d, %v; want 4, nil", n, err)
			}
			for _, m := range rec.msgs {
				if got := m.Missing; got != (c.missing && m.UID == 2) {
					t.Errorf("uid %d: Missing = %v", m.UID, got)
				}
				if !m.Missing && len(m.Raw) == 0 {
					t.Errorf("uid %d: no content", m.UID)
				}
			}
			if n, err := p.Once(context.Background()); n != 0 || err != nil {
				t.Fatalf("second Once = %d, %v", n, err)
			}
			left, _ := b.Contents(t, "in")
			for _, m := range left {
				if !m.Has(DoneKeyword) {
					t.Errorf("%s not marked", m.MessageID)
				}
			}
		})
	}
}
