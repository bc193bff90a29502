package main

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"intake/approvals"
)

// printDemoSummary prints one row per request, or per message for a
// message without requests: file, sender, request, status, reason.
func printDemoSummary(w io.Writer, results []demoResult) error {
	t := newTable(w, "MESSAGE", "SENDER", "REQUEST", "STATUS", "REASON")
	firstFile := map[string]string{} // Message-ID → file that brought it first
	for _, dr := range results {
		m := dr.res.Message
		if _, ok := firstFile[m.MessageID]; !ok && m.MessageID != "" {
			firstFile[m.MessageID] = dr.file
		}
		cells := []string{clean(dr.file), dash(m.Sender)}
		rows := 0
		for _, r := range dr.res.Requests {
			if r.IsMessageItem() {
				continue
			}
			if rows > 0 {
				cells = []string{"", ""}
			}
			t.row(append(cells, describe(string(r.Action), r.Partner, r.Property), string(r.Status), demoReason(r))...)
			rows++
		}
		if rows == 0 {
			t.row(append(cells, "-", string(m.Outcome), outcomeNote(m, firstFile))...)
		}
	}
	if err := t.flush(); err != nil {
		return err
	}
	fmt.Fprintln(w, "\nMessages without a request and pending requests wait in the review queue ('intake queue list').")
	return nil
}

// demoReason is the reason column: the reason with the blocking doors or
// the suggested ids.
func demoReason(r approvals.Request) string {
	switch {
	case r.Reason == "":
		return "-"
	case len(r.Doors) > 0:
		return fmt.Sprintf("%s: doors %s", r.Reason, clean(strings.Join(r.Doors, ", ")))
	case len(r.Suggestions) > 0:
		return fmt.Sprintf("%s: did you mean %s?", r.Reason, clean(strings.Join(r.Suggestions, ", ")))
	}
	return string(r.Reason)
}

// outcomeNote explains a message outcome in a few words.
func outcomeNote(m approvals.Message, firstFile map[string]string) string {
	switch m.Outcome {
	case approvals.OutcomeNoRequest:
		return "no request in the new text; queued for staff to read"
	case approvals.OutcomeIgnored:
		return "auto-generated mail"
	case approvals.OutcomeDuplicate:
		return "same Message-ID as " + clean(firstFile[m.MessageID]) + "; nothing changed"
	case approvals.OutcomeUnreadable:
		return "cannot be parsed: " + clean(m.Error)
	}
	return "-"
}

// demoWaiting shows the waiting removal released by door events: the
// doors blocking it are unassigned one by one, the last event applies it,
// and an unconnected door then awaits a door update until synced.
func demoWaiting(e *env, b *backend, results []demoResult) error {
	w := e.stdout
	r := findWaiting(results)
	if r == nil {
		fmt.Fprintln(w, "(no sample removal is waiting; expected 03-remove-acme-pines.eml to wait)")
		return nil
	}
	fmt.Fprintf(w, "Request %s, %s, is waiting: %s is still assigned to %s.\n",
		r.ID, describe(string(r.Action), r.Partner, r.Property), clean(r.PartnerID), clean(strings.Join(r.Doors, " and ")))
	fmt.Fprintln(w, "Property staff now pick \"None\" for those doors in DOOR OS; each change arrives as a door event.")
	var awaiting []string
	for _, door := range r.Doors {
		fmt.Fprintf(w, "\n$ intake doors unassign %s\n", clean(door))
		res, err := b.svc.UnassignDoor(e.ctx, door, approvals.ActorDoorOS)
		if err != nil {
			return err
		}
		printDoorResult(w, "unassign", res)
		if res.Door.AwaitingUpdate {
			awaiting = append(awaiting, door)
		}
	}
	d, err := b.svc.Show(e.ctx, r.ID)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "\nRequest %s is now %s%s", r.ID, d.Request.Status, reasonSuffix(d.Request.Reason))
	if d.Request.Status == approvals.StatusApplied {
		fmt.Fprint(w, ": the door event that freed the last door applied it, in the same transaction")
	}
	fmt.Fprintf(w, ".\n\nThe doors of %s:\n", clean(r.PropertyID))
	doors, err := b.svc.Doors(e.ctx)
	if err != nil {
		return err
	}
	doors = slices.DeleteFunc(doors, func(d approvals.Door) bool { return d.Property != r.PropertyID })
	if err := printDoors(w, doors); err != nil {
		return err
	}
	for _, door := range awaiting {
		fmt.Fprintf(w, "\nA door update was performed with the DOOR App:\n$ intake doors synced %s\n", clean(door))
		res, err := b.svc.DoorSynced(e.ctx, door, approvals.ActorDoorOS)
		if err != nil {
			return err
		}
		printDoorResult(w, "synced", res)
	}
	return nil
}

// findWaiting returns the first waiting request of the results, or nil.
func findWaiting(results []demoResult) *approvals.Request {
	for _, dr := range results {
		for i, r := range dr.res.Requests {
			if r.Status == approvals.StatusWaiting {
				return &dr.res.Requests[i]
			}
		}
	}
	return nil
}
