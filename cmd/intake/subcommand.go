package main

import "strings"

// A subcommand is one verb of a command group ("queue approve").
type subcommand struct {
	name, usage string
	run         func(*env) error
}

// group returns the command that dispatches to subs; its usage lists
// them one per line.
func group(name, about string, subs []subcommand) command {
	usage := about
	for _, s := range subs {
		sep := " "
		if strings.HasPrefix(s.usage, ":") {
			sep = ""
		}
		usage += "\n" + s.name + sep + s.usage
	}
	return command{name: name, usage: usage, run: func(e *env) error { return dispatch(e, name, subs) }}
}

// dispatch runs the subcommand named by e's first argument with the rest
// of the arguments. A missing or unknown name is a usage error naming the
// group's subcommands.
func dispatch(e *env, group string, subs []subcommand) error {
	names := make([]string, len(subs))
	for i, s := range subs {
		names[i] = s.name
	}
	want := strings.Join(names, "|")
	if len(e.args) == 0 {
		return usagef("%s: want a subcommand (%s); run 'intake help'", group, want)
	}
	if isHelp(e.args[0]) {
		printGroupUsage(e.stdout, group)
		return errHelp
	}
	for _, s := range subs {
		if s.name == e.args[0] {
			sub := *e
			sub.args = e.args[1:]
			return s.run(&sub)
		}
	}
	return usagef("%s: unknown subcommand %q, want %s; run 'intake help'", group, e.args[0], want)
}
