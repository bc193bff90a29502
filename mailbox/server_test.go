package mailbox

import (
	"bytes"
	"crypto/tls"
	"errors"
	"fmt"
	"log"
	"net"
	"net/mail"
	"os"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
	"github.com/emersion/go-imap/v2/imapserver"
	"github.com/emersion/go-imap/v2/imapserver/imapmemserver"
	"github.com/emersion/go-sasl"
)

// backend is a real IMAP server under test: the in-process go-imap server
// or a private Dovecot.
type backend struct {
	name       string
	addr       string // plain text (and STARTTLS) on 127.0.0.1
	tlsAddr    string // implicit TLS, when tlsClient is set
	tlsClient  *tls.Config
	user, pass string
	restart    func(t testing.TB) // nil when the backend cannot restart
	failCopy   *atomic.Int32      // in-process only: refuse this many COPYs
}

const (
	memUser = "intake@example.test"
	memPass = "mem-pass"
)

// memOptions configures startMem.
type memOptions struct {
	caps imap.CapSet // nil: IMAP4rev1 + IMAP4rev2 (MOVE, UIDPLUS, IDLE)
	tls  bool        // also listen with implicit TLS, and offer STARTTLS
	sasl map[string]string
}

// startMem starts the in-process go-imap server (imapserver over
// imapmemserver) on 127.0.0.1:0 with one user, and stops it in t.Cleanup.
func startMem(t *testing.T, o memOptions) *backend {
	t.Helper()
	mem := imapmemserver.New()
	u := imapmemserver.NewUser(memUser, memPass)
	if err := u.Create("INBOX", nil); err != nil {
		t.Fatal(err)
	}
	mem.AddUser(u)
	b := &backend{name: "mem", user: memUser, pass: memPass, failCopy: new(atomic.Int32)}
	caps := o.caps
	if caps == nil {
		caps = imap.CapSet{imap.CapIMAP4rev1: {}, imap.CapIMAP4rev2: {}}
	}
	var serverTLS *tls.Config
	if o.tls {
		serverTLS, b.tlsClient = memTLS(t)
	}
	srv := imapserver.New(&imapserver.Options{
		NewSession: func(*imapserver.Conn) (imapserver.Session, *imapserver.GreetingData, error) {
			return &testSession{Session: mem.NewSession(), b: b, sasl: o.sasl}, nil, nil
		},
		Caps:         caps,
		TLSConfig:    serverTLS,
		InsecureAuth: true,
		Logger:       log.New(os.Stderr, "imapserver: ", 0),
	})
	t.Cleanup(func() { srv.Close() })
	b.addr = serve(t, srv, nil)
	if o.tls {
		b.tlsAddr = serve(t, srv, serverTLS)
	}
	return b
}

// serve runs srv on a new 127.0.0.1 listener, with implicit TLS when cfg is
// set, and returns its address.
func serve(t *testing.T, srv *imapserver.Server, cfg *tls.Config) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	if cfg != nil {
		ln = tls.NewListener(ln, cfg)
	}
	go func() { _ = srv.Serve(ln) }()
	return ln.Addr().String()
}

// testSession is an imapmemserver session that can refuse COPY and offers
// the SASL mechanisms of the test (a token per user name).
type testSession struct {
	imapserver.Session
	b    *backend
	sasl map[string]string
}

func (s *testSession) Copy(numSet imap.NumSet, dest string) (*imap.CopyData, error) {
	if s.b.failCopy.Add(-1) >= 0 {
		return nil, &imap.Error{Type: imap.StatusResponseTypeNo, Text: "injected copy failure"}
	}
	return s.Session.Copy(numSet, dest)
}

var (
	_ imapserver.SessionSASL      = (*testSession)(nil)
	_ imapserver.SessionIMAP4rev2 = (*testSession)(nil)
)

func (s *testSession) Move(w *imapserver.MoveWriter, numSet imap.NumSet, dest string) error {
	return s.Session.(imapserver.SessionMove).Move(w, numSet, dest)
}

func (s *testSession) Namespace() (*imap.NamespaceData, error) {
	return s.Session.(imapserver.SessionNamespace).Namespace()
}

func (s *testSession) AuthenticateMechanisms() []string {
	return []string{"PLAIN", mechOAuthBearer, mechXOAuth2}
}

func (s *testSession) Authenticate(mech string) (sasl.Server, error) {
	login := func(user, token string) bool {
		return token != "" && s.sasl[user] == token && s.Login(memUser, memPass) == nil
	}
	switch mech {
	case "PLAIN":
		return sasl.NewPlainServer(func(_, user, pass string) error { return s.Login(user, pass) }), nil
	case mechOAuthBearer:
		return sasl.NewOAuthBearerServer(func(o sasl.OAuthBearerOptions) *sasl.OAuthBearerError {
			if !login(o.Username, o.Token) {
				return &sasl.OAuthBearerError{Status: "invalid_token", Schemes: "bearer"}
			}
			return nil
		}), nil
	case mechXOAuth2:
		return &xoauth2Server{login: login}, nil
	}
	return nil, &imap.Error{Type: imap.StatusResponseTypeNo, Text: "unsupported mechanism"}
}

// xoauth2Server is the server side of XOAUTH2 as Google documents it: a
// bad token gets a JSON challenge, the client answers with an empty
// response, and the command fails.
type xoauth2Server struct {
	login  func(user, token string) bool
	failed bool
}

func (x *xoauth2Server) Next(resp []byte) ([]byte, bool, error) {
	if x.failed {
		return nil, true, errors.New("invalid token")
	}
	if resp == nil {
		return []byte{}, false, nil
	}
	var user, token string
	for _, kv := range strings.Split(string(resp), "\x01") {
		if v, ok := strings.CutPrefix(kv, "user="); ok {
			user = v
		} else if v, ok := strings.CutPrefix(kv, "auth=Bearer "); ok {
			token = v
		}
	}
	if !x.login(user, token) {
		x.failed = true
		return []byte(`{"status":"401","schemes":"bearer"}`), false, nil
	}
	return nil, true, nil
}

// client opens an authenticated IMAP connection to b for test set-up and
// inspection.
func (b *backend) client(t *testing.T) *imapclient.Client {
	t.Helper()
	c, err := imapclient.DialInsecure(b.addr, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Login(b.user, b.pass).Wait(); err != nil {
		t.Fatal(err)
	}
	return c
}

// create creates mailboxes.
func (b *backend) create(t *testing.T, names ...string) {
	t.Helper()
	c := b.client(t)
	defer c.Close()
	for _, name := range names {
		if err := c.Create(name, nil).Wait(); err != nil {
			t.Fatalf("create %s: %v", name, err)
		}
	}
}

// appendRaw appends messages to mailbox with the given flags.
func (b *backend) appendRaw(t *testing.T, mailbox string, flags []imap.Flag, raws ...[]byte) {
	t.Helper()
	c := b.client(t)
	defer c.Close()
	for _, raw := range raws {
		cmd := c.Append(mailbox, int64(len(raw)), &imap.AppendOptions{Flags: flags, Time: time.Now()})
		if _, err := cmd.Write(raw); err != nil {
			t.Fatal(err)
		}
		if err := cmd.Close(); err != nil {
			t.Fatal(err)
		}
		if _, err := cmd.Wait(); err != nil {
			t.Fatalf("append to %s: %v", mailbox, err)
		}
	}
}

// stored is a message as found in a mailbox.
type stored struct {
	uid       imap.UID
	messageID string
	flags     []imap.Flag
}

func (s stored) has(f imap.Flag) bool {
	return slices.ContainsFunc(s.flags, func(g imap.Flag) bool { return equalFold(f, g) })
}

// contents lists mailbox, read-only, and its UIDVALIDITY.
func (b *backend) contents(t *testing.T, mailbox string) ([]stored, uint32) {
	t.Helper()
	c := b.client(t)
	defer c.Close()
	data, err := c.Select(mailbox, &imap.SelectOptions{ReadOnly: true}).Wait()
	if err != nil {
		t.Fatalf("examine %s: %v", mailbox, err)
	}
	if data.NumMessages == 0 {
		return nil, data.UIDValidity
	}
	section := &imap.FetchItemBodySection{Peek: true, Specifier: imap.PartSpecifierHeader, HeaderFields: []string{"Message-ID"}}
	all := imap.SeqSet{{Start: 1, Stop: 0}}
	bufs, err := c.Fetch(all, &imap.FetchOptions{UID: true, Flags: true, BodySection: []*imap.FetchItemBodySection{section}}).Collect()
	if err != nil {
		t.Fatalf("fetch %s: %v", mailbox, err)
	}
	var out []stored
	for _, buf := range bufs {
		m, err := mail.ReadMessage(bytes.NewReader(buf.FindBodySection(section)))
		if err != nil {
			t.Fatalf("uid %d: %v", buf.UID, err)
		}
		out = append(out, stored{uid: buf.UID, messageID: m.Header.Get("Message-Id"), flags: buf.Flags})
	}
	return out, data.UIDValidity
}

// testMessage returns message number n: about size bytes (at least a few
// hundred) with Message-ID <n.test@intake.example>.
func testMessage(n, size int) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "From: Maria Lopez <maria@pines.example>\r\n")
	fmt.Fprintf(&b, "To: integrations@door.example\r\n")
	fmt.Fprintf(&b, "Subject: Partner access %d\r\n", n)
	fmt.Fprintf(&b, "Date: Mon, 02 Jun 2025 10:00:00 +0000\r\n")
	fmt.Fprintf(&b, "Message-ID: %s\r\n", testMessageID(n))
	fmt.Fprintf(&b, "Content-Type: text/plain; charset=utf-8\r\n\r\n")
	fmt.Fprintf(&b, "We give DOOR permission to add Acme Deliveries to The Pines.\r\n")
	for b.Len() < size {
		b.WriteString("Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do.\r\n")
	}
	return b.Bytes()
}

func testMessageID(n int) string { return fmt.Sprintf("<%d.test@intake.example>", n) }
