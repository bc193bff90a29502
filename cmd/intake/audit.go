package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"os"
	"time"

	"github.com/robfig/cron/v3"

	"intake/approvals"
	"intake/audit"
	"intake/internal/metrics"
	"intake/mailbox"
)

func init() {
	register(command{name: "audit",
		usage: "[--json]: run the audit now (exit 0 clean, 1 when anything is found); see docs/audit.md\n" +
			"last [--json]: print the last stored run (exit as that run did)",
		run: runAudit})
}

// jobAudit names the audit job in logs.
const jobAudit = "audit"

// runAudit runs `intake audit [--json]` and `intake audit last [--json]`.
func runAudit(e *env) error {
	last := len(e.args) > 0 && e.args[0] == "last"
	name := "audit"
	if last {
		name, e.args = "audit last", e.args[1:]
	}
	fs := e.flags(name)
	asJSON := fs.Bool("json", false, "print the report as JSON")
	args, err := e.parseFlags(fs)
	if err != nil {
		return err
	}
	if len(args) > 0 {
		return usagef("%s: unexpected argument %q", name, args[0])
	}
	return withService(e, dbExisting, func(b *backend) error {
		var r *audit.Report
		if last {
			r, err = lastReport(e.ctx, b)
		} else {
			r, err = b.auditor("audit", b.log).Run(e.ctx)
		}
		if err != nil {
			return err
		}
		if err := printReport(e.stdout, r, *asJSON); err != nil {
			return err
		}
		if !r.OK {
			return errProblem
		}
		return nil
	})
}

// lastReport reads the last stored run's report.
func lastReport(ctx context.Context, b *backend) (*audit.Report, error) {
	run, err := b.db.LastAuditRun(ctx)
	if err != nil {
		return nil, err
	}
	var r audit.Report
	if err := json.Unmarshal(run.Report, &r); err != nil {
		return nil, fmt.Errorf("audit run %d: decode report: %w", run.ID, err)
	}
	r.Run = run.ID
	return &r, nil
}

// printReport writes r as JSON (one object) or as the text report.
func printReport(w io.Writer, r *audit.Report, asJSON bool) error {
	if !asJSON {
		return audit.WriteText(w, r)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

// auditor returns the audit of b's database, configured from [audit];
// cmd names the process in the audit lock.
func (b *backend) auditor(cmd string, log *slog.Logger) *audit.Auditor {
	host, _ := os.Hostname()
	a := b.cfg.Audit
	return audit.New(b.db, b.svc, audit.Options{
		PendingSLA:      a.pendingSLA,
		DoorUpdateSLA:   a.doorUpdateSLA,
		DirectoryMaxAge: a.directoryMaxAge,
		Holder:          fmt.Sprintf("intake %s, pid %d on %s", cmd, os.Getpid(), host),
		Logger:          log,
	})
}

// scheduleAudit adds the audit to c on audit.schedule (nothing when the
// schedule is empty: cron runs it), skipping a run
// while the previous one is still going, and, when the run due since the
// last stored one was missed (audit.Missed), adds one run as soon as c
// starts. now is the clock the missed run is judged by.
func scheduleAudit(ctx context.Context, c *cron.Cron, b *backend, m *metrics.Set, log *slog.Logger, now func() time.Time) error {
	if b.cfg.Audit.schedule == nil {
		return nil
	}
	a := b.auditor("serve", log)
	job := cron.NewChain(cron.SkipIfStillRunning(cronLogger{log})).Then(cron.FuncJob(func() {
		r, err := a.Run(ctx)
		m.AuditRan(r, err)
		switch {
		case audit.IsBusy(err):
			log.Warn("audit skipped", logKeyJob, jobAudit, logKeyError, err)
		case err != nil && ctx.Err() == nil:
			log.Error("scheduled job failed", logKeyJob, jobAudit, logKeyError, err)
		}
	}))
	c.Schedule(b.cfg.Audit.schedule, job)
	run, err := b.db.LastAuditRun(ctx)
	var last time.Time
	switch {
	case err == nil:
		last = run.StartedAt
		m.AuditStored(run.FinishedAt)
	case approvals.ErrorCode(err) != approvals.ENOTFOUND:
		return fmt.Errorf("read the last audit run: %w", err)
	}
	if audit.Missed(last, b.cfg.Audit.schedule, now()) {
		log.Info("audit run missed while stopped; running it now", logKeyJob, jobAudit)
		c.Schedule(&once{}, job)
	}
	return nil
}

// once is a cron.Schedule that fires once, at the scheduler's start:
// its first Next is the time asked about, every later one the zero time,
// which tells robfig/cron never to run it again. The scheduler calls Next
// from its own goroutine only.
type once struct{ fired bool }

// Next implements cron.Schedule.
func (o *once) Next(t time.Time) time.Time {
	if o.fired {
		return time.Time{}
	}
	o.fired = true
	return t
}

// startHeartbeat records the poller's heartbeat until ctx is done, for
// the audit's IMAP check; the channel is closed when it has stopped.
func startHeartbeat(ctx context.Context, b *backend, p *mailbox.Poller, log *slog.Logger) <-chan struct{} {
	return audit.Heartbeat(ctx, b.db, b.cfg.IMAP.Mailbox, func() time.Time { return p.Stats().LastPass }, time.Now, log)
}
