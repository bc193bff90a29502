package mailbox

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"intake/internal/imaptest"
)

func TestXOAuth2InitialResponse(t *testing.T) {
	mech, ir, err := newXOAuth2Client("maria@door.example", "ya29.token").Start()
	if want := "user=maria@door.example\x01auth=Bearer ya29.token\x01\x01"; mech != "XOAUTH2" || string(ir) != want || err != nil {
		t.Errorf("Start() = %q, %q, %v; want XOAUTH2, %q", mech, ir, err, want)
	}
}

func TestBearerClientAcknowledgesErrorChallenge(t *testing.T) {
	for _, c := range []struct {
		client *bearerClient
		want   []byte
	}{
		{&bearerClient{mech: mechOAuthBearer, abort: []byte{0x01}}, []byte{0x01}}, // RFC 7628 section 3.2.3
		{newXOAuth2Client("u", "t"), []byte{}},
	} {
		resp, err := c.client.Next([]byte(`{"status":"invalid_token","schemes":"bearer"}`))
		if string(resp) != string(c.want) || err != nil || c.client.status.Status != "invalid_token" {
			t.Errorf("%s: Next = %q, %v, status %+v", c.client.mech, resp, err, c.client.status)
		}
		if _, err := c.client.Next(nil); err == nil {
			t.Errorf("%s: a second challenge was accepted", c.client.mech)
		}
	}
}

func TestPasswordIsNotPrinted(t *testing.T) {
	p := Password{Username: "u", Password: "hunter2"}
	for _, s := range []string{fmt.Sprint(p), fmt.Sprintf("%+v", p), fmt.Sprintf("%v", Options{Auth: p})} {
		if strings.Contains(s, "hunter2") {
			t.Errorf("password printed: %s", s)
		}
	}
}

func TestOnceWithOAuth(t *testing.T) {
	const token = "ya29.secret-token"
	b := imaptest.NewMemServer(t, imaptest.WithOAuthTokens(map[string]string{"maria@door.example": token}))
	b.Create(t, "in")
	appendN(t, b, "in", 1, 2, 300)
	for _, c := range []struct {
		name string
		auth func(TokenSource) Authenticator
	}{
		{"OAUTHBEARER", func(ts TokenSource) Authenticator { return OAuthBearer{Token: ts} }},
		{"XOAUTH2", func(ts TokenSource) Authenticator { return XOAuth2{Token: ts} }},
	} {
		t.Run(c.name, func(t *testing.T) {
			var calls atomic.Int32
			good := func(context.Context) (string, error) { calls.Add(1); return token, nil }
			var logs strings.Builder
			o := testOptions(t, b.Addr(), b, "in")
			o.Username, o.Auth, o.Logger = "maria@door.example", c.auth(good), newTextLogger(&logs)
			cur := newCursor()
			p := newPoller(t, o, cur, newRecorder(cur).handle)
			for i := 0; i < 2; i++ {
				if _, err := p.Once(context.Background()); err != nil {
					t.Fatalf("Once: %v", err)
				}
			}
			if calls.Load() != 2 {
				t.Errorf("token source called %d times for 2 connections", calls.Load())
			}
			o.Auth = c.auth(func(context.Context) (string, error) { return "expired-token", nil })
			_, err := newPoller(t, o, cur, newRecorder(cur).handle).Once(context.Background())
			if err == nil || strings.Contains(err.Error(), "expired-token") {
				t.Errorf("Once with a bad token = %v: want an error without the token", err)
			}
			o.Auth = c.auth(func(context.Context) (string, error) { return "", errors.New("command failed") })
			if _, err := newPoller(t, o, cur, newRecorder(cur).handle).Once(context.Background()); err == nil {
				t.Error("Once without a token succeeded")
			}
			if strings.Contains(logs.String(), token) {
				t.Errorf("token logged:\n%s", logs.String())
			}
		})
	}
}

// TestOnceTimesOutOnHungTokenSource: a token source that never answers
// is bounded by the command timeout like any step of connecting, so the
// poller reconnects later instead of hanging.
func TestOnceTimesOutOnHungTokenSource(t *testing.T) {
	b := imaptest.NewMemServer(t, imaptest.WithOAuthTokens(map[string]string{"maria@door.example": "tok"}))
	b.Create(t, "in")
	hung := func(ctx context.Context) (string, error) { <-ctx.Done(); return "", ctx.Err() }
	o := testOptions(t, b.Addr(), b, "in")
	o.Username, o.Auth = "maria@door.example", OAuthBearer{Token: hung}
	o.CommandTimeout = 200 * time.Millisecond
	cur := newCursor()
	p := newPoller(t, o, cur, newRecorder(cur).handle)
	done := make(chan error, 1)
	go func() { _, err := p.Once(context.Background()); done <- err }()
	select {
	case err := <-done:
		if !errors.Is(err, ErrTimeout) {
			t.Errorf("Once = %v, want ErrTimeout", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Once still connecting 10s after a command timeout of 200ms: a hung token source hangs the poller")
	}
}
