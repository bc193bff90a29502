package approvals

import (
	"fmt"
	"time"
)

// Confirmation by reply (docs/replies.md): a request held only because
// intake could not be sure what a proven sender meant is restated in the
// pending reply with a one-time code; the sender's reply carrying the code
// confirms it, and the request is decided again with that doubt lifted.

// DefaultConfirmTTL is smtp.confirm_ttl when unset: how long a code
// offered in a reply may be used.
const DefaultConfirmTTL = 72 * time.Hour

// A Confirmation is one code offered in a reply, bound to one request and
// its sender. The code itself is never stored, only its hash (CodeHash).
type Confirmation struct {
	// ID is the store's id ("c-000001").
	ID string
	// CodeHash is the hex SHA-256 of the code (CodeHash).
	CodeHash string
	// Request is the store id of the request the code confirms.
	Request string
	// PartnerID and PropertyID are the request's resolution as the reply
	// restated it.
	PartnerID, PropertyID string
	// Sender is the address the code was sent to, lowercased (EmailKey).
	Sender string
	// ReplyMessageID is the Message-ID of the reply that carried the
	// code, without angle brackets.
	ReplyMessageID string
	CreatedAt      time.Time
	ExpiresAt      time.Time
	// UsedAt and UsedBy (the store id of the confirming message) are set
	// when the code is used; zero and "" until then.
	UsedAt time.Time
	UsedBy string
}

// ConfirmationStore is the part of Tx that keeps the confirmation codes.
type ConfirmationStore interface {
	// CreateConfirmation records c and sets c.ID. An unknown request or
	// reply Message-ID is an *Error with code EINVALID.
	CreateConfirmation(c *Confirmation) error
	// ConfirmationsByCode returns the codes with that hash, oldest first;
	// none is not an error.
	ConfirmationsByCode(hash string) ([]Confirmation, error)
	// ConfirmationsByReply returns the codes carried by the replies with
	// those Message-IDs, oldest first; none is not an error.
	ConfirmationsByReply(messageIDs []string) ([]Confirmation, error)
	// UseConfirmation records c.UsedAt and c.UsedBy on the unused code
	// c.ID. A code already used is an *Error with code ECONFLICT, an
	// unknown one ENOTFOUND.
	UseConfirmation(c *Confirmation) error
}

// The ledger entry kinds of confirmation by reply. confirm.offered (Data:
// ConfirmEvent) records a code sent for a request, request.confirmed
// (actor: the sender's address) a code used, and confirm.refused a reply
// that did not confirm, with its Refusal.
const (
	EntryConfirmOffered EntryKind = "confirm.offered"
	EntryRequestConfirm EntryKind = "request.confirmed"
	EntryConfirmRefused EntryKind = "confirm.refused"
)

// Refusal says why a reply in a confirmation thread confirmed nothing
// (docs/decisions.md, confirmation by reply).
type Refusal string

// The refusals, in the order they are tested for a code.
const (
	RefusalNoCode        Refusal = "no_code"        // the reply's own text holds no code
	RefusalQuotedOnly    Refusal = "quoted_only"    // a code only in the quoted text
	RefusalWrongCode     Refusal = "wrong_code"     // a code that was never offered
	RefusalOtherSender   Refusal = "other_sender"   // the code was sent to another address
	RefusalNotAddressed  Refusal = "not_addressed"  // the reply is not addressed to the inbox
	RefusalUnproven      Refusal = "unproven"       // the reply's sender is not proven
	RefusalStale         Refusal = "stale"          // the reply fails the freshness check
	RefusalOutsideThread Refusal = "outside_thread" // the reply does not answer the reply with the code
	RefusalUsed          Refusal = "used"           // the code was used before
	RefusalExpired       Refusal = "expired"        // the code's time ran out
	RefusalDecided       Refusal = "decided"        // the request is no longer held for a doubt alone
	RefusalChanged       Refusal = "changed"        // the request was resolved otherwise since
	RefusalDoubt         Refusal = "doubt"          // intake is not sure of the reply's own text
	RefusalOtherText     Refusal = "other_text"     // the reply says more than the code and courtesy
)

// ConfirmEvent is the Data of the confirm.* and request.confirmed
// entries. It never holds the code.
type ConfirmEvent struct {
	Request string `json:"request"`
	// Confirmation is the code's store id; "" when no code matched.
	Confirmation string `json:"confirmation,omitempty"`
	// Reply is the Message-ID of the reply that carried the code.
	Reply string `json:"reply,omitempty"`
	// Message is the store id of the confirming (or refused) message.
	Message string    `json:"message,omitempty"`
	Expires time.Time `json:"expires,omitzero"`
	Refusal Refusal   `json:"refusal,omitempty"`
	Detail  string    `json:"detail,omitempty"`
}

// An Offer is the code offered for one request in the reply being
// composed (Result.Offers).
type Offer struct {
	// Code is the one-time code, as the sender must write it back.
	Code    string
	Expires time.Time
}

// intentChecks are the checks whose failure means only that intake could
// not be sure what the sender meant: the ones a confirmation lifts.
var intentChecks = map[string]bool{CheckBody: true, CheckContent: true, CheckIntent: true}

// Confirmable reports whether r may be confirmed by its sender: pending,
// with a passed identity and freshness check, and every failed check one
// of body, content and intent (at least one). Any other failure (an
// unknown or ambiguous name, permission, the addressing or the policy)
// is for staff.
func Confirmable(r *Request) bool {
	if r.Status != StatusPending || r.IsMessageItem() {
		return false
	}
	doubt, proven, fresh := false, false, false
	for _, c := range r.Checks {
		switch {
		case c.Name == CheckIdentity:
			proven = c.OK
		case c.Name == CheckFreshness:
			fresh = c.OK
		case c.OK:
		case intentChecks[c.Name]:
			doubt = true
		default:
			return false
		}
	}
	return doubt && proven && fresh
}

// offerCodes sets res.Offers: a new code for each confirmable request of
// res, which the reply being composed may carry.
func (s *Service) offerCodes(res *Result) error {
	res.Offers = nil
	for i := range res.Requests {
		if !Confirmable(&res.Requests[i]) {
			continue
		}
		code, err := NewCode()
		if err != nil {
			return err
		}
		if res.Offers == nil {
			res.Offers = map[string]Offer{}
		}
		res.Offers[res.Requests[i].ID] = Offer{Code: code, Expires: s.now().Add(s.cfg.ConfirmTTL)}
	}
	return nil
}

// keepOffers records the codes offered for res in the reply o, each with
// a confirm.offered entry, when o is queued: a suppressed reply is never
// sent, so its codes are never kept.
func (s *Service) keepOffers(tx Tx, res *Result, offers map[string]Offer, o *Outbound) error {
	if o.Status != OutboxQueued {
		return nil
	}
	for _, r := range res.Requests {
		of, ok := offers[r.ID]
		if !ok {
			continue
		}
		c := &Confirmation{CodeHash: CodeHash(of.Code), Request: r.ID, PartnerID: r.PartnerID, PropertyID: r.PropertyID,
			Sender: EmailKey(r.Sender), ReplyMessageID: o.MessageID, CreatedAt: s.now(), ExpiresAt: of.Expires}
		if err := tx.CreateConfirmation(c); err != nil {
			return fmt.Errorf("offer confirmation of request %s: %w", r.ID, err)
		}
		ev := ConfirmEvent{Request: r.ID, Confirmation: c.ID, Reply: o.MessageID, Expires: c.ExpiresAt}
		if err := s.appendEntry(tx, EntryConfirmOffered, ActorIntake, r.ID, ev); err != nil {
			return err
		}
	}
	return nil
}

// confirmByReply confirms the requests whose codes the message of res
// carries (docs/replies.md), appending each confirmed request, decided
// again, to res.Requests, and records a confirm.refused entry for each
// code or thread that did not confirm. It reports true when a request was
// confirmed by a message without a request of its own: that message then
// needs no review item. The requests are decided again under set.
func (s *Service) confirmByReply(tx Tx, res *Result, in Inbound, set Settings) (bool, error) {
	if in.Parsed == nil || res.Message.Outcome != OutcomeProcessed && res.Message.Outcome != OutcomeNoRequest {
		return false, nil
	}
	at, err := s.readAttempt(tx, res.Message, in)
	if err != nil || at == nil {
		return false, err
	}
	confirmed := 0
	for _, c := range at.matched {
		r, refusal, detail, err := s.checkCode(tx, at, c)
		if err != nil {
			return false, err
		}
		if refusal != "" {
			if err := s.refuse(tx, res.Message, c.Request, &c, refusal, detail); err != nil {
				return false, err
			}
			continue
		}
		if err := s.confirm(tx, res.Message, r, &c, set); err != nil {
			return false, err
		}
		res.Requests = append(res.Requests, *r)
		confirmed++
	}
	for _, c := range at.unanswered {
		if err := s.refuse(tx, res.Message, c.Request, &c, at.refusal, ""); err != nil {
			return false, err
		}
	}
	return confirmed > 0 && res.Message.Outcome == OutcomeNoRequest, nil
}

// refuse records that msg did not confirm the request.
func (s *Service) refuse(tx Tx, msg Message, request string, c *Confirmation, why Refusal, detail string) error {
	ev := ConfirmEvent{Request: request, Confirmation: c.ID, Reply: c.ReplyMessageID, Message: msg.ID,
		Refusal: why, Detail: detail}
	s.log.Info("confirmation refused", logMessage, msg.ID, logRequest, request, logReason, why)
	return s.appendEntry(tx, EntryConfirmRefused, ActorIntake, request, ev)
}

// confirm uses the code c with msg and decides r again with its intent
// doubt lifted, every other check run as of now; it is applied when they
// all pass, under set. The entries' actor is the sender.
func (s *Service) confirm(tx Tx, msg Message, r *Request, c *Confirmation, set Settings) error {
	c.UsedAt, c.UsedBy = s.now(), msg.ID
	if err := tx.UseConfirmation(c); err != nil {
		return fmt.Errorf("use confirmation %s: %w", c.ID, err)
	}
	sender := EmailKey(msg.Sender)
	f, d, err := s.redecide(tx, r, rerun{confirmedBy: sender, confirmedIn: msg.ID}, set.Policy)
	if err != nil {
		return err
	}
	ev := ConfirmEvent{Request: r.ID, Confirmation: c.ID, Reply: c.ReplyMessageID, Message: msg.ID}
	if err := s.appendEntry(tx, EntryRequestConfirm, sender, r.ID, ev); err != nil {
		return err
	}
	if err := s.applyDecision(tx, r, f, d, sender, false); err != nil {
		return err
	}
	s.log.Info("request confirmed", logRequest, r.ID, logMessage, msg.ID, logStatus, r.Status)
	return nil
}
