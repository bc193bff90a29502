package main

import (
	"errors"
	"io"
	"net"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"intake/internal/imaptest"
)

// relayServer is a go-smtp server on loopback that records the messages
// it accepts.
type relayServer struct {
	addr string
	mu   sync.Mutex
	got  []string // "to\n" + data
}

func startRelay(t *testing.T) *relayServer {
	t.Helper()
	rs := &relayServer{}
	s := smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) { return &relaySession{rs: rs}, nil }))
	s.Domain = "relay.test"
	s.ReadTimeout, s.WriteTimeout = 10*time.Second, 10*time.Second
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	rs.addr = l.Addr().String()
	done := make(chan error, 1)
	go func() { done <- s.Serve(l) }()
	t.Cleanup(func() {
		s.Close()
		if err := <-done; err != nil && !errors.Is(err, smtp.ErrServerClosed) {
			t.Errorf("relay: %v", err)
		}
	})
	return rs
}

func (rs *relayServer) messages() []string {
	rs.mu.Lock()
	defer rs.mu.Unlock()
	return append([]string(nil), rs.got...)
}

type relaySession struct {
	rs *relayServer
	to string
}

func (s *relaySession) Mail(string, *smtp.MailOptions) error      { return nil }
func (s *relaySession) Rcpt(to string, _ *smtp.RcptOptions) error { s.to = to; return nil }
func (s *relaySession) Reset()                                    {}
func (s *relaySession) Logout() error                             { return nil }

func (s *relaySession) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	s.rs.mu.Lock()
	defer s.rs.mu.Unlock()
	s.rs.got = append(s.rs.got, s.to+"\n"+string(b))
	return nil
}

// TestServeSendsReplies: with [smtp] set, serve queues the reply to a
// decided message in the outbox and its sender loop delivers it to the
// relay, threaded under the message, and records it sent.
func TestServeSendsReplies(t *testing.T) {
	relay := startRelay(t)
	s := imaptest.NewMemServer(t)
	listen := freeListen(t)
	w := newWorkspace(t, serveConfig(s, listen)+"\n[smtp]\naddress = \""+relay.addr+"\"\nsecurity = \"none\"\nfrom = \"access@door.com\"\n")
	w.ok("directory", "load", abs(t, sampleDirJSON))
	db := w.openDB()
	p := w.startServe(s)
	decideSample(t, s, db)
	eventually(t, 20*time.Second, "no reply reached the relay", func() bool { return len(relay.messages()) == 1 })
	eventually(t, 10*time.Second, "the reply was not recorded sent", func() bool {
		return count(db, `SELECT count(*) FROM outbox WHERE status = 'sent'`) == 1
	})
	raw, err := os.ReadFile(samples(t, "01")[0])
	if err != nil {
		t.Fatal(err)
	}
	got := relay.messages()[0]
	for _, want := range []string{"From: <access@door.com>", "Auto-Submitted: auto-replied", "In-Reply-To: <"} {
		if !strings.Contains(got, want) {
			t.Errorf("reply lacks %q:\n%s", want, got)
		}
	}
	if !strings.Contains(string(raw), strings.SplitN(got, "\n", 2)[0]) {
		t.Errorf("reply went to %q, not the sample's sender", strings.SplitN(got, "\n", 2)[0])
	}
	if code := p.stop(t, 15*time.Second); code != 0 {
		t.Fatalf("intake serve after SIGTERM: exit %d; stderr:\n%s", code, p.stderr)
	}
	if strings.Contains(p.stderr.String(), "level=ERROR") {
		t.Errorf("serve logged an error:\n%s", p.stderr)
	}
}
