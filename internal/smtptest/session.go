package smtptest

import (
	"crypto/tls"
	"fmt"
	"io"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// session is one SMTP session; it records a message when DATA is taken.
type session struct {
	s      *Server
	c      *conn
	authed bool
	from   string
	to     []string
}

var _ smtp.AuthSession = (*session)(nil)

func (s *Server) newSession(c *smtp.Conn) (smtp.Session, error) {
	nc := c.Conn()
	if tc, ok := nc.(*tls.Conn); ok { // after STARTTLS
		nc = tc.NetConn()
	}
	hc, ok := nc.(*conn)
	if !ok {
		return nil, fmt.Errorf("smtptest: connection of type %T", c.Conn())
	}
	return &session{s: s, c: hc, authed: s.opt.Username == ""}, nil
}

// AuthMechanisms offers PLAIN when the server has an account.
func (ss *session) AuthMechanisms() []string {
	if ss.s.opt.Username == "" {
		return nil
	}
	return []string{sasl.Plain}
}

func (ss *session) Auth(string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(_, user, pass string) error {
		if user != ss.s.opt.Username || pass != ss.s.opt.Password {
			return smtp.ErrAuthFailed
		}
		ss.authed = true
		return nil
	}), nil
}

func (ss *session) Mail(from string, _ *smtp.MailOptions) error {
	if !ss.authed {
		return smtp.ErrAuthRequired
	}
	if err := ss.s.failure(StepMail); err != nil {
		return err
	}
	ss.from, ss.to = from, nil
	return nil
}

func (ss *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	if err := ss.s.failure(StepRcpt); err != nil {
		return err
	}
	ss.to = append(ss.to, to)
	return nil
}

func (ss *session) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return fmt.Errorf("read data: %w", err)
	}
	if err := ss.s.failure(StepData); err != nil {
		return err
	}
	ss.s.accept(Message{From: ss.from, To: ss.to, Data: b}, ss.c)
	return nil
}

func (ss *session) Reset()        { ss.from, ss.to = "", nil }
func (ss *session) Logout() error { return nil }
