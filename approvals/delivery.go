package approvals

import (
	"context"
	"fmt"
	"time"
)

// A Deliverer sends replies for DeliverDue. Deliver is called outside any
// transaction and may block on the network.
type Deliverer interface {
	// Deliver sends o.Body to o.To; nil means the relay accepted it.
	Deliver(ctx context.Context, o *Outbound) error
	// Permanent reports whether a Deliver error means never to retry.
	Permanent(err error) bool
	// Backoff returns how long to wait after attempts failed attempts.
	Backoff(attempts int) time.Duration
}

// Delivery counts what one DeliverDue did.
type Delivery struct {
	Sent, Retry, Failed int
	// Replies are the replies attempted, as recorded after the attempt
	// (a reply queued again for a retry has status queued), in order.
	Replies []Outbound
}

// Attempted reports whether any reply was attempted.
func (d *Delivery) Attempted() bool { return d.Sent+d.Retry+d.Failed > 0 }

// DeliverDue sends up to limit due replies (every due one when limit is
// not positive), one at a time, and records each outcome with its ledger
// entry in its own transaction: sent; failed, with the error, when d
// calls it permanent; otherwise queued again after d.Backoff. A reply is
// sent before its outcome is committed, so a crash in between sends it
// again on restart, with the same Message-ID: never lost, and never sent
// under two identities. It stops at the first storage error, or when ctx
// ends, and returns what it did so far.
func (s *Service) DeliverDue(ctx context.Context, d Deliverer, limit int) (Delivery, error) {
	var due []Outbound
	err := s.store.View(ctx, func(tx Tx) error {
		var err error
		due, err = tx.DueReplies(s.now(), limit)
		return err
	})
	if err != nil {
		return Delivery{}, fmt.Errorf("read due replies: %w", err)
	}
	var n Delivery
	for i := range due {
		if err := ctx.Err(); err != nil {
			return n, err
		}
		o := &due[i]
		sendErr := d.Deliver(ctx, o)
		if err := s.recordDelivery(ctx, d, o, sendErr, &n); err != nil {
			return n, err
		}
	}
	return n, nil
}

// recordDelivery records the outcome sendErr of one attempt to send o.
// A reply no longer queued (retried by hand meanwhile, say) is left as
// it is and not counted in n.
func (s *Service) recordDelivery(ctx context.Context, d Deliverer, o *Outbound, sendErr error, n *Delivery) error {
	var recorded bool
	err := s.store.Update(ctx, func(tx Tx) error {
		cur, err := tx.Outbound(o.ID)
		if err != nil {
			return err
		}
		if recorded = cur.Status == OutboxQueued; !recorded {
			return nil
		}
		now := s.now()
		cur.Attempts++
		kind := EntryReplySent
		switch {
		case sendErr == nil:
			cur.Status, cur.SentAt, cur.NextAttemptAt, cur.LastError = OutboxSent, now, time.Time{}, ""
		case d.Permanent(sendErr):
			kind, cur.Status, cur.NextAttemptAt, cur.LastError = EntryReplyFailed, OutboxFailed, time.Time{}, sendErr.Error()
		default:
			kind, cur.NextAttemptAt, cur.LastError = EntryReplyRetry, now.Add(d.Backoff(cur.Attempts)), sendErr.Error()
		}
		if err := tx.UpdateOutbound(cur); err != nil {
			return fmt.Errorf("record reply %s: %w", cur.ID, err)
		}
		*o = *cur
		ev := ReplyEvent{ID: cur.ID, Message: cur.Source, MessageID: cur.MessageID, To: cur.To, Kind: cur.Kind,
			Status: cur.Status, Attempts: cur.Attempts, Error: cur.LastError}
		return s.appendEntry(tx, kind, ActorIntake, cur.ID, ev)
	})
	if err != nil {
		return fmt.Errorf("record delivery of reply %s: %w", o.ID, err)
	}
	if !recorded {
		return nil
	}
	n.Replies = append(n.Replies, *o)
	switch {
	case o.Status == OutboxSent:
		n.Sent++
	case o.Status == OutboxFailed:
		n.Failed++
	case sendErr != nil:
		n.Retry++
	}
	return nil
}
