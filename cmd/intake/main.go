// Command intake turns OpenKit partner-access emails into verified, audited
// changes: it reads the integrations inbox, proves who sent each message,
// decides each request by DOOR's rules and records everything in a
// hash-chained ledger. Run `intake help` for the subcommands.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
)

// Exit statuses (docs/commands.md).
const (
	exitOK      = 0
	exitProblem = 1 // the command ran and found a problem
	exitUsage   = 2 // usage or configuration error
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// env is what every subcommand gets: its arguments, the streams and the
// global flags.
type env struct {
	ctx            context.Context
	args           []string
	stdin          io.Reader
	stdout, stderr io.Writer
	global         globalFlags
}

type command struct {
	name, usage string
	run         func(*env) error
}

// commands lists the subcommands in the order `intake help` shows them.
var commands []command

func register(c command) { commands = append(commands, c) }

func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	g, rest, err := parseGlobal(args)
	if err != nil {
		fmt.Fprintf(stderr, "intake: %v\n", err)
		return exitUsage
	}
	switch {
	case len(rest) == 0:
		printUsage(stderr)
		return exitUsage
	case rest[0] == "help" && len(rest) > 1:
		rest = append(rest[1:], "--help") // intake help CMD [SUB]: as CMD [SUB] --help
	case rest[0] == "help" || isHelp(rest[0]):
		printUsage(stdout)
		return exitOK
	}
	for _, c := range commands {
		if c.name == rest[0] {
			e := &env{ctx: ctx, args: rest[1:], stdin: stdin, stdout: stdout, stderr: stderr, global: g}
			return exitCode(stderr, c.run(e))
		}
	}
	fmt.Fprintf(stderr, "intake: unknown command %q; run 'intake help'\n", rest[0])
	return exitUsage
}

func printUsage(w io.Writer) {
	fmt.Fprintln(w, "usage: intake [--config FILE] [--db PATH] COMMAND [ARGS]")
	fmt.Fprintln(w, "\ncommands:")
	for _, c := range commands {
		usage := strings.ReplaceAll(c.usage, "\n", "\n  "+strings.Repeat(" ", 11)+c.name+" ")
		fmt.Fprintf(w, "  %-10s %s\n", c.name, usage)
	}
}

// errProblem is returned by a command that ran and found a problem it has
// already reported (audit findings, a verification failure).
var errProblem = errors.New("problem found")

// usageError marks an error as a usage or configuration error (exit 2).
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

func usagef(format string, args ...any) error {
	return usageError{fmt.Errorf(format, args...)}
}

// exitCode reports err on stderr as one line (see oneLine) and returns
// its exit status; errProblem was reported by the command already and
// prints nothing.
func exitCode(stderr io.Writer, err error) int {
	if errors.Is(err, errHelp) {
		return exitOK
	}
	if err != nil && !errors.Is(err, errProblem) {
		fmt.Fprintf(stderr, "intake: %s\n", oneLine(err.Error()))
	}
	return exitStatus(err)
}

// exitStatus maps an error to the exit status (docs/commands.md): 0 for nil;
// 2 for usage and configuration errors (usagef); 1 for everything else:
// errProblem, the domain errors with which the workflow refuses an action
// (approvals.EINVALID, ENOTFOUND, ECONFLICT: their messages are safe to
// show) and failures (approvals.EINTERNAL: I/O, database).
func exitStatus(err error) int {
	var ue usageError
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &ue):
		return exitUsage
	}
	return exitProblem
}
