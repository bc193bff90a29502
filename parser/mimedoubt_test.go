package parser

import (
	"strings"
	"testing"
)

// mimeMessage returns a raw message with the given MIME header fields
// (top level) and body, holding a plain request.
func mimeMessage(fields, body string) []byte {
	return []byte(strings.ReplaceAll("From: Maria Lopez <maria@pines.example>\nTo: integrations@door.com\n"+
		"Subject: Access\nMIME-Version: 1.0\n"+fields+"\n"+body, "\n", "\r\n"))
}

// alt returns a multipart/alternative body with plain and HTML parts.
func alt(plain, html string) string {
	return "--b\nContent-Type: text/plain; charset=utf-8\n\n" + plain +
		"\n--b\nContent-Type: text/html; charset=utf-8\n\n" + html + "\n--b--\n"
}

// TestMIMEDoubts checks each structural ambiguity, and the ordinary
// messages next to it that must raise none.
func TestMIMEDoubts(t *testing.T) {
	req := "We give DOOR permission to add Acme Deliveries to The Pines.\n"
	pdf := "--m\nContent-Type: text/plain; charset=utf-8\n\n" + req +
		"--m\nContent-Type: application/pdf; name=\"lease.pdf\"\nContent-Disposition: attachment; filename=\"lease.pdf\"\nContent-Transfer-Encoding: base64\n\nJVBERi0xLjQK\n--m--\n"
	cases := []struct {
		name, fields, body, rule string
	}{
		{"plain", "Content-Type: text/plain; charset=utf-8\n", req, ""},
		{"pdf attachment", "Content-Type: multipart/mixed; boundary=m\n", pdf, ""},
		{"alternative same words", "Content-Type: multipart/alternative; boundary=b\n",
			alt("Hi,\n\n"+req+"\nDoor <https://door.com>", "<p>Hi,</p><p>We give DOOR permission to add <b>Acme Deliveries</b> to The&nbsp;Pines.</p><a href=\"https://door.com\">Door</a>"), ""},
		{"duplicate charset", "Content-Type: text/plain; charset=utf-8; charset=us-ascii\n", req, "mime-duplicate-parameter"},
		{"rfc2231 and plain charset", "Content-Type: text/plain; charset=us-ascii; charset*=utf-8''\n", req, "mime-rfc2231-parameter"},
		{"split and plain filename", "Content-Type: multipart/mixed; boundary=m\n",
			strings.Replace(pdf, `filename="lease.pdf"`, `filename="lease.pdf"; filename*0="x.txt"`, 1), "mime-rfc2231-parameter"},
		{"duplicate content-type", "Content-Type: text/plain; charset=utf-8\nContent-Type: text/html; charset=utf-8\n", req, "mime-duplicate-field"},
		{"duplicate cte", "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 7bit\nContent-Transfer-Encoding: base64\n", req, "mime-duplicate-field"},
		{"8 bit under us-ascii", "Content-Type: text/plain; charset=us-ascii\n", req + "Merci, Hélène\n", "mime-charset"},
		{"invalid utf-8", "Content-Type: text/plain; charset=utf-8\n", req + "\xff\xfe\n", "mime-charset"},
		{"words differ", "Content-Type: multipart/alternative; boundary=b\n",
			alt(req, "<p>"+req+"</p><p>Please hold off until January.</p>"), "mime-alternative-words"},
		{"inline text attachment", "Content-Type: multipart/mixed; boundary=m\n",
			"--m\nContent-Type: text/plain; charset=utf-8\n\n" + req + "--m\nContent-Type: text/plain; charset=utf-8\nContent-Disposition: inline; filename=\"note.txt\"\n\nPlease hold off.\n--m--\n", "mime-inline-unread"},
		{"signed beside unsigned", "Content-Type: multipart/mixed; boundary=m\n",
			"--m\nContent-Type: multipart/signed; protocol=\"application/pgp-signature\"; micalg=pgp-sha256; boundary=s\n\n--s\nContent-Type: text/plain; charset=utf-8\n\n" + req +
				"--s\nContent-Type: application/pgp-signature\n\nsig\n--s--\n--m\nContent-Type: text/plain; charset=utf-8\n\nPlease hold off.\n--m--\n", "mime-signed-partial"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			for _, fast := range []bool{false, true} {
				m, err := parseRaw(mimeMessage(c.fields, c.body), "", DefaultLimits, fast)
				if err != nil {
					t.Fatal(err)
				}
				if got := rulesWithPrefix(m.Doubts, "mime-"); !strings.Contains(got, c.rule) || (c.rule == "" && got != "") {
					t.Errorf("fast=%v: doubts = %q, want %q", fast, got, c.rule)
				}
			}
		})
	}
}

// rulesWithPrefix joins the rules of the doubts of ds that start with
// prefix ("mime-", "quote-"): a test of one check ignores what the others
// find in its message.
func rulesWithPrefix(ds []Doubt, prefix string) string {
	var rules []string
	for _, d := range ds {
		if strings.HasPrefix(d.Rule, prefix) {
			rules = append(rules, d.Rule)
		}
	}
	return strings.Join(rules, " ")
}
