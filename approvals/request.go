package approvals

import (
	"time"

	"intake/parser"
)

// Outcome is what happened to a message as a whole (docs/decisions.md).
type Outcome string

// The message outcomes.
const (
	OutcomeProcessed  Outcome = "processed"
	OutcomeNoRequest  Outcome = "no_request"
	OutcomeIgnored    Outcome = "ignored"
	OutcomeDuplicate  Outcome = "duplicate"
	OutcomeUnreadable Outcome = "unreadable"
)

// Status is where a request stands.
type Status string

// The request statuses.
const (
	StatusApplied  Status = "applied"
	StatusPending  Status = "pending"
	StatusWaiting  Status = "waiting"
	StatusRejected Status = "rejected"
	StatusNoop     Status = "noop"
	StatusExpired  Status = "expired"
)

// Reason is the primary reason a request was not applied. The strings are
// part of the product contract (docs/decisions.md).
type Reason string

// The reasons.
const (
	ReasonNone                   Reason = ""
	ReasonUnauthenticatedSender  Reason = "unauthenticated_sender"
	ReasonStaleMessage           Reason = "stale_message"
	ReasonNotAddressedToInbox    Reason = "not_addressed_to_inbox"
	ReasonUnknownPartner         Reason = "unknown_partner"
	ReasonUnknownProperty        Reason = "unknown_property"
	ReasonAmbiguous              Reason = "ambiguous"
	ReasonSuspiciousName         Reason = "suspicious_name"
	ReasonBodyMismatch           Reason = "body_mismatch"
	ReasonUnverifiedContent      Reason = "unverified_content"
	ReasonHeldBySender           Reason = "held_by_sender"
	ReasonReviewRequired         Reason = "review_required"
	ReasonNoPermission           Reason = "no_permission"
	ReasonAlreadyEnabled         Reason = "already_enabled"
	ReasonNotEnabled             Reason = "not_enabled"
	ReasonPartnerAssignedToDoors Reason = "partner_assigned_to_doors"
)

// Action is what a request asks for; it is the parser's action.
type Action = parser.Action

// The actions.
const (
	ActionAdd    = parser.ActionAdd
	ActionRemove = parser.ActionRemove
)

// A Message is the record of one received message.
type Message struct {
	// ID is the store's id for this message record.
	ID string
	// MessageID is the Message-ID header ("" when absent).
	MessageID string
	// Hash is the hex SHA-256 of the raw message; the raw bytes are
	// stored once under it.
	Hash string
	// Source says where it came from ("imap:INBOX/UIDVALIDITY/UID", "file:NAME").
	Source     string
	Sender     string
	Subject    string
	ReceivedAt time.Time
	Outcome    Outcome
	// Error is the parse error of an unreadable message.
	Error string
	// Evidence is the sender-identity evidence line.
	Evidence string
}

// A Check is one check run on a request, and its evidence.
type Check struct {
	Name   string `json:"name"`
	OK     bool   `json:"ok"`
	Detail string `json:"detail"`
}

// A Request is one (action, partner, property) request read from a message,
// with its resolution and current decision.
type Request struct {
	ID        string
	MessageID string // the store id of the Message it came from
	Action    Action
	// Partner and Property are the phrases as written.
	Partner, Property string
	// PartnerID and PropertyID are the resolution; "" when unresolved.
	PartnerID, PropertyID string
	// Suggestions are directory ids offered for an unresolved or
	// ambiguous name.
	Suggestions []string
	Status      Status
	Reason      Reason
	// Checks are the checks of the latest decision, in the order run.
	Checks []Check
	// Doors are the door ids that block a waiting removal.
	Doors      []string
	Sender     string
	ReceivedAt time.Time
	DecidedAt  time.Time
	// DecidedBy is the ledger actor of the decision that set Status
	// ("intake", "staff:EMAIL"); "" for requests decided before it was
	// recorded.
	DecidedBy string
	// Note is the latest staff note.
	Note string
}
