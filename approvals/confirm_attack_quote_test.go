package approvals_test

import "fmt"

// quoteForms write the code where RFC 3676 quoting, attributions and the
// mail clients' reply and forward separators mark it as not the sender's.
var quoteForms = []struct {
	name  string
	quote func(code string) string
}{
	{"> depth 1", func(code string) string { return "> " + code }},
	{"> depth 2", func(code string) string { return "> > " + code }},
	{">> depth 2 packed", func(code string) string { return ">>" + code }},
	{"> depth 3", func(code string) string { return "> > > " + code }},
	{"> without attribution", func(code string) string { return ">\n> Your code:\n> " + code }},
	{"attribution then unprefixed", func(code string) string {
		return "On Mon, 10 Mar 2025 at 11:00, DOOR <integrations@door.com> wrote:\n\n" + code
	}},
	{"outlook original message", func(code string) string {
		return "-----Original Message-----\nFrom: DOOR <integrations@door.com>\nSent: Monday, March 10, 2025 11:00 AM\n" +
			"To: Maria Lopez <maria@pines.example>\nSubject: Partner access\n\n" + code
	}},
	{"outlook header block", func(code string) string {
		return "________________________________\nFrom: DOOR <integrations@door.com>\nSent: Monday, March 10, 2025 11:00 AM\n" +
			"To: Maria Lopez\nSubject: RE: Partner access\n\n" + code
	}},
	{"forwarded message", func(code string) string {
		return "---------- Forwarded message ---------\nFrom: DOOR <integrations@door.com>\nDate: Mon, 10 Mar 2025 at 11:00\n" +
			"Subject: Partner access\nTo: <maria@pines.example>\n\n" + code
	}},
	{"apple forward", func(code string) string {
		return "Begin forwarded message:\n\nFrom: DOOR <integrations@door.com>\nSubject: Partner access\n\n" + code
	}},
}

// htmlQuotes write the code in the HTML forms of a quote.
var htmlQuotes = []struct{ name, html string }{
	{"blockquote type=cite", `<blockquote type="cite">%s</blockquote>`},
	{"gmail_quote", `<div class="gmail_quote"><div class="gmail_attr">On Mon, 10 Mar 2025, DOOR wrote:<br></div>` +
		`<blockquote class="gmail_quote" style="margin:0 0 0 .8ex;border-left:1px #ccc solid;padding-left:1ex">%s</blockquote></div>`},
	{"moz-cite-prefix", `<div class="moz-cite-prefix">On 10/03/2025 11:00, DOOR wrote:<br></div><blockquote type="cite" cite="mid:reply@door.com">%s</blockquote>`},
	{"outlook divRplyFwdMsg", `<hr style="display:inline-block;width:98%%"><div id="divRplyFwdMsg"><b>From:</b> DOOR<br><b>Sent:</b> Monday<br><b>Subject:</b> Partner access</div><div>%s</div>`},
	{"yahoo_quoted", `<div class="yahoo_quoted"><div>On Monday, DOOR wrote:</div><div>%s</div></div>`},
	{"plain blockquote", `<blockquote>%s</blockquote>`},
}

// whereQuoteAttacks put the code only where it is quoted, under own
// text that is courtesy alone.
func whereQuoteAttacks() []confirmAttack {
	var out []confirmAttack
	for _, own := range []string{"Yes, thanks\n\nMaria", "Confirmed."} {
		for _, q := range quoteForms {
			q, own := q, own
			out = append(out, bodyAttack("where", "quoted "+q.name+"/"+own, false, func(code string) entity {
				return plain(own + "\n\n" + q.quote(code) + "\n")
			}))
		}
	}
	for _, q := range htmlQuotes {
		q := q
		out = append(out, bodyAttack("where", "html quoted "+q.name, false, func(code string) entity {
			return htmlPart("<div>Yes, thanks</div><div>Maria</div>\n" + fmt.Sprintf(q.html, code))
		}))
	}
	return out
}

// clientQuotes are the replies of common mail clients, each quoting the
// whole reply with the code below the sender's own text: a reader sees
// the code confirmed, and intake must read the quote as one.
var clientQuotes = []struct {
	name string
	body func(code string) entity
}{
	{"gmail plain", func(code string) entity {
		return plain(code + "\n\nOn Mon, 10 Mar 2025 at 11:00, DOOR <integrations@door.com> wrote:\n\n> Reply with this code:\n>\n>    " + code + "\n")
	}},
	{"gmail plain, attribution wrapped", func(code string) entity {
		return plain(code + "\n\nOn Mon, 10 Mar 2025 at 11:00, DOOR <\nintegrations@door.com> wrote:\n\n> Reply with this code:\n>\n>    " + code + "\n")
	}},
	{"gmail plain alternative, verb wrapped", func(code string) entity {
		return multipart("alternative",
			plain(code+"\n\nOn Mon, 10 Mar 2025 at 11:00, DOOR <integrations@door.com>\nwrote:\n\n> Reply with this code:\n> "+code+"\n"),
			htmlPart("<div dir=\"ltr\">"+code+"</div><br><div class=\"gmail_quote\"><div class=\"gmail_attr\">On Mon, 10 Mar 2025 at 11:00, "+
				"DOOR &lt;integrations@door.com&gt; wrote:<br></div><blockquote class=\"gmail_quote\">Reply with this code:<br>"+code+"</blockquote></div>"))
	}},
	{"outlook plain, rule", func(code string) entity {
		return plain(code + "\n\n________________________________\nFrom: DOOR <integrations@door.com>\nSent: Monday, March 10, 2025 11:00 AM\n" +
			"To: Maria Lopez\nSubject: RE: Partner access\n\nReply with this code:\n" + code + "\n")
	}},
	{"gmail french", func(code string) entity {
		return plain(code + "\n\nLe lun. 10 mars 2025 à 11:00, DOOR <integrations@door.com> a écrit :\n\n> " + code + "\n")
	}},
	{"thunderbird plain", func(code string) entity {
		return plain(code + "\n\nOn 10/03/2025 11:00, DOOR wrote:\n> Reply with this code:\n> " + code + "\n")
	}},
	{"apple plain", func(code string) entity {
		return plain(code + "\n\nMaria\n\n> On 10 Mar 2025, at 11:00, DOOR <integrations@door.com> wrote:\n> \n> " + code + "\n")
	}},
	{"outlook plain", func(code string) entity {
		return plain(code + "\n\n-----Original Message-----\nFrom: DOOR <integrations@door.com>\nSent: Monday, March 10, 2025 11:00 AM\n" +
			"To: Maria Lopez <maria@pines.example>\nSubject: Partner access\n\nReply with this code:\n" + code + "\n")
	}},
	{"gmail html", func(code string) entity {
		return htmlPart("<div dir=\"ltr\">" + code + "</div><br><div class=\"gmail_quote\"><div class=\"gmail_attr\">On Mon, 10 Mar 2025 at 11:00, " +
			"DOOR &lt;integrations@door.com&gt; wrote:<br></div><blockquote class=\"gmail_quote\">Reply with this code:<br>" + code + "</blockquote></div>")
	}},
	{"apple html", func(code string) entity {
		return htmlPart("<div>" + code + "</div><div><br><blockquote type=\"cite\"><div>On 10 Mar 2025, at 11:00, DOOR &lt;integrations@door.com&gt; wrote:</div>" +
			"<div>Reply with this code:<br>" + code + "</div></blockquote></div>")
	}},
	{"outlook html", func(code string) entity {
		return htmlPart("<div>" + code + "</div><hr style=\"display:inline-block;width:98%\" tabindex=\"-1\"><div id=\"divRplyFwdMsg\" dir=\"ltr\">" +
			"<b>From:</b> DOOR &lt;integrations@door.com&gt;<br><b>Sent:</b> Monday, March 10, 2025 11:00 AM<br><b>Subject:</b> Partner access</div>" +
			"<div>Reply with this code:<br>" + code + "</div>")
	}},
}

// boundaries are lines and elements that a reader sees as the sender's
// text, or as nothing in particular, and that may yet look to intake like
// the start of a quote or a signature; the words after them must count.
var boundaries = []struct{ name, plain, html string }{
	{"date line", "2025-03-14", "<p>2025-03-14</p>"},
	{"long date", "Monday 10 March 2025 11:00", "<p>Monday 10 March 2025 11:00</p>"},
	{"dashes", "-----", "<p>-----</p>"},
	{"rule of underscores", "________________________________", "<hr>"},
	{"separator alone", "-----Original Message-----", `<div id="appendonsend"></div>`},
	{"header-like line", "Sent: Monday", `<div style="border:none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0in 0in 0in"></div>`},
	{"attribution-like, no address", "On Monday, DOOR said this:", `<div class="gmail_quote"></div>`},
	{"signature delimiter", "-- ", `<div class="gmail_signature"></div>`},
	{"mobile footer", "Sent from my iPhone", `<div class="moz-signature"></div>`},
}

// boundaryAttacks write the code, then each boundary, then a condition:
// a reader sees the condition, whatever intake takes the boundary for.
// The client replies must confirm.
func boundaryAttacks() []confirmAttack {
	const cond = "Only after Monday."
	var out []confirmAttack
	for _, b := range boundaries {
		b := b
		out = append(out, bodyAttack("where", "boundary plain "+b.name, false, func(code string) entity {
			return plain(code + "\n\n" + b.plain + "\n" + cond + "\n")
		}), bodyAttack("where", "boundary html "+b.name, false, func(code string) entity {
			if b.html == "<hr>" || b.html == "<p>-----</p>" || b.html[:2] == "<p" {
				return htmlPart("<p>" + code + "</p>" + b.html + "<p>" + cond + "</p>")
			}
			return htmlPart("<p>" + code + "</p>" + b.html[:len(b.html)-len("</div>")] + "<p>" + cond + "</p></div>")
		}), bodyAttack("where", "boundary plain with quote "+b.name, false, func(code string) entity {
			return plain(answer(code+"\n\n"+b.plain+"\n"+cond, code))
		}))
	}
	for _, q := range clientQuotes {
		out = append(out, bodyAttack("where", "client "+q.name, true, q.body))
	}
	return out
}
