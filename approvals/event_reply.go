package approvals

import (
	"fmt"
	"time"
)

// ReplyCause says what a reply after the message answers: something that
// happened to the message's requests after the transaction that received
// it.
type ReplyCause string

// The causes of a reply after the message.
const (
	// CauseStaff is a staff decision on a pending item: Approve, Reject,
	// a Resolve that decides, or Create.
	CauseStaff ReplyCause = "staff"
	// CauseReleased is a waiting removal applied once its last door was
	// unassigned.
	CauseReleased ReplyCause = "released"
	// CauseExpired is a waiting removal that waited longer than
	// RemovalWait.
	CauseExpired ReplyCause = "expired"
)

// EventReply is what a reply after the message is composed from: one
// event's requests of one source message, as they are after the event.
type EventReply struct {
	Cause ReplyCause
	// Message is the source message's record and Raw its bytes, read
	// from the store: what the first reply was composed from.
	Message Message
	Raw     []byte
	// Requests are the requests of Message the event decided, in order.
	Requests []Request
	// Previous is the newest reply to Message that was or will be sent
	// (queued or sent), nil when there is none: the reply to thread
	// under.
	Previous *Outbound
	// Deadlines maps the id of each waiting request to when it expires.
	Deadlines map[string]time.Time
	// Updates maps the id of each released request to the names of its
	// property's doors that are not connected and await a door update.
	Updates map[string][]string
	// Now is the time of the event.
	Now time.Time
}

// EventReplyFunc returns the reply to ev, nil when none is due. Like
// ReplyFunc it runs inside the event's transaction, so it must not do I/O
// or wait; an error rolls the event back.
type EventReplyFunc func(ev EventReply) (*Outbound, error)

// queueEventReplies queues, in tx, one reply per source message of reqs
// for cause, through the outbox and its rate limit (see enqueue), when
// s.cfg.EventReply is set. Requests of one message are answered together,
// in the order of reqs.
func (s *Service) queueEventReplies(tx Tx, cause ReplyCause, reqs []Request) error {
	if s.cfg.EventReply == nil || len(reqs) == 0 {
		return nil
	}
	var order []string
	byMessage := map[string][]Request{}
	for _, r := range reqs {
		if byMessage[r.MessageID] == nil {
			order = append(order, r.MessageID)
		}
		byMessage[r.MessageID] = append(byMessage[r.MessageID], r)
	}
	for _, id := range order {
		if err := s.queueEventReply(tx, cause, id, byMessage[id]); err != nil {
			return fmt.Errorf("queue %s reply to message %s: %w", cause, id, err)
		}
	}
	return nil
}

// queueEventReply gathers the EventReply of one message's requests, asks
// s.cfg.EventReply for its reply and queues it.
func (s *Service) queueEventReply(tx Tx, cause ReplyCause, messageID string, reqs []Request) error {
	m, err := tx.Message(messageID)
	if err != nil {
		return fmt.Errorf("read message: %w", err)
	}
	raw, err := tx.Raw(m.Hash)
	if err != nil {
		return fmt.Errorf("read raw message: %w", err)
	}
	prev, err := tx.LatestReply(m.ID)
	switch {
	case ErrorCode(err) == ENOTFOUND:
		prev = nil
	case err != nil:
		return fmt.Errorf("read the last reply: %w", err)
	}
	ev := EventReply{Cause: cause, Message: *m, Raw: raw, Requests: reqs, Previous: prev,
		Deadlines: map[string]time.Time{}, Updates: map[string][]string{}, Now: s.now()}
	var set *Settings // read when a request waits: only a staff decision leaves one waiting
	for i := range reqs {
		r := &reqs[i]
		if r.Status == StatusWaiting && set == nil {
			cur, err := s.settingsIn(tx)
			if err != nil {
				return err
			}
			set = &cur
		}
		if r.Status == StatusWaiting {
			ev.Deadlines[r.ID] = deadline(r, set.RemovalWait)
		}
		if cause == CauseReleased && r.Status == StatusApplied {
			if ev.Updates[r.ID], err = awaitingUpdate(tx, r.PropertyID); err != nil {
				return err
			}
		}
	}
	o, err := s.cfg.EventReply(ev)
	if err != nil || o == nil {
		return err
	}
	return s.enqueue(tx, o, m.ID, cause)
}

// awaitingUpdate returns the names of the property's doors that are not
// connected and await a door update with the DOOR App.
func awaitingUpdate(tx Tx, propertyID string) ([]string, error) {
	doors, err := tx.Doors()
	if err != nil {
		return nil, fmt.Errorf("list doors: %w", err)
	}
	var out []string
	for _, d := range doors {
		if d.Property == propertyID && !d.Connected && d.AwaitingUpdate {
			out = append(out, d.Name)
		}
	}
	return out, nil
}

// released returns the requests of changed that a recheck applied (their
// last door was unassigned) and those it expired.
func released(changed []Request) (applied, expired []Request) {
	for _, r := range changed {
		switch r.Status {
		case StatusApplied:
			applied = append(applied, r)
		case StatusExpired:
			expired = append(expired, r)
		}
	}
	return applied, expired
}

// queueRecheckReplies queues the replies for what a recheck of waiting
// removals changed: released ones and expired ones, one reply per message
// and cause. A recheck that leaves a removal waiting on other doors, or
// makes it noop or rejected, is not answered.
func (s *Service) queueRecheckReplies(tx Tx, changed []Request) error {
	applied, expired := released(changed)
	if err := s.queueEventReplies(tx, CauseReleased, applied); err != nil {
		return err
	}
	return s.queueEventReplies(tx, CauseExpired, expired)
}

// queueStaffReply queues the reply for a staff decision on r, unless r
// is still pending (a Resolve that did not decide).
func (s *Service) queueStaffReply(tx Tx, r *Request) error {
	if r.Status == StatusPending {
		return nil
	}
	return s.queueEventReplies(tx, CauseStaff, []Request{*r})
}
