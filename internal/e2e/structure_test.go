package e2e

import (
	"sort"
	"strings"
	"testing"

	"intake/approvals"
)

// The structure generator (issue 14, items 3, 4 and 6): every message
// applied today is rebuilt as a reply whose request stands only below a
// banner of another message, and with each structural ambiguity a
// standard reader may read differently. None of these may be applied. The
// same request above each banner is a legitimate reply: its share applied
// is reported, and for the banners intake knows it must apply.

// A bannerLayout is one way a client marks the message a reply quotes.
type bannerLayout struct {
	name, text string
	// known reports a banner intake recognises, so that a request above
	// it is certain new text and applies.
	known bool
}

var bannerLayouts = []bannerLayout{
	{"groupwise", "Maria Lopez <maria@pines.example> 11/20/2026 10:14 AM >>>", true},
	{"lotus-notes", "Maria Lopez/Westside@Westside wrote on 20.11.2026 10:14:", true},
	{"original-message", "----- Original Message -----\nFrom: Maria Lopez\nSent: Friday, November 20, 2026 10:14 AM", true},
	{"from-sent-one-line", "From: Maria Lopez Sent: Friday, November 20, 2026 10:14 AM To: DOOR", true},
	{"header-table-german", "Von: Maria Lopez <maria@pines.example>\nGesendet: Freitag, 20. November 2026 10:14\nAn: DOOR\nBetreff: Zugang", true},
	{"header-table-korean", "보낸 사람: Maria Lopez <maria@pines.example>\n날짜: 2026년 11월 20일\n받는 사람: DOOR", true},
	{"apple-french", "Le 20 nov. 2026 à 10:14, Maria Lopez <maria@pines.example> a écrit :", true},
	{"gmail-german", "Am 20.11.2026 um 10:14 schrieb Maria Lopez <maria@pines.example>:", true},
	{"gmail-spanish", "El jue, 20 nov 2026 a las 10:14, Maria Lopez (<maria@pines.example>) escribió:", true},
	{"underscores-headers", "________________________________\nFrom: Maria Lopez <maria@pines.example>\nSent: 20 November 2026 10:14", true},
	{"on-wrote-wrapped", "On Fri, Nov 20, 2026 at 10:14 AM Maria Lopez <\nmaria@pines.example> wrote:", true},
	{"date-alone-name", "Fri, Nov 20, 2026\nMaria Lopez", false},
	{"address-alone", "Maria Lopez <maria@pines.example>", false},
	{"equals-rule", "==========", false},
	{"unknown-label-date", "Sendt den: 20.11.2026 10:14", false},
}

// asReply returns a copy of o's message made a reply, with plain body text.
func asReply(o original, text string) *message {
	v := o.msg.withBody("text/plain", text)
	v.del("Subject")
	v.del("In-Reply-To")
	v.fields = append(v.fields, v.field("Subject", "Re: "+o.parsed.Subject),
		v.field("In-Reply-To", "<previous@door.com>"))
	return v
}

// requestText returns the sentence of o's first request.
func requestText(o original) string {
	return o.parsed.Requests[0].Sentence
}

// A structural variant applies one ambiguity of item 4 to a message whose
// new text is the request.
type structural struct {
	name  string
	build func(o original) *message
}

const holdOff = "Please hold off until January."

var structurals = []structural{
	{"duplicate-charset", func(o original) *message {
		return withContentType(o, "text/plain; charset=utf-8; charset=us-ascii", requestText(o))
	}},
	{"rfc2231-and-plain-charset", func(o original) *message {
		return withContentType(o, "text/plain; charset=us-ascii; charset*=utf-8''", requestText(o))
	}},
	{"duplicate-content-type", func(o original) *message {
		return mixed(o, "--m\nContent-Type: text/plain; charset=utf-8\nContent-Type: text/html; charset=utf-8\n\n"+requestText(o)+"\n--m--\n")
	}},
	{"duplicate-cte", func(o original) *message {
		return mixed(o, "--m\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 7bit\nContent-Transfer-Encoding: base64\n\n"+requestText(o)+"\n--m--\n")
	}},
	{"charset-not-fitting", func(o original) *message {
		return withContentType(o, "text/plain; charset=us-ascii", requestText(o)+"\n\nMerci, Hélène\n")
	}},
	{"plain-html-words", func(o original) *message {
		return o.msg.alternative(requestText(o)+"\n", htmlPage(htmlText(requestText(o)+"\n\n"+holdOff)))
	}},
	{"inline-text-attachment", func(o original) *message {
		return mixed(o, "--m\nContent-Type: text/plain; charset=utf-8\n\n"+requestText(o)+
			"\n--m\nContent-Type: text/plain; charset=utf-8\nContent-Disposition: inline; filename=\"note.txt\"\n\n"+holdOff+"\n--m--\n")
	}},
	{"signed-beside-unsigned", func(o original) *message {
		return mixed(o, "--m\nContent-Type: multipart/signed; protocol=\"application/pgp-signature\"; micalg=pgp-sha256; boundary=s\n\n"+
			"--s\nContent-Type: text/plain; charset=utf-8\n\n"+requestText(o)+
			"\n--s\nContent-Type: application/pgp-signature\n\nsignature\n--s--\n"+
			"--m\nContent-Type: text/plain; charset=utf-8\n\n"+holdOff+"\n--m--\n")
	}},
}

// withContentType returns o's message with body text under the given
// Content-Type field, written as 8bit UTF-8 bytes.
func withContentType(o original, ct, text string) *message {
	v := o.msg.withBody("text/plain", text)
	v.del("Content-Type")
	v.fields = append(v.fields, v.field("Content-Type", ct))
	return v
}

// mixed returns o's message with a multipart/mixed body (boundary "m").
func mixed(o original, body string) *message {
	v := o.msg.clone()
	v.del("Content-Type")
	v.del("Content-Transfer-Encoding")
	v.fields = append(v.fields, v.field("Content-Type", `multipart/mixed; boundary="m"`))
	v.body = []byte(strings.ReplaceAll(body, "\n", v.eol))
	return v
}

// checkUnverified fails unless every request of res waits for staff
// because intake could not read the message one way: unverified_content,
// or body_mismatch when the readings yield different requests.
func checkUnverified(t *testing.T, what string, res *approvals.Result) {
	t.Helper()
	if len(res.Requests) == 0 {
		t.Errorf("%s: no request, want it pending", what)
	}
	for _, r := range res.Requests {
		if r.Status != approvals.StatusPending || (r.Reason != approvals.ReasonUnverifiedContent && r.Reason != approvals.ReasonBodyMismatch) {
			t.Errorf("%s: %s %s, want pending unverified_content or body_mismatch", what, r.Status, r.Reason)
		}
	}
}

// TestStructureGenerator runs every variant and counts them per class.
func TestStructureGenerator(t *testing.T) {
	originals := readApplied(t)
	if len(originals) < 10 {
		t.Fatalf("%d applied messages in testdata, want at least 10", len(originals))
	}
	count := map[string]int{}
	bad := map[string]int{}
	legit, legitApplied := 0, 0
	try := func(class string, o original, v *message) {
		count[class]++
		if a := applied(receive(t, v.bytes())); len(a) > 0 {
			bad[class]++
			t.Errorf("%s: %s applied %s / %s", o.file, class, a[0].PartnerID, a[0].PropertyID)
		}
	}
	for _, o := range originals {
		if len(o.parsed.Requests) == 0 {
			continue
		}
		control := len(applied(receive(t, asReply(o, requestText(o)+"\n").bytes()))) > 0
		for _, b := range bannerLayouts {
			try("below:"+b.name, o, asReply(o, "Thanks, see below.\n\n"+b.text+"\n\n"+requestText(o)+"\n"))
			above := len(applied(receive(t, asReply(o, requestText(o)+"\n\n"+b.text+"\n\nCould you confirm?\n").bytes()))) > 0
			if !b.known || !control {
				continue
			}
			legit++
			if above {
				legitApplied++
			} else {
				t.Errorf("%s: request above the %s banner not applied", o.file, b.name)
			}
		}
		for _, s := range structurals {
			v := s.build(o)
			try(s.name, o, v)
			checkUnverified(t, o.file+": "+s.name, receive(t, v.bytes()))
		}
	}
	classes := make([]string, 0, len(count))
	for c := range count {
		classes = append(classes, c)
	}
	sort.Strings(classes)
	for _, c := range classes {
		t.Logf("%-32s %4d variants, applied %d", c, count[c], bad[c])
	}
	t.Logf("legitimate replies above a known banner: %d of %d applied", legitApplied, legit)
	if got, want := len(bannerLayouts), 10; got < want {
		t.Errorf("%d banner layouts, want at least %d", got, want)
	}
	for _, c := range classes {
		if count[c] < 10 {
			t.Errorf("%s: %d variants, want at least 10", c, count[c])
		}
	}
	if legit == 0 {
		t.Error("no legitimate reply was measured: the rebuilt controls were not applied")
	}
}
