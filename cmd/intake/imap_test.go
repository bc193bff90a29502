package main

import (
	"context"
	"strings"
	"testing"
	"time"
)

// TestTokenCommand: the token is the first line the command prints; a
// process it leaves holding its output delays it by tokenWaitDelay at
// most, and a command that hangs stops when the poller's timeout cancels
// it, even with such a process.
func TestTokenCommand(t *testing.T) {
	ctx := context.Background()
	for _, c := range []struct{ name, command string }{
		{"first line", "printf 'tok-1\\nsecond\\n'"},
		{"helper left running", "echo tok-1; sleep 30 &"},
	} {
		t.Run(c.name, func(t *testing.T) {
			start := time.Now()
			got, err := tokenCommand(c.command)(ctx)
			if err != nil || got != "tok-1" {
				t.Fatalf("token = %q, %v; want tok-1", got, err)
			}
			if took := time.Since(start); took > 10*time.Second {
				t.Errorf("took %v", took.Round(time.Millisecond))
			}
		})
	}
	t.Run("hung", func(t *testing.T) {
		ctx, cancel := context.WithTimeout(ctx, 200*time.Millisecond)
		defer cancel()
		start := time.Now()
		got, err := tokenCommand("sleep 30; echo late")(ctx)
		if err == nil || !strings.Contains(err.Error(), "imap.oauth2_token_command") {
			t.Errorf("token = %q, %v; want an error naming imap.oauth2_token_command", got, err)
		}
		if took := time.Since(start); took > 10*time.Second {
			t.Errorf("hung command returned after %v", took.Round(time.Millisecond))
		}
	})
	t.Run("no output", func(t *testing.T) {
		if _, err := tokenCommand("true")(ctx); err == nil {
			t.Error("a command that prints nothing gave a token")
		}
	})
}
