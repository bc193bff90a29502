package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"os"
	"time"

	"intake/approvals"
	"intake/dkimcheck"
	"intake/ingest"
	"intake/internal/safetext"
	"intake/store"
)

// backend is an open database and the workflow over it.
type backend struct {
	// cfg is the configuration in effect: the one given, with the
	// workflow settings stored in the database in place of its own.
	cfg *Config
	// given is the configuration as loaded; stored the settings the
	// database held when opened, nil when none.
	given  *Config
	stored *approvals.Settings

	db   *store.DB
	svc  *approvals.Service
	pipe *ingest.Pipeline
	log  *slog.Logger // warnings and errors
}

// Close closes the database.
func (b *backend) Close() error { return b.db.Close() }

// dbMode says whether a command may create the database file.
type dbMode int

const (
	// dbExisting refuses a database file that does not exist yet, or
	// into which no directory was ever loaded, so that a mistyped --db
	// is not answered from a new, empty database.
	dbExisting dbMode = iota
	// dbCreate creates the file when absent: only `directory load` (and
	// the demo, on its own temporary database) may.
	dbCreate
	// dbApply is dbExisting for `config apply`, which replaces the stored
	// settings: their difference with the config is not warned about.
	dbApply
)

// openBackend opens the database named by cfg with a workflow configured
// from cfg, logging warnings and errors to logw.
func openBackend(cfg *Config, mode dbMode, logw io.Writer) (*backend, error) {
	db, err := openDB(cfg.Store.Path, mode)
	if err != nil {
		return nil, err
	}
	log := slog.New(slog.NewTextHandler(logw, &slog.HandlerOptions{Level: slog.LevelWarn}))
	stored, err := approvals.StoredSettings(context.Background(), db)
	if err != nil {
		db.Close()
		return nil, err
	}
	given := cfg
	if stored != nil {
		if mode != dbApply {
			warnSettings(log, cfg, *stored)
		}
		cfg = cfg.withSettings(*stored)
	} else if mode == dbExisting {
		log.Warn("no workflow settings are stored in the database; using the configuration's until 'intake config apply' stores them",
			logKeyDatabase, cfg.Store.Path)
	}
	ac := cfg.approvalsConfig(log, time.Now)
	if err := cfg.withEventReplies(&ac, log); err != nil {
		db.Close()
		return nil, err
	}
	svc := approvals.NewService(db, ac)
	pipe, err := ingest.New(cfg.ingestConfig(svc, db, log))
	if err != nil {
		db.Close()
		return nil, err
	}
	return &backend{cfg: cfg, given: given, stored: stored, db: db, svc: svc, pipe: pipe, log: log}, nil
}

// openDB opens the database at path; in dbExisting mode a missing file,
// or one without a directory, is a usage error naming the path and the
// command that creates it.
func openDB(path string, mode dbMode) (*store.DB, error) {
	create := fmt.Sprintf("'intake directory load --db %s FILE.json'", path)
	if mode == dbCreate {
		return store.Open(path, store.CreateIfMissing())
	}
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return nil, usagef("database %s does not exist; check --db or store.path, or create it with %s", path, create)
	}
	db, err := store.Open(path)
	if err != nil {
		return nil, err
	}
	has, err := db.HasDirectory(context.Background())
	if err == nil && !has {
		err = usagef("database %s has no directory; load one with %s", path, create)
	}
	if err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// ingestConfig is the pipeline configuration cfg implies: intake's own
// DKIM verifier, looking keys up in the real DNS, when auth.verify_dkim
// is set.
func (c *Config) ingestConfig(svc *approvals.Service, db *store.DB, log *slog.Logger) ingest.Config {
	ic := ingest.Config{Parser: c.parserOptions(), Service: svc, Stager: db,
		MaxMessageSize: c.IMAP.maxMessageSize, Logger: log}
	if c.Auth.VerifyDKIM {
		ic.DKIM = &dkimcheck.Verifier{Resolver: net.DefaultResolver}
	}
	return ic
}

// approvalsConfig is the workflow configuration cfg implies.
func (c *Config) approvalsConfig(log *slog.Logger, now func() time.Time) approvals.Config {
	return approvals.Config{
		Addresses:   c.IMAP.Addresses,
		MaxAge:      c.Auth.maxAge,
		Policy:      approvals.Policy(c.Workflow.Policy),
		RemovalWait: c.Workflow.removalWait,
		Now:         now,
		Logger:      log,
	}
}

// closeInto closes c and, when *err is nil, stores the close error there.
func closeInto(c io.Closer, err *error) {
	if cerr := c.Close(); cerr != nil && *err == nil {
		*err = cerr
	}
}

// withService loads the configuration and runs fn on the opened backend,
// closing it afterwards.
func withService(e *env, mode dbMode, fn func(*backend) error) error {
	cfg, err := loadConfig(e.global)
	if err != nil {
		return err
	}
	return withBackend(e, cfg, mode, fn)
}

// withBackend runs fn on the backend cfg names and closes it afterwards.
func withBackend(e *env, cfg *Config, mode dbMode, fn func(*backend) error) (err error) {
	b, err := openBackend(cfg, mode, e.stderr)
	if err != nil {
		return err
	}
	defer closeInto(b, &err)
	return fn(b)
}

// staffActor checks an --as value: an email address without spaces,
// colons or control characters (the ledger actor becomes "staff:EMAIL").
// An empty value is a usage error when required.
func staffActor(as string, required bool) (string, error) {
	switch {
	case as == "" && required:
		return "", usagef("--as EMAIL is required: it names the staff member in the ledger")
	case as == "":
		return "", nil
	case !validEmail(as):
		return "", usagef("--as: %q is not an email address", as)
	}
	return as, nil
}

// validEmail reports whether s looks like one plain email address.
func validEmail(s string) bool {
	at := 0
	for i, r := range s {
		switch {
		case r == '@':
			if at != 0 || i == 0 {
				return false
			}
			at = i
		case r <= ' ' || r == ':' || r == 0x7f || !safetext.SafeRune(r):
			return false
		}
	}
	return at > 0 && at < len(s)-1
}

// actorOr returns "staff:EMAIL" for a non-empty --as and def otherwise.
func actorOr(as, def string) string {
	if as == "" {
		return def
	}
	return "staff:" + as
}
