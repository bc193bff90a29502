package main

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"intake/approvals"
)

// TestConsoleSignInChecksStaffAccounts: the console serve runs signs in
// an active staff account with its password, and nobody else: a wrong
// password, an unknown address and a disabled account are all refused.
func TestConsoleSignInChecksStaffAccounts(t *testing.T) {
	const email, password = "ann@door.com", "correct horse battery"
	for _, c := range []struct {
		name, email, password string
		disable               bool
		want                  int
	}{
		{"active account", email, password, false, http.StatusSeeOther},
		{"wrong password", email, password + "x", false, http.StatusUnauthorized},
		{"unknown account", "stranger@nowhere.example", password, false, http.StatusUnauthorized},
		{"disabled account", email, password, true, http.StatusUnauthorized},
	} {
		t.Run(c.name, func(t *testing.T) {
			resp := consoleSignIn(t, func(b *backend) {
				if _, err := b.svc.AddStaff(t.Context(), approvals.ActorOperator, email, password); err != nil {
					t.Fatal(err)
				}
				if c.disable {
					if _, err := b.svc.DisableStaff(t.Context(), approvals.ActorOperator, email); err != nil {
						t.Fatal(err)
					}
				}
			}, c.email, c.password)
			if resp.StatusCode != c.want {
				t.Errorf("sign-in: status %d, want %d", resp.StatusCode, c.want)
			}
		})
	}
}

// consoleSignIn starts the console on a fresh database, after setup has
// run on it, and posts the sign-in form.
func consoleSignIn(t *testing.T, setup func(*backend), email, password string) *http.Response {
	t.Helper()
	b := newTestBackend(t, func(cfg *Config) { cfg.Console.Listen = "127.0.0.1:0" })
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	log := slog.New(slog.DiscardHandler)
	setup(b)
	srv, addr, err := startConsole(ctx, b, log)
	if err != nil {
		t.Fatal(err)
	}
	defer shutdownHTTP(srv, log)
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	base := "http://" + addr.String()
	resp, err := c.Get(base + "/login")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	m := regexp.MustCompile(`name="csrf" value="([^"]+)"`).FindSubmatch(body)
	if m == nil {
		t.Fatalf("no token in the sign-in page")
	}
	resp, err = c.PostForm(base+"/login", url.Values{"csrf": {string(m[1])}, "email": {email}, "password": {password}})
	if err != nil {
		t.Fatal(err)
	}
	out, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode == http.StatusUnauthorized && !strings.Contains(string(out), "do not match") {
		t.Errorf("refusal page lacks its sentence")
	}
	return resp
}
