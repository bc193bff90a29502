package main

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/emersion/go-message/mail"

	"intake/approvals"
	"intake/internal/smtptest"
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

// demoReplyLines is how many lines of each reply's text the demo shows.
const demoReplyLines = 3

// printDemoReplies prints each reply in the outbox, oldest first: to,
// kind, status, subject and the first lines of the text the relay at addr
// received under its Message-ID (or why none was sent).
func printDemoReplies(w io.Writer, addr string, out []approvals.Outbound, got []smtptest.Message) error {
	byID := map[string][]byte{}
	for _, m := range got {
		if h, err := readReplyHeader(m.Data); err == nil {
			if id, err := h.MessageID(); err == nil {
				byID[id] = m.Data
			}
		}
	}
	fmt.Fprintf(w, "%d replies written with the decisions; the in-process SMTP relay at %s (smtp.address) received %d:\n",
		len(out), addr, len(got))
	for i := len(out) - 1; i >= 0; i-- {
		o := out[i]
		fmt.Fprintf(w, "\n%s to %s: %s, %s\n  Subject: %s\n", o.ID, clean(o.To), clean(o.Kind), o.Status, quote(o.Subject))
		if o.Reason != "" {
			fmt.Fprintf(w, "  (%s)\n", clean(o.Reason))
		}
		raw, ok := byID[o.MessageID]
		if !ok {
			continue
		}
		lines, err := replyText(raw, demoReplyLines)
		if err != nil {
			return fmt.Errorf("demo: read reply %s: %w", o.ID, err)
		}
		for _, l := range lines {
			fmt.Fprintf(w, "  | %s\n", clean(l))
		}
	}
	fmt.Fprintln(w, "\nNo reply goes to an unproven sender, to automatic mail, or for an ignored or duplicate message.")
	return nil
}

// readReplyHeader reads the header of a message.
func readReplyHeader(raw []byte) (mail.Header, error) {
	r, err := mail.CreateReader(bytes.NewReader(raw))
	if err != nil {
		return mail.Header{}, err
	}
	defer r.Close()
	return r.Header, nil
}

// replyText returns n non-blank lines of the text of a reply, decoded
// with go-message, from its first numbered item (past the greeting) when
// it has one.
func replyText(raw []byte, n int) ([]string, error) {
	r, err := mail.CreateReader(bytes.NewReader(raw))
	if err != nil {
		return nil, err
	}
	defer r.Close()
	p, err := r.NextPart()
	if err != nil {
		return nil, fmt.Errorf("read text: %w", err)
	}
	var lines []string
	from := 0
	sc := bufio.NewScanner(p.Body)
	for sc.Scan() {
		l := strings.TrimSpace(sc.Text())
		if strings.HasPrefix(l, "1. ") && from == 0 {
			from = len(lines)
		}
		if l != "" {
			lines = append(lines, l)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read text: %w", err)
	}
	return lines[from:min(len(lines), from+n)], nil
}
