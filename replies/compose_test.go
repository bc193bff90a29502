package replies

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-message/mail"

	"intake/approvals"
)

var now = time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)

// proven are the checks of a request whose sender is proven and whose
// message is fresh.
var proven = []approvals.Check{{Name: approvals.CheckIdentity, OK: true}, {Name: approvals.CheckFreshness, OK: true}}

func composer(t *testing.T) *Composer {
	t.Helper()
	c, err := NewComposer(Options{From: "access@door.example", Own: []string{"inbox@door.example"},
		MaxAge: 7 * 24 * time.Hour, NewID: func() string { return "r1" }})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// input returns a processed message from maria with rs.
func input(rs ...approvals.Request) Input {
	for i := range rs {
		if rs[i].Checks == nil {
			rs[i].Checks = proven
		}
		if rs[i].ID == "" {
			rs[i].ID = "q" + string(rune('1'+i))
		}
	}
	return Input{
		Result: approvals.Result{Message: approvals.Message{ID: "m1", Sender: "maria@pines.example",
			Outcome: approvals.OutcomeProcessed, ReceivedAt: now.Add(-time.Hour)}, Requests: rs},
		Thread: Thread{MessageID: "abc@pines.example", References: []string{"first@pines.example"}, Subject: "Partner access"},
		Now:    now,
	}
}

func add(status approvals.Status, reason approvals.Reason) approvals.Request {
	return approvals.Request{Action: approvals.ActionAdd, Partner: "Acme Cleaning", Property: "Pine Court",
		Status: status, Reason: reason}
}

// compose composes in and fails the test unless a reply results.
func compose(t *testing.T, in Input) *Reply {
	t.Helper()
	r, nr, err := composer(t).Compose(in)
	if err != nil || nr != nil {
		t.Fatalf("Compose: %v, no reply %+v", err, nr)
	}
	return r
}

// parse reads the reply's raw message back with go-message.
func parse(t *testing.T, r *Reply) (mail.Header, string) {
	t.Helper()
	mr, err := mail.CreateReader(bytes.NewReader(r.Raw))
	if err != nil {
		t.Fatal(err)
	}
	p, err := mr.NextPart()
	if err != nil {
		t.Fatal(err)
	}
	body, err := io.ReadAll(p.Body)
	if err != nil {
		t.Fatal(err)
	}
	return mr.Header, string(body)
}

func TestComposeKinds(t *testing.T) {
	waiting := approvals.Request{Action: approvals.ActionRemove, Partner: "Acme Cleaning", Property: "Pine Court",
		Status: approvals.StatusWaiting, Reason: approvals.ReasonPartnerAssignedToDoors, Doors: []string{"front-door", "gate"}}
	remove := approvals.Request{Action: approvals.ActionRemove, Partner: "Acme Cleaning", Property: "Pine Court",
		Status: approvals.StatusExpired}
	tests := []struct {
		name string
		req  approvals.Request
		kind Kind
		want []string
	}{
		{"applied", add(approvals.StatusApplied, ""), KindApplied, []string{
			"Done: Acme Cleaning now has access to Pine Court.",
			"Access → Doors → the door → Edit door → choose Acme Cleaning as partner",
			"→ Save."}},
		{"rejected", add(approvals.StatusRejected, approvals.ReasonNoPermission), KindRejected, []string{
			"Not done: give Acme Cleaning access to Pine Court, because you do not have",
			"permission on that property.",
			"a property manager with permission on that property or on its portfolio."}},
		{"noop", add(approvals.StatusNoop, approvals.ReasonAlreadyEnabled), KindNoop, []string{
			"Nothing to change: give Acme Cleaning access to Pine Court, because the",
			"partner already has access to that property."}},
		{"waiting", waiting, KindWaiting, []string{
			"Waiting: remove Acme Cleaning from Pine Court. The partner is still assigned",
			"to 2 doors: front-door, gate.",
			"Edit door → remove the partner → Save.",
			"The removal then completes by itself; if the doors are still assigned on",
			"Thursday 5 March 2026, 10:00 UTC, it expires"}},
		{"pending", add(approvals.StatusPending, approvals.ReasonReviewRequired), KindPending, []string{
			"Received: give Acme Cleaning access to Pine Court. It is under review by",
			"DOOR support, because requests of this kind are reviewed by DOOR support;"}},
		{"expired", remove, KindExpired, []string{"Expired: remove Acme Cleaning from Pine Court."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := input(tt.req)
			in.Deadlines = map[string]time.Time{"q1": now.Add(72 * time.Hour)}
			r := compose(t, in)
			if r.Kind != tt.kind {
				t.Errorf("Kind = %q, want %q", r.Kind, tt.kind)
			}
			_, body := parse(t, r)
			body = strings.ReplaceAll(body, "\r\n", "\n")
			if body != r.Text+"\n" && body != r.Text {
				t.Errorf("body read back differs from Text:\n%q\n%q", body, r.Text)
			}
			flat := strings.Join(strings.Fields(body), " ") // wrapping aside
			for _, w := range tt.want {
				if !strings.Contains(flat, w) {
					t.Errorf("body lacks %q:\n%s", w, body)
				}
			}
			for _, l := range strings.Split(body, "\n") {
				if n := len([]rune(l)); n > maxLine {
					t.Errorf("line of %d runes: %q", n, l)
				}
			}
		})
	}
}

func TestComposeHeaders(t *testing.T) {
	r := compose(t, input(add(approvals.StatusApplied, "")))
	h, _ := parse(t, r)
	want := map[string]string{
		"From":                     "<access@door.example>",
		"To":                       "<maria@pines.example>",
		"Subject":                  "Re: Partner access",
		"Message-Id":               "<r1@door.example>",
		"In-Reply-To":              "<abc@pines.example>",
		"References":               "<first@pines.example> <abc@pines.example>",
		"Auto-Submitted":           "auto-replied",
		"X-Auto-Response-Suppress": "All",
		"Content-Type":             "text/plain; charset=utf-8",
		"Date":                     "Mon, 02 Mar 2026 10:00:00 +0000",
	}
	for k, w := range want {
		if got := h.Get(k); got != w {
			t.Errorf("%s = %q, want %q", k, got, w)
		}
	}
	if r.MessageID != "r1@door.example" || r.To != "maria@pines.example" {
		t.Errorf("Reply = %q to %q", r.MessageID, r.To)
	}
}

func TestComposeOneReplyPerMessage(t *testing.T) {
	in := input(add(approvals.StatusApplied, ""), add(approvals.StatusRejected, approvals.ReasonNoPermission),
		add(approvals.StatusPending, approvals.ReasonHeldBySender))
	r := compose(t, in)
	if r.Kind != KindMixed {
		t.Errorf("Kind = %q, want mixed", r.Kind)
	}
	for _, w := range []string{"each of the 3 requests", "\n1. Done:", "\n2. Not done:", "\n3. Received:"} {
		if !strings.Contains(r.Text, w) {
			t.Errorf("text lacks %q:\n%s", w, r.Text)
		}
	}
}

func TestReplySubject(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Partner access", "Re: Partner access"},
		{"Re: Partner access", "Re: Partner access"},
		{"RE: Partner access", "RE: Partner access"},
		{"re:Partner access", "re:Partner access"},
		{"", "Re: your partner access request"},
		{"Access\u202egnp.exe", `Re: Access\u202egnp.exe`},
	}
	for _, tt := range tests {
		if got := replySubject(tt.in); got != tt.want {
			t.Errorf("replySubject(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestReferences(t *testing.T) {
	tests := []struct {
		name string
		in   Thread
		want string
	}{
		{"none", Thread{}, ""},
		{"first message", Thread{MessageID: "a@x"}, "a@x"},
		{"in a thread", Thread{MessageID: "c@x", References: []string{"a@x", "b@x"}}, "a@x b@x c@x"},
		{"repeat kept once", Thread{MessageID: "b@x", References: []string{"a@x", "b@x"}}, "a@x b@x"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := strings.Join(references(tt.in), " "); got != tt.want {
				t.Errorf("references = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestComposeEscapesNames(t *testing.T) {
	req := add(approvals.StatusApplied, "")
	req.Partner = "Acme\u202eevil\x07"
	r := compose(t, input(req))
	if !strings.Contains(r.Text, `Acme\u202eevil\a now has access`) {
		t.Errorf("name not escaped:\n%s", r.Text)
	}
}

func TestNoReply(t *testing.T) {
	ok := func(in *Input) {}
	tests := []struct {
		name   string
		change func(*Input)
		want   Skip
	}{
		{"known", func(in *Input) { in.Result.Known = true }, SkipKnown},
		{"ignored", func(in *Input) { in.Result.Message.Outcome = approvals.OutcomeIgnored }, SkipOutcome},
		{"duplicate", func(in *Input) { in.Result.Message.Outcome = approvals.OutcomeDuplicate }, SkipOutcome},
		{"unreadable", func(in *Input) { in.Result.Message.Outcome = approvals.OutcomeUnreadable }, SkipOutcome},
		{"no requests", func(in *Input) { in.Result.Requests = nil }, SkipNoRequests},
		{"identity failed", func(in *Input) {
			in.Result.Requests[0].Checks = []approvals.Check{{Name: approvals.CheckIdentity}}
		}, SkipUnproven},
		{"no identity check", func(in *Input) { in.Result.Requests[0].Checks = nil }, SkipUnproven},
		{"one of two unproven", func(in *Input) {
			in.Result.Requests = append(in.Result.Requests, approvals.Request{ID: "q2", Status: approvals.StatusApplied})
		}, SkipUnproven},
		{"stale check", func(in *Input) {
			in.Result.Requests[0].Checks = []approvals.Check{{Name: approvals.CheckIdentity, OK: true}, {Name: approvals.CheckFreshness}}
		}, SkipStale},
		{"older than max age", func(in *Input) { in.Result.Message.ReceivedAt = now.Add(-8 * 24 * time.Hour) }, SkipStale},
		{"auto-submitted", func(in *Input) { in.Marks.Auto = "Auto-Submitted: auto-generated" }, SkipAutomatic},
		{"list", func(in *Input) { in.Marks.ListID = "<owners.pines.example>" }, SkipAutomatic},
		{"dsn", func(in *Input) { in.Marks.Report = "delivery-status" }, SkipAutomatic},
		{"mdn", func(in *Input) { in.Marks.Report = "disposition-notification" }, SkipAutomatic},
		{"empty return path", func(in *Input) { in.Marks.EmptyReturnPath = true }, SkipAutomatic},
		{"no sender", func(in *Input) { in.Result.Message.Sender = "" }, SkipAddress},
		{"display name", func(in *Input) { in.Result.Message.Sender = "Maria <maria@pines.example>" }, SkipAddress},
		{"no dot in domain", func(in *Input) { in.Result.Message.Sender = "maria@localhost" }, SkipAddress},
		{"quoted local part", func(in *Input) { in.Result.Message.Sender = `"maria x"@pines.example` }, SkipAddress},
		{"mailer-daemon", func(in *Input) { in.Result.Message.Sender = "MAILER-DAEMON@pines.example" }, SkipRoleAddress},
		{"postmaster", func(in *Input) { in.Result.Message.Sender = "postmaster@pines.example" }, SkipRoleAddress},
		{"no-reply", func(in *Input) { in.Result.Message.Sender = "no-reply@pines.example" }, SkipRoleAddress},
		{"noreply", func(in *Input) { in.Result.Message.Sender = "noreply+x@pines.example" }, SkipRoleAddress},
		{"do-not-reply", func(in *Input) { in.Result.Message.Sender = "do_not_reply@pines.example" }, SkipRoleAddress},
		{"our from", func(in *Input) { in.Result.Message.Sender = "access@door.example" }, SkipOwnAddress},
		{"our inbox", func(in *Input) { in.Result.Message.Sender = "Inbox@door.example" }, SkipOwnAddress},
		{"control", ok, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := input(add(approvals.StatusApplied, ""))
			tt.change(&in)
			r, nr, err := composer(t).Compose(in)
			if err != nil {
				t.Fatal(err)
			}
			if tt.want == "" {
				if nr != nil || r == nil {
					t.Fatalf("no reply: %+v", nr)
				}
				return
			}
			if r != nil || nr == nil || nr.Reason != tt.want {
				t.Fatalf("Compose = reply %v, no reply %+v; want no reply %q", r != nil, nr, tt.want)
			}
			if nr.Detail == "" {
				t.Error("no reply without detail")
			}
		})
	}
}

func TestNoRequestMessageIsPending(t *testing.T) {
	in := input(approvals.Request{Status: approvals.StatusPending, Reason: approvals.ReasonReviewRequired})
	in.Result.Message.Outcome = approvals.OutcomeNoRequest
	r := compose(t, in)
	if !strings.Contains(r.Text, "we could not find a request in your email") {
		t.Errorf("text:\n%s", r.Text)
	}
}

func TestLoadTemplatesOverride(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "applied.txt"), []byte("Applied {{.Partner}}.\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	tm, err := LoadTemplates(dir)
	if err != nil {
		t.Fatal(err)
	}
	c, err := NewComposer(Options{From: "access@door.example", Templates: tm})
	if err != nil {
		t.Fatal(err)
	}
	r, _, err := c.Compose(input(add(approvals.StatusApplied, "")))
	if err != nil || r == nil {
		t.Fatalf("Compose: %v", err)
	}
	if !strings.Contains(r.Text, "1. Applied Acme Cleaning.") || !strings.Contains(r.Text, "Thank you") {
		t.Errorf("override not used, or embedded reply.txt lost:\n%s", r.Text)
	}
}

func TestLoadTemplatesBad(t *testing.T) {
	tests := []struct{ name, file, text, want string }{
		{"syntax", "waiting.txt", "{{.Partner", "waiting.txt"},
		{"unknown field", "rejected.txt", "{{.Nope}}", "rejected.txt"},
		{"reply unknown field", "reply.txt", "{{.Nope}}", "reply.txt"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, tt.file), []byte(tt.text), 0o600); err != nil {
				t.Fatal(err)
			}
			_, err := LoadTemplates(dir)
			if err == nil || !strings.Contains(err.Error(), filepath.Join(dir, tt.want)) {
				t.Fatalf("LoadTemplates = %v, want an error naming %s", err, tt.want)
			}
		})
	}
}

func TestNewComposerFrom(t *testing.T) {
	for _, from := range []string{"", "DOOR <access@door.example>", "nope"} {
		if _, err := NewComposer(Options{From: from}); err == nil {
			t.Errorf("NewComposer(From %q) = nil error", from)
		}
	}
}

func TestWrap(t *testing.T) {
	long := "1. " + strings.Repeat("word ", 30)
	got := wrap(long)
	lines := strings.Split(got, "\n")
	if len(lines) < 2 {
		t.Fatalf("not wrapped: %q", got)
	}
	for i, l := range lines {
		if len(l) > maxLine {
			t.Errorf("line %d too long: %q", i, l)
		}
		if i > 0 && !strings.HasPrefix(l, "   word") {
			t.Errorf("continuation %d not indented: %q", i, l)
		}
	}
	if w := strings.Repeat("x", 100); wrap(w) != w {
		t.Errorf("a long word was broken")
	}
}
