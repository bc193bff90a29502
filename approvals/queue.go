package approvals

import (
	"context"
	"fmt"
	"time"
)

// CheckMessage is the check recorded on a message review item.
const CheckMessage = "message"

// IsMessageItem reports whether r is a message review item rather than a
// request.
//
// docs/decisions.md sends no_request and unreadable messages to the review
// queue, but its reason table has no code for them. Such a message is
// therefore queued as a Request with no Action, partner or property,
// status pending and reason "", standing for the whole message; its
// message outcome (QueueItem.Outcome) says why it is there. Staff close
// it with Reject (a note is required); it cannot be approved or resolved.
func (r *Request) IsMessageItem() bool { return r.Action == "" }

// createMessageItem queues message m for staff to read. gates are the
// message-level checks of a parsed message, recorded after the item's
// own check so that staff see the sender evidence and a request created
// from the item (Create) keeps them.
func (s *Service) createMessageItem(tx Tx, m *Message, gates []Check) (*Request, error) {
	detail := "no request was found in the visible new text"
	if m.Outcome == OutcomeUnreadable {
		detail = "the message cannot be parsed: " + m.Error
	}
	r := &Request{MessageID: m.ID, Status: StatusPending, Sender: m.Sender,
		ReceivedAt: m.ReceivedAt, DecidedAt: s.now(), DecidedBy: ActorIntake,
		Checks: append([]Check{{Name: CheckMessage, Detail: detail}}, gates...)}
	if err := saveRequest(tx, r, true); err != nil {
		return nil, err
	}
	return r, s.appendEntry(tx, EntryDecision, ActorIntake, r.ID, decisionEvent(r))
}

// A QueueItem is one line of the review queue; its JSON form is the
// `intake queue list --json` shape (docs/commands.md). Outcome is set for
// message review items (see Request.IsMessageItem).
type QueueItem struct {
	ID         string    `json:"id"`
	Status     Status    `json:"status"`
	Reason     Reason    `json:"reason"`
	Action     Action    `json:"action"`
	Partner    string    `json:"partner"`
	Property   string    `json:"property"`
	PartnerID  string    `json:"partner_id"`
	PropertyID string    `json:"property_id"`
	Sender     string    `json:"sender"`
	MessageID  string    `json:"message_id"` // the Message-ID header
	Subject    string    `json:"subject"`
	ReceivedAt time.Time `json:"received_at"`
	Outcome    Outcome   `json:"outcome,omitempty"`
	// DecidedAt and DecidedBy say when and by whom the status was set.
	DecidedAt time.Time `json:"decided_at"`
	DecidedBy string    `json:"decided_by,omitempty"`
	// Deadline is when a waiting removal expires (Service.Deadline);
	// nil for other statuses.
	Deadline *time.Time `json:"deadline,omitempty"`
}

// Queue returns the requests that match f, oldest first, as queue items.
// A filter without Status selects pending and waiting requests. It
// returns the Store's error wrapped when reading fails.
func (s *Service) Queue(ctx context.Context, f RequestFilter) ([]QueueItem, error) {
	if len(f.Status) == 0 {
		f.Status = []Status{StatusPending, StatusWaiting}
	}
	items := []QueueItem{}
	err := s.store.View(ctx, func(tx Tx) error {
		reqs, err := tx.Requests(f)
		if err != nil {
			return fmt.Errorf("list requests: %w", err)
		}
		set, err := s.settingsIn(tx)
		if err != nil {
			return err
		}
		msgs := map[string]*Message{}
		for _, r := range reqs {
			m, ok := msgs[r.MessageID]
			if !ok {
				if m, err = tx.Message(r.MessageID); err != nil {
					return fmt.Errorf("read message of request %s: %w", r.ID, err)
				}
				msgs[r.MessageID] = m
			}
			it := queueItem(&r, m)
			if d := deadline(&r, set.RemovalWait); !d.IsZero() {
				it.Deadline = &d
			}
			items = append(items, it)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read queue: %w", err)
	}
	return items, nil
}

func queueItem(r *Request, m *Message) QueueItem {
	it := QueueItem{ID: r.ID, Status: r.Status, Reason: r.Reason, Action: r.Action,
		Partner: r.Partner, Property: r.Property, PartnerID: r.PartnerID, PropertyID: r.PropertyID,
		Sender: r.Sender, MessageID: m.MessageID, Subject: m.Subject, ReceivedAt: r.ReceivedAt,
		DecidedAt: r.DecidedAt, DecidedBy: r.DecidedBy}
	if r.IsMessageItem() {
		it.Outcome = m.Outcome
	}
	return it
}

// Deadline returns when the waiting removal r expires (the stored
// workflow.removal_wait after the decision that made it waiting), and the
// zero time when r is not waiting. It reads the stored settings in a
// transaction of its own; when that fails it logs the error and counts
// with the Config's wait, as a deadline shown is only advice (expiry
// itself reads the stored wait in its own transaction).
func (s *Service) Deadline(r *Request) time.Time {
	if r.Status != StatusWaiting {
		return time.Time{}
	}
	set, err := s.Settings(context.Background())
	if err != nil {
		s.log.Warn("deadline counted with the configured removal wait", logError, err)
		set = s.fallback
	}
	return deadline(r, set.RemovalWait)
}

// deadline is Deadline with the removal wait given.
func deadline(r *Request, wait time.Duration) time.Time {
	if r.Status != StatusWaiting {
		return time.Time{}
	}
	return r.DecidedAt.Add(wait)
}

// RequestDetail is everything staff need to judge one request.
type RequestDetail struct {
	Request Request
	Message Message
	// Others are the other requests of the same message.
	Others []Request
	// Deadline is when a waiting removal expires; zero otherwise.
	Deadline time.Time
}

// RawMessage returns the record and the raw RFC 5322 bytes of the
// message the request or review item id was read from. It returns an
// *Error with code ENOTFOUND when there is no such request, and the
// Store's error wrapped when reading fails.
func (s *Service) RawMessage(ctx context.Context, id string) (*Message, []byte, error) {
	var (
		m   *Message
		raw []byte
	)
	err := s.store.View(ctx, func(tx Tx) error {
		r, err := tx.Request(id)
		if err != nil {
			return err
		}
		if m, err = tx.Message(r.MessageID); err != nil {
			return fmt.Errorf("read message: %w", err)
		}
		if raw, err = tx.Raw(m.Hash); err != nil {
			return fmt.Errorf("read raw message %s: %w", m.ID, err)
		}
		return nil
	})
	if err != nil {
		return nil, nil, fmt.Errorf("read the message of %s: %w", id, err)
	}
	return m, raw, nil
}

// Show returns the request with that id, its message and the message's
// other requests. It returns an *Error with code ENOTFOUND when there is
// no such request.
func (s *Service) Show(ctx context.Context, id string) (*RequestDetail, error) {
	var d RequestDetail
	err := s.store.View(ctx, func(tx Tx) error {
		r, err := tx.Request(id)
		if err != nil {
			return err
		}
		m, err := tx.Message(r.MessageID)
		if err != nil {
			return fmt.Errorf("read message: %w", err)
		}
		all, err := tx.Requests(RequestFilter{MessageID: r.MessageID})
		if err != nil {
			return fmt.Errorf("list requests: %w", err)
		}
		set, err := s.settingsIn(tx)
		if err != nil {
			return err
		}
		d.Request, d.Message, d.Deadline = *r, *m, deadline(r, set.RemovalWait)
		for _, o := range all {
			if o.ID != r.ID {
				d.Others = append(d.Others, o)
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("show request %s: %w", id, err)
	}
	return &d, nil
}
