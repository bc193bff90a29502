package main

import (
	"bytes"
	"database/sql"
	"fmt"
	"net/mail"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"intake/internal/backlog"
	"intake/internal/imaptest"
	"intake/internal/smtptest"
)

// relayUser and relayPassword are the test relay's AUTH PLAIN account.
const (
	relayUser     = "intake"
	relayPassword = "relay-secret"
)

// smtpServe is a workspace whose `intake serve` reads the in-process IMAP
// server s and replies through relay with STARTTLS and AUTH PLAIN,
// trusting the relay's CA through smtp.ca_file.
type smtpServe struct {
	*workspace
	s        *imaptest.Server
	relay    *smtptest.Server
	db       *sql.DB
	listen   string
	password string // the password file
}

// newSMTPServe makes an smtpServe with the sample directory loaded and
// password in its password file; serve is not started.
func newSMTPServe(t *testing.T, password string) *smtpServe {
	t.Helper()
	e := &smtpServe{s: imaptest.NewMemServer(t), listen: freeListen(t),
		relay: smtptest.New(t, smtptest.Options{Username: relayUser, Password: relayPassword})}
	dir := t.TempDir()
	ca := filepath.Join(dir, "relay-ca.pem")
	e.password = filepath.Join(dir, "smtp-password")
	if err := os.WriteFile(ca, e.relay.CAPEM(), 0o644); err != nil {
		t.Fatal(err)
	}
	e.setPassword(t, password)
	e.workspace = newWorkspace(t, serveConfig(e.s, e.listen)+fmt.Sprintf(`
[smtp]
address = %q
security = "starttls"
username = %q
password_file = %q
ca_file = %q
from = "access@door.com"
`, e.relay.Addr(), relayUser, e.password, ca))
	e.ok("directory", "load", abs(t, sampleDirJSON))
	e.db = e.openDB()
	return e
}

func (e *smtpServe) setPassword(t *testing.T, password string) {
	t.Helper()
	if err := os.WriteFile(e.password, []byte(password+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
}

// start starts `intake serve`.
func (e *smtpServe) start() *serveProc { return e.startServe(e.s) }

// stop stops p with SIGTERM and fails t unless it exits 0.
func (e *smtpServe) stop(t *testing.T, p *serveProc) {
	t.Helper()
	if code := p.stop(t, 15*time.Second); code != 0 {
		t.Fatalf("intake serve after SIGTERM: exit %d; stderr:\n%s", code, p.stderr)
	}
}

// replyDueNow makes every queued reply due at once, as if its backoff
// had passed, so that a test need not wait a minute for a retry.
func (e *smtpServe) replyDueNow(t *testing.T) {
	t.Helper()
	e.exec(t, `UPDATE outbox SET next_attempt_at = 0 WHERE status = 'queued'`)
}

// exec runs a statement on the database, for a test that moves time.
func (e *smtpServe) exec(t *testing.T, query string, args ...any) {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+e.workspace.db+"?_busy_timeout=5000")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(query, args...); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
}

// waitOutbox waits until the query (a count) on the database is want.
func (e *smtpServe) waitOutbox(t *testing.T, what string, want int, query string, args ...any) {
	t.Helper()
	eventually(t, 30*time.Second, what, func() bool { return count(e.db, query, args...) == want })
}

// outboxRow returns the one outbox row's Message-ID, status, attempts and
// last error, failing t unless there is exactly one.
func (e *smtpServe) outboxRow(t *testing.T) (msgID, status string, attempts int, lastErr string) {
	t.Helper()
	if n := count(e.db, `SELECT count(*) FROM outbox`); n != 1 {
		t.Fatalf("%d outbox rows, want 1", n)
	}
	if err := e.db.QueryRow(`SELECT message_id, status, attempts, last_error FROM outbox`).Scan(&msgID, &status, &attempts, &lastErr); err != nil {
		t.Fatal(err)
	}
	return msgID, status, attempts, lastErr
}

// header parses the header of a message the relay received.
func header(t *testing.T, m smtptest.Message) mail.Header {
	t.Helper()
	msg, err := mail.ReadMessage(bytes.NewReader(m.Data))
	if err != nil {
		t.Fatalf("relay received an unreadable message: %v", err)
	}
	return msg.Header
}

// ledgerCount counts the ledger entries of a kind.
func (e *smtpServe) ledgerCount(kind string) int {
	return count(e.db, `SELECT count(*) FROM ledger WHERE kind = ?`, kind)
}

// TestServeSMTP: serve delivers the reply to a message in the inbox over
// STARTTLS with AUTH PLAIN, threaded, under the Message-ID its outbox row
// fixed; /metrics counts it and /healthz stays ok.
func TestServeSMTP(t *testing.T) {
	e := newSMTPServe(t, relayPassword)
	p := e.start()
	decideSample(t, e.s, e.db)
	e.waitOutbox(t, "the reply was not recorded sent", 1, `SELECT count(*) FROM outbox WHERE status = 'sent'`)
	got := e.relay.Messages()
	if len(got) != 1 {
		t.Fatalf("relay received %d messages, want 1", len(got))
	}
	msgID, _, attempts, _ := e.outboxRow(t)
	h := header(t, got[0])
	if got[0].From != "access@door.com" || len(got[0].To) != 1 || !strings.Contains(h.Get("To"), got[0].To[0]) {
		t.Errorf("envelope from %q to %q, header To %q", got[0].From, got[0].To, h.Get("To"))
	}
	if h.Get("Message-Id") != "<"+msgID+">" || attempts != 1 {
		t.Errorf("Message-Id %q, attempts %d; want <%s> from the outbox, one attempt", h.Get("Message-Id"), attempts, msgID)
	}
	if h.Get("In-Reply-To") == "" || h.Get("Auto-Submitted") != "auto-replied" || !strings.HasPrefix(h.Get("Subject"), "Re: ") {
		t.Errorf("reply header not threaded as an auto-reply: %v", h)
	}
	_, metrics := get("http://" + e.listen + "/metrics")
	for _, want := range []string{`intake_replies_total{kind="applied",result="queued"} 1`,
		`intake_replies_total{kind="applied",result="sent"} 1`, "intake_outbox_depth 0", "intake_outbox_oldest_seconds 0"} {
		if !strings.Contains(metrics, want+"\n") {
			t.Errorf("/metrics lacks %q", want)
		}
	}
	eventually(t, 10*time.Second, "/healthz is not ok", func() bool { code, _ := get("http://" + e.listen + "/healthz"); return code == 200 })
	e.stop(t, p)
}

// TestServeSMTPRetry: a 451 to DATA leaves the reply queued with the
// relay's answer; the next attempt sends it.
func TestServeSMTPRetry(t *testing.T) {
	e := newSMTPServe(t, relayPassword)
	e.relay.Fail(smtptest.StepData, 1, 451, "greylisted, try later")
	p := e.start()
	decideSample(t, e.s, e.db)
	e.waitOutbox(t, "the 451 was not recorded", 1, `SELECT count(*) FROM outbox WHERE status = 'queued' AND attempts = 1 AND last_error LIKE '%451%greylisted%'`)
	if n := len(e.relay.Messages()); n != 0 {
		t.Fatalf("relay accepted %d messages after a 451", n)
	}
	e.replyDueNow(t)
	e.waitOutbox(t, "the retry was not recorded sent", 1, `SELECT count(*) FROM outbox WHERE status = 'sent' AND attempts = 2 AND last_error = ''`)
	if n := len(e.relay.Messages()); n != 1 {
		t.Errorf("relay accepted %d messages, want 1", n)
	}
	if got := [2]int{e.ledgerCount("reply.retry"), e.ledgerCount("reply.sent")}; got != [2]int{1, 1} {
		t.Errorf("ledger reply.retry, reply.sent = %v, want [1 1]", got)
	}
	e.stop(t, p)
}

// TestServeSMTPGivesUp: a 550 to DATA fails the reply, with the relay's
// answer in the outbox, the ledger and `outbox show`; it is not retried.
func TestServeSMTPGivesUp(t *testing.T) {
	e := newSMTPServe(t, relayPassword)
	e.relay.Fail(smtptest.StepData, 1, 550, "no such mailbox here")
	p := e.start()
	decideSample(t, e.s, e.db)
	e.waitOutbox(t, "the 550 was not recorded failed", 1, `SELECT count(*) FROM outbox WHERE status = 'failed' AND last_error LIKE '%550%no such mailbox here%'`)
	if n := count(e.db, `SELECT count(*) FROM ledger WHERE kind = 'reply.failed' AND data LIKE '%no such mailbox here%'`); n != 1 {
		t.Errorf("%d reply.failed ledger entries with the relay's answer, want 1", n)
	}
	e.stop(t, p)
	if r := e.ok("outbox", "show", "o-000001"); !strings.Contains(r.stdout, "failed") || !strings.Contains(r.stdout, "no such mailbox here") {
		t.Errorf("outbox show does not say why it failed:\n%s", r.stdout)
	}
	if n := len(e.relay.Messages()); n != 0 {
		t.Errorf("relay accepted %d messages, want 0", n)
	}
}

// TestServeSMTPWrongPassword: a wrong relay password is a clear error in
// the log and in `outbox show`; the reply stays queued and is sent once
// serve restarts with the right password.
func TestServeSMTPWrongPassword(t *testing.T) {
	e := newSMTPServe(t, "not-the-password")
	p := e.start()
	decideSample(t, e.s, e.db)
	e.waitOutbox(t, "the failed login was not recorded", 1, `SELECT count(*) FROM outbox WHERE status = 'queued' AND attempts >= 1 AND last_error LIKE '%authenticate%535%'`)
	eventually(t, 10*time.Second, "the log does not name the failed login", func() bool {
		return strings.Contains(p.stderr.String(), "reply not delivered") && strings.Contains(p.stderr.String(), "smtp authenticate: as "+relayUser)
	})
	if code, body := get("http://" + e.listen + "/healthz"); code != 200 {
		t.Errorf("/healthz a moment after the failure: %d %s, want 200", code, body)
	}
	// An hour on, with nothing sent, /healthz says replies are failing.
	e.exec(t, `UPDATE outbox SET created_at = ?`, time.Now().Add(-61*time.Minute).UnixNano())
	if code, body := get("http://" + e.listen + "/healthz"); code != 503 || !strings.Contains(body, "smtp: replies failing: 1 queued, the oldest for 1h1m") {
		t.Errorf("/healthz an hour into failing: %d %q, want 503 saying replies are failing", code, body)
	}
	e.stop(t, p)
	if r := e.ok("outbox", "show", "o-000001"); !strings.Contains(r.stdout, "queued") || !strings.Contains(r.stdout, "authenticate") {
		t.Errorf("outbox show does not give the error:\n%s", r.stdout)
	}
	e.setPassword(t, relayPassword)
	e.replyDueNow(t)
	p = e.start()
	e.waitOutbox(t, "the reply was not sent after restart", 1, `SELECT count(*) FROM outbox WHERE status = 'sent'`)
	if _, status, _, _ := e.outboxRow(t); status != "sent" || len(e.relay.Messages()) != 1 {
		t.Errorf("status %s, %d messages relayed; want sent, 1", status, len(e.relay.Messages()))
	}
	e.stop(t, p)
}

// TestServeSMTPRateLimit: of 11 messages from one manager within the
// hour, 10 are answered and the 11th reply is suppressed, never sent.
func TestServeSMTPRateLimit(t *testing.T) {
	const messages = 11
	e := newSMTPServe(t, relayPassword)
	p := e.start()
	for i := range messages {
		e.s.Append(t, "INBOX", killMessage("rate", i*len(backlog.Senders), time.Now()))
	}
	e.waitOutbox(t, "not every message got its outbox row", messages, `SELECT count(*) FROM outbox`)
	e.waitOutbox(t, "the 10 replies were not sent", 10, `SELECT count(*) FROM outbox WHERE status = 'sent'`)
	var reason string
	if err := e.db.QueryRow(`SELECT reason FROM outbox WHERE status = 'suppressed'`).Scan(&reason); err != nil || !strings.Contains(reason, "rate limit") {
		t.Errorf("suppressed reply: reason %q, %v", reason, err)
	}
	if n := len(e.relay.Messages()); n != 10 {
		t.Errorf("relay received %d replies, want 10", n)
	}
	if n := e.ledgerCount("reply.suppressed"); n != 1 {
		t.Errorf("%d reply.suppressed entries, want 1", n)
	}
	e.stop(t, p)
}

// TestServeSMTPKill: serve is SIGKILLed after the relay answered DATA and
// before the outcome committed (the relay hangs on QUIT). After restart
// the reply is sent again with the same Message-ID; there is one outbox
// row and one reply.queued and reply.sent each: at least once on the
// wire, with a fixed Message-ID.
func TestServeSMTPKill(t *testing.T) {
	e := newSMTPServe(t, relayPassword)
	answered := e.relay.AfterNextData(smtptest.AfterHang)
	p := e.start()
	decideSample(t, e.s, e.db)
	select {
	case <-answered:
	case <-time.After(30 * time.Second):
		t.Fatalf("the relay never answered DATA; stderr:\n%s", p.stderr)
	}
	p.kill()
	if msgID, status, attempts, _ := e.outboxRow(t); status != "queued" || attempts != 0 || e.ledgerCount("reply.sent") != 0 {
		t.Fatalf("after the kill: reply %s %s after %d attempts; the kill came too late", msgID, status, attempts)
	}
	p = e.start()
	e.waitOutbox(t, "the reply was not sent after restart", 1, `SELECT count(*) FROM outbox WHERE status = 'sent'`)
	msgID, _, attempts, _ := e.outboxRow(t)
	got := e.relay.Messages()
	if len(got) != 2 || attempts != 1 {
		t.Fatalf("relay received %d copies, attempts %d; want 2 copies (one before the kill), 1 attempt recorded", len(got), attempts)
	}
	for i, m := range got {
		if id := header(t, m).Get("Message-Id"); id != "<"+msgID+">" {
			t.Errorf("copy %d has Message-Id %s, want <%s>", i+1, id, msgID)
		}
	}
	if got := [3]int{e.ledgerCount("reply.queued"), e.ledgerCount("reply.sent"), count(e.db, `SELECT count(*) FROM messages`)}; got != [3]int{1, 1, 1} {
		t.Errorf("reply.queued, reply.sent, messages = %v, want one each", got)
	}
	e.stop(t, p)
}

// TestServeSMTPBounce: a delivery report returning a sent reply comes
// back to the inbox: the reply is marked bounced with a reply.bounced
// entry, the report is recorded, and it is not answered.
func TestServeSMTPBounce(t *testing.T) {
	e := newSMTPServe(t, relayPassword)
	p := e.start()
	decideSample(t, e.s, e.db)
	e.waitOutbox(t, "the reply was not sent", 1, `SELECT count(*) FROM outbox WHERE status = 'sent'`)
	msgID, _, _, _ := e.outboxRow(t)
	report := strings.NewReplacer("\n", "\r\n").Replace(`Return-Path: <>
From: Mail Delivery System <MAILER-DAEMON@mx.pines.example>
To: access@door.com
Subject: Undelivered Mail Returned to Sender
Date: ` + time.Now().UTC().Format(time.RFC1123Z) + `
Message-ID: <bounce-1@mx.pines.example>
Auto-Submitted: auto-replied
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="b1"

--b1
Content-Type: text/plain; charset=us-ascii

Your message could not be delivered.
--b1
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.pines.example

Final-Recipient: rfc822; maria@pines.example
Action: failed
Status: 5.1.1
--b1
Content-Type: text/rfc822-headers

From: <access@door.com>
Subject: Re: partner access
Message-ID: <` + msgID + `>

--b1--
`)
	e.s.Append(t, "INBOX", []byte(report))
	e.waitOutbox(t, "the bounce was not recorded", 1, `SELECT count(*) FROM outbox WHERE bounced_at IS NOT NULL AND status = 'sent'
		AND bounce = (SELECT id FROM messages WHERE message_id = 'bounce-1@mx.pines.example')`)
	if n := e.ledgerCount("reply.bounced"); n != 1 {
		t.Errorf("%d reply.bounced entries, want 1", n)
	}
	e.stop(t, p)
	if n := count(e.db, `SELECT count(*) FROM outbox`); n != 1 || len(e.relay.Messages()) != 1 {
		t.Errorf("%d outbox rows, %d relayed; want the bounce unanswered", n, len(e.relay.Messages()))
	}
	if r := e.ok("outbox", "show", "o-000001"); !strings.Contains(r.stdout, "bounced:") {
		t.Errorf("outbox show does not give the bounce:\n%s", r.stdout)
	}
}
