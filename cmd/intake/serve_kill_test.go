package main

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"

	"intake/internal/backlog"
	"intake/internal/imaptest"
)

// killLargeEvery is how often a kill message is large: message i with
// i%killLargeEvery == killLargeEvery/2 carries a killLargeSize attachment,
// so that its raw bytes are stored as a file, which a kill can interrupt.
const (
	killLargeEvery = 25
	killLargeSize  = 2 << 20
)

// killMessage returns message i of a run: an authenticated (per
// mx.door.com's Authentication-Results) message with a distinct
// Message-ID, dated at; small, or large (see killLargeEvery).
func killMessage(run string, i int, at time.Time) []byte {
	s := backlog.Senders[i%len(backlog.Senders)]
	date := at.UTC().Format(time.RFC1123Z)
	var b strings.Builder
	fmt.Fprintf(&b, "Return-Path: <%s>\r\n", s.Email)
	fmt.Fprintf(&b, "Authentication-Results: mx.door.com;\r\n\tdkim=pass header.d=%s header.s=s1;\r\n"+
		"\tspf=pass smtp.mailfrom=%s;\r\n\tdmarc=pass (p=reject) header.from=%s\r\n", s.Domain, s.Domain, s.Domain)
	fmt.Fprintf(&b, "Received: from mail.%s by mx.door.com with ESMTPS id %s%04d; %s\r\n", s.Domain, run, i, date)
	fmt.Fprintf(&b, "From: %s <%s>\r\nTo: DOOR Integrations <integrations@door.com>\r\n", s.Name, s.Email)
	fmt.Fprintf(&b, "Subject: OpenKit partners (%d)\r\nDate: %s\r\n", i, date)
	fmt.Fprintf(&b, "Message-ID: <%s-%04d@%s>\r\nMIME-Version: 1.0\r\n", run, i, s.Domain)
	large := i%killLargeEvery == killLargeEvery/2
	if large {
		b.WriteString("Content-Type: multipart/mixed; boundary=\"kill-b\"\r\n\r\n--kill-b\r\n")
	}
	b.WriteString("Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 7bit\r\n\r\n")
	fmt.Fprintf(&b, "Hi DOOR team,\r\n\r\n%s\r\n\r\nThanks,\r\n%s\r\n", s.Body, strings.Fields(s.Name)[0])
	if large {
		b.WriteString("--kill-b\r\nContent-Type: application/pdf; name=\"plans.pdf\"\r\n" +
			"Content-Disposition: attachment; filename=\"plans.pdf\"\r\nContent-Transfer-Encoding: base64\r\n\r\n")
		backlog.WriteBase64Filler(&b, killLargeSize)
		b.WriteString("--kill-b--\r\n")
	}
	return []byte(b.String())
}

// appendAll appends n generated messages to s's INBOX over one connection,
// in bursts of 1-10 with pauses of up to 30 ms, and counts them in done.
func appendAll(s *imaptest.Server, run string, n int, done *atomic.Int32) error {
	c, err := imapclient.DialInsecure(s.Addr(), nil)
	if err != nil {
		return fmt.Errorf("dial: %w", err)
	}
	defer c.Close()
	if err := c.Login(s.Username(), s.Password()).Wait(); err != nil {
		return fmt.Errorf("login: %w", err)
	}
	for i := 0; i < n; i++ {
		raw := killMessage(run, i, time.Now())
		if err := appendInbox(c, raw); err != nil {
			return fmt.Errorf("append %d: %w", i, err)
		}
		done.Add(1)
		if rand.IntN(5) == 0 {
			time.Sleep(time.Duration(rand.IntN(30)) * time.Millisecond)
		}
	}
	return nil
}

// TestServeKill is issue 4's exactly-once proof: while 500 messages arrive
// in Dovecot (one in 25 with a 2 MiB attachment), a real `intake serve` is
// started and SIGKILLed at random moments, again and again; a last `poll
// --once` finishes. Every message must then have exactly one message
// record and one ledger message entry, be marked $IntakeDone, and the
// ledger must verify, which re-hashes every stored raw message, the
// large ones' files included.
func TestServeKill(t *testing.T) {
	const (
		messages = 500
		minKills = 40
		maxKills = 150
		budget   = 45 * time.Second
	)
	s := imaptest.StartDovecot(t, nil)
	w := newWorkspace(t, serveConfig(s, "127.0.0.1:0"))
	w.ok("directory", "load", abs(t, sampleDirJSON))
	db := w.openDB()

	var appended atomic.Int32
	appendErr := make(chan error, 1)
	start := time.Now()
	var appendTook time.Duration
	go func() {
		err := appendAll(s, "kill", messages, &appended)
		appendTook = time.Since(start)
		appendErr <- err
	}()

	// A kill is "busy" when the killed process decided messages and mail
	// was still arriving or waiting, so it most likely died mid-work.
	kills, busy := 0, 0
	for kills < maxKills && time.Since(start) < budget &&
		(kills < minKills || appended.Load() < messages) {
		before := count(db, `SELECT count(*) FROM messages`)
		p := w.startServe(s)
		time.Sleep(time.Duration(100+rand.IntN(300)) * time.Millisecond)
		pending := appended.Load() < messages || count(db, `SELECT count(*) FROM messages`) < messages
		p.kill()
		kills++
		if count(db, `SELECT count(*) FROM messages`) > before && pending {
			busy++
		}
	}
	if err := <-appendErr; err != nil {
		t.Fatalf("append: %v", err)
	}
	decided := count(db, `SELECT count(*) FROM messages`)
	if r := w.pollOnce(s); r.code != exitOK {
		t.Fatalf("final poll --once: %v", r)
	}
	t.Logf("%d messages appended in %s; %d SIGKILLs (%d of processes busy deciding) in %s; %d decided before the final poll --once",
		messages, appendTook.Round(time.Millisecond), kills, busy, time.Since(start).Round(time.Millisecond), decided)
	if busy < 5 {
		t.Errorf("the kills did not interrupt real work: %d kills, %d while busy", kills, busy)
	}
	checkExactlyOnce(t, w, s, messages)
	if got, want := count(db, `SELECT count(*) FROM raw_messages WHERE bytes IS NULL`), messages/killLargeEvery; got != want {
		t.Errorf("%d raw messages stored as files, want %d", got, want)
	}
}

// appendInbox appends raw to INBOX over c, received now.
func appendInbox(c *imapclient.Client, raw []byte) error {
	cmd := c.Append("INBOX", int64(len(raw)), &imap.AppendOptions{Time: time.Now()})
	if _, err := cmd.Write(raw); err != nil {
		return err
	}
	if err := cmd.Close(); err != nil {
		return err
	}
	_, err := cmd.Wait()
	return err
}
