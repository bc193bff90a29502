package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"golang.org/x/term"

	"intake/approvals"
	"intake/parser"
)

// showOutput is the `intake queue show --json` shape (docs/commands.md):
// the request, its message, the message's other requests, and the text
// intake reads in the message now (nil with ParseError when it cannot).
type showOutput struct {
	Request    shownRequest   `json:"request"`
	Message    shownMessage   `json:"message"`
	Others     []shownRequest `json:"others"`
	Deadline   *time.Time     `json:"deadline,omitempty"`
	Text       *textJSON      `json:"text,omitempty"`
	ParseError string         `json:"parse_error,omitempty"`
}

type shownRequest struct {
	ID          string            `json:"id"`
	Action      approvals.Action  `json:"action"`
	Partner     string            `json:"partner"`
	Property    string            `json:"property"`
	PartnerID   string            `json:"partner_id"`
	PropertyID  string            `json:"property_id"`
	Suggestions []string          `json:"suggestions,omitempty"`
	Status      approvals.Status  `json:"status"`
	Reason      approvals.Reason  `json:"reason"`
	Checks      []approvals.Check `json:"checks"`
	Doors       []string          `json:"doors,omitempty"`
	Sender      string            `json:"sender"`
	ReceivedAt  time.Time         `json:"received_at"`
	DecidedAt   time.Time         `json:"decided_at"`
	DecidedBy   string            `json:"decided_by,omitempty"`
	Note        string            `json:"note,omitempty"`
}

type shownMessage struct {
	ID         string            `json:"id"`
	MessageID  string            `json:"message_id"`
	Hash       string            `json:"hash"`
	Source     string            `json:"source"`
	Sender     string            `json:"sender"`
	Subject    string            `json:"subject"`
	ReceivedAt time.Time         `json:"received_at"`
	Outcome    approvals.Outcome `json:"outcome"`
	Error      string            `json:"error,omitempty"`
	Evidence   string            `json:"evidence"`
}

// textJSON is the message's visible new text and what intake removed.
type textJSON struct {
	Source   string         `json:"source"`
	Text     string         `json:"text"`
	Trailer  string         `json:"trailer,omitempty"`
	Quoted   string         `json:"quoted,omitempty"`
	Removed  []string       `json:"removed,omitempty"`
	Doubts   []parser.Doubt `json:"doubts"`
	Requests []pairJSON     `json:"requests"`
	Mismatch bool           `json:"mismatch"`
	// HTML is the text/html alternative's reading, when there is one.
	HTML *readingJSON `json:"html,omitempty"`
}

type readingJSON struct {
	Text     string         `json:"text"`
	Trailer  string         `json:"trailer,omitempty"`
	Removed  []string       `json:"removed,omitempty"`
	Doubts   []parser.Doubt `json:"doubts,omitempty"`
	Requests []pairJSON     `json:"requests"`
}

// runQueueShow prints one request or review item in full: with --raw the
// message as received, with --json everything.
func runQueueShow(e *env) error {
	fs := e.flags("queue show")
	raw := fs.Bool("raw", false, "print the message as received (RFC 5322); control characters are escaped on a terminal")
	asJSON := fs.Bool("json", false, "print JSON")
	args, err := e.parseFlags(fs)
	if err != nil {
		return err
	}
	if len(args) != 1 {
		return usagef("queue show: want one request ID, got %d arguments", len(args))
	}
	if *raw && *asJSON {
		return usagef("queue show: --raw and --json exclude each other")
	}
	return withService(e, dbExisting, func(b *backend) error {
		if *raw {
			_, msg, err := b.svc.RawMessage(e.ctx, args[0])
			if err != nil {
				return err
			}
			return writeRaw(e.stdout, msg)
		}
		d, err := b.svc.Show(e.ctx, args[0])
		if err != nil {
			return err
		}
		out, err := newShowOutput(e, b, d)
		if err != nil {
			return err
		}
		if *asJSON {
			return writeJSON(e.stdout, out)
		}
		printDetail(e.stdout, d)
		printText(e.stdout, out)
		return nil
	})
}

// writeRaw writes the raw message; on a terminal, control characters
// other than tab and line endings are escaped so the message cannot
// drive the terminal.
func writeRaw(w io.Writer, raw []byte) error {
	if f, ok := w.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		var b strings.Builder
		for _, line := range strings.SplitAfter(string(raw), "\n") {
			body := strings.TrimRight(line, "\r\n")
			b.WriteString(clean(strings.ReplaceAll(body, "\t", "    ")))
			b.WriteString(line[len(body):])
		}
		raw = []byte(b.String())
	}
	if _, err := w.Write(raw); err != nil {
		return fmt.Errorf("write message: %w", err)
	}
	return nil
}

// newShowOutput gathers what `queue show` prints, reading the stored
// message again with the configured parser options.
func newShowOutput(e *env, b *backend, d *approvals.RequestDetail) (*showOutput, error) {
	out := &showOutput{Request: newShownRequest(d.Request), Message: newShownMessage(d.Message), Others: []shownRequest{}}
	for _, o := range d.Others {
		out.Others = append(out.Others, newShownRequest(o))
	}
	if !d.Deadline.IsZero() {
		out.Deadline = &d.Deadline
	}
	_, raw, err := b.svc.RawMessage(e.ctx, d.Request.ID)
	if err != nil {
		return nil, err
	}
	m, err := parser.ParseBytes(raw, b.cfg.parserOptions())
	if err != nil {
		out.ParseError = err.Error()
		return out, nil
	}
	out.Text = newTextJSON(m)
	return out, nil
}

func newShownRequest(r approvals.Request) shownRequest {
	checks := r.Checks
	if checks == nil {
		checks = []approvals.Check{}
	}
	return shownRequest{ID: r.ID, Action: r.Action, Partner: r.Partner, Property: r.Property,
		PartnerID: r.PartnerID, PropertyID: r.PropertyID, Suggestions: r.Suggestions, Status: r.Status,
		Reason: r.Reason, Checks: checks, Doors: r.Doors, Sender: r.Sender, ReceivedAt: r.ReceivedAt,
		DecidedAt: r.DecidedAt, DecidedBy: r.DecidedBy, Note: r.Note}
}

func newShownMessage(m approvals.Message) shownMessage {
	return shownMessage{ID: m.ID, MessageID: m.MessageID, Hash: m.Hash, Source: m.Source, Sender: m.Sender,
		Subject: m.Subject, ReceivedAt: m.ReceivedAt, Outcome: m.Outcome, Error: m.Error, Evidence: m.Evidence}
}

func newTextJSON(m *parser.Message) *textJSON {
	t := &textJSON{Source: m.Body.Source, Text: m.Body.Text, Trailer: m.Body.Trailer, Quoted: m.Body.Quoted,
		Removed: m.Body.Removed, Doubts: m.Doubts, Requests: pairsJSON(m.Pairs()), Mismatch: m.Mismatch}
	if t.Doubts == nil {
		t.Doubts = []parser.Doubt{}
	}
	if h := m.HTML; h != nil {
		var pairs []parser.Pair
		for _, st := range h.Requests {
			pairs = append(pairs, st.Pairs()...)
		}
		t.HTML = &readingJSON{Text: h.Body.Text, Trailer: h.Body.Trailer, Removed: h.Body.Removed,
			Doubts: h.Body.Doubts, Requests: pairsJSON(pairs)}
	}
	return t
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
	if !d.Deadline.IsZero() {
		fmt.Fprintf(w, "Waiting:      since %s; expires %s unless the doors are unassigned before\n",
			r.DecidedAt.UTC().Format(time.RFC3339), d.Deadline.UTC().Format(time.RFC3339))
	}
	if r.Note != "" {
		fmt.Fprintf(w, "Note:         %s\n", clean(r.Note))
	}
	decided := r.DecidedAt.UTC().Format(time.RFC3339)
	if r.DecidedBy != "" {
		decided += " by " + clean(r.DecidedBy)
	}
	fmt.Fprintf(w, "Decided:      %s\n", decided)
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

// printText prints the message's visible new text, the parts intake
// removed from it, its doubts and, on a mismatch, the HTML reading.
func printText(w io.Writer, out *showOutput) {
	t := out.Text
	if t == nil {
		fmt.Fprintf(w, "Text:         the message cannot be read now: %s\n", clean(out.ParseError))
		return
	}
	fmt.Fprintf(w, "Text (%s), the visible new text intake read requests from:\n", orNone(t.Source))
	printBlock(w, t.Text)
	if len(t.Removed) > 0 {
		fmt.Fprintf(w, "Removed by intake: %s (the whole message: queue show --raw %s)\n",
			clean(strings.Join(t.Removed, ", ")), out.Request.ID)
	}
	if t.Quoted != "" {
		fmt.Fprintln(w, "Removed quoted or forwarded text (never read for requests):")
		printBlock(w, t.Quoted)
	}
	if t.Trailer != "" {
		fmt.Fprintln(w, "Removed trailer (below the signature; never read for requests):")
		printBlock(w, t.Trailer)
	}
	for _, d := range t.Doubts {
		fmt.Fprintf(w, "Doubt:        %s\n", clean(describeDoubt(d)))
	}
	if h := t.HTML; h != nil && t.Mismatch {
		fmt.Fprintln(w, "Text (text/html), the other reading, which names other requests:")
		printBlock(w, h.Text)
		if len(h.Removed) > 0 {
			fmt.Fprintf(w, "Removed by intake from the HTML: %s\n", clean(strings.Join(h.Removed, ", ")))
		}
		for _, d := range h.Doubts {
			fmt.Fprintf(w, "HTML doubt:   %s\n", clean(describeDoubt(d)))
		}
	}
}

// printBlock prints text indented with a bar, each line cleaned; "(empty)"
// when there is none.
func printBlock(w io.Writer, text string) {
	if strings.TrimSpace(text) == "" {
		fmt.Fprintln(w, "  | (empty)")
		return
	}
	for _, line := range strings.Split(strings.TrimRight(text, "\n"), "\n") {
		fmt.Fprintf(w, "  | %s\n", clean(line))
	}
}
