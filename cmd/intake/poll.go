package main

import (
	"log/slog"

	"intake/approvals"
	"intake/ingest"
	"intake/mailbox"
)

func init() {
	register(command{name: "poll", usage: "--once [--json]: connect to the inbox, process every new message, print what was decided and exit", run: runPoll})
}

// runPoll processes everything new in the configured mailbox once. Each
// fetched batch is decided and its cursor committed in one transaction
// before it is marked on the server, so an interrupted run loses and repeats
// nothing. The output has the shape of `intake ingest`, with the IMAP
// source ("imap:MAILBOX/UIDVALIDITY/UID") as the file.
func runPoll(e *env) error {
	fs := e.flags("poll")
	once := fs.Bool("once", false, "process everything new, then exit")
	asJSON := fs.Bool("json", false, "print JSON")
	args, err := e.parseFlags(fs)
	if err != nil {
		return err
	}
	if len(args) > 0 {
		return usagef("poll: unexpected argument %q", args[0])
	}
	if !*once {
		return usagef("poll: only --once is supported; 'intake serve' runs the long-lived poller")
	}
	return withService(e, dbExisting, func(b *backend) error {
		return withInstance(b, func() error { return pollOnce(e, b, *asJSON) })
	})
}

// pollOnce runs one pass of b's poller and prints what it decided.
func pollOnce(e *env, b *backend, asJSON bool) error {
	out := []ingestJSON{}
	log := slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	p, err := b.newPoller(log, func(m *mailbox.Message, res *approvals.Result) {
		out = append(out, newIngestJSON(ingest.Source(m), res))
	})
	if err != nil {
		return err
	}
	limitMemory(b.cfg.IMAP.maxMessageSize)
	_, perr := p.Once(e.ctx)
	if err := printIngest(e.stdout, out, asJSON); err != nil {
		return err
	}
	return perr
}
