package main

import (
	"fmt"
	"io"
	"os"
	"time"

	"intake/approvals"
)

func init() {
	register(group("directory", "the directory imported from DOOR OS (format: docs/directory.md)", []subcommand{
		{name: "load", usage: "FILE.json [--as EMAIL]: validate the whole file, then replace the directory (recorded in the ledger as door-os, or staff:EMAIL)", run: runDirectoryLoad},
	}))
}

// maxChangesShown bounds the change list `directory load` prints.
const maxChangesShown = 20

// runDirectoryLoad validates the whole file first (an invalid one exits 1
// naming the offending entry, and nothing is written, not even the
// database file), then loads it and prints what changed.
func runDirectoryLoad(e *env) error {
	fs := e.flags("directory load")
	as := fs.String("as", "", "the staff member's `EMAIL` recorded as the actor (default door-os)")
	args, err := e.parseFlags(fs)
	if err != nil {
		return err
	}
	if len(args) != 1 {
		return usagef("directory load: want one FILE.json, got %d arguments", len(args))
	}
	if _, err := staffActor(*as, false); err != nil {
		return err
	}
	cfg, err := loadConfig(e.global)
	if err != nil {
		return err
	}
	d, err := readDirectory(args[0])
	if err != nil {
		return err
	}
	return withBackend(e, cfg, dbCreate, func(b *backend) error {
		res, err := b.svc.LoadDirectory(e.ctx, d, actorOr(*as, approvals.ActorDoorOS))
		if err != nil {
			return err
		}
		if err := b.db.MarkDirectoryLoaded(e.ctx, time.Now()); err != nil {
			return err
		}
		printLoad(e.stdout, args[0], d, res)
		return nil
	})
}

// readDirectory reads and validates a directory file. An invalid file is
// an approvals.EINVALID error naming the file and the offending entry.
func readDirectory(path string) (*approvals.Directory, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open directory: %w", err)
	}
	defer f.Close()
	d, err := approvals.DecodeDirectory(f)
	if err != nil {
		return nil, fmt.Errorf("directory %s: %w", path, err)
	}
	return d, nil
}

func printLoad(w io.Writer, path string, d *approvals.Directory, res *approvals.LoadResult) {
	changes := res.Changes
	fmt.Fprintf(w, "directory %s: %d partners, %d portfolios, %d properties, %d doors, %d managers, %d enablements\n",
		clean(path), len(d.Partners), len(d.Portfolios), len(d.Properties), len(d.Doors), len(d.Managers), len(d.Enabled))
	if !res.Changed {
		fmt.Fprintln(w, "unchanged: this directory is already in place; nothing was written")
		return
	}
	if res.First {
		fmt.Fprintln(w, "loaded and recorded in the ledger (the first directory of this database)")
	} else {
		fmt.Fprintf(w, "loaded and recorded in the ledger; %d changes:\n", len(changes))
	}
	for i, c := range changes {
		if i == maxChangesShown {
			fmt.Fprintf(w, "  … and %d more\n", len(changes)-i)
			break
		}
		fmt.Fprintf(w, "  %s\n", clean(c))
	}
	for _, r := range res.Rechecked {
		fmt.Fprintf(w, "waiting request %s re-checked: now %s%s\n", r.ID, r.Status, reasonSuffix(r.Reason))
	}
}

// reasonSuffix returns " (reason)" or "" when there is none.
func reasonSuffix(r approvals.Reason) string {
	if r == "" {
		return ""
	}
	return " (" + string(r) + ")"
}
