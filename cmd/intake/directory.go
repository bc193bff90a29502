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
		{name: "load", usage: "FILE.json [--as EMAIL] [--dry-run] [--force]: validate the whole file, then replace the directory (recorded in the ledger as door-os, or staff:EMAIL); a load removing every entry of a kind, or more than directory.max_removal of them, needs --force", run: runDirectoryLoad},
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
	dryRun := fs.Bool("dry-run", false, "print what the load would change and write nothing")
	force := fs.Bool("force", false, "load even when it removes every entry of a kind or more than directory.max_removal of them")
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
	if *dryRun && !fileExists(cfg.Store.Path) {
		printLoad(e.stdout, args[0], d, &approvals.LoadResult{Changed: true, First: true, DryRun: true})
		return nil
	}
	return withBackend(e, cfg, dbCreate, func(b *backend) error {
		res, err := b.svc.LoadDirectoryWith(e.ctx, d, approvals.LoadOptions{Actor: actorOr(*as, approvals.ActorDoorOS),
			DryRun: *dryRun, Force: *force, MaxRemoval: cfg.Directory.maxRemoval})
		if approvals.ErrorCode(err) == approvals.ECONFLICT {
			return fmt.Errorf("directory %s: %w (check the file; to load it anyway, add --force)", clean(args[0]), err)
		}
		if err != nil {
			return err
		}
		if *dryRun {
			printLoad(e.stdout, args[0], d, res)
			return nil
		}
		if err := b.db.MarkDirectoryLoaded(e.ctx, time.Now()); err != nil {
			return err
		}
		printLoad(e.stdout, args[0], d, res)
		return storeFirstSettings(e, b, actorOr(*as, approvals.ActorOperator))
	})
}

// storeFirstSettings stores the configuration's workflow settings in a
// database that holds none yet (a new one, or one from before settings
// were stored); settings already stored are changed only by `config
// apply`.
func storeFirstSettings(e *env, b *backend, actor string) error {
	if b.stored != nil {
		return nil
	}
	set := b.given.settings()
	if _, _, err := b.svc.ApplySettings(e.ctx, set, actor); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "workflow settings stored in the database: %s\n", describeSettings(set))
	return nil
}

// fileExists reports whether path names an existing file.
func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
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
	switch {
	case res.DryRun && res.First:
		fmt.Fprintln(w, "dry run: this would be the first directory of this database; nothing was written")
		return
	case res.DryRun:
		fmt.Fprintf(w, "dry run: nothing was written; the load would make %d changes:\n", len(changes))
		printKinds(w, res.Kinds)
	case res.First:
		fmt.Fprintln(w, "loaded and recorded in the ledger (the first directory of this database)")
	default:
		fmt.Fprintf(w, "loaded and recorded in the ledger; %d changes:\n", len(changes))
		printKinds(w, res.Kinds)
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

// printKinds prints one line per kind the load changes: the counts added,
// removed and changed out of those there were.
func printKinds(w io.Writer, kinds []approvals.KindChanges) {
	for _, k := range kinds {
		if k.Added+k.Removed+k.Changed == 0 {
			continue
		}
		fmt.Fprintf(w, "  %-9s %d added, %d removed, %d changed (of %d)\n", k.Kind, k.Added, k.Removed, k.Changed, k.Before)
	}
}

// reasonSuffix returns " (reason)" or "" when there is none.
func reasonSuffix(r approvals.Reason) string {
	if r == "" {
		return ""
	}
	return " (" + string(r) + ")"
}
