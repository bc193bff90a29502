package console

import (
	"context"
	"time"

	"intake/approvals"
	"intake/parser"
)

// Backend is what the console needs from intake: the review queue and its
// actions, the directory, the ledger, staff sign-in and the sessions.
// Adapter implements it over an approvals.Service. Errors that carry an
// approvals error code are shown to staff with the matching HTTP status.
type Backend interface {
	// Queue returns the page of the queue q selects, and the counts per
	// reason.
	Queue(ctx context.Context, q QueueQuery) (*QueueResult, error)
	// Show returns one request with its message (approvals.Service.Show).
	Show(ctx context.Context, id string) (*approvals.RequestDetail, error)
	// Reading returns the parse of the message with that store id, nil
	// with a nil error when the message cannot be parsed.
	Reading(ctx context.Context, messageID string) (*parser.Message, error)
	// Raw returns the raw message with that store id.
	Raw(ctx context.Context, messageID string) ([]byte, error)

	Approve(ctx context.Context, id, actor, note string) (*approvals.Request, error)
	// Reject rejects the request the page showed with status seen; a
	// request whose status changed since is not rejected
	// (approvals.Service.RejectSeen).
	Reject(ctx context.Context, id, actor, note string, seen approvals.Status) (*approvals.Request, error)
	Resolve(ctx context.Context, id, actor, partnerID, propertyID string) (*approvals.Request, error)
	// Create turns a no_request or body_mismatch item into a request.
	Create(ctx context.Context, id, actor string, c Creation) (*approvals.Request, error)

	// Directory returns the whole current directory.
	Directory(ctx context.Context) (*approvals.Directory, error)
	// History returns the ledger entries about the subjects, oldest first.
	History(ctx context.Context, subjects []string) ([]approvals.Entry, error)
	// RecentEntries returns the last limit ledger entries, newest first.
	RecentEntries(ctx context.Context, limit int) ([]approvals.Entry, error)
	// VerifyLedger runs `intake ledger verify`.
	VerifyLedger(ctx context.Context) (*LedgerCheck, error)
	// LastAudit returns the last stored audit run, nil before the first.
	LastAudit(ctx context.Context) (*AuditRun, error)

	// VerifyStaff returns the active staff account with that address and
	// password; any failure (unknown, disabled, wrong password) is one
	// error, so that a caller learns nothing about which.
	VerifyStaff(ctx context.Context, email, password string) (Staff, error)
	// ActiveStaff returns nil when email is an active staff account, and
	// an error with code approvals.EUNAUTHORIZED when it is not (any
	// more).
	ActiveStaff(ctx context.Context, email string) error

	Sessions
}

// Sessions stores console sessions under the hash of their id. Session
// returns an error with code approvals.ENOTFOUND for an unknown hash.
type Sessions interface {
	CreateSession(ctx context.Context, s Session) error
	Session(ctx context.Context, idHash string) (*Session, error)
	TouchSession(ctx context.Context, idHash string, at time.Time) error
	DeleteSession(ctx context.Context, idHash string) error
}

// QueueQuery selects one page of the review queue.
type QueueQuery struct {
	// Filter selects by status (pending and waiting when empty),
	// property, partner and action.
	Filter approvals.RequestFilter
	// Reason is a reason code, or the outcome of a message review item
	// ("no_request", "unreadable"); "" for all.
	Reason string
	// Sender keeps the items whose sender contains it, ignoring case.
	Sender string
	// ReceivedBefore keeps the items received before it; zero for all.
	ReceivedBefore time.Time
	// Sort is "oldest" (the default), "newest", "sender", "partner",
	// "property" or "reason".
	Sort string
	// Offset and Limit are the page.
	Offset, Limit int
}

// QueueResult is a page of the queue and the counts per reason code (a
// message review item counts under its message outcome) of the items
// that pass every filter but the reason.
type QueueResult struct {
	Items  []approvals.QueueItem
	Counts map[string]int
}

// A Session is one signed-in session, stored under IDHash, the hex
// SHA-256 of the id the browser holds.
type Session struct {
	IDHash   string
	Staff    string
	CSRF     string
	Created  time.Time
	LastSeen time.Time
}

// Staff is a staff account that may sign in.
type Staff struct {
	Email string
}

// A Creation is the request staff read in a message that intake did not.
type Creation struct {
	Action     approvals.Action
	PartnerID  string
	PropertyID string
}

// LedgerCheck is the result of a ledger verification, for the ledger
// page.
type LedgerCheck struct {
	OK       bool
	Entries  int
	FirstBad int64
	Problem  string
	// StateDiff are the differences between the replayed and the
	// current state.
	StateDiff []string
	At        time.Time
}
