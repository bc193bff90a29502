package main

import (
	"flag"
	"io"
	"os"
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
	if err := fs.Parse(args); err != nil {
		return g, nil, usagef("%v", err)
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
	fs.SetOutput(e.stderr)
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
		if err := fs.Parse(args); err != nil {
			return nil, usagef("%s: %v", fs.Name(), err)
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
