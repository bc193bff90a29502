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
	register(group("queue", "the review queue; review actions need --as EMAIL, an active staff account (intake staff add), recorded in the ledger", []subcommand{
		{name: "list", usage: "[--json] [--status S[,S]|all] [--reason R] [--sender ADDR|@DOMAIN] [--partner ID] [--property ID] [--since 48h|DATE] [--limit N]: requests waiting for staff (default: pending and waiting), oldest first", run: runQueueList},
		{name: "show", usage: "ID [--raw|--json]: one request with its message's visible text, what intake removed from it, checks and evidence; --raw prints the message as received", run: runQueueShow},
		{name: "approve", usage: "ID --as EMAIL [--note T]: re-run the checks and apply (never bypasses the door rule)", run: runQueueApprove},
		{name: "reject", usage: "ID --as EMAIL --note T [--waiting]: reject a pending request or close a message review item; --waiting cancels a waiting removal", run: runQueueReject},
		{name: "resolve", usage: "ID --as EMAIL [--partner ID] [--property ID]: pin names to directory ids and decide again", run: runQueueResolve},
		{name: "create", usage: "ID --action add|remove --partner ID --property ID --as EMAIL [--note T]: make the request read in a no_request or body_mismatch item's message, approved by EMAIL (never bypasses the door rule), and close the item", run: runQueueCreate},
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

// itemOutcomes are the message outcomes that `queue list` prints in the
// REASON column of a message review item, and that --reason accepts.
var itemOutcomes = []approvals.Outcome{approvals.OutcomeNoRequest, approvals.OutcomeUnreadable}

// queueFlags are the filters of `queue list`.
type queueFlags struct {
	status, reason, sender, partner, property, since *string
	limit                                            *int
}

// runQueueList prints the review queue: pending and waiting requests
// unless --status says otherwise.
func runQueueList(e *env) error {
	fs := e.flags("queue list")
	asJSON := fs.Bool("json", false, "print JSON")
	qf := queueFlags{
		status:   fs.String("status", "", "only requests with these `statuses` (comma-separated, or all)"),
		reason:   fs.String("reason", "", "only items with this `reason` code, or no_request or unreadable for message review items"),
		sender:   fs.String("sender", "", "only items from this `address`, or from every address at @DOMAIN"),
		partner:  fs.String("partner", "", "only requests resolved to this partner `id`"),
		property: fs.String("property", "", "only requests resolved to this property `id`"),
		since:    fs.String("since", "", "only items received in the last `DURATION` (48h) or since a DATE (2006-01-02 or RFC 3339)"),
		limit:    fs.Int("limit", 0, "print at most `N` items (the oldest)"),
	}
	args, err := e.parseFlags(fs)
	if err != nil {
		return err
	}
	if len(args) != 0 {
		return usagef("queue list: unexpected argument %q", args[0])
	}
	f, err := qf.filter(time.Now())
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

// filter checks the flags and returns the filter they make; now is the
// time a --since duration counts back from.
func (q queueFlags) filter(now time.Time) (approvals.RequestFilter, error) {
	f, err := queueFilter(*q.status, *q.reason)
	if err != nil {
		return f, err
	}
	if s := *q.sender; s != "" && !strings.HasPrefix(s, "@") && !validEmail(s) {
		return f, usagef("--sender: %q is neither an address nor @DOMAIN", s)
	}
	if *q.limit < 0 {
		return f, usagef("--limit: %d is negative", *q.limit)
	}
	f.Sender, f.PartnerID, f.PropertyID, f.Limit = *q.sender, *q.partner, *q.property, *q.limit
	if *q.since != "" {
		if f.Since, err = parseSince(*q.since, now); err != nil {
			return f, err
		}
	}
	return f, nil
}

// parseSince reads --since: a duration counted back from now, or a date
// (2006-01-02, UTC midnight) or RFC 3339 time.
func parseSince(s string, now time.Time) (time.Time, error) {
	if d, err := time.ParseDuration(s); err == nil {
		if d <= 0 {
			return time.Time{}, usagef("--since: %q is not a positive duration", s)
		}
		return now.Add(-d), nil
	}
	for _, layout := range []string{time.DateOnly, time.RFC3339} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, usagef("--since: %q is neither a duration (48h) nor a date (2006-01-02 or RFC 3339)", s)
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
	switch {
	case reason == "":
	case slices.Contains(itemOutcomes, approvals.Outcome(reason)):
		f.Outcome = approvals.Outcome(reason)
	case slices.Contains(allReasons, approvals.Reason(reason)):
		f.Reason = approvals.Reason(reason)
	default:
		return f, usagef("--reason: %q is not a reason code (%s, %s)", reason, joinOf(allReasons), joinOf(itemOutcomes))
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
	t := newTable(w, "ID", "RECEIVED", "SENDER", "REQUEST", "STATUS", "REASON", "EXPIRES")
	for _, it := range items {
		req, reason := describe(string(it.Action), it.Partner, it.Property), dash(string(it.Reason))
		if it.Action == "" {
			req, reason = "message "+quote(it.Subject), string(it.Outcome)
		}
		expires := "-"
		if it.Deadline != nil {
			expires = it.Deadline.UTC().Format(time.DateTime)
		}
		t.row(it.ID, it.ReceivedAt.UTC().Format(time.DateTime), dash(it.Sender), req, string(it.Status), reason, expires)
	}
	return t.flush()
}
