package main

import (
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestServeTwice is issue 19 item 7: a second `intake serve` on the same
// database refuses to start, naming the first's pid, and so does `poll
// --once`; once the first is SIGKILLed (no cleanup of its own), the lock
// is free and a new serve starts and decides mail.
func TestServeTwice(t *testing.T) {
	s, _, w, db, first := startServing(t)
	eventually(t, 15*time.Second, "the first serve did not start", func() bool {
		return strings.Contains(first.stderr.String(), `msg="http listening"`)
	})
	pid := "pid " + strconv.Itoa(first.cmd.Process.Pid)

	second := w.startServe(s)
	select {
	case <-second.done:
	case <-time.After(15 * time.Second):
		t.Fatalf("the second serve is still running; stderr:\n%s", second.stderr)
	}
	if logs := second.stderr.String(); second.code != exitProblem || !strings.Contains(logs, pid) ||
		!strings.Contains(logs, w.db+"-lock") {
		t.Fatalf("second serve: exit %d, want %d naming %s and %s-lock; stderr:\n%s", second.code, exitProblem, pid, w.db, logs)
	}
	if r := w.pollOnce(s); r.code != exitProblem || !strings.Contains(r.stderr, pid) {
		t.Fatalf("poll --once beside serve: want exit 1 naming %s; %v", pid, r)
	}

	first.kill()
	third := w.startServe(s)
	decideSample(t, s, db)
	if code := third.stop(t, 15*time.Second); code != exitOK {
		t.Fatalf("serve after the SIGKILLed one: exit %d; stderr:\n%s", code, third.stderr)
	}
	checkExactlyOnce(t, w, s, 1)
}
