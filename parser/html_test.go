package parser

import (
	"slices"
	"strings"
	"testing"
	"time"
)

func runHTML(t *testing.T, cases []textCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := htmlBody(c.in, Limits{})
			if got.Source != "text/html" {
				t.Errorf("Source = %q, want text/html", got.Source)
			}
			if got.Text != c.want {
				t.Errorf("Text =\n%q\nwant\n%q", got.Text, c.want)
			}
			if !slices.Equal(got.Removed, c.removed) {
				t.Errorf("Removed = %q, want %q", got.Removed, c.removed)
			}
		})
	}
}

// hiddenReq is the request every hidden-text case hides.
const hiddenReq = quotedReq

func TestHTMLHidden(t *testing.T) {
	hidden := []struct{ name, open, close string }{
		{"display none", `<div style="display:none">`, `</div>`},
		{"display none spaced and important", `<div style="color: red ; DISPLAY : None !important">`, `</div>`},
		{"display none escaped", `<div style="dis\play:none">`, `</div>`},
		{"display none after a comment", `<div style="display:/* x */none">`, `</div>`},
		{"visibility hidden", `<span style="visibility:hidden">`, `</span>`},
		{"font-size 0", `<span style="font-size:0">`, `</span>`},
		{"font-size 0px", `<span style="font-size:0px">`, `</span>`},
		{"font-size 0pt", `<span style="font-size:0pt">`, `</span>`},
		{"font-size 0em", `<span style="font-size:0em">`, `</span>`},
		{"font-size 0 percent", `<span style="font-size:0%">`, `</span>`},
		{"font-size 0.0rem", `<span style="font-size:0.0rem">`, `</span>`},
		{"font-size 1px", `<span style="font-size:1px">`, `</span>`},
		{"mso-hide all", `<div style="mso-hide:all">`, `</div>`},
		{"max-height 0 overflow hidden", `<div style="max-height:0;overflow:hidden">`, `</div>`},
		{"height 0 overflow hidden", `<div style="height:0px;overflow:hidden">`, `</div>`},
		{"width 0 overflow hidden", `<div style="width:0;overflow-x:hidden">`, `</div>`},
		{"opacity 0", `<span style="opacity:0">`, `</span>`},
		{"opacity 0.0", `<span style="opacity:0.0">`, `</span>`},
		{"hidden attribute", `<div hidden>`, `</div>`},
		{"hidden until found", `<div hidden="until-found">`, `</div>`},
		{"text indent off screen", `<div style="text-indent:-9999px">`, `</div>`},
		{"absolute off screen", `<div style="position:absolute;left:-10000px">`, `</div>`},
		{"scale 0", `<div style="transform: scale(0)">`, `</div>`},
		{"white text on default page", `<span style="color:#ffffff">`, `</span>`},
		{"white font color", `<font color="white">`, `</font>`},
		{"text the colour of its cell", `<table><tr><td bgcolor="#336699"><span style="color:rgb(51,102,153)">`, `</span></td></tr></table>`},
		{"transparent text", `<span style="color:transparent">`, `</span>`},
		{"rgba zero alpha", `<span style="color:rgba(0,0,0,0)">`, `</span>`},
		{"style rule by class", `<style>.pre { display: none }</style><div class="x pre">`, `</div>`},
		{"style rule by id", `<style>#h{visibility:hidden}</style><div id="h">`, `</div>`},
		{"style rule inside media", `<style>@media screen { p.z { font-size:0 !important } }</style><p class="z">`, `</p>`},
		{"style rule never closed", `<style>.q{display:none</style><div class="q">`, `</div>`},
		{"style rule with descendant selector", `<style>table .q:first-child { mso-hide:all; display:none }</style><div class="q">`, `</div>`},
		{"style rule nested", `<style>.outer { color: red; .q { display:none } }</style><div class="q">`, `</div>`},
		{"closed details", `<details><summary>More</summary>`, `</details>`},
		{"title", `<title>`, `</title>`},
		{"script", `<script>`, `</script>`},
		{"template", `<template>`, `</template>`},
		{"noscript", `<noscript>`, `</noscript>`},
		{"comment", `<!--`, `-->`},
	}
	var cases []textCase
	for _, h := range hidden {
		c := textCase{
			name:    h.name,
			in:      "<html><body>" + h.open + hiddenReq + h.close + "<p>" + newReq + "</p></body></html>",
			want:    newReq,
			removed: []string{"hidden-html"},
		}
		switch h.name {
		case "title", "script", "template", "noscript", "comment":
			c.removed = nil // never visible: nothing worth recording
		case "closed details":
			c.want = "More\n\n" + newReq
		}
		cases = append(cases, c)
	}
	runHTML(t, cases)
}

func TestHTMLVisible(t *testing.T) {
	runHTML(t, []textCase{
		{"aria-hidden is not hiding", `<div aria-hidden="true">` + newReq + `</div>`, newReq, nil},
		{"font-size 10px is not 0", `<span style="font-size:10px">` + newReq + `</span>`, newReq, nil},
		{"font-size 0.9em is visible", `<span style="font-size:0.9em">` + newReq + `</span>`, newReq, nil},
		{"max-height 0 without overflow hidden", `<div style="max-height:0">` + newReq + `</div>`, newReq, nil},
		{"white text on dark background", `<div style="background-color:#000"><span style="color:#fff">` + newReq + `</span></div>`, newReq, nil},
		{"white text on an image", `<table><tr><td style="background:url(x.png)"><font color="#ffffff">` + newReq + `</font></td></tr></table>`, newReq, nil},
		{"open details", `<details open><summary>More</summary>` + newReq + `</details>`, "More " + newReq, nil},
		{"style rule for another class", `<style>.hide{display:none}</style><div class="shown">` + newReq + `</div>`, newReq, nil},
		{"entities decoded", `We give DOOR permission to add Parcel&nbsp;Pal to The&#32;Pines&period;`, newReq, nil},
		{"inline elements do not break words", `We <b>give</b> <i>DOOR</i> permission to add <a href="x">Parcel</a>&nbsp;<span>Pal</span> to <font face="Arial">The Pines</font>.`, newReq, nil},
		{"fullwidth text normalised", `<p>Ｗｅ give DOOR permission to add Parcel Pal to The Pines.</p>`, newReq, nil},
		{"zero width kept", "<p>Parcel\u200bPal</p>", "Parcel\u200bPal", nil},
	})
}

func TestHTMLLayout(t *testing.T) {
	runHTML(t, []textCase{
		{
			name: "gmail divs",
			in:   `<div dir="ltr"><div>Hi,</div><div>We give DOOR permission to add Parcel Pal to</div><div>The Pines.</div><div><br></div><div>Thanks,</div><div>Maria</div></div>`,
			want: "Hi, We give DOOR permission to add Parcel Pal to The Pines.\n\nThanks, Maria",
		},
		{
			name: "paragraphs",
			in:   "<p>Hi,</p>\n\n<p>" + newReq + "</p><h2>Title</h2>text",
			want: "Hi,\n\n" + newReq + "\n\nTitle\n\ntext",
		},
		{
			name: "double br is a paragraph break",
			in:   "Hi,<br><br>" + newReq + "<br>Thanks<br>\n<br><br><br>Maria",
			want: "Hi,\n\n" + newReq + " Thanks\n\nMaria",
		},
		{
			name: "outlook msonormal paragraphs are lines",
			in:   `<div class=WordSection1><p class=MsoNormal>Property: Oak Court<o:p></o:p></p><p class=MsoNormal>Partner: Acme Deliveries<o:p></o:p></p><p class=MsoNormal><o:p>&nbsp;</o:p></p><p class=MsoNormal>Thanks<o:p></o:p></p></div>`,
			want: "Property: Oak Court\nPartner: Acme Deliveries\n\nThanks",
		},
		{
			name: "table form",
			in:   `<table><tr><td>Property:</td><td>The Pines</td></tr><tr><th>Partner:</th><td>Acme Deliveries</td></tr></table>`,
			want: "Property: The Pines\nPartner: Acme Deliveries",
		},
		{
			name: "lists",
			in:   `<p>Changes:</p><ul><li>add Parcel Pal to The Pines</li><li>remove Acme from Oak Court</li></ul><ol><li>one</li></ol>`,
			want: "Changes:\n\n- add Parcel Pal to The Pines\n- remove Acme from Oak Court\n- one",
		},
		{
			name: "pre keeps its lines",
			in:   "<pre>Property: The Pines\nPartner: Acme\n\n&gt; quoted</pre>",
			want: "Property: The Pines\nPartner: Acme",
			// the ">" line in <pre> is a quote like in plain text
			removed: []string{"quote"},
		},
		{
			name: "source newlines are spaces",
			in:   "<div>We give DOOR\n   permission to add\n\tParcel Pal to The Pines.</div>",
			want: newReq,
		},
	})
}

func TestHTMLQuotes(t *testing.T) {
	q := func(open, close string) string {
		return "<div>" + newReq + "</div>" + open + "<div>" + quotedReq + "</div>" + close
	}
	runHTML(t, []textCase{
		{"blockquote", q("<blockquote>", "</blockquote>"), newReq, []string{"quote"}},
		{"gmail quote", q(`<div class="gmail_quote"><div dir="ltr" class="gmail_attr">On Mon, Nov 23, 2026 at 10:00 AM Maria &lt;m@x&gt; wrote:<br></div><blockquote class="gmail_quote" style="margin:0px 0px 0px 0.8ex">`, "</blockquote></div>"), newReq, []string{"quote"}},
		{"gmail quote container", q(`<div class="gmail_quote gmail_quote_container">`, "</div>"), newReq, []string{"quote"}},
		{"gmail attr alone", q(`<div class="gmail_attr">`, "</div>"), newReq, []string{"quote"}},
		{"apple blockquote cite", q(`<blockquote type="cite">`, "</blockquote>"), newReq, []string{"quote"}},
		{"thunderbird cite prefix", q(`<div class="moz-cite-prefix">On 11/23/26 10:00 AM, Maria wrote:<br></div><blockquote type="cite">`, "</blockquote>"), newReq, []string{"quote"}},
		{"yahoo quoted class", q(`<div class="yahoo_quoted">`, "</div>"), newReq, []string{"quote"}},
		{"yahoo quoted id", q(`<div id="yahoo_quoted_1234567">`, "</div>"), newReq, []string{"quote"}},
		{"protonmail quote", q(`<div class="protonmail_quote">`, "</div>"), newReq, []string{"quote"}},
		{"outlook web appendonsend cuts the rest", q(`<div id="appendonsend"></div><hr style="display:inline-block;width:98%">`, "") + "<div>Please remove Acme from Oak Court.</div>", newReq, []string{"quote"}},
		{"outlook web reply header cuts the rest", q(`<div id="divRplyFwdMsg" dir="ltr"><font face="Calibri"><b>From:</b> Maria<br><b>Sent:</b> Monday</font></div>`, ""), newReq, []string{"quote"}},
		{"outlook desktop border header cuts the rest", q(`<div><div style="border:none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0in 0in 0in"><p class="MsoNormal"><b>From:</b> Maria</p></div></div>`, ""), newReq, []string{"quote"}},
		{"outlook header as text", q(`<div><b>From:</b> Maria Lopez &lt;maria@pines.example&gt;<br><b>Sent:</b> Monday, November 23, 2026 10:00 AM<br><b>To:</b> integrations@door.com</div>`, ""), newReq, []string{"quote"}},
		{"gmail forward", q(`<div class="gmail_quote"><div dir="ltr" class="gmail_attr">---------- Forwarded message ---------<br>From: Maria</div>`, "</div>"), newReq, []string{"forward"}},
		{"apple forward text", q(`<div><br><div>Begin forwarded message:</div><br class="Apple-interchange-newline">`, "</div>"), newReq, []string{"forward"}},
		{"gmail signature", q(`<div dir="ltr" class="gmail_signature" data-smartmail="gmail_signature">`, "</div>"), newReq, []string{"signature"}},
		{"smartmail signature", q(`<div data-smartmail="gmail_signature">`, "</div>"), newReq, []string{"signature"}},
		{"outlook signature id", q(`<div id="Signature">`, "</div>"), newReq, []string{"signature"}},
		{"thunderbird signature", q(`<pre class="moz-signature" cols="72">`, "</pre>"), newReq, []string{"signature"}},
		{"outlook web quoted prefix", q(`<div class="x_gmail_quote">`, "</div>"), newReq, []string{"quote"}},
		{
			name:    "thunderbird bottom posting keeps text below",
			in:      `<div class="moz-cite-prefix">On 11/23/26 10:00 AM, Maria wrote:<br></div><blockquote type="cite">` + quotedReq + `</blockquote><p>` + newReq + `</p><div class="moz-signature">-- <br>Maria</div>`,
			want:    newReq,
			removed: []string{"quote", "signature"},
		},
		{
			name:    "thunderbird cite prefix without a quote cuts the rest",
			in:      `<p>` + newReq + `</p><div class="moz-cite-prefix">On 11/23/26 10:00 AM, Maria wrote:<br></div><div>` + quotedReq + `</div>`,
			want:    newReq,
			removed: []string{"quote"},
		},
		{
			name:    "outlook 2003 message header cuts the rest",
			in:      `<p>` + newReq + `</p><div class="OutlookMessageHeader"><hr><b>From:</b> Maria</div><p>` + quotedReq + `</p>`,
			want:    newReq,
			removed: []string{"quote"},
		},
		{
			name:    "plain attribution above a blockquote keeps the text below",
			in:      `<div>On Mon, Nov 23, 2026 at 10:00 AM Maria &lt;m@x&gt; wrote:</div><blockquote>` + quotedReq + `</blockquote><div>` + newReq + `</div>`,
			want:    newReq,
			removed: []string{"quote"},
		},
		{
			name:    "plain attribution above unquoted text cuts the rest",
			in:      `<div>` + newReq + `</div><div>On Mon, Nov 23, 2026 at 10:00 AM Maria &lt;m@x&gt; wrote:</div><div>` + quotedReq + `</div>`,
			want:    newReq,
			removed: []string{"quote"},
		},
		{
			name:    "quote never joins text around it",
			in:      `<div>Please remove</div><blockquote>x</blockquote><div>Acme Deliveries from Oak Court.</div>`,
			want:    "Please remove\n\nAcme Deliveries from Oak Court.",
			removed: []string{"quote"},
		},
	})
}

func TestHTMLDeepNesting(t *testing.T) {
	cases := []struct {
		name, in string
	}{
		{"100k nested divs", strings.Repeat("<div>", 100000) + newReq + strings.Repeat("</div>", 100000)},
		{"100k nested formatting", strings.Repeat("<b><i>", 50000) + newReq},
		{"100k nested tables", strings.Repeat("<table><tr><td>", 30000) + newReq},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			start := time.Now()
			got := htmlBody(c.in, Limits{})
			if got.Text != "" || !slices.Equal(got.Removed, []string{"hidden-html"}) {
				t.Errorf("got %q %q, want no text and hidden-html", got.Text, got.Removed)
			}
			if d := time.Since(start); d > 5*time.Second {
				t.Errorf("took %v", d)
			}
		})
	}
	t.Run("500 nested divs are read", func(t *testing.T) {
		in := strings.Repeat("<div>", 500) + newReq + strings.Repeat("</div>", 500)
		if got := htmlBody(in, Limits{}).Text; got != newReq {
			t.Errorf("Text = %q, want %q", got, newReq)
		}
	})
}

func TestHTMLTooLarge(t *testing.T) {
	got := htmlBody("<p>"+newReq+"</p>", Limits{MaxHTMLBytes: 10})
	if got.Text != "" || !slices.Equal(got.Removed, []string{"hidden-html"}) {
		t.Errorf("got %q %q, want no text and hidden-html", got.Text, got.Removed)
	}
}
