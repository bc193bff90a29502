package approvals

import (
	"context"
	"fmt"
	"strings"
)

// NewRequest is the request staff read in a message that intake could
// not read one from: what Create makes.
type NewRequest struct {
	Action Action
	// PartnerID and PropertyID are directory ids.
	PartnerID, PropertyID string
	// Note is recorded with the new request; it may be empty.
	Note string
}

// Create turns the pending item id, a no_request message review item or
// a body_mismatch request, into the request nr that staff read in its
// message, on behalf of actor (see Approve), and closes the item, in one
// transaction with their ledger entries. The new request is decided as
// an approval by actor: the message-level checks recorded on the item
// (identity, freshness, addressing, body, content, intent) are recorded
// again but overridden, as is the policy; permission, current state and
// doors are checked, so it is applied, noop, waiting (the door rule is
// never bypassed) or rejected (no_permission). The item becomes rejected
// with a note naming the new request.
//
// It returns an *Error with code EINVALID for an empty actor or an action
// other than add or remove, EUNAUTHORIZED when actor is not an active
// staff account, ENOTFOUND for an unknown item, partner or property, an
// *AlreadyDecidedError when the item is no longer pending, and ECONFLICT
// when it is neither a no_request item nor a body_mismatch request;
// nothing changes then.
func (s *Service) Create(ctx context.Context, id, actor string, nr NewRequest) (*Request, error) {
	if nr.Action != ActionAdd && nr.Action != ActionRemove {
		return nil, Errorf(EINVALID, "the action %q is neither add nor remove", nr.Action)
	}
	nr.Note = strings.TrimSpace(nr.Note)
	var out *Request
	err := s.store.Update(ctx, func(tx Tx) error {
		var err error
		if actor, err = reviewer(tx, actor); err != nil {
			return err
		}
		src, err := creatableItem(tx, id)
		if err != nil {
			return err
		}
		r, err := s.createFrom(tx, src, actor, nr)
		if err != nil {
			return err
		}
		out = r
		if err := s.closeReplaced(tx, src, r, actor); err != nil {
			return err
		}
		return s.queueStaffReply(tx, r)
	})
	if err != nil {
		return nil, fmt.Errorf("create a request from %s: %w", id, err)
	}
	s.log.Info("request created", logRequest, out.ID, logActor, actor, logStatus, out.Status)
	return out, nil
}

// creatableItem returns the pending item id when a request may be made
// from it (see Create).
func creatableItem(tx Tx, id string) (*Request, error) {
	r, err := tx.Request(id)
	switch {
	case err != nil:
		return nil, err
	case r.Status != StatusPending:
		return nil, alreadyDecided(r)
	case r.Reason == ReasonBodyMismatch:
		return r, nil
	case !r.IsMessageItem():
		return nil, Errorf(ECONFLICT, "it is a %s request; only a no_request message item or a body_mismatch request becomes a new request", dashReason(r.Reason))
	}
	m, err := tx.Message(r.MessageID)
	if err != nil {
		return nil, fmt.Errorf("read message: %w", err)
	}
	if m.Outcome != OutcomeNoRequest {
		return nil, Errorf(ECONFLICT, "its message is %s; only a no_request message item or a body_mismatch request becomes a new request", m.Outcome)
	}
	return r, nil
}

func dashReason(r Reason) string {
	if r == ReasonNone {
		return "pending"
	}
	return string(r)
}

// createFrom records and decides the request nr read in src's message,
// approved by actor, with the review entry that says so.
func (s *Service) createFrom(tx Tx, src *Request, actor string, nr NewRequest) (*Request, error) {
	set, err := s.settingsIn(tx)
	if err != nil {
		return nil, err
	}
	partner, err := tx.Partner(nr.PartnerID)
	if err != nil {
		return nil, err
	}
	property, err := tx.Property(nr.PropertyID)
	if err != nil {
		return nil, err
	}
	r := &Request{MessageID: src.MessageID, Action: nr.Action, Partner: partner.Name, Property: property.Name,
		Sender: src.Sender, ReceivedAt: src.ReceivedAt, Note: nr.Note}
	f := Facts{Action: nr.Action, Approval: actor, Partner: r.Partner, Property: r.Property,
		PartnerMatch:  NameMatch{ID: partner.ID, Kind: MatchExact, Detail: fmt.Sprintf("is partner %s (chosen by %s)", partner.ID, actor)},
		PropertyMatch: NameMatch{ID: property.ID, Kind: MatchExact, Detail: fmt.Sprintf("is property %s (chosen by %s)", property.ID, actor)},
		Sender:        src.Sender, Policy: set.Policy}
	for _, c := range src.Checks {
		if gateReasons[c.Name] != ReasonNone {
			f.Gates = append(f.Gates, c)
		}
	}
	if err := gatherFacts(tx, tx, &f); err != nil {
		return nil, err
	}
	if err := s.applyDecision(tx, r, f, Decide(f), actor, true); err != nil {
		return nil, err
	}
	ev := ReviewEvent{Request: r.ID, Action: ReviewCreate, Note: r.Note, PartnerID: partner.ID,
		PropertyID: property.ID, From: src.ID}
	return r, s.appendEntry(tx, EntryReview, actor, r.ID, ev)
}

// closeReplaced rejects src, replaced by r, with a note naming r.
func (s *Service) closeReplaced(tx Tx, src, r *Request, actor string) error {
	note := fmt.Sprintf("replaced by request %s, created by %s", r.ID, actor)
	src.Status, src.Note, src.DecidedAt, src.DecidedBy = StatusRejected, note, s.now(), actor
	src.Checks = append(src.Checks, Check{Name: CheckReview, Detail: note})
	ev := ReviewEvent{Request: src.ID, Action: ReviewReject, Note: note}
	if err := s.appendEntry(tx, EntryReview, actor, src.ID, ev); err != nil {
		return err
	}
	if err := saveRequest(tx, src, false); err != nil {
		return err
	}
	return s.appendEntry(tx, EntryDecision, actor, src.ID, decisionEvent(src))
}
