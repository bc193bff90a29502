package parser

import (
	"strings"
	"testing"
)

// replyMessage returns a raw reply, with In-Reply-To, whose plain body is body.
func replyMessage(subject, body string) []byte {
	return []byte("From: Maria Lopez <maria@pines.example>\r\nTo: integrations@door.com\r\n" +
		"Subject: " + subject + "\r\nIn-Reply-To: <orig@door.com>\r\n" +
		"Content-Type: text/plain; charset=utf-8\r\n\r\n" + strings.ReplaceAll(body, "\n", "\r\n"))
}

// bannerLayouts are the reply banners of clients that mark the quoted
// message with a line or a header table rather than ">" lines, and the
// doubt each raises (rule "" when the boundary is certain).
var bannerLayouts = []struct {
	name, banner, rule string
}{
	{"groupwise", "Maria Lopez <maria@pines.example> 11/20/2026 10:14 AM >>>", ""},
	{"lotus notes", "Maria Lopez/Westside@Westside wrote on 20.11.2026 10:14:", ""},
	{"original message", "----- Original Message -----\nFrom: Maria Lopez\nSent: Friday, November 20, 2026 10:14 AM", ""},
	{"from sent one line", "From: Maria Lopez Sent: Friday, November 20, 2026 10:14 AM To: DOOR", ""},
	{"german header table", "Von: Maria Lopez <maria@pines.example>\nGesendet: Freitag, 20. November 2026 10:14\nAn: DOOR", ""},
	{"french apple", "Le 20 nov. 2026 à 10:14, Maria Lopez <maria@pines.example> a écrit :", ""},
	{"german gmail", "Am 20.11.2026 um 10:14 schrieb Maria Lopez <maria@pines.example>:", ""},
	{"spanish gmail", "El jue, 20 nov 2026 a las 10:14, Maria Lopez (<maria@pines.example>) escribió:", ""},
	{"underscores then headers", "________________________________\nFrom: Maria Lopez <maria@pines.example>\nSent: 20 November 2026 10:14", ""},
	{"on wrote wrapped", "On Fri, Nov 20, 2026 at 10:14 AM Maria Lopez <\nmaria@pines.example> wrote:", ""},
	{"date alone then name", "Fri, Nov 20, 2026\nMaria Lopez", "quote-boundary"},
	{"address alone", "Maria Lopez <maria@pines.example>", "quote-boundary"},
	{"dashed rule", "==========", "quote-boundary"},
	{"unknown header label with date", "Sendt den: 20.11.2026 10:14", "quote-boundary"},
	{"korean header table", "보낸 사람: Maria Lopez <maria@pines.example>\n날짜: 2026년 11월 20일\n받는 사람: DOOR", ""},
}

// TestReplyBannerBelow checks that a request standing only below a banner
// of a reply is never read as new text.
func TestReplyBannerBelow(t *testing.T) {
	for _, c := range bannerLayouts {
		t.Run(c.name, func(t *testing.T) {
			body := "Thanks, see below.\n\n" + c.banner + "\n\n" + quotedReq + "\n"
			m, err := ParseBytes(replyMessage("Re: access", body), Options{})
			if err != nil {
				t.Fatal(err)
			}
			if got := len(m.Requests); got != 0 {
				t.Errorf("requests = %d (%q), want 0", got, m.Body.Text)
			}
		})
	}
}

// TestReplyBannerAbove checks that a request above a banner is read, and
// that the boundary raises a doubt exactly when it is unsure.
func TestReplyBannerAbove(t *testing.T) {
	for _, c := range bannerLayouts {
		t.Run(c.name, func(t *testing.T) {
			body := newReq + "\n\n" + c.banner + "\n\n" + quotedReq + "\n"
			m, err := ParseBytes(replyMessage("Re: access", body), Options{})
			if err != nil {
				t.Fatal(err)
			}
			if got, want := m.Body.Text, newReq; got != want {
				t.Errorf("text = %q, want %q", got, want)
			}
			if got := rulesWithPrefix(m.Doubts, "quote-"); got != c.rule {
				t.Errorf("doubts = %q, want %q", got, c.rule)
			}
		})
	}
}

// TestReplyBoundaryKeeps checks lines a reply's new text often holds that
// are no banner: contact details, a long sentence with a date.
func TestReplyBoundaryKeeps(t *testing.T) {
	cases := []struct {
		name, body, want, rule string
	}{
		{"contact line", newReq + "\n\nMaria Lopez | Property Manager | maria@pines.example | 555-123-4567\n",
			newReq + "\n\nMaria Lopez | Property Manager | maria@pines.example | 555-123-4567", ""},
		{"email label", newReq + "\n\nEmail: maria@pines.example\n", newReq + "\n\nEmail: maria@pines.example", ""},
		{"sentence with a date", "We give DOOR permission to add Parcel Pal to The Pines, which the board approved on 11/20/2026 after a long discussion.\n",
			"We give DOOR permission to add Parcel Pal to The Pines, which the board approved on 11/20/2026 after a long discussion.", ""},
		{"date line after the request", newReq + "\n\nNov 20, 2026\n\nHold off until January.\n", newReq, "quote-boundary"},
		{"bottom posting", "On 11/23/26 10:00 AM, Maria Lopez wrote:\n> " + quotedReq + "\n\n" + newReq + "\n", newReq, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m, err := ParseBytes(replyMessage("Re: access", c.body), Options{})
			if err != nil {
				t.Fatal(err)
			}
			if got := m.Body.Text; got != c.want {
				t.Errorf("text = %q, want %q", got, c.want)
			}
			if got := rulesWithPrefix(m.Doubts, "quote-"); got != c.rule {
				t.Errorf("doubts = %q, want %q", got, c.rule)
			}
		})
	}
}
