package main

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-message/mail"

	"intake/approvals"
	"intake/internal/smtptest"
)

// heldConsent is a request held_by_sender: intake is not sure the sender
// means it without the condition, so the pending reply offers a code.
const heldConsent = "We give DOOR permission to add Parcel Pal to The Pines once the lease is signed."

// publicRequestID is the SQL for a request's id as the CLI shows it.
const publicRequestID = "'r-' || printf('%06d', id)"

// managerMessage returns a message from Maria, proven by mx.door.com's
// Authentication-Results and dated now, with Message-ID <id>. inReplyTo
// and references are message ids without brackets ("" and nil for none).
func managerMessage(id, inReplyTo string, references []string, body string) []byte {
	date := time.Now().UTC().Format(time.RFC1123Z)
	var b strings.Builder
	b.WriteString("Return-Path: <maria@pines.example>\r\n")
	b.WriteString("Authentication-Results: mx.door.com;\r\n\tdkim=pass header.d=pines.example header.s=s1;\r\n" +
		"\tspf=pass smtp.mailfrom=pines.example;\r\n\tdmarc=pass (p=reject) header.from=pines.example\r\n")
	fmt.Fprintf(&b, "Received: from mail.pines.example by mx.door.com with ESMTPS id %s; %s\r\n", strings.ReplaceAll(id, "@", "."), date)
	b.WriteString("From: Maria Lopez <maria@pines.example>\r\nTo: DOOR Integrations <integrations@door.com>\r\n")
	fmt.Fprintf(&b, "Subject: OpenKit partner for The Pines\r\nDate: %s\r\nMessage-ID: <%s>\r\n", date, id)
	if inReplyTo != "" {
		fmt.Fprintf(&b, "In-Reply-To: <%s>\r\n", inReplyTo)
	}
	if len(references) > 0 {
		fmt.Fprintf(&b, "References: <%s>\r\n", strings.Join(references, "> <"))
	}
	b.WriteString("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n")
	b.WriteString(strings.ReplaceAll(body, "\n", "\r\n"))
	return []byte(b.String())
}

// relayed is a reply the relay received, read with go-message.
type relayed struct {
	h    mail.Header
	text string // the decoded text/plain body
}

// readRelayed reads m's header and decoded text.
func readRelayed(t *testing.T, m smtptest.Message) relayed {
	t.Helper()
	r, err := mail.CreateReader(bytes.NewReader(m.Data))
	if err != nil {
		t.Fatalf("read relayed reply: %v", err)
	}
	defer r.Close()
	out := relayed{h: r.Header}
	for {
		p, err := r.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("read relayed reply part: %v", err)
		}
		if _, ok := p.Header.(*mail.InlineHeader); !ok {
			continue
		}
		body, err := io.ReadAll(p.Body)
		if err != nil {
			t.Fatalf("read relayed reply text: %v", err)
		}
		out.text += string(body)
	}
	return out
}

// id returns the message id of header field k, without brackets.
func (r relayed) id(t *testing.T, k string) string {
	t.Helper()
	ids, err := r.h.MsgIDList(k)
	if err != nil || len(ids) == 0 {
		t.Fatalf("reply %s %q: %v", k, r.h.Get(k), err)
	}
	return ids[0]
}

// code returns the code on a line of its own in r's text, failing t
// unless there is exactly one.
func (r relayed) code(t *testing.T) string {
	t.Helper()
	var codes []string
	sc := bufio.NewScanner(strings.NewReader(r.text))
	for sc.Scan() {
		w := strings.TrimSpace(sc.Text())
		if len(w) == approvals.CodeLen && strings.Trim(w, approvals.CodeAlphabet) == "" {
			codes = append(codes, w)
		}
	}
	if len(codes) != 1 {
		t.Fatalf("reply holds codes %q, want one on a line of its own:\n%s", codes, r.text)
	}
	return codes[0]
}

// quoting returns a mail client's answer to r: own text above "On …
// wrote:" and r's text quoted.
func (r relayed) quoting(own string) string {
	var b strings.Builder
	b.WriteString(own + "\n\nOn " + r.h.Get("Date") + ", " + r.h.Get("From") + " wrote:\n")
	for _, l := range strings.Split(strings.TrimRight(strings.ReplaceAll(r.text, "\r\n", "\n"), "\n"), "\n") {
		b.WriteString(strings.TrimRight("> "+l, " ") + "\n")
	}
	return b.String()
}

// relayedN waits until the relay has received n messages and returns
// the nth, read.
func (e *smtpServe) relayedN(t *testing.T, n int) relayed {
	t.Helper()
	eventually(t, 30*time.Second, fmt.Sprintf("the relay did not receive reply %d", n), func() bool { return len(e.relay.Messages()) >= n })
	return readRelayed(t, e.relay.Messages()[n-1])
}

// heldPending puts heldConsent from Maria in the inbox, waits for its
// pending reply and checks it: threaded under her message, restating the
// request, with one code. It returns the request's id and the reply.
func heldPending(t *testing.T, e *smtpServe) (string, relayed) {
	t.Helper()
	e.s.Append(t, "INBOX", managerMessage("held-1@pines.example", "", nil, "Hi DOOR team,\n\n"+heldConsent+"\n\nThanks,\nMaria\n"))
	e.waitOutbox(t, "the held request was not decided", 1, `SELECT count(*) FROM requests WHERE status = 'pending' AND reason = 'held_by_sender'`)
	var id string
	if err := e.db.QueryRow(`SELECT ` + publicRequestID + ` FROM requests WHERE reason = 'held_by_sender'`).Scan(&id); err != nil {
		t.Fatal(err)
	}
	pending := e.relayedN(t, 1)
	if got := pending.id(t, "In-Reply-To"); got != "held-1@pines.example" {
		t.Errorf("pending reply In-Reply-To <%s>, want <held-1@pines.example>", got)
	}
	if !strings.Contains(pending.text, "you asked us to add Parcel Pal to The Pines") {
		t.Errorf("pending reply does not restate the request:\n%s", pending.text)
	}
	pending.code(t)
	if n := e.ledgerCount("confirm.offered"); n != 1 {
		t.Errorf("%d confirm.offered entries, want 1", n)
	}
	return id, pending
}

// confirmReply is Maria's answer to pending with Message-ID <id>,
// threaded under it, own text first and pending quoted.
func confirmReply(t *testing.T, pending relayed, id, own string) []byte {
	t.Helper()
	p := pending.id(t, "Message-Id")
	return managerMessage(id, p, []string{"held-1@pines.example", p}, pending.quoting(own))
}

// refusals counts the confirm.refused entries about request id with
// refusal why.
func (e *smtpServe) refusals(id string, why approvals.Refusal) int {
	return count(e.db, `SELECT count(*) FROM ledger WHERE kind = 'confirm.refused' AND subject = ?
		AND json_extract(data, '$.refusal') = ?`, id, string(why))
}

// TestServeConfirm: a proven manager's request held for a doubt alone is
// answered pending with a code; her reply carrying the code, quoting ours
// below it, applies the request with her as the actor, and she receives
// the applied reply threaded under ours. The same reply sent again
// confirms nothing more and is refused as used.
func TestServeConfirm(t *testing.T) {
	e := newSMTPServe(t, relayPassword)
	p := e.start()
	id, pending := heldPending(t, e)
	code := pending.code(t)

	e.s.Append(t, "INBOX", confirmReply(t, pending, "confirm-1@pines.example", code+"\n\nThanks,\nMaria"))
	e.waitOutbox(t, "the confirmed request was not applied", 1, `SELECT count(*) FROM requests WHERE `+publicRequestID+` = ? AND status = 'applied'`, id)
	if n := count(e.db, `SELECT count(*) FROM ledger WHERE kind = 'request.confirmed' AND actor = 'maria@pines.example' AND subject = ?`, id); n != 1 {
		t.Errorf("%d request.confirmed entries by maria@pines.example, want 1", n)
	}
	applied := e.relayedN(t, 2)
	if got, want := applied.id(t, "In-Reply-To"), "confirm-1@pines.example"; got != want {
		t.Errorf("applied reply In-Reply-To <%s>, want <%s>", got, want)
	}
	if refs := applied.h.Get("References"); !strings.Contains(refs, "<"+pending.id(t, "Message-Id")+">") {
		t.Errorf("applied reply References %q do not hold the pending reply", refs)
	}
	if !strings.Contains(applied.text, "Done: Parcel Pal now has access to The Pines.") || strings.Contains(applied.text, "review") {
		t.Errorf("applied reply text:\n%s", applied.text)
	}
	if k := count(e.db, `SELECT count(*) FROM outbox WHERE kind = 'applied'`); k != 1 {
		t.Errorf("%d applied replies in the outbox, want 1", k)
	}
	var show struct {
		Request map[string]any `json:"request"`
	}
	e.jsonOf(&show, "queue", "show", "--json", id)
	if show.Request["status"] != "applied" || show.Request["decided_by"] != "maria@pines.example" {
		t.Errorf("queue show: status %v decided by %v, want applied by maria@pines.example", show.Request["status"], show.Request["decided_by"])
	}

	// The same reply again, under a new Message-ID.
	decisions := e.ledgerCount("decision")
	e.s.Append(t, "INBOX", confirmReply(t, pending, "confirm-2@pines.example", code+"\n\nThanks,\nMaria"))
	e.waitOutbox(t, "the replayed code was not refused as used", 1, `SELECT count(*) FROM ledger WHERE kind = 'confirm.refused'`)
	if n := e.refusals(id, approvals.RefusalUsed); n != 1 {
		t.Errorf("%d confirm.refused used entries, want 1", n)
	}
	if got := [3]int{e.ledgerCount("request.confirmed"), count(e.db, `SELECT count(*) FROM requests WHERE status = 'applied'`),
		count(e.db, `SELECT count(*) FROM ledger WHERE kind = 'decision' AND subject = ?`, id)}; got != [3]int{1, 1, 2} {
		t.Errorf("request.confirmed, applied requests, decisions on %s = %v, want [1 1 2]", id, got)
	}
	if n := e.ledgerCount("decision"); n != decisions+1 {
		t.Errorf("decision entries %d → %d, want only the replay's message item", decisions, n)
	}
	e.stop(t, p)
	e.ok("ledger", "verify")
}

// TestServeConfirmWrongCode: a reply with a code that was never offered
// leaves the request pending, refused as wrong_code.
func TestServeConfirmWrongCode(t *testing.T) {
	e := newSMTPServe(t, relayPassword)
	p := e.start()
	id, pending := heldPending(t, e)
	wrong := "ABCD2345"
	if pending.code(t) == wrong {
		wrong = "ABCD2346"
	}
	e.s.Append(t, "INBOX", confirmReply(t, pending, "confirm-1@pines.example", wrong+"\n\nThanks,\nMaria"))
	e.waitOutbox(t, "the wrong code was not refused", 1, `SELECT count(*) FROM ledger WHERE kind = 'confirm.refused'`)
	if n := e.refusals(id, approvals.RefusalWrongCode); n != 1 {
		t.Errorf("%d confirm.refused wrong_code entries, want 1", n)
	}
	if got := count(e.db, `SELECT count(*) FROM requests WHERE `+publicRequestID+` = ? AND status = 'pending' AND reason = 'held_by_sender'`, id); got != 1 ||
		e.ledgerCount("request.confirmed") != 0 {
		t.Errorf("request %s not left pending held_by_sender, or confirmed", id)
	}
	e.stop(t, p)
}
