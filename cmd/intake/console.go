package main

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"intake/approvals"
	"intake/audit"
	"intake/console"
	"intake/store"
)

// sessionSweep is how often serve deletes expired console sessions.
const sessionSweep = 10 * time.Minute

// consoleLedger adapts the store's ledger to console.Ledger.
type consoleLedger struct{ db *store.DB }

func (l consoleLedger) EntriesAbout(ctx context.Context, subjects []string, limit int) ([]approvals.Entry, error) {
	return l.db.EntriesAbout(ctx, subjects, limit)
}

func (l consoleLedger) RecentEntries(ctx context.Context, limit int) ([]approvals.Entry, error) {
	return l.db.RecentEntries(ctx, limit)
}

func (l consoleLedger) VerifyLedger(ctx context.Context) (*console.LedgerCheck, error) {
	v, err := l.db.Verify(ctx)
	if err != nil {
		return nil, err
	}
	return &console.LedgerCheck{OK: v.OK, Entries: v.Entries, FirstBad: v.FirstBad, Problem: v.Problem, StateDiff: v.StateDiff}, nil
}

// consoleQueue adapts the store's queue pages to console.QueueLister.
type consoleQueue struct{ db *store.DB }

func (l consoleQueue) Queue(ctx context.Context, q console.QueueQuery) (*console.QueueResult, error) {
	res, err := l.db.QueuePage(ctx, store.QueueQuery(q))
	if err != nil {
		return nil, err
	}
	out := console.QueueResult(*res)
	return &out, nil
}

// consoleSessions adapts the store's sessions to console.Sessions.
type consoleSessions struct{ db *store.DB }

func (s consoleSessions) CreateSession(ctx context.Context, x console.Session) error {
	return s.db.CreateSession(ctx, store.Session(x))
}

func (s consoleSessions) Session(ctx context.Context, idHash string) (*console.Session, error) {
	x, err := s.db.Session(ctx, idHash)
	if err != nil {
		return nil, err
	}
	out := console.Session(*x)
	return &out, nil
}

func (s consoleSessions) TouchSession(ctx context.Context, idHash string, at time.Time) error {
	return s.db.TouchSession(ctx, idHash, at)
}

func (s consoleSessions) DeleteSession(ctx context.Context, idHash string) error {
	return s.db.DeleteSession(ctx, idHash)
}

// consoleHandler returns the console over b: sign-in checks intake's
// staff accounts, and every action is the service's, re-checked there.
func (b *backend) consoleHandler(log *slog.Logger) (*console.Handler, error) {
	cc := b.cfg.Console
	return console.New(console.Options{
		Backend: &console.Adapter{Service: b.svc, Store: b.db, Ledger: consoleLedger{b.db},
			Sessions: consoleSessions{b.db}, Lister: consoleQueue{b.db}, Audit: consoleAudit{b}, Parser: b.cfg.parserOptions()},
		IdleTimeout:     cc.idleTimeout,
		AbsoluteTimeout: cc.absoluteTimeout,
		Secure:          cc.TLSCert != "",
		Logger:          log,
	})
}

// startConsole starts the console on console.listen, over TLS when
// console.tls_cert is set, and sweeps expired sessions until ctx is done.
// It returns a nil server when console.listen is "", and an error when
// the console cannot listen.
func startConsole(ctx context.Context, b *backend, log *slog.Logger) (*http.Server, net.Addr, error) {
	cc := b.cfg.Console
	if cc.Listen == "" {
		return nil, nil, nil
	}
	h, err := b.consoleHandler(log)
	if err != nil {
		return nil, nil, err
	}
	var certs []tls.Certificate
	if cc.TLSCert != "" {
		cert, err := tls.LoadX509KeyPair(cc.TLSCert, cc.TLSKey)
		if err != nil {
			return nil, nil, fmt.Errorf("console.tls_cert: %w", err)
		}
		certs = append(certs, cert)
	}
	ln, err := net.Listen("tcp", cc.Listen)
	if err != nil {
		return nil, nil, fmt.Errorf("console.listen: %w", err)
	}
	if certs != nil {
		ln = tls.NewListener(ln, &tls.Config{Certificates: certs, MinVersion: tls.VersionTLS12})
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: time.Minute,
		WriteTimeout: 2 * time.Minute, MaxHeaderBytes: 64 << 10}
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Error("console server failed", logKeyError, err)
		}
	}()
	go sweepSessions(ctx, b, log)
	log.Info("console listening", logKeyListen, ln.Addr().String(), "tls", cc.TLSCert != "")
	return srv, ln.Addr(), nil
}

// sweepSessions deletes expired console sessions every sessionSweep
// until ctx is done; the console refuses them anyway, this only keeps
// the table small.
func sweepSessions(ctx context.Context, b *backend, log *slog.Logger) {
	t := time.NewTicker(sessionSweep)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		now := time.Now()
		cc := b.cfg.Console
		if _, err := b.db.DeleteExpiredSessions(ctx, now.Add(-cc.idleTimeout), now.Add(-cc.absoluteTimeout)); err != nil && ctx.Err() == nil {
			log.Warn("delete expired console sessions", logKeyError, err)
		}
	}
}

// consoleAudit reads the last stored audit run for the console's audit
// page.
type consoleAudit struct{ b *backend }

func (a consoleAudit) LastAudit(ctx context.Context) (*console.AuditRun, error) {
	r, err := lastReport(ctx, a.b)
	if approvals.ErrorCode(err) == approvals.ENOTFOUND {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	run := &console.AuditRun{Run: r.Run, StartedAt: r.StartedAt, FinishedAt: r.FinishedAt, OK: r.OK, LedgerEntries: r.LedgerEntries}
	for _, f := range r.Findings {
		title, todo := audit.Describe(f.Check)
		run.Findings = append(run.Findings, console.AuditFinding{Check: f.Check, Severity: string(f.Severity),
			Subject: f.Subject, Detail: f.Detail, Title: title, Todo: todo})
	}
	for _, s := range r.Skipped {
		run.Skipped = append(run.Skipped, console.AuditSkip{Check: s.Check, Reason: s.Reason})
	}
	return run, nil
}
