package imaptest

import (
	"crypto/tls"
	"crypto/x509"
	"sync/atomic"
	"testing"
)

// Server is a running IMAP server for a test: in-process (NewMemServer) or
// Dovecot (StartDovecot). It serves plain text and STARTTLS on Addr and,
// when it has TLS, implicit TLS on TLSAddr.
type Server struct {
	name       string
	addr       string
	tlsAddr    string
	username   string
	password   string
	roots      *x509.CertPool
	restart    func(t testing.TB) // nil when the server cannot restart
	failCopies *atomic.Int32      // in-process only
	logs       func() string      // nil when the server keeps no logs
}

// Name is "mem" for the in-process server and "dovecot" for Dovecot.
func (s *Server) Name() string { return s.name }

// Addr is the 127.0.0.1 host:port of plain-text IMAP, which also offers
// STARTTLS when the server has TLS.
func (s *Server) Addr() string { return s.addr }

// TLSAddr is the 127.0.0.1 host:port of implicit TLS (IMAPS, RFC 8314), or
// "" when the server has no TLS.
func (s *Server) TLSAddr() string { return s.tlsAddr }

// Username is the login name of the server's one user.
func (s *Server) Username() string { return s.username }

// Password is the password of the server's one user.
func (s *Server) Password() string { return s.password }

// RootCAs returns a pool trusting the server's self-signed certificate, or
// nil when the server has no TLS.
func (s *Server) RootCAs() *x509.CertPool { return s.roots }

// ClientTLSConfig returns a client configuration trusting the server's
// certificate (valid for 127.0.0.1 and localhost), or nil when the server
// has no TLS.
func (s *Server) ClientTLSConfig() *tls.Config {
	if s.roots == nil {
		return nil
	}
	return &tls.Config{RootCAs: s.roots}
}

// CanRestart reports whether Restart is supported (Dovecot only).
func (s *Server) CanRestart() bool { return s.restart != nil }

// Restart stops the server and starts it again on the same addresses with
// the same mail store. It fails t when the server cannot restart.
func (s *Server) Restart(t testing.TB) {
	t.Helper()
	if s.restart == nil {
		t.Fatalf("imaptest: the %s server cannot restart", s.name)
	}
	s.restart(t)
}

// FailCopies makes the next n COPY commands fail with a NO response
// (in-process server only; it fails t on Dovecot).
func (s *Server) FailCopies(t testing.TB, n int) {
	t.Helper()
	if s.failCopies == nil {
		t.Fatalf("imaptest: the %s server cannot inject COPY failures", s.name)
	}
	s.failCopies.Store(int32(n))
}

// Logs returns the server's log files, or "" when it keeps none.
func (s *Server) Logs() string {
	if s.logs == nil {
		return ""
	}
	return s.logs()
}
