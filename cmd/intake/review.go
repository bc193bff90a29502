package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"intake/approvals"
)

// reviewArgs parses a review action's flags: one request ID, the required
// --as and the action's own flags (added by addFlags).
func reviewArgs(e *env, name string, addFlags func(*flag.FlagSet)) (id, as string, err error) {
	fs := e.flags("queue " + name)
	asFlag := fs.String("as", "", "the staff member's `EMAIL` (required): an active staff account, recorded in the ledger as staff:EMAIL")
	if addFlags != nil {
		addFlags(fs)
	}
	args, err := e.parseFlags(fs)
	if err != nil {
		return "", "", err
	}
	if len(args) != 1 {
		return "", "", usagef("queue %s: want one request ID, got %d arguments", name, len(args))
	}
	as, err = staffActor(*asFlag, true)
	return args[0], as, err
}

// runQueueApprove approves a pending request; the workflow re-runs the
// resolution, permission, state and door checks, so the request may end
// waiting, noop or rejected instead of applied.
func runQueueApprove(e *env) error {
	var note *string
	id, as, err := reviewArgs(e, "approve", func(fs *flag.FlagSet) {
		note = fs.String("note", "", "a `note` recorded with the approval")
	})
	if err != nil {
		return err
	}
	return withService(e, dbExisting, func(b *backend) error {
		r, err := b.svc.Approve(e.ctx, id, as, *note)
		if err != nil {
			return reviewError(err)
		}
		printReviewed(e.stdout, "approved", r, b.svc.Deadline(r))
		return nil
	})
}

// runQueueReject rejects a pending request, or closes a message review
// item; --note is required. A waiting removal is rejected (cancelled) only
// with --waiting: the flag states what its user saw, so that a pending
// request another staff member approved meanwhile, which now waits for
// its doors, is not rejected as well (approvals.Service.RejectSeen).
func runQueueReject(e *env) error {
	var note *string
	var waiting *bool
	id, as, err := reviewArgs(e, "reject", func(fs *flag.FlagSet) {
		note = fs.String("note", "", "the `reason` for the rejection (required)")
		waiting = fs.Bool("waiting", false, "reject a waiting removal (cancel it); without it only a pending request is rejected")
	})
	if err != nil {
		return err
	}
	if strings.TrimSpace(*note) == "" {
		return usagef("queue reject: --note TEXT is required: say why the request is rejected")
	}
	return withService(e, dbExisting, func(b *backend) error {
		seen := approvals.StatusPending
		if *waiting {
			seen = approvals.StatusWaiting
		}
		r, err := b.svc.RejectSeen(e.ctx, id, as, *note, seen)
		if err != nil {
			return reviewError(err)
		}
		printReviewed(e.stdout, "rejected", r, b.svc.Deadline(r))
		return nil
	})
}

// runQueueResolve pins a pending request's names to directory ids and
// decides it again with the automatic checks.
func runQueueResolve(e *env) error {
	var partner, property *string
	id, as, err := reviewArgs(e, "resolve", func(fs *flag.FlagSet) {
		partner = fs.String("partner", "", "the partner's directory `id`")
		property = fs.String("property", "", "the property's directory `id`")
	})
	if err != nil {
		return err
	}
	if *partner == "" && *property == "" {
		return usagef("queue resolve: give --partner ID, --property ID or both")
	}
	return withService(e, dbExisting, func(b *backend) error {
		r, err := b.svc.Resolve(e.ctx, id, as, *partner, *property)
		if err != nil {
			return reviewError(err)
		}
		printReviewed(e.stdout, "resolved", r, b.svc.Deadline(r))
		return nil
	})
}

// runQueueCreate turns a no_request item or a body_mismatch request into
// the request staff read in its message, decided as their approval, and
// closes the item.
func runQueueCreate(e *env) error {
	var action, partner, property, note *string
	id, as, err := reviewArgs(e, "create", func(fs *flag.FlagSet) {
		action = fs.String("action", "", "the `action`, add or remove (required)")
		partner = fs.String("partner", "", "the partner's directory `id` (required)")
		property = fs.String("property", "", "the property's directory `id` (required)")
		note = fs.String("note", "", "a `note` recorded with the new request")
	})
	if err != nil {
		return err
	}
	a := approvals.Action(*action)
	switch {
	case a != approvals.ActionAdd && a != approvals.ActionRemove:
		return usagef("queue create: --action must be add or remove")
	case *partner == "" || *property == "":
		return usagef("queue create: --partner ID and --property ID are required")
	}
	return withService(e, dbExisting, func(b *backend) error {
		nr := approvals.NewRequest{Action: a, PartnerID: *partner, PropertyID: *property, Note: *note}
		r, err := b.svc.Create(e.ctx, id, as, nr)
		if err != nil {
			return reviewError(err)
		}
		fmt.Fprintf(e.stdout, "closed %s: replaced by %s\n", clean(id), r.ID)
		printReviewed(e.stdout, "created", r, b.svc.Deadline(r))
		return nil
	})
}

// reviewError words a refused review action for the terminal: an actor
// without an active staff account is a usage error (exit 2), and a
// request another action decided first says by whom and when (exit 1).
func reviewError(err error) error {
	var ad *approvals.AlreadyDecidedError
	switch {
	case errors.As(err, &ad):
		by := ad.By
		if by == "" {
			by = "an earlier action"
		}
		hint := ""
		if ad.Status == approvals.StatusWaiting {
			hint = " (to cancel a waiting removal: 'intake queue reject ID --waiting')"
		}
		return fmt.Errorf("%s was already decided by %s at %s: it is %s; nothing changed%s",
			ad.Request, clean(by), ad.At.UTC().Format(time.RFC3339), ad.Status, hint)
	case approvals.ErrorCode(err) == approvals.EUNAUTHORIZED:
		return usagef("%v; only an active staff account may act on the queue (see 'intake staff list')", err)
	}
	return err
}

// printReviewed prints the request's decision after a review action;
// deadline is when a waiting removal expires.
func printReviewed(w io.Writer, verb string, r *approvals.Request, deadline time.Time) {
	what := "the message review item"
	if !r.IsMessageItem() {
		what = describe(string(r.Action), r.Partner, r.Property)
	}
	fmt.Fprintf(w, "%s %s: %s\n", verb, r.ID, what)
	fmt.Fprintf(w, "now %s%s\n", r.Status, reasonSuffix(r.Reason))
	if r.Status == approvals.StatusWaiting {
		fmt.Fprintf(w, "the removal waits until no door of %s is assigned to %s: %s\n",
			quote(r.PropertyID), quote(r.PartnerID), clean(strings.Join(r.Doors, ", ")))
		fmt.Fprintf(w, "it expires at %s unless the doors are unassigned before\n", deadline.UTC().Format(time.RFC3339))
	}
}
