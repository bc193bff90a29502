package mailbox

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"net"
	"strings"
	"testing"
	"time"

	"intake/internal/imaptest"
)

func TestOnceOverTLSAndStartTLS(t *testing.T) {
	test := func(t *testing.T, b *imaptest.Server) {
		for i, c := range []struct{ security, addr string }{
			{SecurityTLS, b.TLSAddr()},
			{SecurityStartTLS, b.Addr()},
		} {
			t.Run(c.security, func(t *testing.T) {
				in, _ := boxNames(i)
				b.Create(t, in)
				appendN(t, b, in, 1, 2, 300)
				o := testOptions(t, c.addr, b, in)
				o.Security, o.TLSConfig = c.security, b.ClientTLSConfig()
				cur := newCursor()
				rec := newRecorder(cur)
				if n, err := newPoller(t, o, cur, rec.handle).Once(context.Background()); n != 2 || err != nil {
					t.Fatalf("Once = %d, %v", n, err)
				}
				o.TLSConfig = &tls.Config{RootCAs: x509.NewCertPool()}
				_, err := newPoller(t, o, cur, rec.handle).Once(context.Background())
				var unknown x509.UnknownAuthorityError
				if !errors.As(err, &unknown) {
					t.Errorf("Once trusting nothing = %v, want an unknown authority error", err)
				}
			})
		}
	}
	t.Run("mem", func(t *testing.T) { test(t, imaptest.NewMemServer(t, imaptest.WithTLS())) })
	t.Run("dovecot", func(t *testing.T) { test(t, imaptest.StartDovecot(t, nil)) })
}

func TestOnceTimesOutOnSilentServer(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() { // accept and say nothing
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			defer c.Close()
		}
	}()
	o := testOptions(t, ln.Addr().String(), nil, "INBOX")
	o.CommandTimeout = 100 * time.Millisecond
	_, err = newPoller(t, o, newCursor(), newRecorder(newCursor()).handle).Once(context.Background())
	if !errors.Is(err, ErrTimeout) {
		t.Fatalf("Once = %v, want ErrTimeout", err)
	}
}

func TestOnceTimesOutOnHungCommand(t *testing.T) {
	b := imaptest.NewMemServer(t)
	b.Create(t, "in")
	appendN(t, b, "in", 1, 2, 300)
	proxy := newProxy(t, b.Addr())
	proxy.fault(`UID FETCH .*BODY\.PEEK\[\]`, swallow, 0)
	o := testOptions(t, proxy.addr(), b, "in")
	o.CommandTimeout = 200 * time.Millisecond
	cur := newCursor()
	rec := newRecorder(cur)
	if _, err := newPoller(t, o, cur, rec.handle).Once(context.Background()); !errors.Is(err, ErrTimeout) {
		t.Fatalf("Once = %v, want ErrTimeout", err)
	}
	if n, err := newPoller(t, o, cur, rec.handle).Once(context.Background()); n != 2 || err != nil {
		t.Fatalf("Once after the timeout = %d, %v", n, err)
	}
}

func TestOnceStopsWhenContextIsCancelled(t *testing.T) {
	b := imaptest.NewMemServer(t)
	b.Create(t, "in")
	appendN(t, b, "in", 1, 4, 300)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	cur := newCursor()
	rec := newRecorder(cur)
	rec.set(nil, func(m *Message) {
		if m.UID == 2 {
			cancel() // a shutdown while message 2 is in hand
		}
	})
	p := newPoller(t, testOptions(t, b.Addr(), b, "in"), cur, rec.handle)
	if n, err := p.Once(ctx); n != 2 || !errors.Is(err, context.Canceled) {
		t.Fatalf("Once = %d, %v; want 2, context.Canceled", n, err)
	}
	msgs, _ := b.Contents(t, "in")
	for i, m := range msgs {
		if got, want := m.Has(DoneKeyword), i < 2; got != want {
			t.Errorf("message %d flagged %v, want %v: what was decided is still marked", i+1, got, want)
		}
	}
}

func TestRunStopsOnCancel(t *testing.T) {
	b := imaptest.NewMemServer(t)
	ctx, cancel := context.WithCancel(context.Background())
	cur := newCursor()
	p := newPoller(t, testOptions(t, b.Addr(), b, "INBOX"), cur, newRecorder(cur).handle)
	done := make(chan error, 1)
	go func() { done <- p.Run(ctx) }()
	waitFor(t, "IDLE", func() bool { return p.Stats().Idle })
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("Run = %v, want nil", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not return")
	}
	if p.Stats().Connected {
		t.Error("still connected after Run returned")
	}
}

func TestRunRetriesUnreachableServer(t *testing.T) {
	o := testOptions(t, imaptest.FreeAddr(t), nil, "INBOX")
	var logs strings.Builder
	o.Logger = newTextLogger(&logs)
	cur := newCursor()
	p := newPoller(t, o, cur, newRecorder(cur).handle)
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	if err := p.Run(ctx); err != nil {
		t.Fatal(err)
	}
	// About 15 attempts at 20ms: one warning, the retries at debug level.
	if got := strings.Count(logs.String(), "level=WARN"); got != 1 {
		t.Errorf("%d warnings for one outage, want 1:\n%s", got, logs.String())
	}
	if got := strings.Count(logs.String(), "level=DEBUG"); got < 3 {
		t.Errorf("%d debug lines, want one per retry", got)
	}
}
