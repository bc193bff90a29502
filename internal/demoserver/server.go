// Package demoserver is the IMAP server of `intake demo`: go-imap's
// imapserver over imapmemserver, in the demo's own process, on a free
// port of 127.0.0.1, with one user whose password is made up at start and
// exists only in memory. It lets the demo read its sample mail through
// the real poller, as `intake poll --once` would, without any server to
// install. It is no part of the production code path.
package demoserver

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

// User is the server's one account: the inbox the sample mail is
// addressed to.
const User = "integrations@door.com"

// Server is a running demo IMAP server.
type Server struct {
	srv *imapserver.Server
	// Addr is the server's host:port on 127.0.0.1.
	Addr string
	// Password is User's password, made up at Start.
	Password string
}

// Start starts a server with an empty INBOX. Server errors are logged to
// logw. Close stops it.
func Start(logw io.Writer) (*Server, error) {
	password := rand.Text()
	mem := imapmemserver.New()
	u := imapmemserver.NewUser(User, password)
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
	return &Server{srv: srv, Addr: ln.Addr().String(), Password: password}, nil
}

// Close stops the server: its listener and every connection.
func (s *Server) Close() error {
	if err := s.srv.Close(); err != nil {
		return fmt.Errorf("demo imap server: close: %w", err)
	}
	return nil
}

// CountMarked returns how many messages of INBOX have the poller's
// keyword (mailbox.DoneKeyword).
func (s *Server) CountMarked() (int, error) {
	c, err := imapclient.DialInsecure(s.Addr, nil)
	if err != nil {
		return 0, fmt.Errorf("demo: connect to imap server: %w", err)
	}
	defer c.Close()
	if err := c.Login(User, s.Password).Wait(); err != nil {
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

// Mail is one message for INBOX: File names it in the demo's output.
type Mail struct {
	File string
	Raw  []byte
}

// AppendAll logs in over IMAP and appends each message to INBOX in order,
// with the date of its topmost Received field as INTERNALDATE (RFC 9051
// section 6.3.12), so that freshness is judged as for a file. It returns
// the file name of each UID the server assigned (APPENDUID, RFC 4315).
func (s *Server) AppendAll(msgs []Mail) (map[imap.UID]string, error) {
	c, err := imapclient.DialInsecure(s.Addr, nil)
	if err != nil {
		return nil, fmt.Errorf("demo: connect to imap server: %w", err)
	}
	defer c.Close()
	if err := c.Login(User, s.Password).Wait(); err != nil {
		return nil, fmt.Errorf("demo: log in to imap server: %w", err)
	}
	files := make(map[imap.UID]string, len(msgs))
	for _, m := range msgs {
		uid, err := AppendOne(c, m.Raw, ReceivedDate(m.Raw))
		if err != nil {
			return nil, fmt.Errorf("demo: append %s: %w", m.File, err)
		}
		files[uid] = m.File
	}
	if err := c.Logout().Wait(); err != nil {
		return nil, fmt.Errorf("demo: log out of imap server: %w", err)
	}
	return files, nil
}

// AppendOne appends raw to INBOX of c, with date as INTERNALDATE, and
// returns its UID. It fails when the server sends no APPENDUID (RFC 4315).
func AppendOne(c *imapclient.Client, raw []byte, date time.Time) (imap.UID, error) {
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

// ReceivedDate returns the date-time of raw's topmost Received field, the
// part after its last ";" (RFC 5322 section 3.6.7), or the current time
// when there is none or it does not parse.
func ReceivedDate(raw []byte) time.Time {
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
