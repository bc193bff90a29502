package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"intake/approvals"
	"intake/mailbox"
)

// idleHealthLimit is how old the last pass may be while the poller waits
// in IDLE: IDLE is re-issued, with a pass, every mailbox.DefaultIdleRefresh
// (9 minutes), so a healthy poller never goes 15 minutes without one.
const idleHealthLimit = 15 * time.Minute

// replyFailureLimit is how long replies may go undelivered before
// /healthz reports it: a reply queued that long (counted from a staff
// retry, if any: approvals.OutboxSummary), and no reply sent in it.
const replyFailureLimit = time.Hour

// healthTimeout bounds the database check of one /healthz request.
const healthTimeout = 2 * time.Second

// health answers /healthz: 200 "ok" when the poller made progress
// recently, the database answers and, with replies on, replies are not
// failing; 503 with a one-line reason otherwise.
type health struct {
	// stats is the poller's Stats.
	stats func() mailbox.Stats
	// lastDecision is when the last decision was committed (zero before):
	// a long pass over a backlog is progress too.
	lastDecision func() time.Time
	// ping reads the database.
	ping func(context.Context) error
	// pollInterval is imap.poll_interval.
	pollInterval time.Duration
	// outbox reads the outbox; nil when replies are off.
	outbox func(context.Context) (approvals.OutboxSummary, error)
	now    func() time.Time
}

// check returns nil when healthy, else an error saying why in one line.
// Progress is the latest of the last successful pass, the last committed
// decision and the last IDLE that ended as asked (the pass after it counts
// from there); it must be younger than twice the poll interval, or than
// idleHealthLimit while the poller waits in IDLE.
func (h *health) check(ctx context.Context) error {
	st := h.stats()
	last := st.LastPass
	for _, t := range []time.Time{h.lastDecision(), st.IdleEnded} {
		if t.After(last) {
			last = t
		}
	}
	limit := 2 * h.pollInterval
	if st.Idle {
		limit = max(limit, idleHealthLimit)
	}
	switch age := h.now().Sub(last); {
	case last.IsZero() && !st.Connected:
		return errors.New("imap: not connected yet")
	case last.IsZero():
		return errors.New("imap: no successful pass yet")
	case age >= limit:
		state := "connected"
		if !st.Connected {
			state = "disconnected"
		}
		return fmt.Errorf("imap: last successful pass %s ago (limit %s), %s",
			age.Round(time.Second), limit, state)
	}
	ctx, cancel := context.WithTimeout(ctx, healthTimeout)
	defer cancel()
	if err := h.ping(ctx); err != nil {
		return fmt.Errorf("database: %s", oneLine(err.Error()))
	}
	return h.checkReplies(ctx)
}

// checkReplies returns an error when replies have failed for
// replyFailureLimit: one has been queued (and due) that long, and none
// was sent in that time.
func (h *health) checkReplies(ctx context.Context) error {
	if h.outbox == nil {
		return nil
	}
	sum, err := h.outbox(ctx)
	if err != nil {
		return fmt.Errorf("database: %s", oneLine(err.Error()))
	}
	now := h.now()
	if sum.Queued == 0 || now.Sub(sum.OldestQueued) < replyFailureLimit ||
		(!sum.LastSent.IsZero() && now.Sub(sum.LastSent) < replyFailureLimit) {
		return nil
	}
	last := "no reply ever sent"
	if !sum.LastSent.IsZero() {
		last = fmt.Sprintf("last reply sent %s ago", now.Sub(sum.LastSent).Round(time.Second))
	}
	return fmt.Errorf("smtp: replies failing: %d queued, the oldest for %s; %s (see intake outbox list --status queued)",
		sum.Queued, now.Sub(sum.OldestQueued).Round(time.Second), last)
}

// ServeHTTP implements http.Handler.
func (h *health) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	if err := h.check(r.Context()); err != nil {
		w.WriteHeader(http.StatusServiceUnavailable)
		fmt.Fprintln(w, err)
		return
	}
	fmt.Fprintln(w, "ok")
}
