package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
)

// globalFlags may be given before the command or among its own flags.
type globalFlags struct {
	config string // --config, else $INTAKE_CONFIG, else ./intake.toml
	db     string // --db overrides store.path
}

func parseGlobal(args []string) (globalFlags, []string, error) {
	var g globalFlags
	fs := flag.NewFlagSet("intake", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	g.register(fs)
	if err := fs.Parse(args); errors.Is(err, flag.ErrHelp) {
		return g, []string{"help"}, nil
	} else if err != nil {
		return g, nil, usagef("%v; run 'intake --help'", err)
	}
	return g, fs.Args(), nil
}

func (g *globalFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&g.config, "config", g.config, "configuration `file` (default $INTAKE_CONFIG or ./intake.toml)")
	fs.StringVar(&g.db, "db", g.db, "database `path`, overriding store.path")
}

// flags returns a FlagSet for a subcommand that also accepts the global
// flags.
func (e *env) flags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet("intake "+name, flag.ContinueOnError)
	fs.SetOutput(io.Discard) // an error is one sentence; --help prints the flags
	e.global.register(fs)
	return fs
}

// parseFlags parses the subcommand's flags, allowing flags after
// positional arguments ("intake parse FILE --json"), and returns the
// positional arguments.
func (e *env) parseFlags(fs *flag.FlagSet) ([]string, error) {
	var pos []string
	args := e.args
	for {
		if err := fs.Parse(args); errors.Is(err, flag.ErrHelp) {
			printFlagsUsage(e.stdout, fs)
			return nil, errHelp
		} else if err != nil {
			return nil, usagef("%s: %v; run '%s --help'", fs.Name(), err, fs.Name())
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		if args[0] == "--" {
			return append(pos, args[1:]...), nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// configPath returns the configuration file to read and whether it was
// named explicitly (a missing explicit file is an error; a missing default
// file means defaults).
func (g globalFlags) configPath() (string, bool) {
	if g.config != "" {
		return g.config, true
	}
	if p := os.Getenv("INTAKE_CONFIG"); p != "" {
		return p, true
	}
	return "intake.toml", false
}

// errHelp is returned by a command that printed its usage because it was
// asked to (--help): exit status 0, nothing more printed.
var errHelp = errors.New("help shown")

// isHelp reports an argument that asks for usage.
func isHelp(arg string) bool { return arg == "-h" || arg == "-help" || arg == "--help" }

// printFlagsUsage prints the usage of the command fs parses for ("intake
// parse", "intake queue list") and its flags.
func printFlagsUsage(w io.Writer, fs *flag.FlagSet) {
	fmt.Fprintf(w, "usage: %s\n\nflags:\n", usageLine(strings.TrimPrefix(fs.Name(), "intake ")))
	fs.SetOutput(w)
	fs.PrintDefaults()
}

// printGroupUsage prints the usage of a command group's subcommands.
func printGroupUsage(w io.Writer, group string) {
	for _, c := range commands {
		if c.name != group {
			continue
		}
		lines := strings.Split(c.usage, "\n")
		fmt.Fprintf(w, "intake %s: %s\n\nusage:\n", group, lines[0])
		for _, l := range lines[1:] {
			fmt.Fprintf(w, "  intake %s %s\n", group, l)
		}
	}
}

// usageLine returns the usage of the command or subcommand name ("parse",
// "queue list") as the command table states it.
func usageLine(name string) string {
	top, sub, _ := strings.Cut(name, " ")
	for _, c := range commands {
		if c.name != top {
			continue
		}
		lines := strings.Split(c.usage, "\n")
		if sub == "" {
			return joinUsage("intake "+name, lines[0])
		}
		for _, l := range lines[1:] {
			if rest, ok := strings.CutPrefix(l, sub); ok && (rest == "" || rest[0] == ' ' || rest[0] == ':') {
				return joinUsage("intake "+name, rest)
			}
		}
	}
	return "intake " + name
}

// joinUsage joins a command and the usage after its name: arguments follow
// with a space ("[--json] FILE.eml: …"), a description with a colon.
func joinUsage(cmd, usage string) string {
	usage = strings.TrimSpace(usage)
	switch {
	case usage == "":
		return cmd
	case strings.HasPrefix(usage, ":"):
		return cmd + usage
	case strings.ContainsAny(usage[:1], "[-ABCDEFGHIJKLMNOPQRSTUVWXYZ"):
		return cmd + " " + usage
	}
	return cmd + ": " + usage
}
