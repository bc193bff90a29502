package mailbox

import (
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"strings"
	"time"
)

// Security values for Options.Security.
const (
	// SecurityTLS is implicit TLS from the first byte (RFC 8314, port 993).
	SecurityTLS = "tls"
	// SecurityStartTLS upgrades a plaintext connection with STARTTLS
	// (RFC 9051 section 6.2.1) before authenticating.
	SecurityStartTLS = "starttls"
	// SecurityNone sends everything, credentials included, in clear text.
	// It is refused unless the address is a loopback address.
	SecurityNone = "none"
)

// Defaults applied by New to zero fields of Options.
const (
	DefaultMailbox        = "INBOX"
	DefaultPollInterval   = 60 * time.Second
	DefaultIdleRefresh    = 9 * time.Minute
	DefaultMaxMessageSize = 25 << 20
	DefaultBatchSize      = 200
	DefaultCommandTimeout = 60 * time.Second
)

// Options configures a Poller. The zero value of every field but Address and
// Auth has a default, applied by New.
type Options struct {
	// Address is host:port of the IMAP server.
	Address string
	// Security is SecurityTLS (the default when empty), SecurityStartTLS or
	// SecurityNone.
	Security string
	// TLSConfig is used for tls and starttls. Nil means the system roots
	// and ServerName taken from Address.
	TLSConfig *tls.Config
	// Username names the account in logs, and authenticates when the
	// Authenticator's own Username is empty; when Username is empty, the
	// Authenticator's is used. One of them is required.
	Username string
	// Auth logs in: a Password, OAuthBearer or XOAuth2. Required.
	Auth Authenticator
	// Mailbox is the mailbox read; DefaultMailbox when empty.
	Mailbox string
	// ProcessedMailbox, when set, receives every processed message (moved
	// there after the handler returned nil). It is created when missing and
	// must differ from Mailbox.
	ProcessedMailbox string
	// PollInterval is the wait between passes when the server has no IDLE.
	PollInterval time.Duration
	// IdleRefresh is how long one IDLE lasts before it is re-issued (RFC
	// 2177 asks for less than 29 minutes; some servers drop it after 10).
	IdleRefresh time.Duration
	// MaxMessageSize is the largest message downloaded whole; larger ones
	// reach the handler with their header only (Message.Oversize).
	MaxMessageSize int64
	// BatchSize is the number of UIDs per FETCH, and so the most messages
	// a BatchHandler receives in one call.
	BatchSize int
	// CommandTimeout bounds every command: the connection is closed when a
	// command has made no progress for this long.
	CommandTimeout time.Duration
	// Backoff returns the wait before retry number attempt (0 for the
	// first) after an error. Nil means capped exponential backoff with
	// jitter (see DefaultBackoff).
	Backoff func(attempt int) time.Duration
	// Logger receives connection state changes and errors, never
	// credentials or message content. Nil discards.
	Logger *slog.Logger
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// OnFetch, when non-nil, observes every content FETCH (the UID FETCH
	// of BODY.PEEK[], or of BODY.PEEK[HEADER] for oversized messages; a
	// chunk takes one or both) after the server completed it: messages is
	// the number of messages whose content arrived, bytes the body bytes
	// kept for them (a literal cut at the size limit counts what was
	// kept), and d the time from sending the command to its completion,
	// on the monotonic clock (not Now). A FETCH that fails is not
	// reported, nor is the metadata FETCH that precedes the content. It
	// runs on the poller's goroutine, between commands: it must return
	// quickly and never block (updating metrics is fine).
	OnFetch func(messages int, bytes int64, d time.Duration)
}

// withDefaults returns a copy of o with defaults applied, or an error naming
// the first invalid field.
func (o Options) withDefaults() (Options, error) {
	if o.Security == "" {
		o.Security = SecurityTLS
	}
	if o.Mailbox == "" {
		o.Mailbox = DefaultMailbox
	}
	setDefault(&o.PollInterval, DefaultPollInterval)
	setDefault(&o.IdleRefresh, DefaultIdleRefresh)
	setDefault(&o.CommandTimeout, DefaultCommandTimeout)
	setDefault(&o.MaxMessageSize, DefaultMaxMessageSize)
	setDefault(&o.BatchSize, DefaultBatchSize)
	if o.Backoff == nil {
		o.Backoff = DefaultBackoff
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Username == "" && o.Auth != nil {
		o.Username = o.Auth.user()
	}
	return o, o.validate()
}

func setDefault[T int | int64 | time.Duration](v *T, def T) {
	if *v == 0 {
		*v = def
	}
}

func (o *Options) validate() error {
	host, _, err := net.SplitHostPort(o.Address)
	if err != nil {
		return fmt.Errorf("address %q: %w", o.Address, err)
	}
	switch o.Security {
	case SecurityTLS, SecurityStartTLS:
	case SecurityNone:
		if !isLoopback(host) {
			return fmt.Errorf("security none: %s is not a loopback address", host)
		}
	default:
		return fmt.Errorf("security %q: want tls, starttls or none", o.Security)
	}
	switch {
	case o.Auth == nil:
		return errors.New("auth: no authenticator")
	case o.Username == "" && o.Auth.user() == "":
		return errors.New("username: empty")
	case sameMailbox(o.ProcessedMailbox, o.Mailbox):
		return fmt.Errorf("processed mailbox %q: same as mailbox", o.ProcessedMailbox)
	case o.PollInterval < 0 || o.IdleRefresh < 0 || o.CommandTimeout < 0:
		return errors.New("poll interval, idle refresh and command timeout must be positive")
	case o.MaxMessageSize < 0:
		return errors.New("max message size must be positive")
	case o.BatchSize < 0:
		return errors.New("batch size must be positive")
	}
	return nil
}

// sameMailbox compares mailbox names; INBOX is case-insensitive (RFC 9051
// section 5.1).
func sameMailbox(a, b string) bool {
	return a == b || strings.EqualFold(a, "INBOX") && strings.EqualFold(b, "INBOX")
}

// isLoopback reports whether host is "localhost" or a loopback IP literal.
// Other names are not resolved: a name could point anywhere tomorrow.
func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
