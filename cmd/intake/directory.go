package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"slices"
	"time"

	"intake/approvals"
	"intake/store"
)

func init() {
	register(group("directory", "the directory imported from DOOR OS (SPEC section 3)", []subcommand{
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
		before, err := currentState(e.ctx, b.db)
		if err != nil {
			return err
		}
		res, err := b.svc.LoadDirectory(e.ctx, d, actorOr(*as, approvals.ActorDoorOS))
		if err != nil {
			return err
		}
		if err := b.db.MarkDirectoryLoaded(e.ctx, time.Now()); err != nil {
			return err
		}
		var changes []string
		if !isEmpty(before) {
			changes = directoryState(d).DiffLabeled(before, "loaded", "previous")
		}
		printLoad(e.stdout, args[0], d, res, changes)
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

// currentState reads the state the directory load will replace. It is
// read before the load's own transaction and used only to show what
// changed.
func currentState(ctx context.Context, db *store.DB) (*approvals.State, error) {
	var st *approvals.State
	err := db.View(ctx, func(tx approvals.Tx) error {
		var err error
		st, err = approvals.DirectoryState(tx)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("read current directory: %w", err)
	}
	return st, nil
}

// isEmpty reports whether no directory was loaded yet.
func isEmpty(st *approvals.State) bool {
	d := st.Directory
	return (d == nil || len(d.Partners)+len(d.Properties)+len(d.Managers) == 0) && len(st.Doors) == 0
}

// directoryState is the state loading d sets up.
func directoryState(d *approvals.Directory) *approvals.State {
	dir := *d
	dir.Doors, dir.Enabled = nil, nil
	return &approvals.State{Directory: &dir, Doors: slices.Clone(d.Doors), Enablements: slices.Clone(d.Enabled)}
}

func printLoad(w io.Writer, path string, d *approvals.Directory, res *approvals.LoadResult, changes []string) {
	fmt.Fprintf(w, "directory %s: %d partners, %d portfolios, %d properties, %d doors, %d managers, %d enablements\n",
		clean(path), len(d.Partners), len(d.Portfolios), len(d.Properties), len(d.Doors), len(d.Managers), len(d.Enabled))
	if !res.Changed {
		fmt.Fprintln(w, "unchanged: this directory is already in place; nothing was written")
		return
	}
	if changes == nil {
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
