package main

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"intake/console"
)

// TestConsoleRefusesSignInWithoutStaffAccounts: until staff accounts
// exist, the console serve runs lets no one sign in.
func TestConsoleRefusesSignInWithoutStaffAccounts(t *testing.T) {
	resp := consoleSignIn(t, nil, "anyone@door.com", "anything")
	if resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("sign-in: status %d, want 401", resp.StatusCode)
	}
}

// TestDemoLoginIsOneTime: the demo's password works once, for demoStaff.
func TestDemoLoginIsOneTime(t *testing.T) {
	login := newDemoLogin()
	ctx := context.Background()
	if _, err := login.VerifyStaff(ctx, "other@door.com", login.password); err == nil {
		t.Error("the demo password signed in another address")
	}
	if _, err := login.VerifyStaff(ctx, demoStaff, login.password+"x"); err == nil {
		t.Error("a wrong password signed in")
	}
	if resp := consoleSignIn(t, login, demoStaff, login.password); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("first sign-in: status %d, want 303", resp.StatusCode)
	}
	if _, err := login.VerifyStaff(ctx, demoStaff, login.password); err == nil {
		t.Error("the one-time password signed in twice")
	}
}

// consoleSignIn starts the console on a fresh database with staff and
// posts the sign-in form.
func consoleSignIn(t *testing.T, staff *demoLogin, email, password string) *http.Response {
	t.Helper()
	cfg := defaultConfig()
	cfg.Store.Path = filepath.Join(t.TempDir(), "intake.db")
	cfg.Console.Listen = "127.0.0.1:0"
	if err := cfg.validate(); err != nil {
		t.Fatal(err)
	}
	b, err := openBackend(&cfg, dbCreate, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	log := slog.New(slog.DiscardHandler)
	var verifier console.StaffVerifier
	if staff != nil {
		verifier = staff
	}
	srv, addr, err := startConsole(ctx, b, log, verifier)
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
