package approvals

import (
	"context"
	"fmt"
	"strings"
)

// Approve approves a pending request on behalf of actor, the email (or
// "staff:EMAIL") of an active staff account, and re-runs resolution,
// permission, current state and door checks; the identity, freshness,
// addressing, body, content, intent and policy checks are overridden.
// The request is then applied, or becomes noop, waiting (approval never
// bypasses the door rule) or rejected. It returns an *Error with code
// EINVALID for an empty or malformed actor, EUNAUTHORIZED when actor is
// not an active staff account, ENOTFOUND for an unknown id, an
// *AlreadyDecidedError when the request is no longer pending (another
// action decided it first), and an *Error with code ECONFLICT when it is
// a message review item or still does not resolve (staff resolve it
// first); nothing changes then. The staff decisions (Approve, Reject, a
// Resolve that decides, Create) queue the reply to the sender in their
// transaction when Config.EventReply is set.
func (s *Service) Approve(ctx context.Context, id, actor, note string) (*Request, error) {
	var out *Request
	err := s.store.Update(ctx, func(tx Tx) error {
		var err error
		if actor, err = reviewer(tx, actor); err != nil {
			return err
		}
		r, err := pendingRequest(tx, id, "approved")
		if err != nil {
			return err
		}
		set, err := s.settingsIn(tx)
		if err != nil {
			return err
		}
		f, d, err := s.redecide(tx, r, rerun{approval: actor}, set.Policy)
		if err != nil {
			return err
		}
		if d.Status == StatusPending {
			return Errorf(ECONFLICT, "its names do not resolve (%s); resolve it first", d.Reason)
		}
		r.Note = strings.TrimSpace(note)
		ev := ReviewEvent{Request: r.ID, Action: ReviewApprove, Note: r.Note}
		if err := s.appendEntry(tx, EntryReview, actor, r.ID, ev); err != nil {
			return err
		}
		out = r
		if err := s.applyDecision(tx, r, f, d, actor, false); err != nil {
			return err
		}
		return s.queueStaffReply(tx, r)
	})
	if err != nil {
		return nil, fmt.Errorf("approve request %s: %w", id, err)
	}
	s.log.Info("request approved", logRequest, out.ID, logActor, actor, logStatus, out.Status)
	return out, nil
}

// pendingRequest returns the pending request id, refusing message items
// and returning an *AlreadyDecidedError for a request no longer pending.
func pendingRequest(tx Tx, id, verb string) (*Request, error) {
	r, err := tx.Request(id)
	switch {
	case err != nil:
		return nil, err
	case r.Status != StatusPending:
		return nil, alreadyDecided(r)
	case r.IsMessageItem():
		return nil, Errorf(ECONFLICT, "it stands for the whole message %s and cannot be %s; reject it with a note once read, or create the request it makes", r.MessageID, verb)
	}
	return r, nil
}

// Reject rejects a pending or waiting request (or closes a message review
// item) on behalf of actor (see Approve), with a note. The reason stays
// the one it had. It returns an *Error with code EINVALID for an empty
// note or actor, EUNAUTHORIZED when actor is not an active staff
// account, ENOTFOUND for an unknown id, and an *AlreadyDecidedError for
// any other status.
func (s *Service) Reject(ctx context.Context, id, actor, note string) (*Request, error) {
	return s.RejectSeen(ctx, id, actor, note, "")
}

// RejectSeen is Reject for a caller that showed the request with status
// seen (the console's form): when the request's status has changed since
// (another staff member approved a pending removal, which now waits), it
// returns an *AlreadyDecidedError and changes nothing, so that of two
// staff acting on one item at once exactly one takes effect. An empty
// seen checks nothing, as Reject.
func (s *Service) RejectSeen(ctx context.Context, id, actor, note string, seen Status) (*Request, error) {
	note = strings.TrimSpace(note)
	if note == "" {
		return nil, Errorf(EINVALID, "a rejection needs a note")
	}
	var out *Request
	err := s.store.Update(ctx, func(tx Tx) error {
		var err error
		if actor, err = reviewer(tx, actor); err != nil {
			return err
		}
		r, err := tx.Request(id)
		if err != nil {
			return err
		}
		if r.Status != StatusPending && r.Status != StatusWaiting || seen != "" && r.Status != seen {
			return alreadyDecided(r)
		}
		r.Status, r.Note, r.DecidedAt, r.DecidedBy = StatusRejected, note, s.now(), actor
		r.Checks = append(r.Checks, Check{Name: CheckReview, Detail: "rejected by " + actor + ": " + note})
		if err := s.appendEntry(tx, EntryReview, actor, r.ID, ReviewEvent{Request: r.ID, Action: ReviewReject, Note: note}); err != nil {
			return err
		}
		if err := saveRequest(tx, r, false); err != nil {
			return err
		}
		out = r
		if err := s.appendEntry(tx, EntryDecision, actor, r.ID, decisionEvent(r)); err != nil {
			return err
		}
		return s.queueStaffReply(tx, r)
	})
	if err != nil {
		return nil, fmt.Errorf("reject request %s: %w", id, err)
	}
	s.log.Info("request rejected", logRequest, out.ID, logActor, actor)
	return out, nil
}

// Resolve pins a pending request's partner and/or property to directory
// ids on behalf of actor (see Approve) and re-runs the decision with the
// normal automatic checks (so an unauthenticated request stays pending).
// An empty id keeps the request's current resolution, or resolves its
// phrase again; an ambiguous reading is settled only when both ids are
// given. It returns an *Error with code EINVALID when both ids or the
// actor are empty, EUNAUTHORIZED when actor is not an active staff
// account, ENOTFOUND for an unknown request, partner or property, an
// *AlreadyDecidedError when the request is no longer pending, and
// ECONFLICT when it is a message item.
func (s *Service) Resolve(ctx context.Context, id, actor, partnerID, propertyID string) (*Request, error) {
	if partnerID == "" && propertyID == "" {
		return nil, Errorf(EINVALID, "resolve needs a partner or a property id")
	}
	var out *Request
	err := s.store.Update(ctx, func(tx Tx) error {
		var err error
		if actor, err = reviewer(tx, actor); err != nil {
			return err
		}
		r, err := pendingRequest(tx, id, "resolved")
		if err != nil {
			return err
		}
		set, err := s.settingsIn(tx)
		if err != nil {
			return err
		}
		f, d, err := s.redecide(tx, r, rerun{partnerID: partnerID, propertyID: propertyID, resolvedBy: actor}, set.Policy)
		if err != nil {
			return err
		}
		ev := ReviewEvent{Request: r.ID, Action: ReviewResolve, PartnerID: partnerID, PropertyID: propertyID}
		if err := s.appendEntry(tx, EntryReview, actor, r.ID, ev); err != nil {
			return err
		}
		out = r
		if err := s.applyDecisionBy(tx, r, f, d, ActorIntake, actor, false); err != nil {
			return err
		}
		return s.queueStaffReply(tx, r)
	})
	if err != nil {
		return nil, fmt.Errorf("resolve request %s: %w", id, err)
	}
	s.log.Info("request resolved", logRequest, out.ID, logActor, actor, logStatus, out.Status)
	return out, nil
}
