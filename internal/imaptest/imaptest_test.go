package imaptest

import (
	"fmt"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
)

const raw = "From: a@example.test\r\nSubject: hi\r\nMessage-ID: <1@example.test>\r\n\r\nhello\r\n"

// checkServer appends, lists and clears a flag, then logs in over TLS.
func checkServer(t *testing.T, s *Server) {
	t.Helper()
	s.Create(t, "box")
	s.Append(t, "box", []byte(raw), "$Seen-By-Test")
	msgs, validity := s.Contents(t, "box")
	if len(msgs) != 1 || validity == 0 || msgs[0].MessageID != "<1@example.test>" || !msgs[0].Has("$seen-by-test") {
		t.Fatalf("Contents = %+v, %d", msgs, validity)
	}
	s.RemoveFlags(t, "box", "$Seen-By-Test")
	if msgs, _ := s.Contents(t, "box"); msgs[0].Has("$Seen-By-Test") {
		t.Errorf("flag still set: %v", msgs[0].Flags)
	}
	c, err := imapclient.DialTLS(s.TLSAddr(), &imapclient.Options{TLSConfig: s.ClientTLSConfig()})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.Login(s.Username(), s.Password()).Wait(); err != nil {
		t.Fatalf("login over TLS: %v", err)
	}
}

func TestMemServer(t *testing.T) {
	checkServer(t, NewMemServer(t, WithTLS()))
}

func TestMemServerWithCaps(t *testing.T) {
	s := NewMemServer(t, WithCaps(imap.CapSet{imap.CapIMAP4rev1: {}}))
	caps, err := s.Dial(t).Capability().Wait()
	if err != nil {
		t.Fatal(err)
	}
	if caps.Has(imap.CapMove) || caps.Has(imap.CapUIDPlus) {
		t.Errorf("caps %v: MOVE or UIDPLUS not hidden", caps)
	}
}

func TestDovecot(t *testing.T) {
	s := StartDovecot(t, nil)
	checkServer(t, s)
	s.Restart(t)
	if msgs, _ := s.Contents(t, "box"); len(msgs) != 1 {
		t.Errorf("after restart: %d messages, want 1", len(msgs))
	}
}

// TestDovecotGreetingTellsServersApart: the start of a private Dovecot
// waits for its own greeting, not for any server on the port, since the
// port FreeAddr chose may have been taken by another process meanwhile.
func TestDovecotGreetingTellsServersApart(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			fmt.Fprint(c, "* OK [CAPABILITY IMAP4rev1] another server ready\r\n")
			c.Close()
		}
	}()
	d := &dovecot{addr: ln.Addr().String(), greeting: "intake-test-1-2 ready"}
	if ok, err := d.greets(); ok || err == nil || !strings.Contains(err.Error(), "another server") {
		t.Errorf("greets() = %v, %v; want false and an error naming another server", ok, err)
	}
	d.greeting = "another server ready"
	if ok, err := d.greets(); !ok || err != nil {
		t.Errorf("greets() with its own greeting = %v, %v; want true, nil", ok, err)
	}
}

// TestMemServerIdleReportsEarlierMail pins memSession.Idle: mail appended
// after a client's last command and before its IDLE is announced as soon
// as the IDLE starts, as Dovecot does, not at the next change.
func TestMemServerIdleReportsEarlierMail(t *testing.T) {
	s := NewMemServer(t)
	exists := make(chan uint32, 4)
	c, err := imapclient.DialInsecure(s.Addr(), &imapclient.Options{
		UnilateralDataHandler: &imapclient.UnilateralDataHandler{
			Mailbox: func(d *imapclient.UnilateralDataMailbox) {
				if d.NumMessages != nil {
					exists <- *d.NumMessages
				}
			},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.Login(s.Username(), s.Password()).Wait(); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Select("INBOX", nil).Wait(); err != nil {
		t.Fatal(err)
	}
	s.Append(t, "INBOX", []byte(raw)) // on another connection, before the IDLE
	idle, err := c.Idle()
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		if err := idle.Close(); err != nil {
			t.Error(err)
		}
	}()
	select {
	case n := <-exists:
		if n != 1 {
			t.Errorf("EXISTS %d, want 1", n)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no EXISTS for the mail appended before IDLE")
	}
}
