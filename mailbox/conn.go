package mailbox

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"sync/atomic"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
)

// ErrTimeout is wrapped by errors of commands that made no progress within
// Options.CommandTimeout; the connection is closed then.
var ErrTimeout = errors.New("imap command timed out")

// session is one authenticated connection with Options.Mailbox selected.
type session struct {
	c        *imapclient.Client
	raw      net.Conn // the TCP connection, closed by watchdogs
	timeout  time.Duration
	caps     imap.CapSet
	validity uint32      // UIDVALIDITY of the selected mailbox
	perm     []imap.Flag // PERMANENTFLAGS; nil when the server sent none

	onFetch func(messages int, bytes int64, d time.Duration) // Options.OnFetch; may be nil
}

// connect dials, secures, authenticates and selects Options.Mailbox. The
// whole exchange runs under one watchdog of Options.CommandTimeout that is
// reset at each step.
func (p *Poller) connect(ctx context.Context) (*session, error) {
	o := &p.opts
	d := net.Dialer{Timeout: o.CommandTimeout}
	raw, err := d.DialContext(ctx, "tcp", o.Address)
	if err != nil {
		return nil, fmt.Errorf("dial %s: %w", o.Address, err)
	}
	s := &session{raw: raw, timeout: o.CommandTimeout, onFetch: o.OnFetch}
	w := s.watch(ctx)
	err = p.setup(w.ctx, s, w)
	if werr := w.stop(ctx, "connect"); werr != nil {
		err = werr
	}
	if err != nil {
		s.close()
		return nil, err
	}
	return s, nil
}

// setup runs the steps of connect on the dialed s.
func (p *Poller) setup(ctx context.Context, s *session, w *watchdog) error {
	o := &p.opts
	if err := p.handshake(ctx, s); err != nil {
		return err
	}
	w.touch()
	target := authTarget{username: o.Username, address: o.Address}
	if err := o.Auth.authenticate(ctx, s.c, target); err != nil {
		return fmt.Errorf("authenticate as %q: %w", o.Username, err)
	}
	w.touch()
	if s.caps = s.c.Caps(); s.caps == nil {
		return errors.New("capability: no answer")
	}
	if o.ProcessedMailbox != "" {
		if err := ensureMailbox(s.c, o.ProcessedMailbox); err != nil {
			return err
		}
		w.touch()
	}
	return s.selectMailbox(o.Mailbox)
}

// handshake reads the greeting over the configured security and creates
// s.c. Under STARTTLS a PREAUTH greeting is refused by imapclient (RFC 9051
// section 7.1.4).
func (p *Poller) handshake(ctx context.Context, s *session) error {
	o := &p.opts
	opts := &imapclient.Options{
		TLSConfig:             p.tlsConfig(),
		UnilateralDataHandler: p.unilateral(),
	}
	switch o.Security {
	case SecurityTLS:
		tc := tls.Client(s.raw, opts.TLSConfig)
		if err := tc.HandshakeContext(ctx); err != nil {
			return fmt.Errorf("tls handshake with %s: %w", o.Address, err)
		}
		s.c = imapclient.New(tc, opts)
	case SecurityStartTLS:
		c, err := imapclient.NewStartTLS(s.raw, opts)
		if err != nil {
			return fmt.Errorf("starttls with %s: %w", o.Address, err)
		}
		s.c = c
	default:
		s.c = imapclient.New(s.raw, opts)
	}
	if err := s.c.WaitGreeting(); err != nil {
		return fmt.Errorf("greeting from %s: %w", o.Address, err)
	}
	return nil
}

// tlsConfig returns a copy of Options.TLSConfig with ServerName defaulting
// to the host of Options.Address and ALPN "imap" (RFC 9051 section 18).
func (p *Poller) tlsConfig() *tls.Config {
	cfg := &tls.Config{}
	if p.opts.TLSConfig != nil {
		cfg = p.opts.TLSConfig.Clone()
	}
	if cfg.ServerName == "" {
		cfg.ServerName, _, _ = net.SplitHostPort(p.opts.Address)
	}
	if cfg.NextProtos == nil {
		cfg.NextProtos = []string{"imap"}
	}
	return cfg
}

// ensureMailbox creates name unless LIST finds it.
func ensureMailbox(c *imapclient.Client, name string) error {
	found, err := c.List("", name, nil).Collect()
	if err != nil {
		return fmt.Errorf("list %s: %w", name, err)
	}
	if len(found) > 0 {
		return nil
	}
	if err := c.Create(name, nil).Wait(); err != nil {
		return fmt.Errorf("create %s: %w", name, err)
	}
	return nil
}

// selectMailbox selects name and records UIDVALIDITY and PERMANENTFLAGS.
func (s *session) selectMailbox(name string) error {
	data, err := s.c.Select(name, nil).Wait()
	if err != nil {
		return fmt.Errorf("select %s: %w", name, err)
	}
	if data.UIDValidity == 0 {
		return fmt.Errorf("select %s: no UIDVALIDITY", name)
	}
	s.validity, s.perm = data.UIDValidity, data.PermanentFlags
	return nil
}

// do runs f, which waits for one command, under a watchdog: see watch.
func (s *session) do(ctx context.Context, what string, f func() error) error {
	w := s.watch(ctx)
	err := f()
	if werr := w.stop(ctx, what); werr != nil {
		return werr
	}
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	return nil
}

// logout says goodbye politely, within the command timeout, and closes.
func (s *session) logout() {
	ctx := context.Background()
	_ = s.do(ctx, "logout", func() error { return s.c.Logout().Wait() })
	s.close()
}

// close closes the connection without a word.
func (s *session) close() {
	if s.c != nil {
		_ = s.c.Close()
	} else {
		_ = s.raw.Close()
	}
}

// watchdog closes a session's TCP connection when the command it guards has
// made no progress (no touch) for the command timeout, or when the context
// is done. imapclient then fails every pending command, so no Wait can hang.
// It also cancels its ctx, for the steps that wait on something other
// than the connection (an OAuth token command).
type watchdog struct {
	s        *session
	ctx      context.Context
	cancel   context.CancelFunc
	timer    *time.Timer
	stopCtx  func() bool
	timedOut atomic.Bool
}

func (s *session) watch(ctx context.Context) *watchdog {
	w := &watchdog{s: s}
	w.ctx, w.cancel = context.WithCancel(ctx)
	w.timer = time.AfterFunc(s.timeout, func() {
		w.timedOut.Store(true)
		w.cancel()
		_ = s.raw.Close()
	})
	w.stopCtx = context.AfterFunc(ctx, func() { _ = s.raw.Close() })
	return w
}

// touch records progress: the timeout starts again.
func (w *watchdog) touch() { w.timer.Reset(w.s.timeout) }

// stop disarms w and returns an error if it fired.
func (w *watchdog) stop(ctx context.Context, what string) error {
	w.timer.Stop()
	w.stopCtx()
	w.cancel()
	switch {
	case w.timedOut.Load():
		return fmt.Errorf("%s: %w after %v", what, ErrTimeout, w.s.timeout)
	case ctx.Err() != nil:
		return fmt.Errorf("%s: %w", what, ctx.Err())
	}
	return nil
}
