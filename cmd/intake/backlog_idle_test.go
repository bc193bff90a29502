package main

import (
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"intake/internal/backlog"
	"intake/internal/demoserver"
	"intake/internal/imaptest"
)

// idleLatencies starts `intake serve` in w and appends n small
// messages (numbered from first) one at a time, each after the previous
// one was decided, and returns each one's time from the start of its
// APPEND to its record appearing in the database, polled every 10 ms. A
// first message, not counted, makes sure the poller is in IDLE.
func (w *benchWorkspace) idleLatencies(b *testing.B, s *imaptest.Server, first, n int) []time.Duration {
	cmd := w.command("serve")
	var stderr syncBuffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		b.Fatalf("start serve: %v", err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	defer func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-exited:
		case <-time.After(30 * time.Second):
			_ = cmd.Process.Kill()
			b.Errorf("serve did not stop after SIGTERM:\n%s", stderr.String())
		}
	}()
	db := w.openDB(b)
	c := s.Dial(b)
	defer c.Close()
	var out []time.Duration
	for i := range n + 1 {
		k := first + i
		raw := backlog.Message(k, 4<<10, 0, time.Now())
		id := strings.Trim(backlog.MessageID(k), "<>")
		start := time.Now()
		if _, err := demoserver.AppendOne(c, raw, start); err != nil {
			b.Fatalf("append: %v", err)
		}
		decided := false
		for deadline := start.Add(30 * time.Second); !decided && time.Now().Before(deadline); {
			time.Sleep(10 * time.Millisecond)
			decided = count(db, `SELECT count(*) FROM messages WHERE trim(message_id, '<>') = ?`, id) == 1
		}
		if !decided {
			b.Fatalf("message %s not decided within 30 s; serve log:\n%s", id, stderr.String())
		}
		if i > 0 {
			out = append(out, time.Since(start))
		}
	}
	return out
}

// percentile returns the p-th percentile of d (nearest rank); 0 when d is
// empty.
func percentile(d []time.Duration, p int) time.Duration {
	if len(d) == 0 {
		return 0
	}
	s := slices.Clone(d)
	slices.Sort(s)
	i := (p*len(s)+99)/100 - 1
	return s[max(0, min(i, len(s)-1))]
}
