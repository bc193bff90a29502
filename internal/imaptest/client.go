package imaptest

import (
	"bytes"
	"fmt"
	"net/mail"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
)

// Dial opens a plain-text IMAP connection to s, logged in as its user, and
// closes it in t.Cleanup (closing it earlier is fine).
func (s *Server) Dial(t testing.TB) *imapclient.Client {
	t.Helper()
	c, err := imapclient.DialInsecure(s.addr, nil)
	if err != nil {
		t.Fatalf("imaptest: dial %s: %v", s.addr, err)
	}
	t.Cleanup(func() { _ = c.Close() })
	if err := c.Login(s.username, s.password).Wait(); err != nil {
		t.Fatalf("imaptest: login: %v", err)
	}
	return c
}

// Create creates mailboxes.
func (s *Server) Create(t testing.TB, names ...string) {
	t.Helper()
	c := s.Dial(t)
	defer c.Close()
	for _, name := range names {
		if err := c.Create(name, nil).Wait(); err != nil {
			t.Fatalf("imaptest: create %s: %v", name, err)
		}
	}
}

// Append appends one message to mailbox with the given flags and the
// current time as its INTERNALDATE, and returns its UID (0 when the server
// does not say, without UIDPLUS).
func (s *Server) Append(t testing.TB, mailbox string, raw []byte, flags ...imap.Flag) imap.UID {
	t.Helper()
	return s.AppendAt(t, mailbox, time.Now(), raw, flags...)
}

// AppendAt is Append with the given INTERNALDATE (RFC 9051 section 2.3.3).
func (s *Server) AppendAt(t testing.TB, mailbox string, date time.Time, raw []byte, flags ...imap.Flag) imap.UID {
	t.Helper()
	c := s.Dial(t)
	defer c.Close()
	cmd := c.Append(mailbox, int64(len(raw)), &imap.AppendOptions{Flags: flags, Time: date})
	if _, err := cmd.Write(raw); err != nil {
		t.Fatalf("imaptest: append to %s: %v", mailbox, err)
	}
	if err := cmd.Close(); err != nil {
		t.Fatalf("imaptest: append to %s: %v", mailbox, err)
	}
	data, err := cmd.Wait()
	if err != nil {
		t.Fatalf("imaptest: append to %s: %v", mailbox, err)
	}
	return data.UID
}

// Message is a message as found in a mailbox by Contents.
type Message struct {
	UID       imap.UID
	MessageID string // the Message-ID field, angle brackets included
	Flags     []imap.Flag
}

// Has reports whether m has flag f, compared case-insensitively (RFC 9051
// section 2.3.2).
func (m Message) Has(f imap.Flag) bool {
	return slices.ContainsFunc(m.Flags, func(g imap.Flag) bool { return strings.EqualFold(string(f), string(g)) })
}

// Contents lists mailbox, read-only (EXAMINE), in UID order, and returns
// its UIDVALIDITY. A message expunged by another client while it is being
// listed can come back without its header (the in-process server does
// that); the listing is then taken again, a few times at most.
func (s *Server) Contents(t testing.TB, mailbox string) ([]Message, uint32) {
	t.Helper()
	for attempt := 1; ; attempt++ {
		out, validity, err := s.contents(t, mailbox)
		if err == nil || attempt == 5 {
			if err != nil {
				t.Fatalf("imaptest: %v", err)
			}
			return out, validity
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// contents is one attempt of Contents; err names a message listed without
// a readable header.
func (s *Server) contents(t testing.TB, mailbox string) ([]Message, uint32, error) {
	c := s.Dial(t)
	defer c.Close()
	data, err := c.Select(mailbox, &imap.SelectOptions{ReadOnly: true}).Wait()
	if err != nil {
		t.Fatalf("imaptest: examine %s: %v", mailbox, err)
	}
	if data.NumMessages == 0 {
		return nil, data.UIDValidity, nil
	}
	section := &imap.FetchItemBodySection{Peek: true, Specifier: imap.PartSpecifierHeader, HeaderFields: []string{"Message-ID"}}
	all := imap.SeqSet{{Start: 1, Stop: 0}}
	bufs, err := c.Fetch(all, &imap.FetchOptions{UID: true, Flags: true, BodySection: []*imap.FetchItemBodySection{section}}).Collect()
	if err != nil {
		t.Fatalf("imaptest: fetch %s: %v", mailbox, err)
	}
	var out []Message
	for _, buf := range bufs {
		m, err := mail.ReadMessage(bytes.NewReader(buf.FindBodySection(section)))
		if err != nil {
			return nil, 0, fmt.Errorf("%s uid %d: %w", mailbox, buf.UID, err)
		}
		out = append(out, Message{UID: buf.UID, MessageID: m.Header.Get("Message-Id"), Flags: buf.Flags})
	}
	return out, data.UIDValidity, nil
}

// RemoveFlags removes flags from every message of mailbox.
func (s *Server) RemoveFlags(t testing.TB, mailbox string, flags ...imap.Flag) {
	t.Helper()
	c := s.Dial(t)
	defer c.Close()
	data, err := c.Select(mailbox, nil).Wait()
	if err != nil {
		t.Fatalf("imaptest: select %s: %v", mailbox, err)
	}
	if data.NumMessages == 0 {
		return
	}
	sf := &imap.StoreFlags{Op: imap.StoreFlagsDel, Silent: true, Flags: flags}
	if err := c.Store(imap.UIDSet{{Start: 1, Stop: 0}}, sf, nil).Close(); err != nil {
		t.Fatalf("imaptest: store %s: %v", mailbox, err)
	}
}
