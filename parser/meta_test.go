package parser

import (
	"bufio"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-message/textproto"

	"intake/parser/internal/mimetree"
)

// readTestMeta runs readMeta on a literal message (header, blank line, body).
func readTestMeta(t *testing.T, raw string) *Message {
	t.Helper()
	h, err := textproto.ReadHeader(bufio.NewReader(strings.NewReader(raw)))
	if err != nil {
		t.Fatalf("read header: %v", err)
	}
	env, err := mimetree.ReadEnvelope([]byte(raw), nil)
	if err != nil {
		t.Fatalf("read envelope: %v", err)
	}
	m := &Message{}
	readMeta(m, h, env)
	return m
}

const metaTestBody = "Content-Type: text/plain\n\nWe give DOOR permission to add Parcel Pal to The Pines.\n"

func TestReadMetaMessageID(t *testing.T) {
	cases := []struct{ name, header, want string }{
		{"plain", "Message-ID: <abc.123@pines.example>\n", "abc.123@pines.example"},
		{"comment and spaces", "Message-ID:  (id) <abc.123@pines.example> (end)\n", "abc.123@pines.example"},
		{"first of two", "Message-ID: <first@pines.example>\nMessage-ID: <second@pines.example>\n", "first@pines.example"},
		{"malformed kept", "Message-ID: <no at sign>\n", "no at sign"},
		{"no brackets", "Message-ID: abc@pines.example\n", "abc@pines.example"},
		{"absent", "", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := readTestMeta(t, idMaria+c.header+metaTestBody)
			if m.MessageID != c.want {
				t.Errorf("MessageID = %q, want %q", m.MessageID, c.want)
			}
		})
	}
}

func TestReadMetaSubject(t *testing.T) {
	cases := []struct{ name, header, want string }{
		{"ascii", "Subject: Add Parcel Pal\n", "Add Parcel Pal"},
		{"latin-1 encoded-word", "Subject: =?ISO-8859-1?Q?Caf=E9_access?=\n", "Café access"},
		{"utf-8 base64", "Subject: =?UTF-8?B?QWNjw6hz?=\n", "Accès"},
		{"windows-1252", "Subject: =?windows-1252?Q?=93Pines=94?=\n", "\u201cPines\u201d"},
		{"absent", "", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := readTestMeta(t, idMaria+c.header+metaTestBody)
			if m.Subject != c.want {
				t.Errorf("Subject = %q, want %q", m.Subject, c.want)
			}
		})
	}
}

func TestReadMetaDates(t *testing.T) {
	at := func(s string) time.Time {
		tm, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return tm
	}
	cases := []struct {
		name, header   string
		date, received time.Time
	}{
		{"both", "Date: Mon, 23 Nov 2026 09:59:58 +0100\n" + idReceived,
			at("2026-11-23T08:59:58Z"), at("2026-11-23T10:00:05Z")},
		{"date with zone comment", "Date: Mon, 23 Nov 2026 09:59:58 +0000 (UTC)\n",
			at("2026-11-23T09:59:58Z"), time.Time{}},
		{"garbage date is zero", "Date: yesterday at noon\n", time.Time{}, time.Time{}},
		{"topmost received wins",
			"Received: by mx.door.com; Mon, 23 Nov 2026 10:00:05 +0000\n" +
				"Received: from x by mail.pines.example; Mon, 23 Nov 2026 09:59:59 +0000\n",
			time.Time{}, at("2026-11-23T10:00:05Z")},
		{"date after the last semicolon",
			"Received: from a (x; y) by mx.door.com\n\tid 1; Mon, 23 Nov 2026 10:00:05 -0500\n",
			time.Time{}, at("2026-11-23T15:00:05Z")},
		{"received without date", "Received: from a by mx.door.com\n", time.Time{}, time.Time{}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := readTestMeta(t, idMaria+c.header+metaTestBody)
			if !m.Date.Equal(c.date) {
				t.Errorf("Date = %v, want %v", m.Date, c.date)
			}
			if !m.Received.Equal(c.received) {
				t.Errorf("Received = %v, want %v", m.Received, c.received)
			}
		})
	}
}

func TestReadMetaRecipients(t *testing.T) {
	cases := []struct {
		name, header string
		to, cc       []string
	}{
		{"lowercased", "To: Integrations <Integrations@DOOR.com>\n", []string{"integrations@door.com"}, nil},
		{"list and cc", "To: a@door.com, B <b@door.com>\nCc: c@door.com\n",
			[]string{"a@door.com", "b@door.com"}, []string{"c@door.com"}},
		{"group expanded", "To: Team: a@door.com, b@door.com;, c@door.com\n",
			[]string{"a@door.com", "b@door.com", "c@door.com"}, nil},
		{"empty group", "To: undisclosed-recipients:;\n", nil, nil},
		{"unparseable entry skipped", "To: a@door.com, not an address, b@door.com\n",
			[]string{"a@door.com", "b@door.com"}, nil},
		{"unparseable entry in a group", "To: Team: a@door.com, @@;, \"Q, R\" <q@door.com>\n",
			[]string{"a@door.com", "q@door.com"}, nil},
		{"idna domain", "To: x@Bücher.example\n", []string{"x@xn--bcher-kva.example"}, nil},
		{"several cc fields", "Cc: a@door.com\nCc: b@door.com\n", nil, []string{"a@door.com", "b@door.com"}},
		{"none", "", nil, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := readTestMeta(t, idMaria+c.header+metaTestBody)
			if !slices.Equal(m.To, c.to) {
				t.Errorf("To = %q, want %q", m.To, c.to)
			}
			if !slices.Equal(m.Cc, c.cc) {
				t.Errorf("Cc = %q, want %q", m.Cc, c.cc)
			}
		})
	}
}

const dsnReport = "MIME-Version: 1.0\n" +
	"Content-Type: multipart/report; report-type=delivery-status; boundary=\"b1\"\n\n" +
	"--b1\nContent-Type: text/plain\n\nDelivery failed.\n" +
	"--b1\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.door.com\n\n" +
	"Final-Recipient: rfc822; x@pines.example\nAction: failed\nStatus: 5.1.1\n" +
	"--b1--\n"

const nestedStatus = "MIME-Version: 1.0\n" +
	"Content-Type: multipart/mixed; boundary=\"b1\"\n\n" +
	"--b1\nContent-Type: text/plain\n\nDelivery failed.\n" +
	"--b1\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.door.com\n\n" +
	"Final-Recipient: rfc822; x@pines.example\nAction: failed\nStatus: 5.1.1\n" +
	"--b1--\n"

func TestReadMetaAuto(t *testing.T) {
	cases := []struct{ name, raw, want string }{
		{"human", metaTestBody, ""},
		{"auto-submitted with parameters", "Auto-Submitted: auto-replied; owner-email=\"a@b.example\"\n" + metaTestBody,
			"auto-submitted: auto-replied"},
		{"auto-submitted generated", "Auto-Submitted: Auto-Generated (cron)\n" + metaTestBody, "auto-submitted: auto-generated"},
		{"auto-submitted no", "Auto-Submitted: No (a person)\n" + metaTestBody, ""},
		{"precedence bulk", "Precedence: Bulk\n" + metaTestBody, "precedence: bulk"},
		{"precedence junk", "Precedence: junk\n" + metaTestBody, "precedence: junk"},
		{"precedence list", "Precedence: list\n" + metaTestBody, "precedence: list"},
		{"precedence first-class", "Precedence: first-class\n" + metaTestBody, ""},
		{"list-id alone", "List-Id: <managers.pines.example>\n" + metaTestBody, ""},
		{"delivery-status report", dsnReport, "multipart/report; report-type=delivery-status"},
		{"delivery-status part", nestedStatus, "message/delivery-status"},
		{"x-autoreply", "X-Autoreply: yes\n" + metaTestBody, "x-autoreply"},
		{"x-autorespond", "X-Autorespond: 1\n" + metaTestBody, "x-autorespond"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := readTestMeta(t, idMaria+c.raw)
			if m.Auto != c.want {
				t.Errorf("Auto = %q, want %q", m.Auto, c.want)
			}
		})
	}
}

// idMaria and idReceived are header fields of the identity tests of
// package header.
const (
	idMaria    = "From: Maria Lopez <maria@pines.example>\n"
	idReceived = "Received: from mail.pines.example (mail.pines.example [192.0.2.10])\n" +
		"\tby mx.door.com with ESMTPS id 4AbC; Mon, 23 Nov 2026 10:00:05 +0000\n"
)
