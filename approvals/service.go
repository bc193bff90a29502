package approvals

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"log/slog"
	"time"
)

// Policy says whether requests that pass every check are applied.
type Policy string

// The policies (docs/configuration.md, workflow.policy).
const (
	// PolicyAuto applies proven, permitted, unambiguous requests.
	PolicyAuto Policy = "auto"
	// PolicyReview leaves every such request pending review_required.
	PolicyReview Policy = "review"
)

// The defaults of Config.
const (
	DefaultMaxAge      = 720 * time.Hour
	DefaultRemovalWait = 336 * time.Hour
	// MaxFutureSkew is how far after receipt a Date may lie.
	MaxFutureSkew = 24 * time.Hour
)

// Config configures a Service. The zero value is usable: no inbox
// address (so every request fails the addressing check), the default
// durations, PolicyAuto, time.Now and no logging. Addresses, Policy and
// RemovalWait are the Settings used only on a database where none are
// stored: every transaction that decides reads the stored ones
// (Service.Settings).
type Config struct {
	// Addresses are the inbox's own addresses (imap.addresses); they
	// are compared case-insensitively.
	Addresses []string
	// MaxAge is auth.max_age; zero means DefaultMaxAge.
	MaxAge time.Duration
	// Policy is workflow.policy; "" means PolicyAuto, and any value
	// other than PolicyAuto is treated as PolicyReview.
	Policy Policy
	// RemovalWait is workflow.removal_wait: how long a removal may wait
	// for its doors, counted from the decision that made it waiting;
	// zero means DefaultRemovalWait.
	RemovalWait time.Duration
	// Reply, when set, composes the reply to each message received, which
	// is queued in the outbox in the transaction that records the
	// message (see ReplyFunc); nil queues none.
	Reply ReplyFunc
	// EventReply, when set, composes the reply to each later event on a
	// message's requests (a staff decision, a waiting removal released or
	// expired), queued in the event's transaction (see EventReplyFunc);
	// nil queues none.
	EventReply EventReplyFunc
	// ReplyLimit is smtp.max_replies_per_hour; zero means
	// DefaultReplyLimit.
	ReplyLimit int
	// ConfirmTTL is smtp.confirm_ttl: how long a code offered in a reply
	// confirms its request (see Confirmable); zero means
	// DefaultConfirmTTL.
	ConfirmTTL time.Duration
	// Now returns the current time; nil means time.Now.
	Now func() time.Time
	// Logger receives one line per message and decision, never message
	// bodies; nil discards.
	Logger *slog.Logger
}

// withDefaults returns c with zero fields set to their defaults.
func (c Config) withDefaults() Config {
	addrs := make([]string, 0, len(c.Addresses))
	for _, a := range c.Addresses {
		addrs = append(addrs, EmailKey(a))
	}
	c.Addresses = addrs
	if c.MaxAge <= 0 {
		c.MaxAge = DefaultMaxAge
	}
	if c.RemovalWait <= 0 {
		c.RemovalWait = DefaultRemovalWait
	}
	if c.Policy == "" {
		c.Policy = PolicyAuto
	}
	if c.Policy != PolicyAuto {
		c.Policy = PolicyReview
	}
	if c.ReplyLimit <= 0 {
		c.ReplyLimit = DefaultReplyLimit
	}
	if c.ConfirmTTL <= 0 {
		c.ConfirmTTL = DefaultConfirmTTL
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	return c
}

// Log attribute keys.
const (
	logMessage = "message"
	logRequest = "request"
	logOutcome = "outcome"
	logStatus  = "status"
	logReason  = "reason"
	logDoor    = "door"
	logActor   = "actor"
	logStaff   = "staff"
	logEntry   = "entry"
	logError   = "error"
)

// Service is the decision workflow over a Store. It is safe for
// concurrent use: every operation runs in its own Store transaction.
type Service struct {
	store Store
	cfg   Config
	// fallback are cfg's Settings, used on a database where none are
	// stored (one from before migration 0014).
	fallback Settings
	log      *slog.Logger
	dirs     batchDirCache // the directory of the last batch of decisions
}

// NewService returns a Service over s with cfg, its zero fields set to
// their defaults (see Config).
func NewService(s Store, cfg Config) *Service {
	cfg = cfg.withDefaults()
	return &Service{store: s, cfg: cfg, fallback: cfg.Settings(), log: cfg.Logger}
}

func (s *Service) now() time.Time { return s.cfg.Now() }

// appendEntry appends a ledger entry with data encoded as JSON.
func (s *Service) appendEntry(tx Tx, kind EntryKind, actor, subject string, data any) error {
	raw, err := json.Marshal(data)
	if err != nil {
		return fmt.Errorf("encode %s entry: %w", kind, err)
	}
	e := Entry{Time: s.now(), Kind: kind, Actor: actor, Subject: subject, Data: raw}
	if _, err := tx.Append(e); err != nil {
		return fmt.Errorf("append %s entry: %w", kind, err)
	}
	return nil
}

// Hash returns the hex SHA-256 of raw: the key raw messages are stored under.
func Hash(raw []byte) string {
	sum := sha256.Sum256(raw)
	return hex.EncodeToString(sum[:])
}
