package main

import (
	"fmt"

	"intake/approvals"
)

func init() {
	register(group("config", "the workflow settings stored in the database (docs/operations.md)", []subcommand{
		{name: "apply", usage: "[--as EMAIL]: store the configuration's workflow.policy, workflow.removal_wait and imap.addresses in the database, where every process that decides reads them (recorded in the ledger as settings.changed)", run: runConfigApply},
		{name: "show", usage: ": print the workflow settings stored in the database and those of the configuration", run: runConfigShow},
	}))
}

// runConfigApply stores the configuration's workflow settings.
func runConfigApply(e *env) error {
	fs := e.flags("config apply")
	as := fs.String("as", "", "the staff member's `EMAIL` recorded as the actor (default operator)")
	args, err := e.parseFlags(fs)
	if err != nil {
		return err
	}
	if len(args) > 0 {
		return usagef("config apply: unexpected argument %q", args[0])
	}
	if _, err := staffActor(*as, false); err != nil {
		return err
	}
	return withService(e, dbApply, func(b *backend) error {
		set := b.given.settings()
		old, changed, err := b.svc.ApplySettings(e.ctx, set, actorOr(*as, approvals.ActorOperator))
		if err != nil {
			return err
		}
		if !changed {
			fmt.Fprintf(e.stdout, "unchanged: the database already holds these settings: %s\n", describeSettings(set))
			return nil
		}
		fmt.Fprintln(e.stdout, "stored in the database and recorded in the ledger (settings.changed):")
		if old == nil {
			fmt.Fprintf(e.stdout, "  %s (the first settings of this database)\n", describeSettings(set))
		}
		if old != nil {
			for _, d := range diffSettings(set, *old) {
				fmt.Fprintf(e.stdout, "  %s: %s (was %s)\n", d.key, d.config, d.stored)
			}
		}
		fmt.Fprintln(e.stdout, "a running 'intake serve' stops within 30 seconds to restart with these settings; restart it now to close that window")
		return nil
	})
}

// runConfigShow prints the stored settings and the configuration's.
func runConfigShow(e *env) error {
	fs := e.flags("config show")
	args, err := e.parseFlags(fs)
	if err != nil {
		return err
	}
	if len(args) > 0 {
		return usagef("config show: unexpected argument %q", args[0])
	}
	return withService(e, dbApply, func(b *backend) error {
		if b.stored == nil {
			fmt.Fprintln(e.stdout, "stored:        none ('intake config apply' stores them)")
		} else {
			fmt.Fprintf(e.stdout, "stored:        %s\n", describeSettings(*b.stored))
		}
		fmt.Fprintf(e.stdout, "configuration: %s\n", describeSettings(b.given.settings()))
		return nil
	})
}
