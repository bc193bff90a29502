package main

import (
	"embed"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path"
	"path/filepath"

	"github.com/emersion/go-imap/v2"

	"intake/approvals"
	"intake/internal/demoserver"
	"intake/internal/smtptest"
	"intake/mailbox"
)

// sample is the demo's directory (sample/directory.json) and mail
// (sample/NN-*.eml, processed in name order).
//
//go:embed sample
var sample embed.FS

func init() {
	register(command{name: "demo", usage: "[--keep] [--console]: process the embedded sample directory and mail into a fresh database and show what happened; --console then serves the support console on it until Ctrl-C", run: runDemo})
}

// demoConfig is the demo's fixed configuration; the sample mail's Date
// lies within max_age of its topmost Received header, whose date becomes
// the INTERNALDATE on the demo's IMAP server and so the receipt time: the
// mail is fresh whenever the demo runs. demoIngest adds the [imap]
// connection keys once its server is listening.
func demoConfig(dbPath string) (*Config, error) {
	cfg := defaultConfig()
	cfg.Store.Path = dbPath
	cfg.IMAP.Addresses = []string{"integrations@door.com"}
	cfg.Auth.AuthservID = "mx.door.com"
	cfg.Workflow.Policy = "auto"
	if err := cfg.validate(); err != nil {
		return nil, fmt.Errorf("demo configuration: %w", err)
	}
	return &cfg, nil
}

// demoResult is one sample message and what the workflow did with it.
type demoResult struct {
	file string
	res  *approvals.Result
}

// runDemo runs the demo in a fresh database under a new temporary
// directory, removed afterwards unless --keep.
func runDemo(e *env) (err error) {
	fset := e.flags("demo")
	keep := fset.Bool("keep", false, "keep the demo database and print its path")
	withConsole := fset.Bool("console", false, "then serve the support console on the demo database, with a printed one-time login, until Ctrl-C")
	args, err := e.parseFlags(fset)
	if err != nil {
		return err
	}
	if len(args) != 0 {
		return usagef("demo: unexpected argument %q", args[0])
	}
	if e.global.config != "" || e.global.db != "" {
		return usagef("demo: uses its own configuration and a fresh database; --config and --db do not apply (use --keep to keep the database)")
	}
	dir, err := os.MkdirTemp("", "intake-demo-")
	if err != nil {
		return fmt.Errorf("demo: create temporary directory: %w", err)
	}
	dbPath := filepath.Join(dir, "intake.db")
	if *keep {
		defer fmt.Fprintf(e.stdout, "\nThe demo database is kept: try 'intake --db %s queue list'\n", dbPath)
	} else {
		defer fmt.Fprintln(e.stdout, "\nThe demo database was removed; 'intake demo --keep' keeps it for 'intake queue list' and the other commands.")
		defer func() {
			if rerr := os.RemoveAll(dir); rerr != nil && err == nil {
				err = fmt.Errorf("demo: remove temporary directory: %w", rerr)
			}
		}()
	}
	cfg, err := demoConfig(dbPath)
	if err != nil {
		return err
	}
	b, err := openBackend(cfg, dbCreate, e.stderr)
	if err != nil {
		return err
	}
	defer closeInto(b, &err)
	if err := demo(e, b); err != nil {
		return err
	}
	if *withConsole {
		return demoConsole(e, b)
	}
	fmt.Fprintln(e.stdout, "\nTo work this queue in the support console, in a browser: 'intake demo --console' (it runs until Ctrl-C).")
	return nil
}

// demo runs the demo's steps on a fresh database.
func demo(e *env, b *backend) (err error) {
	d, err := sampleDirectory()
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "intake demo: a sample directory (%d partners, %d properties, %d doors, %d managers) "+
		"and sample mail to integrations@door.com, processed into a fresh database.\n",
		len(d.Partners), len(d.Properties), len(d.Doors), len(d.Managers))
	if _, err := b.svc.LoadDirectory(e.ctx, d, approvals.ActorDoorOS); err != nil {
		return err
	}
	if _, _, err := b.svc.ApplySettings(e.ctx, b.cfg.settings(), approvals.ActorOperator); err != nil {
		return err
	}
	srv, err := smtptest.Start(smtptest.Options{})
	if err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	defer closeInto(srv, &err)
	sender, err := demoEnableReplies(e, b, srv)
	if err != nil {
		return err
	}
	results, err := demoIngest(e, b)
	if err != nil {
		return err
	}
	heading(e.stdout, "1. The sample mail, decided")
	if err := printDemoSummary(e.stdout, results); err != nil {
		return err
	}
	heading(e.stdout, "2. The replies to the senders")
	if err := demoReplies(e, b, sender, srv); err != nil {
		return err
	}
	heading(e.stdout, "3. A request confirmed by reply")
	if err := demoConfirm(e, b, sender, srv); err != nil {
		return err
	}
	heading(e.stdout, "4. A removal waits for its doors")
	if err := demoWaiting(e, b, results); err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, "\nThe door event that applied the removal queued its reply in the same transaction:")
	if err := demoDeliver(e, b, sender, srv, 6); err != nil {
		return err
	}
	heading(e.stdout, "5. Partners per property")
	pp, err := b.svc.Partners(e.ctx, "")
	if err != nil {
		return err
	}
	if err := printPartners(e.stdout, pp); err != nil {
		return err
	}
	heading(e.stdout, "6. Ledger")
	v, err := b.db.Verify(e.ctx)
	if err != nil {
		return err
	}
	return reportVerify(e.stdout, v)
}

// demoEnableReplies turns replies on against relay, an in-process SMTP
// server on 127.0.0.1 that captures what it is sent, as `intake serve`
// does with smtp.address set.
func demoEnableReplies(e *env, b *backend, srv *smtptest.Server) (*relay, error) {
	b.cfg.SMTP.Address, b.cfg.SMTP.Security, b.cfg.SMTP.From = srv.Addr(), "none", b.cfg.IMAP.Addresses[0]
	log := slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	d, err := enableReplies(b, log)
	if err != nil {
		return nil, fmt.Errorf("demo: replies: %w", err)
	}
	return d, nil
}

// demoReplies delivers the queued replies to the demo's relay once, as
// serve's sender loop does, and prints what the relay received.
func demoReplies(e *env, b *backend, d *relay, srv *smtptest.Server) error {
	n, err := b.svc.DeliverDue(e.ctx, d, 0)
	if err != nil {
		return fmt.Errorf("demo: deliver replies: %w", err)
	}
	if n.Retry+n.Failed > 0 {
		return fmt.Errorf("demo: %d replies not delivered to the in-process relay", n.Retry+n.Failed)
	}
	out, err := b.svc.Outbox(e.ctx, "")
	if err != nil {
		return err
	}
	return printDemoReplies(e.stdout, srv.Addr(), out, srv.Messages())
}

// sampleDirectory decodes the embedded sample directory.
func sampleDirectory() (*approvals.Directory, error) {
	f, err := sample.Open("sample/directory.json")
	if err != nil {
		return nil, fmt.Errorf("demo: open sample directory: %w", err)
	}
	defer f.Close()
	d, err := approvals.DecodeDirectory(f)
	if err != nil {
		return nil, fmt.Errorf("demo: sample directory: %w", err)
	}
	return d, nil
}

// sampleMail returns the embedded sample messages in name order.
func sampleMail() ([]demoserver.Mail, error) {
	names, err := fs.Glob(sample, "sample/*.eml") // sorted by name
	if err != nil {
		return nil, fmt.Errorf("demo: list sample mail: %w", err)
	}
	var out []demoserver.Mail
	for _, name := range names {
		raw, err := sample.ReadFile(name)
		if err != nil {
			return nil, fmt.Errorf("demo: read %s: %w", name, err)
		}
		out = append(out, demoserver.Mail{File: path.Base(name), Raw: raw})
	}
	return out, nil
}

// demoIngest delivers the sample mail to an in-process IMAP server on
// 127.0.0.1 and runs the real poller over it once, as `intake poll
// --once` does: each message is decided and committed with the cursor,
// then marked on the server. The server is closed before it returns.
func demoIngest(e *env, b *backend) (_ []demoResult, err error) {
	msgs, err := sampleMail()
	if err != nil {
		return nil, err
	}
	srv, err := demoserver.Start(e.stderr)
	if err != nil {
		return nil, err
	}
	defer closeInto(srv, &err)
	files, err := srv.AppendAll(msgs)
	if err != nil {
		return nil, err
	}
	b.cfg.IMAP.Address, b.cfg.IMAP.Security = srv.Addr, "none"
	b.cfg.IMAP.Username, b.cfg.IMAP.password = demoserver.User, srv.Password
	var out []demoResult
	log := slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	p, err := b.newPoller(log, func(m *mailbox.Message, res *approvals.Result) {
		out = append(out, demoResult{file: files[imap.UID(m.UID)], res: res})
	})
	if err != nil {
		return nil, fmt.Errorf("demo: %w", err)
	}
	if _, err := p.Once(e.ctx); err != nil {
		return out, fmt.Errorf("demo: poll: %w", err)
	}
	if len(out) != len(msgs) {
		return out, fmt.Errorf("demo: the poller decided %d of %d messages", len(out), len(msgs))
	}
	marked, err := srv.CountMarked()
	if err != nil {
		return out, err
	}
	fmt.Fprintf(e.stdout, "\nThe sample mail came over IMAP: %d messages appended to INBOX on an in-process server at %s, "+
		"read by the poller ('intake poll --once'), decided, and %d marked %s on the server.\n",
		len(msgs), srv.Addr, marked, mailbox.DoneKeyword)
	return out, nil
}
