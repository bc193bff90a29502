package main

import (
	"errors"
	"fmt"
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
