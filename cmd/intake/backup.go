package main

import (
	"errors"
	"fmt"

	"intake/store"
)

func init() {
	register(command{name: "backup", usage: "DIR: copy the database and its raw message files into DIR while intake runs, verify the copy and print its ledger head", run: runBackup})
	register(command{name: "restore", usage: "[--force] DIR: put the backup in DIR in place as the database (--db or store.path) after verifying it; refuses a database that exists (--force: replace it when no process has it open)", run: runRestore})
}

// runBackup writes a verified copy of the database into DIR: exit 0
// printing the copy's ledger head, exit 1 when the copy does not verify.
func runBackup(e *env) error {
	fs := e.flags("backup")
	args, err := e.parseFlags(fs)
	if err != nil {
		return err
	}
	if len(args) != 1 {
		return usagef("backup: want one directory, the backup's destination")
	}
	return withService(e, dbExisting, func(b *backend) error {
		res, err := b.db.Backup(e.ctx, args[0])
		return reportCopy(e, "backup", res, err)
	})
}

// runRestore puts a backup in place as the configured database.
func runRestore(e *env) error {
	fs := e.flags("restore")
	force := fs.Bool("force", false, "replace an existing database, when no process has it open")
	args, err := e.parseFlags(fs)
	if err != nil {
		return err
	}
	if len(args) != 1 {
		return usagef("restore: want one directory, a backup written by 'intake backup'")
	}
	cfg, err := loadConfig(e.global)
	if err != nil {
		return err
	}
	res, err := store.Restore(e.ctx, args[0], cfg.Store.Path, store.RestoreOptions{Replace: *force})
	if exists := (*store.ExistsError)(nil); errors.As(err, &exists) {
		return fmt.Errorf("%w; stop every intake process using it and add --force to replace it", err)
	}
	return reportCopy(e, "restore", res, err)
}

// reportCopy prints what a backup or restore wrote and its verification.
func reportCopy(e *env, what string, res *store.BackupResult, err error) error {
	if res == nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%s: %s (%d raw message files)\n", what, res.Path, res.RawFiles)
	if verr := reportVerify(e.stdout, res.Verification); verr != nil {
		return verr
	}
	return err
}
