package smtptest

import (
	"crypto/tls"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

const msg = "Subject: x\r\n\r\nHello.\r\n"

// dial connects with STARTTLS, trusting s, and authenticates as user.
func dial(t *testing.T, s *Server, user, pass string) (*smtp.Client, error) {
	t.Helper()
	c, err := smtp.DialStartTLS(s.Addr(), &tls.Config{RootCAs: s.RootCAs(), ServerName: "127.0.0.1"})
	if err != nil {
		t.Fatalf("dial: %v", err)
	}
	t.Cleanup(func() { c.Close() })
	if user == "" {
		return c, nil
	}
	return c, c.Auth(sasl.NewPlainClient("", user, pass))
}

func TestRecords(t *testing.T) {
	s := New(t, Options{Username: "user", Password: "secret"})
	c, err := dial(t, s, "user", "secret")
	if err != nil {
		t.Fatalf("auth: %v", err)
	}
	if err := c.SendMail("a@b.example", []string{"c@d.example", "e@f.example"}, strings.NewReader(msg)); err != nil {
		t.Fatalf("SendMail: %v", err)
	}
	got := s.Messages()
	if len(got) != 1 || got[0].From != "a@b.example" || strings.Join(got[0].To, ",") != "c@d.example,e@f.example" || string(got[0].Data) != msg {
		t.Errorf("Messages = %+v", got)
	}
}

func TestAuth(t *testing.T) {
	s := New(t, Options{Username: "user", Password: "secret"})
	c, err := dial(t, s, "user", "wrong")
	var se *smtp.SMTPError
	if !errors.As(err, &se) || se.Code != 535 {
		t.Fatalf("auth with a wrong password = %v, want 535", err)
	}
	if err := c.Mail("a@b.example", nil); !errors.As(err, &se) || se.Code != smtp.ErrAuthRequired.Code {
		t.Errorf("MAIL without auth = %v, want %d", err, smtp.ErrAuthRequired.Code)
	}
}

func TestFail(t *testing.T) {
	for _, step := range []Step{StepMail, StepRcpt, StepData} {
		t.Run(string(step), func(t *testing.T) {
			s := New(t, Options{})
			s.Fail(step, 2, 451, "try later")
			c, _ := dial(t, s, "", "")
			for i, want := range []int{451, 451, 0} {
				err := c.SendMail("a@b.example", []string{"c@d.example"}, strings.NewReader(msg))
				var se *smtp.SMTPError
				switch {
				case want == 0 && err != nil:
					t.Fatalf("send %d: %v", i, err)
				case want != 0 && (!errors.As(err, &se) || se.Code != want):
					t.Fatalf("send %d = %v, want %d", i, err, want)
				}
				if want != 0 {
					if err := c.Reset(); err != nil {
						t.Fatalf("RSET: %v", err)
					}
				}
			}
			if n := len(s.Messages()); n != 1 {
				t.Errorf("%d messages accepted, want 1", n)
			}
		})
	}
}

func TestAfterNextData(t *testing.T) {
	tests := []struct {
		name  string
		after After
	}{{"hang", AfterHang}, {"close", AfterClose}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := New(t, Options{})
			answered := s.AfterNextData(tt.after)
			c, _ := dial(t, s, "", "")
			if err := c.Mail("a@b.example", nil); err != nil {
				t.Fatal(err)
			}
			if err := c.Rcpt("c@d.example", nil); err != nil {
				t.Fatal(err)
			}
			w, err := c.Data()
			if err != nil {
				t.Fatal(err)
			}
			if _, err := w.Write([]byte(msg)); err != nil {
				t.Fatal(err)
			}
			if err := w.Close(); err != nil {
				t.Fatalf("DATA: %v", err)
			}
			select {
			case <-answered:
			case <-time.After(5 * time.Second):
				t.Fatal("no signal after the DATA reply")
			}
			quit := make(chan error, 1)
			go func() { quit <- c.Quit() }()
			select {
			case err := <-quit:
				if tt.after == AfterHang || err == nil {
					t.Errorf("QUIT = %v on a connection that should %s", err, tt.name)
				}
			case <-time.After(300 * time.Millisecond):
				if tt.after == AfterClose {
					t.Error("QUIT hangs on a closed connection")
				}
				c.Close()
			}
			if n := len(s.Messages()); n != 1 {
				t.Errorf("%d messages accepted, want 1", n)
			}
		})
	}
}
