package approvals

import (
	"context"
	"fmt"
)

// Outbox returns the replies with that status, every one when status is
// "", the newest first. An unknown status is an *Error with code
// EINVALID.
func (s *Service) Outbox(ctx context.Context, status OutboxStatus) ([]Outbound, error) {
	switch status {
	case "", OutboxQueued, OutboxSent, OutboxFailed, OutboxSuppressed:
	default:
		return nil, Errorf(EINVALID, "outbox status %q is not queued, sent, failed or suppressed", status)
	}
	var out []Outbound
	err := s.store.View(ctx, func(tx Tx) error {
		var err error
		out, err = tx.Outbox(status)
		return err
	})
	return out, err
}

// Outbound returns the reply with that id, or an *Error with code
// ENOTFOUND.
func (s *Service) Outbound(ctx context.Context, id string) (*Outbound, error) {
	var out *Outbound
	err := s.store.View(ctx, func(tx Tx) error {
		var err error
		out, err = tx.Outbound(id)
		return err
	})
	return out, err
}

// RetryReply queues a failed reply again, due now, as a staff action by
// actor (an active staff account's email), recorded with a reply.retry
// ledger entry. Its attempts count from zero again; its Message-ID is
// kept. A reply that is not failed is an *Error with code ECONFLICT; an
// unknown one ENOTFOUND; an actor who is not active staff is refused as
// every review action is.
func (s *Service) RetryReply(ctx context.Context, id, actor string) (*Outbound, error) {
	var out *Outbound
	err := s.store.Update(ctx, func(tx Tx) error {
		who, err := reviewer(tx, actor)
		if err != nil {
			return err
		}
		o, err := tx.Outbound(id)
		if err != nil {
			return err
		}
		if o.Status != OutboxFailed {
			return Errorf(ECONFLICT, "reply %s is %s; only a failed reply can be retried", o.ID, o.Status)
		}
		prev := o.LastError
		o.Status, o.Attempts, o.NextAttemptAt = OutboxQueued, 0, s.now()
		if err := tx.UpdateOutbound(o); err != nil {
			return fmt.Errorf("queue reply %s again: %w", o.ID, err)
		}
		ev := ReplyEvent{ID: o.ID, Message: o.Source, MessageID: o.MessageID, To: o.To, Kind: o.Kind,
			Status: o.Status, Reason: "retried by staff", Error: prev}
		out = o
		return s.appendEntry(tx, EntryReplyRetry, who, o.ID, ev)
	})
	return out, err
}

// OutboxSummary returns the queued count, the oldest queued reply's time
// and the last send time, in one read transaction.
func (s *Service) OutboxSummary(ctx context.Context) (OutboxSummary, error) {
	var sum OutboxSummary
	err := s.store.View(ctx, func(tx Tx) error {
		var err error
		sum, err = tx.OutboxSummary()
		return err
	})
	if err != nil {
		return OutboxSummary{}, fmt.Errorf("read outbox summary: %w", err)
	}
	return sum, nil
}
