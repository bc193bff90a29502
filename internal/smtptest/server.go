package smtptest

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"intake/internal/testcert"
)

// Options configure a Server; the zero value is a relay that takes mail
// from anyone without authentication.
type Options struct {
	// Username and Password are the one account of AUTH PLAIN. When
	// Username is "" the server offers no AUTH and takes MAIL at once.
	Username, Password string
}

// A Message is one message the server accepted.
type Message struct {
	// From is the envelope sender (MAIL FROM), To the recipients (RCPT TO).
	From string
	To   []string
	// Data is the message as received after DATA, line ends as sent.
	Data []byte
}

// Step is an SMTP command a Server can be told to refuse.
type Step string

// The steps Fail applies to.
const (
	StepMail Step = "MAIL"
	StepRcpt Step = "RCPT"
	StepData Step = "DATA"
)

// After is what the server does once it has answered an accepted DATA.
type After int

// The behaviours after a DATA reply.
const (
	// AfterNothing goes on as usual: QUIT is answered.
	AfterNothing After = iota
	// AfterHang reads nothing more: the client's next command is never
	// answered, until the server is closed.
	AfterHang
	// AfterClose closes the connection.
	AfterClose
)

// Server is a running relay on 127.0.0.1. Its methods are safe for
// concurrent use.
type Server struct {
	addr  string
	roots *x509.CertPool
	caPEM []byte
	opt   Options
	srv   *smtp.Server
	done  chan error

	mu       sync.Mutex
	got      []Message
	fail     map[Step][]*smtp.SMTPError
	after    After
	answered chan struct{}
}

// Start starts a server with a fresh certificate on a free port of
// 127.0.0.1. It returns an error when the certificate cannot be made or
// the port opened. Close stops it.
func Start(opt Options) (*Server, error) {
	cert, err := testcert.New("smtptest relay")
	if err != nil {
		return nil, fmt.Errorf("smtptest: %w", err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("smtptest: listen: %w", err)
	}
	s := &Server{addr: l.Addr().String(), roots: cert.Roots, caPEM: cert.CertPEM, opt: opt,
		fail: map[Step][]*smtp.SMTPError{}, done: make(chan error, 1)}
	s.srv = smtp.NewServer(smtp.BackendFunc(s.newSession))
	s.srv.Domain = "relay.test"
	s.srv.TLSConfig = &tls.Config{Certificates: []tls.Certificate{cert.TLS}, MinVersion: tls.VersionTLS12}
	s.srv.ReadTimeout, s.srv.WriteTimeout = time.Minute, time.Minute
	go func() { s.done <- s.srv.Serve(&listener{Listener: l, s: s}) }()
	return s, nil
}

// New starts a server as Start does and stops it in t.Cleanup, failing t
// when it cannot start or stopped with an error.
func New(t testing.TB, opt Options) *Server {
	t.Helper()
	s, err := Start(opt)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Errorf("smtptest: %v", err)
		}
	})
	return s
}

// Close stops the server and closes its connections, hung ones included.
// It returns the server's error, if it failed other than by being closed.
func (s *Server) Close() error {
	s.srv.Close()
	if err := <-s.done; err != nil && !errors.Is(err, smtp.ErrServerClosed) {
		return fmt.Errorf("serve: %w", err)
	}
	return nil
}

// Addr returns the server's host:port.
func (s *Server) Addr() string { return s.addr }

// RootCAs returns a pool that trusts the server's certificate.
func (s *Server) RootCAs() *x509.CertPool { return s.roots }

// CAPEM returns the server's certificate in PEM, to write to a CA file.
func (s *Server) CAPEM() []byte { return s.caPEM }

// Messages returns the messages accepted so far, in order.
func (s *Server) Messages() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Message(nil), s.got...)
}

// Fail makes the server answer the next n step commands with code (a 4xx
// or 5xx) and text, after those already set for that step.
func (s *Server) Fail(step Step, n, code int, text string) {
	e := &smtp.SMTPError{Code: code, EnhancedCode: smtp.EnhancedCode{code / 100, 0, 0}, Message: text}
	s.mu.Lock()
	defer s.mu.Unlock()
	for range n {
		s.fail[step] = append(s.fail[step], e)
	}
}

// AfterNextData sets what the server does right after its reply to the
// next accepted DATA, and returns a channel closed once that reply is
// written. Later DATA commands go on as usual.
func (s *Server) AfterNextData(a After) <-chan struct{} {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.after, s.answered = a, make(chan struct{})
	return s.answered
}

// failure returns the reply set for the next step command, nil for none.
func (s *Server) failure(step Step) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	q := s.fail[step]
	if len(q) == 0 {
		return nil
	}
	s.fail[step] = q[1:]
	return q[0]
}

// accept records m and arms c with the behaviour AfterNextData set.
func (s *Server) accept(m Message, c *conn) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.got = append(s.got, m)
	if s.answered != nil {
		c.arm(s.after, s.answered)
		s.after, s.answered = AfterNothing, nil
	}
}
