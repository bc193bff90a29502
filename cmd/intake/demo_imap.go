package main

import (
	"bytes"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/mail"
	"strings"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
	"github.com/emersion/go-imap/v2/imapserver"
	"github.com/emersion/go-imap/v2/imapserver/imapmemserver"

	"intake/mailbox"
)

// demoUser is the account of the demo's IMAP server: the inbox the sample
// mail is addressed to.
const demoUser = "integrations@door.com"

// demoServer is the demo's IMAP server: go-imap's imapserver over
// imapmemserver, in this process, on a free port of 127.0.0.1, with one
// user whose password is made up at start and exists only in memory.
type demoServer struct {
	srv      *imapserver.Server
	addr     string
	password string
}

// startDemoServer starts the demo's IMAP server with an empty INBOX.
// Server errors are logged to logw. Close stops it.
func startDemoServer(logw io.Writer) (*demoServer, error) {
	password := rand.Text()
	mem := imapmemserver.New()
	u := imapmemserver.NewUser(demoUser, password)
	if err := u.Create("INBOX", nil); err != nil {
		return nil, fmt.Errorf("demo imap server: create INBOX: %w", err)
	}
	mem.AddUser(u)
	srv := imapserver.New(&imapserver.Options{
		NewSession: func(*imapserver.Conn) (imapserver.Session, *imapserver.GreetingData, error) {
			return mem.NewSession(), nil, nil
		},
		Caps:         imap.CapSet{imap.CapIMAP4rev1: {}, imap.CapIMAP4rev2: {}},
		InsecureAuth: true, // plain text on loopback only
		Logger:       log.New(logw, "demo imap server: ", 0),
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("demo imap server: listen: %w", err)
	}
	go func() { _ = srv.Serve(ln) }()
	return &demoServer{srv: srv, addr: ln.Addr().String(), password: password}, nil
}

// Close stops the server: its listener and every connection.
func (s *demoServer) Close() error {
	if err := s.srv.Close(); err != nil {
		return fmt.Errorf("demo imap server: close: %w", err)
	}
	return nil
}

// countMarked returns how many messages of INBOX have the poller's
// keyword (mailbox.DoneKeyword).
func (s *demoServer) countMarked() (int, error) {
	c, err := imapclient.DialInsecure(s.addr, nil)
	if err != nil {
		return 0, fmt.Errorf("demo: connect to imap server: %w", err)
	}
	defer c.Close()
	if err := c.Login(demoUser, s.password).Wait(); err != nil {
		return 0, fmt.Errorf("demo: log in to imap server: %w", err)
	}
	if _, err := c.Select("INBOX", &imap.SelectOptions{ReadOnly: true}).Wait(); err != nil {
		return 0, fmt.Errorf("demo: examine INBOX: %w", err)
	}
	data, err := c.UIDSearch(&imap.SearchCriteria{Flag: []imap.Flag{mailbox.DoneKeyword}}, nil).Wait()
	if err != nil {
		return 0, fmt.Errorf("demo: search INBOX: %w", err)
	}
	return len(data.AllUIDs()), nil
}

// demoMail is one message for the demo's INBOX.
type demoMail struct {
	file string
	raw  []byte
}

// appendAll logs in over IMAP and appends each message to INBOX in order,
// with the date of its topmost Received field as INTERNALDATE (RFC 9051
// section 6.3.12), so that freshness is judged as for a file. It returns
// the file name of each UID the server assigned (APPENDUID, RFC 4315).
func (s *demoServer) appendAll(msgs []demoMail) (map[imap.UID]string, error) {
	c, err := imapclient.DialInsecure(s.addr, nil)
	if err != nil {
		return nil, fmt.Errorf("demo: connect to imap server: %w", err)
	}
	defer c.Close()
	if err := c.Login(demoUser, s.password).Wait(); err != nil {
		return nil, fmt.Errorf("demo: log in to imap server: %w", err)
	}
	files := make(map[imap.UID]string, len(msgs))
	for _, m := range msgs {
		uid, err := appendOne(c, m.raw, receivedDate(m.raw))
		if err != nil {
			return nil, fmt.Errorf("demo: append %s: %w", m.file, err)
		}
		files[uid] = m.file
	}
	if err := c.Logout().Wait(); err != nil {
		return nil, fmt.Errorf("demo: log out of imap server: %w", err)
	}
	return files, nil
}

// appendOne appends raw to INBOX and returns its UID.
func appendOne(c *imapclient.Client, raw []byte, date time.Time) (imap.UID, error) {
	cmd := c.Append("INBOX", int64(len(raw)), &imap.AppendOptions{Time: date})
	if _, err := cmd.Write(raw); err != nil {
		return 0, err
	}
	if err := cmd.Close(); err != nil {
		return 0, err
	}
	data, err := cmd.Wait()
	if err != nil {
		return 0, err
	}
	if data.UID == 0 {
		return 0, errors.New("the server sent no APPENDUID")
	}
	return data.UID, nil
}

// receivedDate returns the date-time of raw's topmost Received field, the
// part after its last ";" (RFC 5322 section 3.6.7), or the current time
// when there is none or it does not parse.
func receivedDate(raw []byte) time.Time {
	m, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		return time.Now()
	}
	received := m.Header.Get("Received")
	i := strings.LastIndexByte(received, ';')
	if i < 0 {
		return time.Now()
	}
	t, err := mail.ParseDate(strings.TrimSpace(received[i+1:]))
	if err != nil {
		return time.Now()
	}
	return t
}
