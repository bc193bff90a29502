package smtpout

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// Security is how the connection to the relay is protected.
type Security string

// The securities. SecurityNone is allowed for a loopback relay only.
const (
	SecurityTLS      Security = "tls"      // implicit TLS (RFC 8314)
	SecurityStartTLS Security = "starttls" // STARTTLS (RFC 3207), required
	SecurityNone     Security = "none"
)

// Options configure a Sender.
type Options struct {
	// Addr is the relay's host:port.
	Addr     string
	Security Security
	// Username and Password are for AUTH PLAIN (RFC 4616); no
	// authentication when Username is "".
	Username, Password string
	// Helo is the name given in EHLO; "" means "localhost".
	Helo string
	// TLS configures TLS; nil means the system roots and the host of
	// Addr as server name.
	TLS *tls.Config
	// Timeout bounds one delivery when the context has no earlier
	// deadline; zero means one minute.
	Timeout time.Duration
}

// Sender delivers messages to one relay. Its methods may be called from
// several goroutines at once.
type Sender struct {
	opt Options
}

// New returns a Sender. It returns an error naming the problem when
// Addr is not host:port, Security is unknown, or Security is none and the
// host is not a loopback address.
func New(opt Options) (*Sender, error) {
	host, _, err := net.SplitHostPort(opt.Addr)
	if err != nil {
		return nil, fmt.Errorf("smtp address %q: %w", opt.Addr, err)
	}
	switch opt.Security {
	case SecurityTLS, SecurityStartTLS:
	case SecurityNone:
		if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
			return nil, fmt.Errorf("smtp security none: %s is not a loopback address", host)
		}
	default:
		return nil, fmt.Errorf("smtp security %q: want tls, starttls or none", opt.Security)
	}
	if opt.TLS == nil {
		opt.TLS = &tls.Config{ServerName: host, MinVersion: tls.VersionTLS12}
	}
	if opt.Helo == "" {
		opt.Helo = "localhost"
	}
	if opt.Timeout <= 0 {
		opt.Timeout = time.Minute
	}
	return &Sender{opt: opt}, nil
}

// Error is a failed delivery. Permanent reports a 5xx reply to MAIL,
// RCPT or DATA; Code is the SMTP reply code, 0 when there was none.
type Error struct {
	Step      string // "connect", "authenticate", "mail", "rcpt", "data"
	Code      int
	Permanent bool
	Err       error
}

func (e *Error) Error() string { return fmt.Sprintf("smtp %s: %v", e.Step, e.Err) }

func (e *Error) Unwrap() error { return e.Err }

// IsPermanent reports whether err is an *Error that retrying cannot mend.
func IsPermanent(err error) bool {
	var e *Error
	return errors.As(err, &e) && e.Permanent
}

// Send delivers raw, an RFC 5322 message, from the envelope sender from
// to the one recipient to. A nil error means the relay accepted the
// message (250 to DATA). Otherwise the error is an *Error.
func (s *Sender) Send(ctx context.Context, from, to string, raw []byte) error {
	ctx, cancel := context.WithTimeout(ctx, s.opt.Timeout)
	defer cancel()
	c, err := s.dial(ctx)
	if err != nil {
		return err
	}
	defer c.Close()
	if s.opt.Username != "" {
		if err := c.Auth(sasl.NewPlainClient("", s.opt.Username, s.opt.Password)); err != nil {
			return &Error{Step: "authenticate", Code: code(err), Err: fmt.Errorf("as %s: %w", s.opt.Username, err)}
		}
	}
	if err := c.Mail(from, nil); err != nil {
		return stepError("mail", err)
	}
	if err := c.Rcpt(to, nil); err != nil {
		return stepError("rcpt", err)
	}
	if err := data(c, raw); err != nil {
		return err
	}
	_ = c.Quit() // the message is accepted; a failed QUIT changes nothing
	return nil
}

// dial connects, says EHLO and, for starttls, upgrades the connection.
// The connection closes when ctx ends.
func (s *Sender) dial(ctx context.Context) (*smtp.Client, error) {
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", s.opt.Addr)
	if err != nil {
		return nil, &Error{Step: "connect", Err: err}
	}
	if dl, ok := ctx.Deadline(); ok {
		_ = conn.SetDeadline(dl) // a net.Conn fresh from Dial takes a deadline
	}
	context.AfterFunc(ctx, func() { conn.Close() })
	var c *smtp.Client
	switch s.opt.Security {
	case SecurityTLS:
		c = smtp.NewClient(tls.Client(conn, s.opt.TLS))
	case SecurityStartTLS:
		if c, err = smtp.NewClientStartTLS(conn, s.opt.TLS); err != nil {
			conn.Close()
			return nil, &Error{Step: "connect", Code: code(err), Err: fmt.Errorf("starttls: %w", err)}
		}
	default:
		c = smtp.NewClient(conn)
	}
	if err := c.Hello(s.opt.Helo); err != nil {
		c.Close()
		return nil, &Error{Step: "connect", Code: code(err), Err: fmt.Errorf("hello: %w", err)}
	}
	return c, nil
}

// data sends raw with DATA; the relay's reply to the final dot decides.
func data(c *smtp.Client, raw []byte) error {
	w, err := c.Data()
	if err != nil {
		return stepError("data", err)
	}
	if _, err := w.Write(raw); err != nil {
		return stepError("data", err)
	}
	if err := w.Close(); err != nil {
		return stepError("data", err)
	}
	return nil
}

// stepError returns err of a message step, permanent for a 5xx reply.
func stepError(step string, err error) error {
	n := code(err)
	return &Error{Step: step, Code: n, Permanent: n >= 500 && n < 600, Err: err}
}

// code returns the SMTP reply code of err, 0 when it has none.
func code(err error) int {
	var se *smtp.SMTPError
	if errors.As(err, &se) {
		return se.Code
	}
	return 0
}
