package main

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"intake/internal/metrics"

	"github.com/robfig/cron/v3"
)

// expireSchedule is when `intake serve` expires overdue waiting removals
// (robfig/cron syntax). Removal waits are counted in days, so hourly is
// plenty; the job also runs once at start.
const expireSchedule = "@every 1h"

// jobExpire names the expiry job in logs and metrics.
const jobExpire = "expire_waiting"

// jobStopTimeout bounds the wait for a running job at shutdown.
const jobStopTimeout = 10 * time.Second

// startScheduler runs the expiry job once, then starts a scheduler that
// runs it on expireSchedule with ctx, skipping a run while the previous
// one is still going. Stop it with stopScheduler.
func startScheduler(ctx context.Context, b *backend, m *metrics.Set, log *slog.Logger) (*cron.Cron, error) {
	job := func() { expireWaiting(ctx, b, m, log) }
	cl := cronLogger{log}
	c := cron.New(cron.WithLocation(time.UTC), cron.WithLogger(cl),
		cron.WithChain(cron.Recover(cl), cron.SkipIfStillRunning(cl)))
	if _, err := c.AddFunc(expireSchedule, job); err != nil {
		return nil, err
	}
	if err := scheduleAudit(ctx, c, b, m, log, time.Now); err != nil {
		return nil, fmt.Errorf("audit: %w", err)
	}
	job()
	c.Start()
	return c, nil
}

// stopScheduler stops c and waits up to jobStopTimeout for a running job.
func stopScheduler(c *cron.Cron, log *slog.Logger) {
	select {
	case <-c.Stop().Done():
	case <-time.After(jobStopTimeout):
		log.Warn("scheduled job still running at exit", logKeyJob, jobExpire)
	}
}

// expireWaiting runs approvals.Service.ExpireWaiting and records the run.
func expireWaiting(ctx context.Context, b *backend, m *metrics.Set, log *slog.Logger) {
	n, err := b.svc.ExpireWaiting(ctx)
	if err != nil {
		if ctx.Err() == nil {
			log.Error("scheduled job failed", logKeyJob, jobExpire, logKeyError, err)
		}
		m.JobRan(jobExpire, err)
		return
	}
	m.JobRan(jobExpire, nil)
	m.Expired(n)
	if n > 0 {
		log.Info("waiting removals expired", logKeyJob, jobExpire, logKeyCount, n)
	}
}

// cronLogger sends the scheduler's own records to slog: its routine
// records at debug level, its errors (a recovered panic) at error level.
type cronLogger struct{ log *slog.Logger }

// Info implements cron.Logger.
func (l cronLogger) Info(msg string, kv ...any) { l.log.Debug("cron: "+msg, kv...) }

// Error implements cron.Logger.
func (l cronLogger) Error(err error, msg string, kv ...any) {
	l.log.Error("cron: "+msg, append([]any{logKeyError, err}, kv...)...)
}
