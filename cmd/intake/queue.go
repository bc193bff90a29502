package main

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"intake/approvals"
)

func init() {
	register(group("queue", "the review queue; review actions need --as EMAIL (the staff member, recorded in the ledger)", []subcommand{
		{name: "list", usage: "[--json] [--status S[,S]|all] [--reason R]: requests waiting for staff (default: pending and waiting)", run: runQueueList},
		{name: "show", usage: "ID: one request with its message, checks and evidence", run: runQueueShow},
		{name: "approve", usage: "ID --as EMAIL [--note T]: re-run the checks and apply (never bypasses the door rule)", run: runQueueApprove},
		{name: "reject", usage: "ID --as EMAIL --note T: reject a pending or waiting request, or close a message review item", run: runQueueReject},
		{name: "resolve", usage: "ID --as EMAIL [--partner ID] [--property ID]: pin names to directory ids and decide again", run: runQueueResolve},
	}))
}

// allStatuses are the request statuses `queue list --status` accepts.
var allStatuses = []approvals.Status{approvals.StatusApplied, approvals.StatusPending, approvals.StatusWaiting,
	approvals.StatusRejected, approvals.StatusNoop, approvals.StatusExpired}

// allReasons are the reason codes `queue list --reason` accepts.
var allReasons = []approvals.Reason{approvals.ReasonUnauthenticatedSender, approvals.ReasonStaleMessage,
	approvals.ReasonNotAddressedToInbox, approvals.ReasonUnknownPartner, approvals.ReasonUnknownProperty,
	approvals.ReasonAmbiguous, approvals.ReasonSuspiciousName, approvals.ReasonBodyMismatch,
	approvals.ReasonUnverifiedContent, approvals.ReasonHeldBySender,
	approvals.ReasonReviewRequired, approvals.ReasonNoPermission, approvals.ReasonAlreadyEnabled,
	approvals.ReasonNotEnabled, approvals.ReasonPartnerAssignedToDoors}

// runQueueList prints the review queue: pending and waiting requests
// unless --status says otherwise.
func runQueueList(e *env) error {
	fs := e.flags("queue list")
	asJSON := fs.Bool("json", false, "print JSON")
	status := fs.String("status", "", "only requests with these `statuses` (comma-separated, or all)")
	reason := fs.String("reason", "", "only requests with this `reason` code")
	args, err := e.parseFlags(fs)
	if err != nil {
		return err
	}
	if len(args) != 0 {
		return usagef("queue list: unexpected argument %q", args[0])
	}
	f, err := queueFilter(*status, *reason)
	if err != nil {
		return err
	}
	return withService(e, dbExisting, func(b *backend) error {
		items, err := b.svc.Queue(e.ctx, f)
		if err != nil {
			return err
		}
		if *asJSON {
			return writeJSON(e.stdout, items)
		}
		return printQueue(e.stdout, items)
	})
}

// queueFilter checks the --status and --reason values.
func queueFilter(status, reason string) (approvals.RequestFilter, error) {
	var f approvals.RequestFilter
	switch status {
	case "":
	case "all":
		f.Status = allStatuses
	default:
		for _, s := range strings.Split(status, ",") {
			st := approvals.Status(strings.TrimSpace(s))
			if !slices.Contains(allStatuses, st) {
				return f, usagef("--status: %q is not a status (%s, or all)", s, joinOf(allStatuses))
			}
			f.Status = append(f.Status, st)
		}
	}
	if reason != "" {
		f.Reason = approvals.Reason(reason)
		if !slices.Contains(allReasons, f.Reason) {
			return f, usagef("--reason: %q is not a reason code (%s)", reason, joinOf(allReasons))
		}
	}
	return f, nil
}

// joinOf joins string-typed values with commas.
func joinOf[T ~string](vs []T) string {
	s := make([]string, len(vs))
	for i, v := range vs {
		s[i] = string(v)
	}
	return strings.Join(s, ", ")
}

func printQueue(w io.Writer, items []approvals.QueueItem) error {
	if len(items) == 0 {
		fmt.Fprintln(w, "the queue is empty")
		return nil
	}
	t := newTable(w, "ID", "RECEIVED", "SENDER", "REQUEST", "STATUS", "REASON")
	for _, it := range items {
		req, reason := describe(string(it.Action), it.Partner, it.Property), dash(string(it.Reason))
		if it.Action == "" {
			req, reason = "message "+quote(it.Subject), string(it.Outcome)
		}
		t.row(it.ID, it.ReceivedAt.UTC().Format(time.DateTime), dash(it.Sender), req, string(it.Status), reason)
	}
	return t.flush()
}

// runQueueShow prints one request or review item in full.
func runQueueShow(e *env) error {
	fs := e.flags("queue show")
	args, err := e.parseFlags(fs)
	if err != nil {
		return err
	}
	if len(args) != 1 {
		return usagef("queue show: want one request ID, got %d arguments", len(args))
	}
	return withService(e, dbExisting, func(b *backend) error {
		d, err := b.svc.Show(e.ctx, args[0])
		if err != nil {
			return err
		}
		printDetail(e.stdout, d)
		return nil
	})
}

// printDetail prints a request, its message and its checks.
func printDetail(w io.Writer, d *approvals.RequestDetail) {
	r, m := d.Request, d.Message
	if r.IsMessageItem() {
		fmt.Fprintf(w, "Review item:  %s (message %s)\n", r.ID, m.Outcome)
	} else {
		fmt.Fprintf(w, "Request:      %s %s\n", r.ID, describe(string(r.Action), r.Partner, r.Property))
		fmt.Fprintf(w, "Resolved:     partner %s, property %s\n", dash(r.PartnerID), dash(r.PropertyID))
	}
	fmt.Fprintf(w, "Status:       %s%s\n", r.Status, reasonSuffix(r.Reason))
	if len(r.Suggestions) > 0 {
		fmt.Fprintf(w, "Suggestions:  %s\n", clean(strings.Join(r.Suggestions, ", ")))
	}
	if len(r.Doors) > 0 {
		fmt.Fprintf(w, "Doors:        %s\n", clean(strings.Join(r.Doors, ", ")))
	}
	if r.Note != "" {
		fmt.Fprintf(w, "Note:         %s\n", clean(r.Note))
	}
	fmt.Fprintf(w, "Decided:      %s\n", r.DecidedAt.UTC().Format(time.RFC3339))
	fmt.Fprintf(w, "Message:      %s %s (%s)\n", m.ID, dash(m.MessageID), dash(m.Source))
	fmt.Fprintf(w, "From:         %s\n", dash(m.Sender))
	fmt.Fprintf(w, "Subject:      %s\n", dash(m.Subject))
	fmt.Fprintf(w, "Received:     %s\n", m.ReceivedAt.UTC().Format(time.RFC3339))
	fmt.Fprintf(w, "Evidence:     %s\n", dash(m.Evidence))
	if m.Error != "" {
		fmt.Fprintf(w, "Parse error:  %s\n", clean(m.Error))
	}
	fmt.Fprintln(w, "Checks:")
	for _, c := range r.Checks {
		mark := "FAIL"
		switch {
		case c.Name == approvals.CheckMessage:
			mark = "note"
		case c.OK:
			mark = "ok"
		}
		fmt.Fprintf(w, "  %-4s  %-11s %s\n", mark, c.Name, clean(c.Detail))
	}
	for _, o := range d.Others {
		fmt.Fprintf(w, "Same message: %s %s: %s%s\n", o.ID, describe(string(o.Action), o.Partner, o.Property), o.Status, reasonSuffix(o.Reason))
	}
}
