package audit

import (
	"context"
	"time"

	"intake/approvals"
	"intake/store"
)

// A Schedule returns the next activation time after t; robfig/cron's
// Schedule is one.
type Schedule interface {
	Next(t time.Time) time.Time
}

// Missed reports whether a run was due between last, the start of the
// last stored run, and now: the schedule's first time after last is not
// after now. No stored run (last zero) counts as missed, so that a new
// installation is audited at its first start.
func Missed(last time.Time, s Schedule, now time.Time) bool {
	return last.IsZero() || !s.Next(last).After(now)
}

// LastStarted returns when the last stored run started, the zero time
// when none is stored.
func LastStarted(ctx context.Context, db *store.DB) (time.Time, error) {
	run, err := db.LastAuditRun(ctx)
	switch {
	case approvals.ErrorCode(err) == approvals.ENOTFOUND:
		return time.Time{}, nil
	case err != nil:
		return time.Time{}, err
	}
	return run.StartedAt, nil
}
