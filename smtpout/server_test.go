package smtpout

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"io"
	"math/big"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// A received message, as the test server recorded it.
type received struct {
	From, To string
	Data     []byte
}

// testServer is a go-smtp server on loopback that records what it
// receives. Its STARTTLS certificate is trusted by roots; its only
// account is user/secret. Each reply in fail answers one DATA in turn
// before messages are accepted.
type testServer struct {
	addr  string
	roots *x509.CertPool

	mu   sync.Mutex
	got  []received
	fail []*smtp.SMTPError
}

func startServer(t *testing.T) *testServer {
	t.Helper()
	cert, roots := selfSigned(t)
	ts := &testServer{roots: roots}
	s := smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) { return &session{ts: ts}, nil }))
	s.Domain = "relay.test"
	s.TLSConfig = &tls.Config{Certificates: []tls.Certificate{cert}}
	s.ReadTimeout, s.WriteTimeout = 10*time.Second, 10*time.Second
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ts.addr = l.Addr().String()
	done := make(chan error, 1)
	go func() { done <- s.Serve(l) }()
	t.Cleanup(func() {
		s.Close()
		if err := <-done; err != nil && !errors.Is(err, smtp.ErrServerClosed) {
			t.Errorf("serve: %v", err)
		}
	})
	return ts
}

func (ts *testServer) messages() []received {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	return append([]received(nil), ts.got...)
}

type session struct {
	ts       *testServer
	authed   bool
	from, to string
}

func (s *session) AuthMechanisms() []string { return []string{sasl.Plain} }

func (s *session) Auth(string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(_, user, pass string) error {
		if user != "user" || pass != "secret" {
			return smtp.ErrAuthFailed
		}
		s.authed = true
		return nil
	}), nil
}

func (s *session) Mail(from string, _ *smtp.MailOptions) error {
	if !s.authed {
		return smtp.ErrAuthRequired
	}
	s.from = from
	return nil
}

func (s *session) Rcpt(to string, _ *smtp.RcptOptions) error { s.to = to; return nil }

func (s *session) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	s.ts.mu.Lock()
	defer s.ts.mu.Unlock()
	if len(s.ts.fail) > 0 {
		e := s.ts.fail[0]
		s.ts.fail = s.ts.fail[1:]
		return e
	}
	s.ts.got = append(s.ts.got, received{s.from, s.to, b})
	return nil
}

func (s *session) Reset()        {}
func (s *session) Logout() error { return nil }

// selfSigned returns a certificate for 127.0.0.1 and a pool trusting it.
func selfSigned(t *testing.T) (tls.Certificate, *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "relay.test"},
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)}, NotBefore: time.Now().Add(-time.Hour),
		NotAfter: time.Now().Add(time.Hour), KeyUsage: x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	roots := x509.NewCertPool()
	roots.AddCert(leaf)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}, roots
}

const msg = "From: <access@door.example>\r\nTo: <maria@pines.example>\r\nSubject: Re: x\r\n\r\nDone.\r\n"

func (ts *testServer) sender(t *testing.T, password string) *Sender {
	t.Helper()
	s, err := New(Options{Addr: ts.addr, Security: SecurityStartTLS, Username: "user", Password: password,
		TLS: &tls.Config{RootCAs: ts.roots, ServerName: "127.0.0.1"}, Timeout: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestSend(t *testing.T) {
	ts := startServer(t)
	if err := ts.sender(t, "secret").Send(context.Background(), "access@door.example", "maria@pines.example", []byte(msg)); err != nil {
		t.Fatalf("Send: %v", err)
	}
	got := ts.messages()
	if len(got) != 1 || got[0].From != "access@door.example" || got[0].To != "maria@pines.example" || string(got[0].Data) != msg {
		t.Errorf("received %+v", got)
	}
}

func TestSendFailures(t *testing.T) {
	tests := []struct {
		name      string
		password  string
		fail      []*smtp.SMTPError
		permanent bool
		step      string
		code      int
		delivered int // after one retry
	}{
		{"451 then success", "secret", []*smtp.SMTPError{{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "try later"}}, false, "data", 451, 1},
		{"550 gives up", "secret", []*smtp.SMTPError{{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "no such user"}, {Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "no such user"}}, true, "data", 550, 0},
		{"wrong password", "wrong", nil, false, "authenticate", 535, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ts := startServer(t)
			ts.fail = tt.fail
			s := ts.sender(t, tt.password)
			err := s.Send(context.Background(), "access@door.example", "maria@pines.example", []byte(msg))
			var e *Error
			if !errors.As(err, &e) || e.Permanent != tt.permanent || e.Step != tt.step || e.Code != tt.code {
				t.Fatalf("Send = %#v, want step %s code %d permanent %v", err, tt.step, tt.code, tt.permanent)
			}
			if IsPermanent(err) != tt.permanent {
				t.Errorf("IsPermanent = %v", !tt.permanent)
			}
			if tt.step == "authenticate" && !strings.Contains(err.Error(), "as user") {
				t.Errorf("error does not say who failed to authenticate: %v", err)
			}
			if err := s.Send(context.Background(), "access@door.example", "maria@pines.example", []byte(msg)); (err == nil) != (tt.delivered == 1) {
				t.Errorf("retry: %v", err)
			}
			if got := len(ts.messages()); got != tt.delivered {
				t.Errorf("delivered %d, want %d", got, tt.delivered)
			}
		})
	}
}

func TestSendConnectError(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	s, err := New(Options{Addr: addr, Security: SecurityNone})
	if err != nil {
		t.Fatal(err)
	}
	err = s.Send(context.Background(), "a@b.example", "c@d.example", []byte(msg))
	var e *Error
	if !errors.As(err, &e) || e.Step != "connect" || e.Permanent {
		t.Fatalf("Send = %v, want a temporary connect error", err)
	}
}

func TestSendUntrustedCertificate(t *testing.T) {
	ts := startServer(t)
	s, err := New(Options{Addr: ts.addr, Security: SecurityStartTLS, Username: "user", Password: "secret"})
	if err != nil {
		t.Fatal(err)
	}
	err = s.Send(context.Background(), "a@b.example", "c@d.example", []byte(msg))
	if err == nil || IsPermanent(err) || len(ts.messages()) != 0 {
		t.Fatalf("Send = %v with %d delivered, want a temporary TLS error", err, len(ts.messages()))
	}
}

func TestNew(t *testing.T) {
	tests := []struct {
		name string
		opt  Options
		ok   bool
	}{
		{"none on loopback", Options{Addr: "127.0.0.1:25", Security: SecurityNone}, true},
		{"none on localhost", Options{Addr: "localhost:25", Security: SecurityNone}, true},
		{"none on ipv6 loopback", Options{Addr: "[::1]:25", Security: SecurityNone}, true},
		{"none elsewhere", Options{Addr: "smtp.example:25", Security: SecurityNone}, false},
		{"tls", Options{Addr: "smtp.example:465", Security: SecurityTLS}, true},
		{"starttls", Options{Addr: "smtp.example:587", Security: SecurityStartTLS}, true},
		{"unknown security", Options{Addr: "smtp.example:587", Security: "ssl"}, false},
		{"no port", Options{Addr: "smtp.example", Security: SecurityTLS}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := New(tt.opt); (err == nil) != tt.ok {
				t.Errorf("New = %v, want ok %v", err, tt.ok)
			}
		})
	}
}

func TestBackoff(t *testing.T) {
	tests := []struct {
		attempts int
		want     time.Duration
	}{{0, time.Minute}, {1, time.Minute}, {2, 2 * time.Minute}, {3, 4 * time.Minute}, {7, time.Hour}, {100, time.Hour}}
	for _, tt := range tests {
		if got := Backoff(tt.attempts, nil); got != tt.want {
			t.Errorf("Backoff(%d) = %s, want %s", tt.attempts, got, tt.want)
		}
	}
	if lo, hi := Backoff(2, func() float64 { return 0 }), Backoff(2, func() float64 { return 0.999 }); lo != 96*time.Second || hi <= lo || hi >= 144*time.Second {
		t.Errorf("jittered Backoff(2) in [%s, %s], want [96s, 144s)", lo, hi)
	}
}
