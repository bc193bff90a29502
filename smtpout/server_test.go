package smtpout

import (
	"context"
	"crypto/tls"
	"errors"
	"net"
	"strings"
	"testing"
	"time"

	"intake/internal/smtptest"
)

// startServer starts a relay whose only account is user/secret.
func startServer(t *testing.T) *smtptest.Server {
	t.Helper()
	return smtptest.New(t, smtptest.Options{Username: "user", Password: "secret"})
}

const msg = "From: <access@door.example>\r\nTo: <maria@pines.example>\r\nSubject: Re: x\r\n\r\nDone.\r\n"

func sender(t *testing.T, ts *smtptest.Server, password string) *Sender {
	t.Helper()
	s, err := New(Options{Addr: ts.Addr(), Security: SecurityStartTLS, Username: "user", Password: password,
		TLS: &tls.Config{RootCAs: ts.RootCAs(), ServerName: "127.0.0.1"}, Timeout: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestSend(t *testing.T) {
	ts := startServer(t)
	if err := sender(t, ts, "secret").Send(context.Background(), "access@door.example", "maria@pines.example", []byte(msg)); err != nil {
		t.Fatalf("Send: %v", err)
	}
	got := ts.Messages()
	if len(got) != 1 || got[0].From != "access@door.example" || len(got[0].To) != 1 || got[0].To[0] != "maria@pines.example" || string(got[0].Data) != msg {
		t.Errorf("received %+v", got)
	}
}

func TestSendFailures(t *testing.T) {
	tests := []struct {
		name      string
		password  string
		fail      int // DATA commands answered with code
		permanent bool
		step      string
		code      int
		delivered int // after one retry
	}{
		{"451 then success", "secret", 1, false, "data", 451, 1},
		{"550 gives up", "secret", 2, true, "data", 550, 0},
		{"wrong password", "wrong", 0, false, "authenticate", 535, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ts := startServer(t)
			ts.Fail(smtptest.StepData, tt.fail, tt.code, "no")
			s := sender(t, ts, tt.password)
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
			if got := len(ts.Messages()); got != tt.delivered {
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
	s, err := New(Options{Addr: ts.Addr(), Security: SecurityStartTLS, Username: "user", Password: "secret"})
	if err != nil {
		t.Fatal(err)
	}
	err = s.Send(context.Background(), "a@b.example", "c@d.example", []byte(msg))
	if err == nil || IsPermanent(err) || len(ts.Messages()) != 0 {
		t.Fatalf("Send = %v with %d delivered, want a temporary TLS error", err, len(ts.Messages()))
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
