package approvals

import (
	"context"
	"fmt"
	"slices"
	"time"
)

// recheckWaiting re-decides the waiting removals of a property ("" for
// every property) after door assignments or the directory changed: one
// whose partner no longer has a door there is applied (or whatever the
// re-run decision says), one that waited longer than RemovalWait expires.
// It returns the requests whose status or doors changed, and queues the
// replies for those released or expired (queueRecheckReplies).
func (s *Service) recheckWaiting(tx Tx, propertyID string) ([]Request, error) {
	reqs, err := tx.Requests(RequestFilter{Status: []Status{StatusWaiting}, PropertyID: propertyID})
	if err != nil {
		return nil, fmt.Errorf("list waiting requests: %w", err)
	}
	if len(reqs) == 0 {
		return nil, nil
	}
	set, err := s.settingsIn(tx)
	if err != nil {
		return nil, err
	}
	var changed []Request
	for i := range reqs {
		r := &reqs[i]
		if s.overdue(r, set.RemovalWait) {
			if err := s.expire(tx, r, set.RemovalWait); err != nil {
				return nil, err
			}
			changed = append(changed, *r)
			continue
		}
		f, d, err := s.redecide(tx, r, rerun{}, set.Policy)
		if err != nil {
			return nil, err
		}
		if d.Status == StatusWaiting && slices.Equal(d.Doors, r.Doors) {
			continue
		}
		if err := s.applyDecision(tx, r, f, d, ActorIntake, false); err != nil {
			return nil, err
		}
		s.log.Info("waiting request rechecked", logRequest, r.ID, logStatus, r.Status, logReason, r.Reason)
		changed = append(changed, *r)
	}
	return changed, s.queueRecheckReplies(tx, changed)
}

// overdue reports whether a waiting request has waited longer than wait
// (the removal wait) since the decision that made it waiting (DecidedAt).
func (s *Service) overdue(r *Request, wait time.Duration) bool {
	return r.Status == StatusWaiting && s.now().Sub(r.DecidedAt) > wait
}

// expire marks a waiting request expired after waiting longer than wait;
// its reason stays partner_assigned_to_doors.
func (s *Service) expire(tx Tx, r *Request, wait time.Duration) error {
	r.Checks = append(r.Checks, Check{Name: CheckExpiry, Detail: fmt.Sprintf(
		"waiting since %s, longer than workflow.removal_wait %s", stamp(r.DecidedAt), wait)})
	r.Status, r.DecidedAt, r.DecidedBy = StatusExpired, s.now(), ActorIntake
	if err := saveRequest(tx, r, false); err != nil {
		return err
	}
	s.log.Info("waiting request expired", logRequest, r.ID)
	return s.appendEntry(tx, EntryDecision, ActorIntake, r.ID, decisionEvent(r))
}

// ExpireWaiting expires every waiting removal that has waited longer than
// RemovalWait since it became waiting, in one transaction with the
// replies that say so (see Config.EventReply), and returns
// how many expired. It returns the Store's error wrapped on failure; then
// none expired.
func (s *Service) ExpireWaiting(ctx context.Context) (int, error) {
	expired, err := s.ExpireOverdue(ctx)
	return len(expired), err
}

// ExpireOverdue is ExpireWaiting returning the requests it expired, as
// they are after the expiry, oldest first.
func (s *Service) ExpireOverdue(ctx context.Context) ([]Request, error) {
	var expired []Request
	err := s.store.Update(ctx, func(tx Tx) error {
		expired = expired[:0]
		reqs, err := tx.Requests(RequestFilter{Status: []Status{StatusWaiting}})
		if err != nil {
			return fmt.Errorf("list waiting requests: %w", err)
		}
		if len(reqs) == 0 {
			return nil
		}
		set, err := s.settingsIn(tx)
		if err != nil {
			return err
		}
		for i := range reqs {
			if !s.overdue(&reqs[i], set.RemovalWait) {
				continue
			}
			if err := s.expire(tx, &reqs[i], set.RemovalWait); err != nil {
				return err
			}
			expired = append(expired, reqs[i])
		}
		return s.queueEventReplies(tx, CauseExpired, expired)
	})
	if err != nil {
		return nil, fmt.Errorf("expire waiting requests: %w", err)
	}
	return expired, nil
}
