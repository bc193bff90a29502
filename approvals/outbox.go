package approvals

import (
	"fmt"
	"time"
)

// OutboxStatus is where a reply stands in the outbox.
type OutboxStatus string

// The outbox statuses. A suppressed reply is recorded and never sent.
const (
	OutboxQueued     OutboxStatus = "queued"
	OutboxSent       OutboxStatus = "sent"
	OutboxFailed     OutboxStatus = "failed"
	OutboxSuppressed OutboxStatus = "suppressed"
)

// DefaultReplyLimit is smtp.max_replies_per_hour when unset: how many
// replies one address may receive in an hour.
const DefaultReplyLimit = 10

// An Outbound is one reply in the outbox.
type Outbound struct {
	// ID is the store's id ("o-000001").
	ID string
	// MessageID is the reply's own Message-ID, without angle brackets,
	// fixed when the reply is composed so that a resend reuses it.
	MessageID string
	// Source is the store id of the message answered.
	Source  string
	To      string
	Subject string
	// Body is the whole RFC 5322 message to send.
	Body []byte
	// Kind is what the reply tells (applied, waiting, mixed, ...).
	Kind   string
	Status OutboxStatus
	// Reason says why a suppressed reply is not sent.
	Reason        string
	Attempts      int
	NextAttemptAt time.Time
	LastError     string
	CreatedAt     time.Time
	SentAt        time.Time
	// BouncedAt is when a bounce naming this reply was received; zero
	// when none was. A bounced reply keeps its status (sent, as a rule):
	// see RecordBounce.
	BouncedAt time.Time
	// Bounce is the store id of the message that bounced it.
	Bounce string
}

// OutboxStore is the part of Tx that keeps the outbox.
type OutboxStore interface {
	// CreateOutbound records o and sets o.ID. A Message-ID already in the
	// outbox is an *Error with code EINVALID.
	CreateOutbound(o *Outbound) error
	// Outbound returns the reply with that id, or an *Error with code
	// ENOTFOUND.
	Outbound(id string) (*Outbound, error)
	// DueReplies returns up to limit queued replies whose next attempt
	// is at or before now, the earliest due first; every one when limit
	// is not positive.
	DueReplies(now time.Time, limit int) ([]Outbound, error)
	// UpdateOutbound saves o's status, attempts, next attempt, last error
	// and sent time; an unknown o.ID is an *Error with code ENOTFOUND.
	UpdateOutbound(o *Outbound) error
	// Outbox returns the replies with that status, every one when status
	// is "", the newest first.
	Outbox(status OutboxStatus) ([]Outbound, error)
	// LatestReply returns the newest reply to the message with that
	// store id that is queued or sent, or an *Error with code ENOTFOUND
	// when there is none.
	LatestReply(source string) (*Outbound, error)
	// RepliesTo counts the replies to the address (case-insensitive)
	// created at or after since, suppressed ones excepted.
	RepliesTo(addr string, since time.Time) (int, error)
	// OutboundByMessageID returns the reply whose own Message-ID (without
	// angle brackets) is id, or an *Error with code ENOTFOUND.
	OutboundByMessageID(id string) (*Outbound, error)
	// MarkBounced sets the bounce time and bouncing message of the reply
	// with o.ID; an unknown o.ID is an *Error with code ENOTFOUND.
	MarkBounced(o *Outbound) error
	// OutboxSummary returns the state of the queue, in one cheap read.
	OutboxSummary() (OutboxSummary, error)
}

// OutboxSummary is what the metrics and the health check read of the
// outbox.
type OutboxSummary struct {
	// Queued counts the replies waiting to be sent.
	Queued int
	// OldestQueued is the earliest time a queued reply was last queued:
	// when it was written or, when staff retried it since (RetryReply),
	// when they did; zero when none is queued. A reply's own retries
	// after a failed attempt do not count: it stays queued through them.
	OldestQueued time.Time
	// LastSent is the latest send time of any reply; zero when none was
	// ever sent.
	LastSent time.Time
}

// The ledger entry kinds of the outbox; their Data is a ReplyEvent.
const (
	EntryReplyQueued     EntryKind = "reply.queued"
	EntryReplySuppressed EntryKind = "reply.suppressed"
	EntryReplySent       EntryKind = "reply.sent"
	EntryReplyRetry      EntryKind = "reply.retry"
	EntryReplyFailed     EntryKind = "reply.failed"
	EntryReplyBounced    EntryKind = "reply.bounced"
)

// ReplyEvent is the Data of the reply.* entries. It never holds the body.
type ReplyEvent struct {
	ID        string       `json:"id"`
	Message   string       `json:"message"`
	MessageID string       `json:"message_id"`
	To        string       `json:"to"`
	Kind      string       `json:"kind"`
	Status    OutboxStatus `json:"status"`
	Reason    string       `json:"reason,omitempty"`
	Attempts  int          `json:"attempts,omitempty"`
	// Error is the delivery error of a retry or failure.
	Error string `json:"error,omitempty"`
	// Cause is what a reply after the message answers; "" for the reply
	// to a message just received.
	Cause ReplyCause `json:"cause,omitempty"`
	// Bounce is the store id of the message that bounced the reply.
	Bounce string `json:"bounce,omitempty"`
}

// ReplyFunc returns the reply to a message just received and decided,
// nil when none is due. It runs inside the transaction that records res,
// so it must not do I/O or wait; an error rolls the transaction back.
type ReplyFunc func(res *Result, in Inbound) (*Outbound, error)

// queueReply asks s.cfg.Reply for the reply to res and records it in tx
// with its ledger entry: queued, or suppressed when its address already
// had s.cfg.ReplyLimit replies in the hour before now. The deadlines
// it shows are counted with rv's settings.
func (s *Service) queueReply(tx Tx, rv *txResolver, res *Result, in Inbound) error {
	if s.cfg.Reply == nil || res.Known {
		return nil
	}
	if err := s.offerCodes(res); err != nil {
		return err
	}
	for _, r := range res.Requests {
		if r.Status != StatusWaiting {
			continue
		}
		set, err := rv.settings()
		if err != nil {
			return err
		}
		if res.Deadlines == nil {
			res.Deadlines = map[string]time.Time{}
		}
		res.Deadlines[r.ID] = deadline(&r, set.RemovalWait)
	}
	offers := res.Offers
	o, err := s.cfg.Reply(res, in)
	res.Offers, res.Deadlines = nil, nil // the codes leave only in the reply
	if err != nil || o == nil {
		return err
	}
	if err := s.enqueue(tx, o, res.Message.ID, ""); err != nil {
		return err
	}
	res.Reply = o
	return s.keepOffers(tx, res, offers, o)
}

// enqueue records the reply o to the message source in tx with its ledger
// entry: queued, or suppressed when its address already had
// s.cfg.ReplyLimit replies in the hour before now. cause is "" for the
// reply to a message just received.
func (s *Service) enqueue(tx Tx, o *Outbound, source string, cause ReplyCause) error {
	now := s.now()
	o.Source, o.CreatedAt, o.Status, o.Attempts = source, now, OutboxQueued, 0
	n, err := tx.RepliesTo(o.To, now.Add(-time.Hour))
	if err != nil {
		return fmt.Errorf("count replies to %s: %w", o.To, err)
	}
	kind := EntryReplyQueued
	if n >= s.cfg.ReplyLimit {
		o.Status, kind = OutboxSuppressed, EntryReplySuppressed
		o.Reason = fmt.Sprintf("rate limit: %d replies to this address in the last hour (smtp.max_replies_per_hour %d)", n, s.cfg.ReplyLimit)
	} else {
		o.NextAttemptAt = now
	}
	if err := tx.CreateOutbound(o); err != nil {
		return fmt.Errorf("queue reply to message %s: %w", source, err)
	}
	ev := ReplyEvent{ID: o.ID, Message: o.Source, MessageID: o.MessageID, To: o.To, Kind: o.Kind,
		Status: o.Status, Reason: o.Reason, Cause: cause}
	return s.appendEntry(tx, kind, ActorIntake, o.ID, ev)
}
