package main

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"intake/approvals"
)

func TestCleanAndQuote(t *testing.T) {
	tests := []struct {
		in, clean, quote string
	}{
		{"The Pines", "The Pines", `"The Pines"`},
		{"", "", "-"},
		{"Acme\u202eseirevileD", `Acme\u202eseirevileD`, `"Acme\u202eseirevileD"`},
		{"Ac\u200bme", `Ac\u200bme`, `"Ac\u200bme"`},
		{"line\nbreak\tand tab", `line\nbreak\tand tab`, `"line\nbreak\tand tab"`},
		{"Café Ünïcode", "Café Ünïcode", `"Café Ünïcode"`},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := clean(tt.in); got != tt.clean {
				t.Errorf("clean = %s, want %s", got, tt.clean)
			}
			if got := quote(tt.in); got != tt.quote {
				t.Errorf("quote = %s, want %s", got, tt.quote)
			}
		})
	}
}

func TestExitStatus(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want int
	}{
		{"nil", nil, exitOK},
		{"usage", usagef("bad flag"), exitUsage},
		{"wrapped usage", errors.Join(errors.New("x"), usagef("bad")), exitUsage},
		{"problem", errProblem, exitProblem},
		{"not found", fmt.Errorf("approve request r-9: %w", approvals.Errorf(approvals.ENOTFOUND, "no request r-9")), exitProblem},
		{"conflict", approvals.Errorf(approvals.ECONFLICT, "it is applied, not pending"), exitProblem},
		{"invalid", approvals.Errorf(approvals.EINVALID, "door \"d\": duplicate id"), exitProblem},
		{"other", errors.New("disk full"), exitProblem},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := exitStatus(tt.err); got != tt.want {
				t.Errorf("exitStatus(%v) = %d, want %d", tt.err, got, tt.want)
			}
		})
	}
}

// countingWriter counts the Write calls it gets: each would be a system
// call on os.Stdout.
type countingWriter struct {
	strings.Builder
	writes int
}

func (w *countingWriter) Write(p []byte) (int, error) {
	w.writes++
	return w.Builder.Write(p)
}

// TestTableWritesInBlocks checks that a long table reaches its writer in a
// few large writes, not one per cell, and still aligns its columns.
func TestTableWritesInBlocks(t *testing.T) {
	var w countingWriter
	tb := newTable(&w, "ID", "STATUS", "REASON")
	const rows = 1000
	for i := range rows {
		tb.row(fmt.Sprintf("r-%d", i), "pending", "review_required")
	}
	if err := tb.flush(); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(w.String(), "\n"), "\n")
	if len(lines) != rows+1 {
		t.Fatalf("got %d lines, want %d", len(lines), rows+1)
	}
	if want := "ID     STATUS   REASON"; lines[0] != want {
		t.Errorf("header = %q, want %q", lines[0], want)
	}
	if want := "r-999  pending  review_required"; lines[rows] != want {
		t.Errorf("last row = %q, want %q", lines[rows], want)
	}
	// 1001 lines of about 32 bytes fit in a handful of 4 KiB buffers.
	if max := len(w.String())/4096 + 2; w.writes > max {
		t.Errorf("table took %d writes for %d bytes, want at most %d", w.writes, len(w.String()), max)
	}
}
