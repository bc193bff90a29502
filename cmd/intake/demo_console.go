package main

import (
	"context"
	"crypto/rand"
	"fmt"
	"log/slog"
)

// demoStaff is the demo console's staff member.
const demoStaff = "demo@door.com"

// demoConsole serves the console on the demo database until the
// command's context is done (Ctrl-C), with a staff account made for this
// run: demoStaff, with a random password printed once. The account lives
// in the demo database, which is removed afterwards unless --keep.
func demoConsole(e *env, b *backend) error {
	password := rand.Text()
	if _, err := b.svc.AddStaff(e.ctx, "demo", demoStaff, password); err != nil {
		return fmt.Errorf("demo: staff account: %w", err)
	}
	log := slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	ctx, stop := context.WithCancel(e.ctx)
	defer stop()
	srv, addr, err := startConsole(ctx, b, log)
	if err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	defer shutdownHTTP(srv, log)
	heading(e.stdout, "5. The support console")
	fmt.Fprintf(e.stdout, "Open http://%s/ in a browser and sign in as %s with the password made for this run\n\n    %s\n\n"+
		"The console runs on the demo database until Ctrl-C.\n", addr, demoStaff, password)
	<-ctx.Done()
	return nil
}
