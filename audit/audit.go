package audit

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"time"

	"intake/approvals"
	"intake/store"
)

// Attribute keys of the audit's log records; the severities name the
// counts.
const (
	logKeyRun   = "run"
	logKeyOK    = "ok"
	logKeyError = "err"
)

// EntryRun is the kind of the ledger entry that records a run. Replay
// ignores it: a run changes no state the ledger reproduces.
const EntryRun approvals.EntryKind = "audit.run"

// Defaults applied by New to zero fields of Options.
const (
	DefaultPendingSLA      = 48 * time.Hour
	DefaultDoorUpdateSLA   = 24 * time.Hour
	DefaultDirectoryMaxAge = 7 * 24 * time.Hour
	DefaultIMAPSilence     = time.Hour
	DefaultLockStale       = time.Hour
)

// Options configures an Auditor. Zero durations take the defaults.
type Options struct {
	// PendingSLA is audit.pending_sla; DoorUpdateSLA audit.door_update_sla;
	// DirectoryMaxAge audit.directory_max_age.
	PendingSLA, DoorUpdateSLA, DirectoryMaxAge time.Duration
	// IMAPSilence is how long the poller may go without a successful
	// pass while it runs.
	IMAPSilence time.Duration
	// Holder names this process in the audit lock ("serve 1234").
	Holder string
	// LockStale is the age after which another run's lock is taken
	// over, its run presumed dead.
	LockStale time.Duration
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Logger receives one record per run; nil discards.
	Logger *slog.Logger
}

// An Expirer expires overdue waiting removals, recording them in the
// ledger, and returns them: approvals.Service.ExpireOverdue.
type Expirer interface {
	ExpireOverdue(ctx context.Context) ([]approvals.Request, error)
}

// An Auditor runs the audit on one database.
type Auditor struct {
	db  *store.DB
	exp Expirer
	opt Options
}

// New returns an Auditor of db that expires removals through exp, with
// defaults applied to opt's zero fields.
func New(db *store.DB, exp Expirer, opt Options) *Auditor {
	for _, d := range []struct {
		v   *time.Duration
		def time.Duration
	}{{&opt.PendingSLA, DefaultPendingSLA}, {&opt.DoorUpdateSLA, DefaultDoorUpdateSLA},
		{&opt.DirectoryMaxAge, DefaultDirectoryMaxAge}, {&opt.IMAPSilence, DefaultIMAPSilence},
		{&opt.LockStale, DefaultLockStale}} {
		if *d.v <= 0 {
			*d.v = d.def
		}
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.Logger == nil {
		opt.Logger = slog.New(slog.DiscardHandler)
	}
	if opt.Holder == "" {
		opt.Holder = "intake"
	}
	return &Auditor{db: db, exp: exp, opt: opt}
}

// IsBusy reports whether err is Run's refusal because another run holds
// the lock.
func IsBusy(err error) bool { return approvals.ErrorCode(err) == approvals.ECONFLICT }

// Run runs every check once and stores the report. It returns an error
// for which IsBusy is true, and does nothing, while another run holds the
// lock; other errors are failures to read or write the database, and then
// no run is stored and the lock is released.
func (a *Auditor) Run(ctx context.Context) (*Report, error) {
	r := &Report{StartedAt: a.opt.Now().UTC(), Findings: []Finding{}}
	if err := a.db.LockAudit(ctx, a.opt.Holder, r.StartedAt, a.opt.LockStale); err != nil {
		return nil, fmt.Errorf("audit: %w", err)
	}
	if err := a.run(ctx, r); err != nil {
		uerr := a.db.UnlockAudit(context.WithoutCancel(ctx), a.opt.Holder)
		return nil, errors.Join(fmt.Errorf("audit: %w", err), uerr)
	}
	a.opt.Logger.Info("audit run", logKeyRun, r.Run, logKeyOK, r.OK, string(SeverityCritical), r.Count(SeverityCritical),
		string(SeverityWarning), r.Count(SeverityWarning), string(SeverityInfo), r.Count(SeverityInfo))
	return r, nil
}

// run fills r: the expiry, the snapshot's checks, then the stored run.
func (a *Auditor) run(ctx context.Context, r *Report) error {
	expired, err := a.exp.ExpireOverdue(ctx)
	if err != nil {
		return err
	}
	for _, q := range expired {
		r.Findings = append(r.Findings, finding(CheckRemovalExpired, q.ID, fmt.Sprintf(
			"removal of %s from %s asked by %s, waiting on doors %v, expired now", q.PartnerID, q.PropertyID, q.Sender, q.Doors)))
	}
	err = a.db.Snapshot(ctx, func(s *store.Snapshot) error {
		f, err := gather(s, a.opt.Now().UTC())
		if err != nil {
			return err
		}
		r.LedgerEntries = f.verification.Entries
		for _, c := range snapshotChecks {
			found, err := c(f, &a.opt)
			if err != nil {
				return err
			}
			r.Findings = append(r.Findings, capFindings(found)...)
		}
		if !f.hasOutbox {
			r.Skipped = append(r.Skipped, Skip{Check: CheckRepliesUndelivered,
				Reason: "no outbox in this database"})
		}
		return nil
	})
	if err != nil {
		return err
	}
	sortFindings(r.Findings)
	r.OK = len(r.Findings) == 0
	r.FinishedAt = a.opt.Now().UTC()
	return a.store(ctx, r)
}

// store records the run and its ledger entry, releasing the lock.
func (a *Auditor) store(ctx context.Context, r *Report) error {
	body, err := json.Marshal(r)
	if err != nil {
		return fmt.Errorf("encode report: %w", err)
	}
	sum := sha256.Sum256(body)
	run := &store.AuditRun{StartedAt: r.StartedAt, FinishedAt: r.FinishedAt, Report: body,
		Critical: r.Count(SeverityCritical), Warning: r.Count(SeverityWarning), Info: r.Count(SeverityInfo)}
	err = a.db.RecordAuditRun(context.WithoutCancel(ctx), run, a.opt.Holder, func(id int64) approvals.Entry {
		// Marshalling plain fields cannot fail.
		data, _ := json.Marshal(runEvent{Run: id, OK: r.OK, Critical: run.Critical, Warning: run.Warning,
			Info: run.Info, StartedAt: r.StartedAt, FinishedAt: r.FinishedAt, ReportSHA256: hex.EncodeToString(sum[:])})
		return approvals.Entry{Time: r.FinishedAt, Kind: EntryRun, Actor: approvals.ActorIntake,
			Subject: fmt.Sprintf("audit-%d", id), Data: data}
	})
	if err != nil {
		return err
	}
	r.Run = run.ID
	return nil
}

// runEvent is the Data of an audit.run ledger entry. ReportSHA256 is the
// SHA-256 of the report stored in audit_runs, so that an edited stored
// report no longer matches the ledger.
type runEvent struct {
	Run          int64     `json:"run"`
	OK           bool      `json:"ok"`
	Critical     int       `json:"critical"`
	Warning      int       `json:"warning"`
	Info         int       `json:"info"`
	StartedAt    time.Time `json:"started_at"`
	FinishedAt   time.Time `json:"finished_at"`
	ReportSHA256 string    `json:"report_sha256"`
}

// capFindings keeps the first maxFindingsPerCheck findings of one check
// and replaces the rest with one finding that counts them.
func capFindings(fs []Finding) []Finding {
	if len(fs) <= maxFindingsPerCheck {
		return fs
	}
	rest := len(fs) - maxFindingsPerCheck
	last := fs[maxFindingsPerCheck-1]
	return append(fs[:maxFindingsPerCheck:maxFindingsPerCheck], Finding{Check: last.Check, Severity: last.Severity,
		Subject: "more", Detail: fmt.Sprintf("%d more findings of this check not listed", rest)})
}

// sortFindings orders findings by severity, then check, keeping each
// check's own order (by id, door or row).
func sortFindings(fs []Finding) {
	rank := func(s Severity) int { return slices.Index(Severities, s) }
	slices.SortStableFunc(fs, func(a, b Finding) int {
		if d := rank(a.Severity) - rank(b.Severity); d != 0 {
			return d
		}
		if a.Check != b.Check {
			if a.Check < b.Check {
				return -1
			}
			return 1
		}
		return 0
	})
}
