package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"intake/approvals"
)

func init() {
	register(command{name: "ingest", usage: "[--json] FILE.eml...: run the full workflow on local files as if received by IMAP", run: runIngest})
}

// ingestJSON is one element of the `intake ingest --json` array (see
// docs/commands.md). Fields after Requests are additions.
type ingestJSON struct {
	File       string        `json:"file"`
	MessageID  string        `json:"message_id"`
	Outcome    string        `json:"outcome"`
	Requests   []requestJSON `json:"requests"`
	Record     string        `json:"record"` // the store id of the message record
	Sender     string        `json:"sender"`
	Subject    string        `json:"subject"`
	ReceivedAt time.Time     `json:"received_at"`
	// ReviewID is the review item of a no_request or unreadable message
	// (staff close it with `intake queue reject ID --note T`).
	ReviewID string `json:"review_id,omitempty"`
	Error    string `json:"error,omitempty"`
	// Known marks an IMAP redelivery of bytes already recorded (after a
	// UIDVALIDITY change): its outcome is "duplicate", Record is the
	// earlier record, and nothing was recorded again.
	Known bool `json:"known,omitempty"`
}

// requestJSON is one request of ingestJSON. Suggestions and Doors are
// additions.
type requestJSON struct {
	ID          string   `json:"id"`
	Action      string   `json:"action"`
	Partner     string   `json:"partner"`
	Property    string   `json:"property"`
	PartnerID   string   `json:"partner_id"`
	PropertyID  string   `json:"property_id"`
	Status      string   `json:"status"`
	Reason      string   `json:"reason"`
	Suggestions []string `json:"suggestions,omitempty"`
	Doors       []string `json:"doors,omitempty"`
}

// runIngest receives each file in order, as IMAP would deliver it, and
// prints what was decided. Every file is checked to be a regular file
// before anything is recorded; when reading one or recording it fails
// later, the messages done so far are printed and the error is returned
// (exit 1).
func runIngest(e *env) error {
	fs := e.flags("ingest")
	asJSON := fs.Bool("json", false, "print JSON")
	files, err := e.parseFlags(fs)
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return usagef("ingest: want at least one FILE.eml")
	}
	cfg, err := loadConfig(e.global)
	if err != nil {
		return err
	}
	for _, f := range files {
		if err := checkRegular(f); err != nil {
			return err
		}
	}
	if cfg.Auth.AuthservID == "" && !cfg.Auth.VerifyDKIM {
		fmt.Fprintln(e.stderr, "intake: warning: neither auth.authserv_id nor auth.verify_dkim is set, so no sender can be proven: every request waits as unauthenticated_sender")
	}
	return withBackend(e, cfg, dbExisting, func(b *backend) error {
		out := []ingestJSON{}
		var runErr error
		for _, f := range files {
			res, err := b.ingestFile(e.ctx, f)
			if err != nil {
				runErr = err
				break
			}
			out = append(out, newIngestJSON(filepath.Base(f), res))
		}
		if err := printIngest(e.stdout, out, *asJSON); err != nil {
			return err
		}
		return runErr
	})
}

// checkRegular checks, before anything is ingested, that path is a
// regular file.
func checkRegular(path string) error {
	fi, err := os.Stat(path)
	if err != nil {
		return fmt.Errorf("ingest: %w", err)
	}
	if !fi.Mode().IsRegular() {
		return fmt.Errorf("ingest: %s is not a regular file", clean(path))
	}
	return nil
}

// ingestFile reads the message file at path and receives it. Failing to
// read the file is an error; a message that does not parse is received as
// unreadable (stored and queued with its error), never dropped.
func (b *backend) ingestFile(ctx context.Context, path string) (*approvals.Result, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("ingest: %w", err)
	}
	res, err := b.pipe.ReceiveRaw(ctx, "file:"+filepath.Base(path), raw)
	if err != nil {
		return nil, fmt.Errorf("ingest %s: %w", clean(path), err)
	}
	return res, nil
}

func newIngestJSON(file string, res *approvals.Result) ingestJSON {
	m := res.Message
	out := ingestJSON{File: file, MessageID: m.MessageID, Outcome: string(m.Outcome), Requests: []requestJSON{},
		Record: m.ID, Sender: m.Sender, Subject: m.Subject, ReceivedAt: m.ReceivedAt, Error: m.Error}
	if res.Known {
		out.Outcome, out.Known = string(approvals.OutcomeDuplicate), true
	}
	for _, r := range res.Requests {
		if r.IsMessageItem() {
			out.ReviewID = r.ID
			continue
		}
		out.Requests = append(out.Requests, requestJSON{ID: r.ID, Action: string(r.Action),
			Partner: r.Partner, Property: r.Property, PartnerID: r.PartnerID, PropertyID: r.PropertyID,
			Status: string(r.Status), Reason: string(r.Reason), Suggestions: r.Suggestions, Doors: r.Doors})
	}
	return out
}

func printIngest(w io.Writer, out []ingestJSON, asJSON bool) error {
	if asJSON {
		return writeJSON(w, out)
	}
	t := newTable(w, "FILE", "MESSAGE-ID", "OUTCOME", "REQUEST", "STATUS", "REASON")
	for _, m := range out {
		first := []string{clean(m.File), dash(m.MessageID), m.Outcome}
		if m.ReviewID != "" {
			t.row(append(first, "review item "+m.ReviewID, "pending", dash(m.Error))...)
			continue
		}
		if len(m.Requests) == 0 {
			t.row(append(first, "-", "-", "-")...)
			continue
		}
		for i, r := range m.Requests {
			if i > 0 {
				first = []string{"", "", ""}
			}
			t.row(append(first, r.ID+" "+describe(r.Action, r.Partner, r.Property), r.Status, reasonCell(r))...)
		}
	}
	return t.flush()
}

// describe returns `add "Partner" to "Property"`, names quoted.
func describe(action, partner, property string) string {
	return fmt.Sprintf("%s %s %s %s", action, quote(partner), preposition(action), quote(property))
}

// reasonCell returns the reason with the suggestions or blocking doors.
func reasonCell(r requestJSON) string {
	switch {
	case r.Reason == "":
		return "-"
	case len(r.Doors) > 0:
		return fmt.Sprintf("%s (doors %s)", r.Reason, clean(strings.Join(r.Doors, ", ")))
	case len(r.Suggestions) > 0:
		return fmt.Sprintf("%s (suggested: %s)", r.Reason, clean(strings.Join(r.Suggestions, ", ")))
	}
	return r.Reason
}
