package replies

import (
	"fmt"
	"time"

	"intake/approvals"
)

// Kind is what a reply, or one request in it, tells the sender.
type Kind string

// The kinds. A reply listing requests of several kinds is KindMixed.
const (
	KindApplied  Kind = "applied"
	KindRejected Kind = "rejected"
	KindNoop     Kind = "noop"
	KindWaiting  Kind = "waiting"
	KindPending  Kind = "pending"
	KindExpired  Kind = "expired"
	KindMixed    Kind = "mixed"
	// KindReleased is a waiting removal applied once its last door was
	// unassigned; KindDeclined a request staff rejected.
	KindReleased Kind = "released"
	KindDeclined Kind = "declined"
	// KindConfirm is a pending request whose sender is asked to confirm
	// it with a one-time code (approvals.Result.Offers).
	KindConfirm Kind = "confirm"
)

// kindOf maps a request status to what the reply says of it.
var kindOf = map[approvals.Status]Kind{
	approvals.StatusApplied:  KindApplied,
	approvals.StatusRejected: KindRejected,
	approvals.StatusNoop:     KindNoop,
	approvals.StatusWaiting:  KindWaiting,
	approvals.StatusPending:  KindPending,
	approvals.StatusExpired:  KindExpired,
}

// WhoMay says who may send a request, for a refused one.
const WhoMay = "a property manager with permission on that property or on its portfolio"

// reasonWords are the reasons in words a manager understands. A reason
// missing here is told as "it did not pass our checks".
var reasonWords = map[approvals.Reason]string{
	approvals.ReasonUnknownPartner:         "we do not know a partner by that name",
	approvals.ReasonUnknownProperty:        "we do not know a property by that name",
	approvals.ReasonAmbiguous:              "the request can be read more than one way",
	approvals.ReasonSuspiciousName:         "a name in it looks like another, better-known name",
	approvals.ReasonBodyMismatch:           "the plain and formatted versions of your email say different things",
	approvals.ReasonUnverifiedContent:      "we could not check that the text we read is the text you saw",
	approvals.ReasonHeldBySender:           "your email also says something that may hold or change the request",
	approvals.ReasonReviewRequired:         "requests of this kind are reviewed by DOOR support",
	approvals.ReasonNoPermission:           "you do not have permission on that property",
	approvals.ReasonAlreadyEnabled:         "the partner already has access to that property",
	approvals.ReasonNotEnabled:             "the partner does not have access to that property",
	approvals.ReasonPartnerAssignedToDoors: "the partner is still assigned to doors of that property",
	approvals.ReasonNotAddressedToInbox:    "the email was not addressed to the partner-access address",
}

// Item is one request as a template sees it. Every string is cleaned
// (see clean) and safe to print.
type Item struct {
	Kind     Kind
	Action   string // "add" or "remove"
	Partner  string
	Property string
	// Reason is why it was not applied, in a manager's words; "" when
	// it was.
	Reason string
	// WhoMay is who may send the request (WhoMay).
	WhoMay string
	// Doors are the doors still assigned to the partner (waiting), or
	// the doors that are not connected and await a door update with the
	// DOOR App (released).
	Doors []string
	// Deadline is when a waiting removal expires, "" when unknown.
	Deadline string
	// Restatement is the request in plain words ("add Partner to
	// Property"), Code the one-time code that confirms it and Expires
	// when the code stops working; set for KindConfirm only.
	Restatement string
	Code        string
	Expires     string
}

// offer makes it a KindConfirm item asking for of's code.
func (it *Item) offer(of approvals.Offer) {
	it.Kind, it.Code, it.Expires = KindConfirm, of.Code, formatTime(of.Expires)
	it.Restatement = "remove " + it.Partner + " from " + it.Property
	if it.Action == string(approvals.ActionAdd) {
		it.Restatement = "add " + it.Partner + " to " + it.Property
	}
}

// formatTime is how a reply writes a time.
func formatTime(t time.Time) string { return t.UTC().Format("Monday 2 January 2006, 15:04 UTC") }

// newItem returns the Item of r; deadline is zero when unknown.
func newItem(r approvals.Request, deadline time.Time) (Item, error) {
	k, ok := kindOf[r.Status]
	if !ok {
		return Item{}, fmt.Errorf("request %s: no reply for status %q", r.ID, r.Status)
	}
	it := Item{Kind: k, Action: string(r.Action), Partner: clean(r.Partner), Property: clean(r.Property),
		WhoMay: WhoMay}
	if k != KindApplied {
		it.Reason = reasonWords[r.Reason]
		if it.Reason == "" && r.Reason != approvals.ReasonNone {
			it.Reason = "it did not pass our checks"
		}
	}
	for _, d := range r.Doors {
		it.Doors = append(it.Doors, clean(d))
	}
	if !deadline.IsZero() {
		it.Deadline = formatTime(deadline)
	}
	return it, nil
}

// replyKind returns the kind shared by every item, KindMixed when they
// differ.
func replyKind(items []Item) Kind {
	k := items[0].Kind
	for _, it := range items[1:] {
		if it.Kind != k {
			return KindMixed
		}
	}
	return k
}
