package approvals

import (
	"fmt"
	"slices"
)

// directoryReader is where gatherFacts reads managers and properties: a
// Tx, or, for a batch of messages, the directory the batch read once
// (txResolver), which gives the same answers.
type directoryReader interface {
	Manager(email string) (*Manager, error)
	Property(id string) (*Property, error)
}

// gatherFacts reads what the decision needs beyond the message: from dir
// the sender's manager record and the property's portfolio, from tx the
// current enablement and the doors assigned to the partner.
func gatherFacts(tx Tx, dir directoryReader, f *Facts) error {
	if f.Sender != "" {
		m, err := dir.Manager(f.Sender)
		switch {
		case ErrorCode(err) == ENOTFOUND:
		case err != nil:
			return fmt.Errorf("look up manager: %w", err)
		default:
			f.Manager = m
		}
	}
	if f.PropertyMatch.Kind != MatchExact {
		return nil
	}
	p, err := dir.Property(f.PropertyMatch.ID)
	if err != nil {
		return fmt.Errorf("look up property: %w", err)
	}
	f.Portfolio = p.Portfolio
	if f.PartnerMatch.Kind != MatchExact {
		return nil
	}
	if f.Enabled, err = tx.Enabled(p.ID, f.PartnerMatch.ID); err != nil {
		return fmt.Errorf("look up enablement: %w", err)
	}
	if f.Doors, err = tx.AssignedDoors(p.ID, f.PartnerMatch.ID); err != nil {
		return fmt.Errorf("look up assigned doors: %w", err)
	}
	return nil
}

// applyDecision stores decision d on r (creating r when isNew), records
// it in the ledger and, when applied, makes the change with its own
// ledger entry. DecidedAt moves only when the status changes, so that it
// tells since when a request is waiting; DecidedBy becomes actor then.
func (s *Service) applyDecision(tx Tx, r *Request, f Facts, d Decision, actor string, isNew bool) error {
	return s.applyDecisionBy(tx, r, f, d, actor, actor, isNew)
}

// applyDecisionBy is applyDecision with the ledger actor of the entries
// (actor) apart from who caused the decision (by, recorded as DecidedBy):
// a staff resolve is decided by intake's automatic checks.
func (s *Service) applyDecisionBy(tx Tx, r *Request, f Facts, d Decision, actor, by string, isNew bool) error {
	r.PartnerID, r.PropertyID = f.PartnerMatch.ID, f.PropertyMatch.ID
	r.Suggestions = mergeIDs(f.PartnerMatch.Suggestions, f.PropertyMatch.Suggestions)
	if isNew || r.Status != d.Status {
		r.DecidedAt, r.DecidedBy = s.now(), by
	}
	r.Status, r.Reason, r.Checks, r.Doors = d.Status, d.Reason, d.Checks, d.Doors
	if err := saveRequest(tx, r, isNew); err != nil {
		return err
	}
	if err := s.appendEntry(tx, EntryDecision, actor, r.ID, decisionEvent(r)); err != nil {
		return err
	}
	if r.Status != StatusApplied {
		return nil
	}
	on := r.Action == ActionAdd
	if err := tx.SetEnabled(r.PropertyID, r.PartnerID, on); err != nil {
		return fmt.Errorf("change enablement: %w", err)
	}
	kind := EntryEnable
	if !on {
		kind = EntryDisable
	}
	ev := EnablementEvent{Property: r.PropertyID, Partner: r.PartnerID, Request: r.ID}
	return s.appendEntry(tx, kind, actor, r.ID, ev)
}

func saveRequest(tx Tx, r *Request, isNew bool) error {
	if isNew {
		if err := tx.CreateRequest(r); err != nil {
			return fmt.Errorf("record request: %w", err)
		}
		return nil
	}
	if err := tx.UpdateRequest(r); err != nil {
		return fmt.Errorf("update request: %w", err)
	}
	return nil
}

// decisionEvent is the ledger record of r's current decision.
func decisionEvent(r *Request) DecisionEvent {
	return DecisionEvent{Request: r.ID, Message: r.MessageID, Action: r.Action,
		Partner: r.Partner, Property: r.Property, PartnerID: r.PartnerID, PropertyID: r.PropertyID,
		Suggestions: r.Suggestions, Status: r.Status, Reason: r.Reason, Checks: r.Checks, Doors: r.Doors}
}

// mergeIDs concatenates the lists without repeating an id.
func mergeIDs(lists ...[]string) []string {
	var out []string
	for _, l := range lists {
		for _, id := range l {
			if !slices.Contains(out, id) {
				out = append(out, id)
			}
		}
	}
	return out
}
