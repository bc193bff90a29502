package e2e

import (
	"strings"

	"intake/approvals"
)

// bodyMutations move the consent where it is not new, visible text, or
// change a name so that it no longer is the directory's name. The body is
// rebuilt from the original's visible text (TestMutations checks that the
// rebuilt original is applied).
var bodyMutations = []mutation{
	{"quote-on-wrote", none, func(o original) (*message, bool) {
		return o.msg.withBody("text/plain", "Thanks, see below.\n\n"+
			"On Mon, 23 Nov 2026 at 09:00, Maria Lopez <maria@pines.example> wrote:\n"+
			quoteLines(o.parsed.Body.Text)), true
	}},
	{"quote-outlook", none, func(o original) (*message, bool) {
		return o.msg.withBody("text/plain", "Thanks, see below.\n\n-----Original Message-----\n"+
			"From: Maria Lopez <maria@pines.example>\nSent: Monday, November 23, 2026 9:00 AM\n"+
			"To: DOOR Integrations <integrations@door.com>\nSubject: OpenKit partner\n\n"+
			o.parsed.Body.Text), true
	}},
	{"forwarded", none, func(o original) (*message, bool) {
		return o.msg.withBody("text/plain", "FYI\n\n---------- Forwarded message ---------\n"+
			"From: Maria Lopez <maria@pines.example>\nDate: Mon, 23 Nov 2026 at 09:00\n"+
			"Subject: OpenKit partner\nTo: DOOR Integrations <integrations@door.com>\n\n"+
			o.parsed.Body.Text), true
	}},
	hidden("html-display-none", `<div style="display:none">`, "</div>"),
	hidden("html-visibility-hidden", `<div style="visibility: hidden">`, "</div>"),
	hidden("html-font-size-zero", `<div style="font-size:0px">`, "</div>"),
	hidden("html-mso-hide", `<div style="mso-hide:all">`, "</div>"),
	hidden("html-comment", "<!--\n", "-->\n"),
	hidden("html-hidden-attribute", "<div hidden>", "</div>"),
	hidden("html-opacity-zero", `<div style="opacity:0">`, "</div>"),
	hidden("html-white-on-white", `<div style="color:#ffffff;background-color:#ffffff">`, "</div>"),
	hidden("html-font-color-white", `<font color="#fefefe">`, "</font>"),
	hidden("html-color-transparent", `<div style="color:transparent">`, "</div>"),
	hidden("html-font-size-1px", `<div style="font-size:1px">`, "</div>"),
	hidden("html-max-height-zero", `<div style="max-height:0;overflow:hidden">`, "</div>"),
	hidden("html-off-screen", `<div style="position:absolute;left:-9999px">`, "</div>"),
	hidden("html-text-indent", `<div style="text-indent:-9999px;overflow:hidden">`, "</div>"),
	hidden("html-clip-rect", `<div style="position:absolute;clip:rect(0,0,0,0)">`, "</div>"),
	hidden("html-clip-path-inset", `<div style="clip-path:inset(50%)">`, "</div>"),
	hidden("html-screen-reader-only", `<div style="position:absolute;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;clip:rect(0,0,0,0);white-space:nowrap;border:0">`, "</div>"),
	hidden("html-one-pixel-box", `<div style="width:1px;height:1px;overflow:hidden">`, "</div>"),
	hidden("html-one-pixel-height", `<div style="height:1px;overflow:hidden">`, "</div>"),
	hidden("html-letter-spacing", `<div style="letter-spacing:-999px">`, "</div>"),
	hidden("html-left-positive", `<div style="position:absolute;left:9999px">`, "</div>"),
	hidden("html-right-negative", `<div style="position:absolute;right:-9999px">`, "</div>"),
	hidden("html-top-far", `<div style="position:absolute;top:99999px">`, "</div>"),
	hidden("html-translate-x", `<div style="transform:translateX(-9999px)">`, "</div>"),
	hidden("html-stylesheet-class", "<style>.pre { display: none !important; }</style>\n<div class=\"pre\">", "</div>"),
	hidden("html-template", "<template>", "</template>"),
	hidden("html-script", `<script type="text/plain">`, "</script>"),
	{"alternative-html-only-consent", gate(approvals.ReasonBodyMismatch), func(o original) (*message, bool) {
		return o.msg.alternative("Hi DOOR team, just checking in.\n\nThanks\n", htmlPage(htmlText(o.parsed.Body.Text))), true
	}},
	{"alternative-plain-only-consent", gate(approvals.ReasonBodyMismatch), func(o original) (*message, bool) {
		return o.msg.alternative(o.parsed.Body.Text, htmlPage("<p>Hi DOOR team, just checking in.</p><p>Thanks</p>\n")), true
	}},
	{"quote-bare", none, func(o original) (*message, bool) {
		return o.msg.withBody("text/plain", "Agreed.\n\n"+quoteLines(o.parsed.Body.Text)), true
	}},
	{"signature-block", none, func(o original) (*message, bool) {
		return o.msg.withBody("text/plain", "Thanks,\nMaria\n\n-- \n"+o.parsed.Body.Text), true
	}},
	renamed("partner-confusable", func(r approvals.Request) string { return r.Partner }, confusable),
	renamed("property-confusable", func(r approvals.Request) string { return r.Property }, confusable),
}

func init() {
	// An Outlook reply quotes the original below a header block, without
	// "> ", in the language of the sender's Outlook.
	for _, l := range [][5]string{
		{"korean", "보낸 사람", "보낸 날짜", "받는 사람", "제목"},
		{"turkish", "Kimden", "Gönderildi", "Kime", "Konu"},
		{"greek", "Από", "Στάλθηκε", "Προς", "Θέμα"},
		{"arabic", "من", "تاريخ الإرسال", "إلى", "الموضوع"},
		{"vietnamese", "Từ", "Đã gửi", "Đến", "Chủ đề"},
	} {
		bodyMutations = append(bodyMutations, mutation{"quote-outlook-" + l[0], none, func(o original) (*message, bool) {
			return o.msg.withBody("text/plain", "Not interested, please stop writing to us.\n\n"+
				l[1]+": Eve <eve@attacker.example>\n"+l[2]+": 2026-11-23 09:00\n"+
				l[3]+": Maria Lopez <maria@pines.example>\n"+l[4]+": OpenKit partner\n\n"+o.parsed.Body.Text), true
		}})
	}
	marks := []struct{ name, r string }{
		{"bidi-rlo", "\u202e"}, {"bidi-lri", "\u2066"}, {"zero-width-space", "\u200b"},
		{"zero-width-joiner", "\u200d"}, {"word-joiner", "\u2060"}, {"bom", "\ufeff"},
		{"soft-hyphen", "\u00ad"},
	}
	for _, m := range marks {
		insert := func(s string) (string, bool) { return insertAfterFirst(s, m.r), true }
		bodyMutations = append(bodyMutations,
			renamed("partner-"+m.name, func(r approvals.Request) string { return r.Partner }, insert),
			renamed("property-"+m.name, func(r approvals.Request) string { return r.Property }, insert))
	}
}

// hidden makes an HTML-only variant whose whole original text sits
// between open and close, around which the message says something else.
func hidden(name, open, close string) mutation {
	return mutation{name, none, func(o original) (*message, bool) {
		return o.msg.withBody("text/html", htmlPage("<p>Hi DOOR team, just checking in.</p>\n"+
			open+htmlText(o.parsed.Body.Text)+close+"<p>Thanks</p>\n")), true
	}}
}

// renamed makes a variant whose text has the applied request's name
// (which picks the partner or property phrase) changed by change. It does
// not apply when the name is not in the visible text as written.
func renamed(name string, which func(approvals.Request) string, change func(string) (string, bool)) mutation {
	return mutation{name, some(approvals.ReasonSuspiciousName), func(o original) (*message, bool) {
		text, phrase := o.parsed.Body.Text, which(o.req)
		changed, ok := change(phrase)
		if !ok || phrase == "" || !strings.Contains(text, phrase) {
			return nil, false
		}
		return o.msg.withBody("text/plain", strings.Replace(text, phrase, changed, 1)), true
	}}
}
