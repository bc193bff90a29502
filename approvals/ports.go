package approvals

import (
	"context"
	"encoding/json"
	"time"
)

// Store is the storage the workflow needs. Update runs fn in one read-write
// transaction and commits it only when fn returns nil; View runs fn in a
// read-only transaction. Implementations serialise writers so that two
// processes deciding the same message never both commit.
type Store interface {
	Update(ctx context.Context, fn func(Tx) error) error
	View(ctx context.Context, fn func(Tx) error) error
}

// Tx is one transaction's view of the state. Every method that changes
// state is recorded by the caller with Append in the same Tx. Methods that
// look up one thing return an *Error with code ENOTFOUND when it is absent.
type Tx interface {
	// Directory returns the whole current directory, doors and
	// enablements included.
	Directory() (*Directory, error)
	// Names returns the directory without its doors and enablements:
	// partners, portfolios, properties and managers, all that resolving
	// names and checking a sender's permission read.
	Names() (*Directory, error)
	// DirectoryVersion returns a token that changes whenever what Names
	// returns may have changed.
	DirectoryVersion() (string, error)
	// ReplaceDirectory replaces the directory, doors and enablements.
	// Requests and the ledger are kept.
	ReplaceDirectory(d *Directory) error
	// Manager returns the manager with that address (case-insensitive).
	Manager(email string) (*Manager, error)
	Property(id string) (*Property, error)
	Partner(id string) (*Partner, error)
	Door(id string) (*Door, error)
	// Doors returns every door, ordered by property then id.
	Doors() ([]Door, error)
	// AssignedDoors returns the ids of the property's doors assigned to
	// the partner, sorted.
	AssignedDoors(propertyID, partnerID string) ([]string, error)
	// PutDoor updates a door's partner and awaiting-update flag.
	PutDoor(d *Door) error

	// Enabled reports whether the partner is enabled on the property.
	Enabled(propertyID, partnerID string) (bool, error)
	// SetEnabled enables or disables the partner on the property.
	SetEnabled(propertyID, partnerID string, on bool) error
	// Enablements returns every enablement, sorted.
	Enablements() ([]Enablement, error)

	// MessageByMessageID returns the first message recorded with that
	// Message-ID; MessageByHash the first with that raw-content hash.
	MessageByMessageID(messageID string) (*Message, error)
	MessageByHash(hash string) (*Message, error)
	// PutRaw stores raw under its hash unless already stored.
	PutRaw(hash string, raw []byte) error
	// Raw returns the raw message stored under hash.
	Raw(hash string) ([]byte, error)
	// CreateMessage records a message and sets m.ID.
	CreateMessage(m *Message) error
	Message(id string) (*Message, error)
	// Messages returns every message record, oldest first.
	Messages() ([]Message, error)

	// CreateRequest records a request and sets r.ID; UpdateRequest saves
	// its resolution, status, reason, checks, doors and note.
	CreateRequest(r *Request) error
	UpdateRequest(r *Request) error
	Request(id string) (*Request, error)
	// Requests returns the requests that match f, oldest first.
	Requests(f RequestFilter) ([]Request, error)

	// Cursor returns the mailbox's cursor, the zero Cursor (with Mailbox
	// set) when there is none. SetCursor saves it; under the same
	// UIDValidity it never moves back.
	Cursor(mailbox string) (Cursor, error)
	SetCursor(c Cursor) error

	// Append adds an entry to the hash-chained ledger and returns it
	// with Seq, Prev and Hash set.
	Append(e Entry) (*Entry, error)

	StaffStore
	OutboxStore
	ConfirmationStore
	SettingsStore
}

// RequestFilter selects requests. Zero fields match everything.
type RequestFilter struct {
	Status []Status
	Reason Reason
	// Outcome selects the message review items (Request.IsMessageItem)
	// whose message has this outcome (no_request, unreadable).
	Outcome    Outcome
	MessageID  string // the store id of the message
	PropertyID string
	PartnerID  string
	Action     Action
	// Sender matches the From address without regard to case; a value
	// starting with "@" matches every address at that domain.
	Sender string
	// Since selects the requests received at or after it.
	Since time.Time
	// Limit, when positive, keeps only the first Limit matches.
	Limit int
}

// EntryKind names a kind of ledger entry.
type EntryKind string

// The ledger entry kinds. Replay (see replay.go) reproduces the current
// state from the kinds that change it.
const (
	EntryDirectoryLoad EntryKind = "directory.load" // Data: Directory
	EntryDoorAssign    EntryKind = "door.assign"    // Data: DoorEvent
	EntryDoorUnassign  EntryKind = "door.unassign"  // Data: DoorEvent
	EntryDoorSynced    EntryKind = "door.synced"    // Data: DoorEvent
	EntryMessage       EntryKind = "message"        // Data: MessageEvent
	EntryDecision      EntryKind = "decision"       // Data: DecisionEvent
	EntryEnable        EntryKind = "enable"         // Data: EnablementEvent
	EntryDisable       EntryKind = "disable"        // Data: EnablementEvent
	EntryReview        EntryKind = "review"         // Data: ReviewEvent
)

// An Entry is one ledger entry. Hash = SHA-256(Prev || canonical entry),
// where the canonical entry is the JSON encoding of Seq, Time, Kind, Actor,
// Subject and Data (docs/behaviour.md, storage).
type Entry struct {
	Seq     int64           `json:"seq"`
	Time    time.Time       `json:"time"`
	Kind    EntryKind       `json:"kind"`
	Actor   string          `json:"actor"`   // "intake", "staff:EMAIL", "door-os"
	Subject string          `json:"subject"` // what it is about: a request, door or message id
	Data    json.RawMessage `json:"data"`
	Prev    string          `json:"prev"`
	Hash    string          `json:"hash"`
}
