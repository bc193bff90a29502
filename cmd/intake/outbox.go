package main

import (
	"fmt"
	"io"
	"strings"
	"time"

	"intake/approvals"
)

func init() {
	register(group("outbox", "the replies to senders (docs/replies.md); retry needs --as EMAIL, an active staff account, recorded in the ledger", []subcommand{
		{name: "list", usage: "[--json] [--status queued|sent|failed|suppressed]: replies, newest first", run: runOutboxList},
		{name: "show", usage: "ID: one reply with its delivery state and the message as stored", run: runOutboxShow},
		{name: "retry", usage: "ID --as EMAIL: queue a failed reply again, with the same Message-ID", run: runOutboxRetry},
	}))
}

// outboxRow is one reply as `outbox list --json` prints it: every field
// but the body.
type outboxRow struct {
	ID            string     `json:"id"`
	MessageID     string     `json:"message_id"`
	Message       string     `json:"message"`
	To            string     `json:"to"`
	Subject       string     `json:"subject"`
	Kind          string     `json:"kind"`
	Status        string     `json:"status"`
	Reason        string     `json:"reason,omitempty"`
	Attempts      int        `json:"attempts"`
	NextAttemptAt *time.Time `json:"next_attempt_at,omitempty"`
	LastError     string     `json:"last_error,omitempty"`
	CreatedAt     time.Time  `json:"created_at"`
	SentAt        *time.Time `json:"sent_at,omitempty"`
	BouncedAt     *time.Time `json:"bounced_at,omitempty"`
	// Bounce is the store id of the message that bounced the reply.
	Bounce string `json:"bounce,omitempty"`
}

func newOutboxRow(o approvals.Outbound) outboxRow {
	opt := func(t time.Time) *time.Time {
		if t.IsZero() {
			return nil
		}
		t = t.UTC()
		return &t
	}
	return outboxRow{ID: o.ID, MessageID: o.MessageID, Message: o.Source, To: o.To, Subject: o.Subject,
		Kind: o.Kind, Status: string(o.Status), Reason: o.Reason, Attempts: o.Attempts,
		NextAttemptAt: opt(o.NextAttemptAt), LastError: o.LastError, CreatedAt: o.CreatedAt.UTC(), SentAt: opt(o.SentAt),
		BouncedAt: opt(o.BouncedAt), Bounce: o.Bounce}
}

// runOutboxList prints the replies, newest first.
func runOutboxList(e *env) error {
	fs := e.flags("outbox list")
	asJSON := fs.Bool("json", false, "print JSON")
	status := fs.String("status", "", "only replies with this `status`: queued, sent, failed or suppressed")
	args, err := e.parseFlags(fs)
	if err != nil {
		return err
	}
	if len(args) != 0 {
		return usagef("outbox list: unexpected argument %q", args[0])
	}
	switch approvals.OutboxStatus(*status) {
	case "", approvals.OutboxQueued, approvals.OutboxSent, approvals.OutboxFailed, approvals.OutboxSuppressed:
	default:
		return usagef("--status: %q is not queued, sent, failed or suppressed", *status)
	}
	return withService(e, dbExisting, func(b *backend) error {
		list, err := b.svc.Outbox(e.ctx, approvals.OutboxStatus(*status))
		if err != nil {
			return err
		}
		rows := make([]outboxRow, len(list))
		for i, o := range list {
			rows[i] = newOutboxRow(o)
		}
		if *asJSON {
			return writeJSON(e.stdout, rows)
		}
		return printOutbox(e.stdout, rows)
	})
}

func printOutbox(w io.Writer, rows []outboxRow) error {
	if len(rows) == 0 {
		fmt.Fprintln(w, "the outbox is empty")
		return nil
	}
	t := newTable(w, "ID", "CREATED", "TO", "KIND", "STATUS", "ATTEMPTS", "MESSAGE")
	for _, r := range rows {
		t.row(r.ID, r.CreatedAt.Format(time.DateTime), clean(r.To), clean(r.Kind), r.Status,
			fmt.Sprint(r.Attempts), r.Message)
	}
	return t.flush()
}

// runOutboxShow prints one reply and the message as stored.
func runOutboxShow(e *env) error {
	fs := e.flags("outbox show")
	args, err := e.parseFlags(fs)
	if err != nil {
		return err
	}
	if len(args) != 1 {
		return usagef("outbox show: want one reply ID, got %d arguments", len(args))
	}
	return withService(e, dbExisting, func(b *backend) error {
		o, err := b.svc.Outbound(e.ctx, args[0])
		if err != nil {
			return err
		}
		printOutbound(e.stdout, o)
		return nil
	})
}

// printOutbound prints a reply's fields, then its message line by line,
// each line cleaned: the body quotes names taken from mail.
func printOutbound(w io.Writer, o *approvals.Outbound) {
	r := newOutboxRow(*o)
	fmt.Fprintf(w, "reply %s to %s: %s, %s\n", r.ID, clean(r.To), clean(r.Kind), r.Status)
	fmt.Fprintf(w, "  message:    %s\n  message-id: <%s>\n  subject:    %s\n", r.Message, clean(r.MessageID), quote(r.Subject))
	fmt.Fprintf(w, "  created:    %s\n  attempts:   %d\n", r.CreatedAt.Format(time.RFC3339), r.Attempts)
	for _, f := range []struct {
		name string
		t    *time.Time
	}{{"next try", r.NextAttemptAt}, {"sent", r.SentAt}, {"bounced", r.BouncedAt}} {
		if f.t != nil {
			fmt.Fprintf(w, "  %-11s %s\n", f.name+":", f.t.Format(time.RFC3339))
		}
	}
	if r.Bounce != "" {
		fmt.Fprintf(w, "  bounce:     %s\n", r.Bounce)
	}
	if r.Reason != "" {
		fmt.Fprintf(w, "  reason:     %s\n", clean(r.Reason))
	}
	if r.LastError != "" {
		fmt.Fprintf(w, "  last error: %s\n", clean(r.LastError))
	}
	heading(w, "message")
	for _, line := range strings.Split(strings.TrimRight(string(o.Body), "\r\n"), "\n") {
		fmt.Fprintln(w, clean(strings.TrimSuffix(line, "\r")))
	}
}

// runOutboxRetry queues a failed reply again as a staff action.
func runOutboxRetry(e *env) error {
	fs := e.flags("outbox retry")
	asFlag := fs.String("as", "", "the staff member's `EMAIL` (required): an active staff account, recorded in the ledger as staff:EMAIL")
	args, err := e.parseFlags(fs)
	if err != nil {
		return err
	}
	if len(args) != 1 {
		return usagef("outbox retry: want one reply ID, got %d arguments", len(args))
	}
	as, err := staffActor(*asFlag, true)
	if err != nil {
		return err
	}
	return withService(e, dbExisting, func(b *backend) error {
		o, err := b.svc.RetryReply(e.ctx, args[0], as)
		if err != nil {
			return reviewError(err)
		}
		fmt.Fprintf(e.stdout, "queued %s again: to %s, Message-ID <%s>\n", o.ID, clean(o.To), clean(o.MessageID))
		return nil
	})
}
