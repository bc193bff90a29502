package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"intake/approvals"
	"intake/ingest"
	"intake/internal/metrics"
	"intake/mailbox"
)

func init() {
	register(command{name: "serve", usage: "run the IMAP poller, the hourly expiry of waiting removals, the nightly audit ([audit] schedule), /healthz and /metrics on serve.listen, the support console on console.listen and, with smtp.address set, the replies to senders until SIGINT or SIGTERM; SIGHUP checks the config file again (a restart applies it)", run: runServe})
}

// Attribute keys of the log records of `intake serve`. Values never hold
// credentials or message content.
const (
	logKeyListen   = "listen"
	logKeyJob      = "job"
	logKeyError    = "err"
	logKeyCount    = "count"
	logKeySource   = "source"
	logKeyOutcome  = "outcome"
	logKeyRequests = "requests"
	logKeyRecord   = "record"
)

// httpShutdownTimeout bounds the wait for open HTTP requests at shutdown.
const httpShutdownTimeout = 5 * time.Second

// runServe runs the service on the configured database and inbox until
// the command's context is cancelled (SIGINT, SIGTERM), then exits 0.
// It holds the database's instance lock throughout, and SIGHUP checks the
// configuration file again (watchReload).
func runServe(e *env) error {
	fs := e.flags("serve")
	args, err := e.parseFlags(fs)
	if err != nil {
		return err
	}
	if len(args) > 0 {
		return usagef("serve: unexpected argument %q", args[0])
	}
	return withService(e, dbExisting, func(b *backend) error {
		return withInstance(b, func() error {
			log := slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
			defer watchReload(e.global, b.given, log)()
			return serve(e.ctx, b, log)
		})
	})
}

// serve runs, under ctx, the poller, the scheduled jobs and the HTTP
// server. When ctx is done it stops taking new work: the poller finishes
// the batch in hand (its decisions commit regardless of ctx) and logs
// out, a running job ends or times out, and the HTTP server drains for up
// to httpShutdownTimeout. It returns nil after a cancelled ctx, and an
// error when a part could not start or the HTTP server failed.
func serve(ctx context.Context, b *backend, log *slog.Logger) error {
	started := time.Now()
	m, err := metrics.New(time.Now)
	if err != nil {
		return err
	}
	repliesDone, err := startReplies(ctx, b, m, log)
	if err != nil {
		return err
	}
	p, err := b.newPollerWrapped(log, decidedLogger(m, log), metricsHooks(m))
	if err != nil {
		return err
	}
	limitMemory(b.cfg.IMAP.maxMessageSize)
	if err := m.WatchPoller(p.Stats, started); err != nil {
		return err
	}
	if err := m.WatchQueue(b.queueDepth); err != nil {
		return err
	}
	ln, err := net.Listen("tcp", b.cfg.Serve.Listen)
	if err != nil {
		return fmt.Errorf("serve.listen: %w", err)
	}
	srv := &http.Server{Handler: b.mux(m, p), ReadHeaderTimeout: 10 * time.Second}
	httpErr := make(chan error, 1)
	go func() { httpErr <- srv.Serve(ln) }()
	log.Info("http listening", logKeyListen, ln.Addr().String())

	csrv, _, err := startConsole(ctx, b, log)
	if err != nil {
		shutdownHTTP(srv, log)
		return err
	}
	sched, err := startScheduler(ctx, b, m, log)
	if err != nil {
		shutdownHTTP(srv, log)
		shutdownHTTP(csrv, log)
		return fmt.Errorf("schedule %s: %w", jobExpire, err)
	}
	pollCtx, stopPoll := context.WithCancel(ctx)
	pollDone := make(chan error, 1)
	go func() { pollDone <- p.Run(pollCtx) }()
	beatDone := startHeartbeat(pollCtx, b, p, log)
	watchDone := watchSettings(pollCtx, b, settingsCheckInterval, log)

	select {
	case <-ctx.Done():
		log.Info("shutting down: finishing the batch in hand")
	case err = <-httpErr:
		err = fmt.Errorf("http server: %w", err)
		log.Error("http server failed; shutting down", logKeyError, err)
	}
	stopPoll()
	if perr := <-pollDone; perr != nil && err == nil {
		err = fmt.Errorf("poller: %w", perr)
	}
	<-beatDone
	<-watchDone
	<-repliesDone
	stopScheduler(sched, log)
	shutdownHTTP(csrv, log)
	shutdownHTTP(srv, log)
	log.Info("stopped")
	return err
}

// mux routes /healthz and /metrics.
func (b *backend) mux(m *metrics.Set, p *mailbox.Poller) *http.ServeMux {
	mux := http.NewServeMux()
	h := &health{
		stats:        p.Stats,
		lastDecision: m.LastDecision,
		ping: func(ctx context.Context) error {
			_, err := b.svc.Cursor(ctx, b.cfg.IMAP.Mailbox)
			return err
		},
		pollInterval: b.cfg.IMAP.pollInterval,
		now:          time.Now,
	}
	if b.cfg.SMTP.enabled() {
		h.outbox = b.svc.OutboxSummary
	}
	mux.Handle("GET /healthz", h)
	mux.Handle("GET /metrics", m.Handler())
	return mux
}

// shutdownHTTP stops srv, waiting up to httpShutdownTimeout for open
// requests; a nil srv is left alone.
func shutdownHTTP(srv *http.Server, log *slog.Logger) {
	if srv == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), httpShutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(ctx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		log.Warn("http shutdown", logKeyError, err)
		srv.Close()
	}
}

// decidedLogger returns the poller's done callback for serve: it counts
// the result and logs one line per message, without its content.
func decidedLogger(m *metrics.Set, log *slog.Logger) func(*mailbox.Message, *approvals.Result) {
	return func(msg *mailbox.Message, res *approvals.Result) {
		m.Decided(res)
		outcome := string(res.Message.Outcome)
		if res.Known {
			outcome = metrics.OutcomeKnown
		}
		log.Info("message decided", logKeySource, ingest.Source(msg), logKeyRecord, res.Message.ID,
			logKeyOutcome, outcome, logKeyRequests, countRequests(res))
	}
}

// countRequests counts the requests of res, message review items aside.
func countRequests(res *approvals.Result) int {
	n := 0
	for _, r := range res.Requests {
		if !r.IsMessageItem() {
			n++
		}
	}
	return n
}
