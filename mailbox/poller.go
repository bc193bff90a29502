// Package mailbox reads new messages from an IMAP mailbox (RFC 9051) and
// hands each one, raw, to a Handler exactly once.
//
// A Poller connects with implicit TLS, STARTTLS or (on loopback only) plain
// text, logs in with a password, OAUTHBEARER (RFC 7628) or XOAUTH2, and
// selects the mailbox. Each pass loads the Cursor, fetches the messages
// above it in batches (metadata first, then bodies streamed, headers only
// for oversized messages), calls the Handler in UID order, and marks what
// the Handler accepted: keyword $IntakeDone, then a move to the processed
// mailbox when one is configured (RFC 6851 MOVE, or COPY + \Deleted + UID
// EXPUNGE with RFC 4315 UIDPLUS). Between passes it waits in IDLE (RFC
// 2177) or polls. The Handler commits its decision and the cursor in one
// transaction before returning nil, so a crash at any point loses nothing
// and repeats nothing: marking that was interrupted is finished by the next
// pass. A BatchHandler (NewBatch) does the same for all the messages of a
// fetched chunk at once, so that a backlog costs one commit per chunk
// rather than one per message; NewPrepared adds a PrepareFunc that works
// on the next chunk (parsing, say) while the handler commits one, and
// hands its values, of the caller's type P, to the handler. Only those two
// functions are generic: Poller, Options and Message stay plain types,
// since everything else in the package is the same whatever P is.
//
// The package imports nothing of intake's; the store implements Cursor.
package mailbox

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"time"

	"github.com/emersion/go-imap/v2"
)

// Poller reads one mailbox. Its methods must not be called concurrently,
// except Stats.
type Poller struct {
	opts    Options
	cur     Cursor
	handler BatchHandler
	prepare func(ctx context.Context, msgs []*Message) // see NewPrepared; nil: none
	group   int                                        // messages per handler call; 0: a whole chunk
	log     *slog.Logger
	wake    chan struct{} // new mail announced; capacity 1
	prog    progress

	mu     sync.Mutex
	state  connState
	everUp bool // Run has had a working connection
	stats  Stats
}

// Stats describes a Poller for health checks and metrics.
type Stats struct {
	// Connected reports whether Run holds a working connection.
	Connected bool
	// Idle reports whether Run is waiting in IDLE, when the server would
	// announce new mail at once.
	Idle bool
	// LastPass is when the last pass completed without error; zero before.
	LastPass time.Time
	// IdleEnded is when the last IDLE ended as the server was asked to
	// (new mail or a refresh); zero before. The server answered then, so
	// it is progress too, for the pass that follows.
	IdleEnded time.Time
	// Handled counts the messages the handler accepted.
	Handled int64
	// Reconnects counts connections made by Run after its first working
	// one.
	Reconnects int64
}

type connState int

const (
	stateNew connState = iota
	stateUp
	stateDown
)

// New returns a Poller for opts, with defaults applied to zero fields, that
// loads its position from cur and hands messages to h one at a time. It
// returns an error naming the first invalid option; it does not connect.
func New(opts Options, cur Cursor, h Handler) (*Poller, error) {
	if h == nil {
		return newWithGroup(opts, cur, nil, 1)
	}
	return newWithGroup(opts, cur, func(ctx context.Context, msgs []*Message) error {
		for _, m := range msgs { // always one: see group
			if err := h(ctx, m); err != nil {
				return err
			}
		}
		return nil
	}, 1)
}

// NewBatch is New with a BatchHandler: h receives the messages of each
// fetched chunk (at most Options.BatchSize, and bodies of at most 16 MiB
// but always one message) in one call.
func NewBatch(opts Options, cur Cursor, h BatchHandler) (*Poller, error) {
	return newWithGroup(opts, cur, h, 0)
}

func newWithGroup(opts Options, cur Cursor, h BatchHandler, group int) (*Poller, error) {
	o, err := opts.withDefaults()
	if err != nil {
		return nil, err
	}
	if cur == nil || h == nil {
		return nil, errors.New("mailbox: cursor and handler are required")
	}
	log := o.Logger.With(logKeyAddress, o.Address, logKeyMailbox, o.Mailbox)
	return &Poller{opts: o, cur: cur, handler: h, group: group, log: log, wake: make(chan struct{}, 1)}, nil
}

// Stats returns a snapshot of the Poller's counters.
func (p *Poller) Stats() Stats {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.stats
}

// Once connects, processes everything new at the time of the call, logs out
// and returns how many messages the handler accepted. It returns the first
// error: a connection failure, a command failure or timeout, or the
// handler's error (wrapped, with the UID or, for a BatchHandler, the UID
// range); what was accepted before an error is counted and marked.
func (p *Poller) Once(ctx context.Context) (int, error) {
	s, err := p.connect(ctx)
	if err != nil {
		return 0, err
	}
	n, err := p.pass(ctx, s)
	var local *localError
	if err != nil && !errors.As(err, &local) {
		s.close() // broken or timed out: no LOGOUT
		return n, err
	}
	if err == nil {
		p.passed()
	}
	s.logout()
	return n, err
}

// Run processes new mail until ctx is done, then logs out and returns nil.
// After each pass it waits in IDLE (re-issued every IdleRefresh) when the
// server has it, else for PollInterval. On any connection or command error
// it reconnects after Backoff; a handler or cursor error keeps the
// connection and retries the pass after Backoff. Connection state changes
// are logged once each (connected, disconnected), not every retry.
func (p *Poller) Run(ctx context.Context) error {
	attempt := 0
	for {
		s, err := p.connect(ctx)
		if err == nil {
			p.up(s)
			var served bool
			served, err = p.serve(ctx, s)
			if served {
				attempt = 0
			}
		}
		if ctx.Err() != nil {
			p.setConnected(false)
			return nil
		}
		delay := p.opts.Backoff(attempt)
		p.down(err, attempt, delay)
		if !sleep(ctx, delay) {
			return nil
		}
		attempt++
	}
}

// serve runs passes on s until a connection error or ctx; served reports
// whether at least one pass succeeded. s is closed on return.
func (p *Poller) serve(ctx context.Context, s *session) (served bool, err error) {
	failures := 0
	for {
		_, err = p.pass(ctx, s)
		var local *localError
		switch {
		case err == nil:
			if failures > 0 {
				p.log.Info("pass recovered", logKeyAttempt, failures)
			}
			served, failures = true, 0
			p.passed()
			err = p.wait(ctx, s)
		case errors.As(err, &local) && ctx.Err() == nil:
			delay := p.opts.Backoff(failures)
			p.logPassFailure(failures, err, delay)
			failures++
			sleep(ctx, delay)
			err = nil
		}
		if err != nil || ctx.Err() != nil {
			if ctx.Err() != nil {
				s.logout()
			} else {
				s.close()
			}
			return served, err
		}
	}
}

// sleep waits for d or ctx and reports whether d elapsed.
func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// up records a working connection, logging when it is a change.
func (p *Poller) up(s *session) {
	p.mu.Lock()
	prev := p.state
	p.state = stateUp
	p.stats.Connected = true
	if p.everUp {
		p.stats.Reconnects++
	}
	p.everUp = true
	p.mu.Unlock()
	if prev != stateUp {
		mode := "poll"
		if s.caps.Has(imap.CapIdle) {
			mode = "idle"
		}
		p.log.Info("imap connected", logKeyUser, p.opts.Username, logKeyMode, mode,
			logKeyUIDValidity, s.validity)
	}
}

// down records a failed or lost connection: logged as a warning when it is
// a change, at debug level for each further retry.
func (p *Poller) down(err error, attempt int, delay time.Duration) {
	p.mu.Lock()
	prev := p.state
	p.state = stateDown
	p.stats.Connected = false
	p.mu.Unlock()
	switch prev {
	case stateUp:
		p.log.Warn("imap disconnected; reconnecting", logKeyError, err, logKeyDelay, delay)
	case stateNew:
		p.log.Warn("imap connect failed; retrying", logKeyError, err, logKeyDelay, delay)
	default:
		p.log.Debug("imap reconnect failed", logKeyError, err, logKeyAttempt, attempt, logKeyDelay, delay)
	}
}

func (p *Poller) setConnected(v bool) {
	p.mu.Lock()
	p.stats.Connected = v
	p.mu.Unlock()
}

func (p *Poller) setIdle(v bool) {
	p.mu.Lock()
	p.stats.Idle = v
	p.mu.Unlock()
}

func (p *Poller) idleEnded() {
	p.mu.Lock()
	p.stats.IdleEnded = p.opts.Now()
	p.mu.Unlock()
}

func (p *Poller) passed() {
	p.mu.Lock()
	p.stats.LastPass = p.opts.Now()
	p.mu.Unlock()
}

func (p *Poller) count(n int) {
	p.mu.Lock()
	p.stats.Handled += int64(n)
	p.mu.Unlock()
}

// logPassFailure logs a failing pass as a warning the first time and at
// debug level while it keeps failing: once per state change, not per retry.
func (p *Poller) logPassFailure(failures int, err error, delay time.Duration) {
	if failures == 0 {
		p.log.Warn("pass failed; retrying", logKeyError, err, logKeyDelay, delay)
		return
	}
	p.log.Debug("pass failed again", logKeyError, err, logKeyDelay, delay, logKeyAttempt, failures+1)
}
