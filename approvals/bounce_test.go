package approvals_test

import (
	"fmt"
	"strings"
	"testing"

	"intake/approvals"
)

// dsn returns an RFC 3464 delivery report for the message whose
// Message-ID is id, returned whole (message/rfc822) or as its header
// (text/rfc822-headers).
func dsn(id, returned string) string {
	r := strings.NewReplacer("\n", "\r\n")
	return r.Replace(fmt.Sprintf(`Return-Path: <>
From: Mail Delivery System <MAILER-DAEMON@mx.pines.example>
To: access@door.com
Subject: Undelivered Mail Returned to Sender
Message-ID: <dsn-%[1]s>
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="b1"

--b1
Content-Type: text/plain; charset=us-ascii

The mail system could not deliver your message.
--b1
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.pines.example

Final-Recipient: rfc822; maria@pines.example
Action: failed
Status: 5.1.1
--b1
Content-Type: %[2]s

From: <access@door.com>
To: <maria@pines.example>
Subject: Re: Partner access
Message-ID: <%[1]s>

--b1--
`, id, returned))
}

// TestBounce: a bounce naming a reply of ours marks it bounced, with a
// reply.bounced entry naming the bounce, in the transaction that records
// the bounce; the bounce itself is recorded and never answered. Mail that
// only replies to ours, or a bounce of someone else's message, changes
// nothing.
func TestBounce(t *testing.T) {
	plain := func(from, extra string) func(id string) string {
		return func(id string) string {
			return fmt.Sprintf("From: %s\r\nTo: access@door.com\r\nSubject: Re: Partner access\r\n%sIn-Reply-To: <%s>\r\nMessage-ID: <other-%s>\r\n\r\nNo such user.\r\n", from, extra, id, id)
		}
	}
	tests := []struct {
		name    string
		raw     func(id string) string
		bounced bool
	}{
		{"report returning the message", func(id string) string { return dsn(id, "message/rfc822") }, true},
		{"report returning the header", func(id string) string { return dsn(id, "text/rfc822-headers") }, true},
		{"from MAILER-DAEMON, threaded", plain("MAILER-DAEMON@mx.pines.example", ""), true},
		{"empty Return-Path, threaded", plain("postmaster@pines.example", "Return-Path: <>\r\n"), true},
		{"a manager's reply to ours", plain("maria@pines.example", ""), false},
		{"report of another message", func(string) string { return dsn("someone-else@pines.example", "message/rfc822") }, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, approvals.PolicyAuto)
			id := e.queued()
			if n := e.deliver(&scriptDeliverer{}); n.Sent != 1 {
				t.Fatalf("deliver: %+v", n)
			}
			o := e.outbound(id)
			m := e.mail("mailer-daemon@mx.pines.example")
			m.Auto = "auto-replied"
			raw := tt.raw(o.MessageID)
			res, err := e.svc.Receive(e.ctx, approvals.Inbound{Raw: []byte(raw), Parsed: m, ReceivedAt: e.now, Source: "file:bounce"})
			if err != nil {
				t.Fatalf("Receive: %v", err)
			}
			if res.Message.ID == "" || res.Reply != nil {
				t.Errorf("bounce recorded as %q with reply %+v; want recorded, not answered", res.Message.ID, res.Reply)
			}
			got := e.outbound(id)
			entries := e.replyEntries()
			last := entries[len(entries)-1]
			if !tt.bounced {
				if !got.BouncedAt.IsZero() || last.Kind == approvals.EntryReplyBounced {
					t.Errorf("reply marked bounced (%v, last entry %s)", got.BouncedAt, last.Kind)
				}
				return
			}
			if !got.BouncedAt.Equal(e.now) || got.Bounce != res.Message.ID || got.Status != approvals.OutboxSent {
				t.Errorf("reply after bounce: bounced at %v by %q, status %s; want now, %s, sent", got.BouncedAt, got.Bounce, got.Status, res.Message.ID)
			}
			if last.Kind != approvals.EntryReplyBounced || last.Subject != id || !strings.Contains(string(last.Data), `"bounce":"`+res.Message.ID+`"`) {
				t.Errorf("last reply entry %s %s %s, want reply.bounced of %s naming %s", last.Kind, last.Subject, last.Data, id, res.Message.ID)
			}
			// A second bounce of the same reply keeps the first.
			m2 := e.mail("mailer-daemon@mx.pines.example")
			m2.Auto = "auto-replied"
			raw2 := strings.Replace(raw, "Message-ID: <other-", "Message-ID: <again-", 1)
			raw2 = strings.Replace(raw2, "Message-ID: <dsn-", "Message-ID: <again-dsn-", 1)
			if _, err := e.svc.Receive(e.ctx, approvals.Inbound{Raw: []byte(raw2), Parsed: m2, ReceivedAt: e.now, Source: "file:bounce2"}); err != nil {
				t.Fatal(err)
			}
			if again := e.outbound(id); again.Bounce != res.Message.ID || len(e.replyEntries()) != len(entries) {
				t.Errorf("a second bounce changed the reply: bounce %s, %d reply entries (was %d)", again.Bounce, len(e.replyEntries()), len(entries))
			}
		})
	}
}
