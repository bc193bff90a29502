package main

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"fmt"
	"log/slog"
	"strings"
	"sync"

	"intake/approvals"
	"intake/console"
)

// demoStaff is the demo console's staff member.
const demoStaff = "demo@door.com"

// demoLogin is the staff verifier of `intake demo --console` only: it
// accepts demoStaff with one random password, once. It is not a
// production sign-in path: serve never uses it.
type demoLogin struct {
	mu       sync.Mutex
	password string
	used     bool
}

// newDemoLogin returns a verifier with a fresh random password.
func newDemoLogin() *demoLogin {
	return &demoLogin{password: rand.Text()}
}

// VerifyStaff implements console.StaffVerifier.
func (d *demoLogin) VerifyStaff(_ context.Context, email, password string) (console.Staff, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	ok := subtle.ConstantTimeCompare([]byte(password), []byte(d.password)) == 1
	if d.used || !ok || !strings.EqualFold(strings.TrimSpace(email), demoStaff) {
		return console.Staff{}, approvals.Errorf(approvals.EINVALID, "wrong demo login, or the one-time password was used")
	}
	d.used = true
	return console.Staff{Email: demoStaff}, nil
}

// demoConsole serves the console on the demo database until the
// command's context is done (Ctrl-C), with a one-time demo login.
func demoConsole(e *env, b *backend) error {
	login := newDemoLogin()
	log := slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	ctx, stop := context.WithCancel(e.ctx)
	defer stop()
	srv, addr, err := startConsole(ctx, b, log, login)
	if err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	defer shutdownHTTP(srv, log)
	heading(e.stdout, "5. The support console")
	fmt.Fprintf(e.stdout, "Open http://%s/ in a browser and sign in as %s with the one-time password\n\n    %s\n\n"+
		"It works for one sign-in. The console runs on the demo database until Ctrl-C.\n", addr, demoStaff, login.password)
	<-ctx.Done()
	return nil
}
