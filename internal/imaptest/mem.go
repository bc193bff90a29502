package imaptest

import (
	"crypto/tls"
	"log"
	"net"
	"os"
	"sync/atomic"
	"testing"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapserver"
	"github.com/emersion/go-imap/v2/imapserver/imapmemserver"
)

// The account of every in-process server.
const (
	MemUsername = "intake@example.test"
	MemPassword = "mem-pass"
)

// memConfig is what MemOptions set.
type memConfig struct {
	caps   imap.CapSet
	tls    bool
	tokens map[string]string
}

// MemOption configures NewMemServer.
type MemOption func(*memConfig)

// WithCaps sets the capabilities the server has, in place of IMAP4rev1
// and IMAP4rev2 (which include MOVE, UIDPLUS and NAMESPACE). For example
// imap.CapSet{imap.CapIMAP4rev1: {}} is a server without MOVE and UIDPLUS.
// go-imap's server always advertises IDLE with IMAP4rev1: to hide IDLE,
// filter the CAPABILITY responses on the way (mailbox's fault proxy does).
func WithCaps(caps imap.CapSet) MemOption {
	return func(c *memConfig) { c.caps = caps }
}

// WithTLS adds implicit TLS on TLSAddr and STARTTLS on Addr, with a new
// self-signed certificate.
func WithTLS() MemOption {
	return func(c *memConfig) { c.tls = true }
}

// WithOAuthTokens accepts AUTHENTICATE OAUTHBEARER (RFC 7628) and XOAUTH2
// (Google's and Microsoft's variant) for the user names of tokens, each
// with its token; a successful login opens MemUsername's mailboxes. PLAIN
// and LOGIN keep working with MemUsername and MemPassword.
func WithOAuthTokens(tokens map[string]string) MemOption {
	return func(c *memConfig) { c.tokens = tokens }
}

// NewMemServer starts the in-process go-imap server (imapserver over
// imapmemserver) on 127.0.0.1:0 with user MemUsername, password
// MemPassword and an empty INBOX, and closes it in t.Cleanup. It logs
// server errors to standard error.
func NewMemServer(t testing.TB, opts ...MemOption) *Server {
	t.Helper()
	var cfg memConfig
	for _, o := range opts {
		o(&cfg)
	}
	mem := imapmemserver.New()
	u := imapmemserver.NewUser(MemUsername, MemPassword)
	if err := u.Create("INBOX", nil); err != nil {
		t.Fatalf("imaptest: create INBOX: %v", err)
	}
	mem.AddUser(u)
	s := &Server{name: "mem", username: MemUsername, password: MemPassword, failCopies: new(atomic.Int32)}
	if cfg.caps == nil {
		cfg.caps = imap.CapSet{imap.CapIMAP4rev1: {}, imap.CapIMAP4rev2: {}}
	}
	var serverTLS *tls.Config
	if cfg.tls {
		cert, err := newSelfSigned()
		if err == nil {
			serverTLS, err = cert.serverConfig()
		}
		if err != nil {
			t.Fatalf("imaptest: %v", err)
		}
		s.roots = cert.Roots
	}
	srv := imapserver.New(&imapserver.Options{
		NewSession: func(*imapserver.Conn) (imapserver.Session, *imapserver.GreetingData, error) {
			return &memSession{Session: mem.NewSession(), failCopies: s.failCopies, tokens: cfg.tokens}, nil, nil
		},
		Caps:         cfg.caps,
		TLSConfig:    serverTLS,
		InsecureAuth: true,
		Logger:       log.New(os.Stderr, "imaptest: imapserver: ", 0),
	})
	t.Cleanup(func() { _ = srv.Close() })
	s.addr = serve(t, srv, nil)
	if cfg.tls {
		s.tlsAddr = serve(t, srv, serverTLS)
	}
	return s
}

// serve runs srv on a new 127.0.0.1 listener, with implicit TLS when cfg is
// set, and returns its address.
func serve(t testing.TB, srv *imapserver.Server, cfg *tls.Config) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("imaptest: listen: %v", err)
	}
	if cfg != nil {
		ln = tls.NewListener(ln, cfg)
	}
	go func() { _ = srv.Serve(ln) }()
	return ln.Addr().String()
}
