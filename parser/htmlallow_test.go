package parser

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"intake/parser/internal/visible"
)

// verifyString runs verifyHTML on src.
func verifyString(t *testing.T, src string) []Doubt {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(src))
	if err != nil {
		t.Fatalf("parse html: %v", err)
	}
	return visible.Verify(doc)
}

// TestHTMLAllowClients parses every reply written in a real client's
// shape: each must yield its request and no unverified doubt.
func TestHTMLAllowClients(t *testing.T) {
	paths, err := filepath.Glob(filepath.Join("..", "testdata", "clients", "*.eml"))
	if err != nil || len(paths) < 10 {
		t.Fatalf("want at least 10 client messages, got %d (%v)", len(paths), err)
	}
	for _, path := range paths {
		t.Run(filepath.Base(path), func(t *testing.T) {
			raw, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			m, err := ParseBytes(raw, Options{TrustedAuthservID: testAuthservID})
			if err != nil {
				t.Fatalf("ParseBytes: %v", err)
			}
			if got := len(m.Requests); got != 1 {
				t.Errorf("requests = %d, want 1 (body %q)", got, m.Body.Text)
			}
			for _, d := range m.Doubts {
				if d.Kind == DoubtUnverified {
					t.Errorf("unverified doubt %+v", d)
				}
			}
			if !m.Identity.Authenticated {
				t.Errorf("sender not authenticated: %+v", m.Identity)
			}
		})
	}
}

// page wraps body as a minimal document, as the e2e controls do.
func page(body string) string {
	return "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"></head>\n<body>\n" + body + "</body></html>\n"
}

// TestHTMLAllowRules checks one document per rule: each must give a doubt
// with the evidence named (and the deny-list's explanation, when it has
// one).
func TestHTMLAllowRules(t *testing.T) {
	req := "<p>" + newReq + "</p>"
	cases := []struct {
		name, in, evidence, why string
	}{
		{"position", `<div style="position: absolute">` + req + `</div>`, `<div style="position: absolute">`, ""},
		{"offset", `<div style="top: -20px">` + req + `</div>`, `<div style="top: -20px">`, ""},
		{"float", `<div style="float: left">` + req + `</div>`, `<div style="float: left">`, ""},
		{"transform", `<p style="transform: scaleX(-1)">` + newReq + `</p>`, `<p style="transform: scalex(-1)">`, "hides text (rule transform): transform:scalex(-1)"},
		{"filter", `<p style="filter: blur(5px)">` + newReq + `</p>`, `<p style="filter: blur(5px)">`, "hides text (rule filter): filter:blur(5px)"},
		{"mask", `<p style="mask-image: linear-gradient(transparent, transparent)">` + newReq + `</p>`, `<p style="mask-image: linear-gradient(transparent, transparent)">`, ""},
		{"clip path", `<p style="clip-path: inset(50%)">` + newReq + `</p>`, `<p style="clip-path: inset(50%)">`, "hides text (rule clip): clip-path:inset(50%)"},
		{"opacity", `<p style="opacity: 0.5">` + newReq + `</p>`, `<p style="opacity: 0.5">`, ""},
		{"z-index", `<p style="z-index: 2">` + newReq + `</p>`, `<p style="z-index: 2">`, ""},
		{"flex order", `<div style="display: flex"><p style="order: 2">` + newReq + `</p><p>not</p></div>`, `<div style="display: flex">`, ""},
		{"grid", `<div style="display: grid">` + req + `</div>`, `<div style="display: grid">`, ""},
		{"direction rtl", `<p style="direction: rtl">` + newReq + `</p>`, `<p style="direction: rtl">`, ""},
		{"unicode bidi", `<p style="unicode-bidi: bidi-override">` + newReq + `</p>`, `<p style="unicode-bidi: bidi-override">`, ""},
		{"writing mode", `<p style="writing-mode: vertical-rl">` + newReq + `</p>`, `<p style="writing-mode: vertical-rl">`, ""},
		{"display none", `<div style="display:none">` + req + `</div>`, `<div style="display: none">`, "hides text (rule display-none): display:none"},
		{"hidden preheader", `<span style="display:none;max-height:0;overflow:hidden">Do not apply.</span>` + req, `<span style="display: none">`, "hides text (rule display-none): display:none"},
		{"visibility", `<p style="visibility:hidden">` + newReq + `</p>`, `<p style="visibility: hidden">`, "hides text (rule visibility-hidden): visibility:hidden"},
		{"mso-hide", `<p style="mso-hide:all">` + newReq + `</p>`, `<p style="mso-hide: all">`, "hides text (rule mso-hide): mso-hide:all"},
		{"tiny font", `<p style="font-size: 7px">` + newReq + `</p>`, `<p style="font-size: 7px">`, ""},
		{"relative tiny font", `<div style="font-size: 12px"><p style="font-size: 0.5em">` + newReq + `</p></div>`, `<p style="font-size: 0.5em">`, ""},
		{"font size attribute", `<font size="1">` + newReq + `</font><font size="1em">x</font>`, `<font size="1em">`, ""},
		{"small in small", `<p style="font-size: 11px"><small>` + newReq + `</small></p>`, `<small> in a 11px font`, ""},
		{"colour alpha", `<p style="color: rgba(0,0,0,0.5)">` + newReq + `</p>`, `<p style="color: rgba(0,0,0,0.5)">`, ""},
		{"colour hex alpha", `<p style="color: #00000080">` + newReq + `</p>`, `<p style="color: #00000080">`, ""},
		{"colour important", `<p style="color: #000 !important">` + newReq + `</p>`, `<p style="color: #000">`, ""},
		{"white on white", `<p style="color: #ffffff">` + newReq + `</p>`, `text in <p> painted #ffffff on #ffffff`, "hides text (rule low-contrast): colour #ffffff on #ffffff"},
		{"pale grey", `<p style="color: #bbbbbb">` + newReq + `</p>`, `text in <p> painted #bbbbbb on #ffffff`, ""},
		{"dark background", `<div style="background-color: #333333; color: #ffffff">` + req + `</div>`, `<div style="background-color: #333333">`, ""},
		{"background image", `<div style="background: url(x.png)">` + req + `</div>`, `<div style="background: url(x.png)">`, ""},
		{"legacy dark bgcolor", `<table><tr><td bgcolor="#000000">` + newReq + `</td></tr></table>`, `<td bgcolor="#000000">`, "hides text (rule legacy-colour): colour #000000"},
		{"body text colour", `<body text="#fefefe">` + req + `</body>`, `<body text="#fefefe">`, "hides text (rule legacy-colour): colour #fefefe"},
		{"font colour", `<font color="white">` + newReq + `</font>`, `<font color="white">`, "hides text (rule legacy-colour): colour #ffffff"},
		{"negative margin", `<p style="margin-top: -40px">` + newReq + `</p>`, `<p style="margin-top: -40px">`, ""},
		{"wide margin", `<p style="margin-left: 200px">` + newReq + `</p>`, `<p style="margin-left: 200px">`, ""},
		{"height on a div", `<div style="height: 1px">` + req + `</div>`, `<div style="height: 1px">`, ""},
		{"overflow", `<div style="overflow: hidden">` + req + `</div>`, `<div style="overflow: hidden">`, ""},
		{"line height", `<p style="line-height: 0.5">` + newReq + `</p>`, `<p style="line-height: 0.5">`, ""},
		{"line height under the font", `<p style="font-size: 30px; line-height: 20px">` + newReq + `</p>`, `<p style="line-height: 20px">`, ""},
		{"line through", `<p style="text-decoration: line-through">` + newReq + `</p>`, `<p style="text-decoration: line-through">`, "hides text (rule line-through): text-decoration:line-through"},
		{"variable", `<p style="color: var(--c)">` + newReq + `</p>`, `<p style="color: var(--c)">`, ""},
		{"calc", `<p style="margin-left: calc(1px * 9)">` + newReq + `</p>`, `<p style="margin-left: calc(1px * 9)">`, "hides text (rule far-off): margin-left:calc(1px * 9)"},
		{"unknown property", `<p style="zoom: 1">` + newReq + `</p>`, `<p style="zoom: 1">`, ""},
		{"value without colon", `<p style="display">` + newReq + `</p>`, `<p style="display:">`, ""},
		{"symbol font", `<p><span style="font-family: Wingdings">not</span> ` + newReq + `</p>`, `<span style="font-family: wingdings">`, ""},
		{"symbol font attribute", `<font face="Webdings">` + newReq + `</font>`, `<font face="Webdings">`, ""},
		{"list marker string", `<ul style="list-style-type: 'Do not: '"><li>` + newReq + `</li></ul>`, `<ul style="list-style-type: 'do not: '">`, ""},
		{"mso text fill", `<p style="mso-style-textfill-fill-color: white">` + newReq + `</p>`, `<p style="mso-style-textfill-fill-color: white">`, ""},
		{"mso theme background", `<p style="mso-themecolor: background1">` + newReq + `</p>`, `<p style="mso-themecolor: background1">`, ""},
		{"long line in pre", `<pre>` + strings.Repeat(" ", 170) + newReq + `</pre><p>Hi</p>`, `line of 225 characters that does not wrap, in <pre>`, ""},
		{"nowrap cell", `<table><tr><td nowrap>` + strings.Repeat("x ", 90) + newReq + `</td></tr></table>`, `line of 235 characters that does not wrap, in <td>`, ""},
		{"indented far", strings.Repeat(`<div style="margin-left: 40px">`, 11) + newReq, `text in <div> indented 440px`, ""},
		{"nested lists", strings.Repeat(`<ul>`, 11) + `<li>` + newReq, `text in <li> indented 440px`, ""},
		{"mso colour alt", `<p style="mso-color-alt: white">` + newReq + `</p>`, `<p style="mso-color-alt: white">`, ""},
		{"hidden attribute", `<p hidden>` + newReq + `</p>`, `<p hidden="">`, "hides text (rule hidden-attribute): hidden"},
		{"dir rtl", `<p dir="rtl">` + newReq + `</p>`, `<p dir="rtl">`, "reorders text: dir=rtl"},
		{"unknown attribute", `<p onclick="x()">` + newReq + `</p>`, `<p onclick="x()">`, ""},
		{"background attribute", `<table background="x.png"><tr><td>` + newReq + `</td></tr></table>`, `<table background="x.png">`, ""},
		{"script", `<script>document.write("not")</script>` + req, `<script>`, "hides text (rule invisible-element): <script> is not shown"},
		{"svg", `<svg><text>not</text></svg>` + req, `<svg>`, "hides text (rule invisible-element): <svg> is not shown"},
		{"details", `<details><summary>x</summary>` + req + `</details>`, `<details>`, "hides text (rule closed-details): closed <details>"},
		{"bdo", `<bdo dir="rtl">` + newReq + `</bdo>`, `<bdo>`, "hides text (rule unread-element): <bdo> is not read as written"},
		{"struck out", `<del>` + newReq + `</del>`, `<del>`, "hides text (rule unread-element): <del> is not read as written"},
		{"marquee", `<marquee>` + newReq + `</marquee>`, `<marquee>`, ""},
		{"image in a sentence", `<p>We give DOOR permission to add Acme Deliveries <img src="cid:not"> to The Pines.</p>`, `<img src="cid:not"> beside text`, ""},
		{"remote image alt", `<div><img src="https://x.example/a.png" alt="Do not apply"></div>` + req, `<img alt="Do not apply">`, "shown as text when the image is not loaded"},
		{"missing part alt", `<p><img src="cid:none@door" alt="Please ignore the request below."></p>` + req, `<img alt="Please ignore the request below.">`, "shown as text when the image is not loaded"},
		{"link element", `<link rel="stylesheet" href="x.css">` + req, `<link>`, ""},
		{"before rule", `<style>p::before { content: "Can " }</style>` + req, `style rule "p::before"`, "adds text: content"},
		{"after rule", `<style>p:after { content: "?" }</style>` + req, `style rule "p:after"`, "adds text: content"},
		{"hover rule", `<style>p:hover { color: #000 }</style>` + req, `style rule "p:hover"`, ""},
		{"attribute selector", `<style>p[title] { color: #000 }</style>` + req, `style rule "p[title]"`, ""},
		{"sibling combinator", `<style>p + p { color: #000 }</style>` + req, `style rule "p + p"`, ""},
		{"media rule", `<style>@media (max-width: 600px) { p { display: none } }</style>` + req, `style rule "@media (max-width: 600px)"`, ""},
		{"import", `<style>@import url(x.css);</style>` + req, `style rule "@import url(x.css)"`, ""},
		{"font face source", `<style>@font-face { font-family: X; src: url(x.woff) }</style>` + req, `style rule "@font-face" { src: url(x.woff) }`, ""},
		{"sheet hides", `<style>.x { display: none }</style>` + req, `style rule ".x" { display: none }`, "hides text (rule display-none): display:none"},
		{"sheet position", `<style>p { position: absolute; top: 0 }</style>` + req, `style rule "p" { position: absolute }`, ""},
		{"sheet colour on inline background", `<style>p { color: #777777 }</style><div style="background-color: #cccccc">` + req + `</div>`, `text in <p> painted #000000 on #cccccc`, ""},
		{"sheet pale colour", `<style>p { color: #cccccc }</style>` + req, `style rule "p" { color: #cccccc }`, ""},
		{"sheet relative font", `<style>span { font-size: 0.8em }</style>` + req, `style rule "span" { font-size: 0.8em }`, ""},
		{"nested rule", `<style>div { p { color: #000 } }</style>` + req, `style rule "p" nested in "div"`, ""},
		{"conditional comment in body", `<!--[if mso]><p>not</p><![endif]-->` + req, `<!--[if mso]> in body`, "shown by Outlook alone, or by all but Outlook"},
		{"downlevel revealed", `<![if !mso]><p>not</p><![endif]>` + req, `<!--[if !mso]> in body`, "shown by Outlook alone, or by all but Outlook"},
		{"conditional comment in head", `<html><head><!--[if mso]><style>p{display:none}</style><![endif]--></head><body>` + req, `<!--[if mso]> in head`, "shown by Outlook alone, or by all but Outlook"},
		{"quote container", `<blockquote style="position: absolute; top: 0">old</blockquote>` + req, `<blockquote style="position: absolute">`, ""},
		{"unreadable markup", strings.Repeat("<div>", 600) + newReq, "markup intake cannot read: parse html: html: open stack of elements exceeds 512 nodes", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			b, err := htmlBody(c.in, Limits{})
			if err != nil {
				t.Fatalf("htmlBody: %v", err)
			}
			var got []string
			for _, d := range b.Doubts {
				if d.Kind != DoubtUnverified || d.Rule != "html-allowlist" {
					t.Errorf("doubt %+v, want kind unverified, rule html-allowlist", d)
				}
				if d.Evidence == c.evidence {
					if d.Why != c.why {
						t.Errorf("Why = %q, want %q", d.Why, c.why)
					}
					return
				}
				got = append(got, d.Evidence)
			}
			t.Errorf("evidence = %q, want one %q", got, c.evidence)
		})
	}
}

// TestHTMLAllowAccepts checks documents made only of harmless
// presentation: none may give a doubt.
func TestHTMLAllowAccepts(t *testing.T) {
	req := "<p>" + newReq + "</p>"
	cases := []struct{ name, in string }{
		{"e2e control page", page("<p>Hi DOOR team, just checking in.</p>\n" + req + "\n<p>Thanks,<br>\nMaria</p>\n")},
		{"fragment", newReq},
		{"formatting", `<div><b>We</b> <i>give</i> <u>DOOR</u> <strong>permission</strong> <em>to add</em> <code>Acme</code> to The Pines.</div>`},
		{"table", `<table width="100%" cellpadding="0" cellspacing="0" border="0"><tr><td valign="top" style="padding: 8px">` + newReq + `</td></tr></table>`},
		{"list", `<ul style="margin: 0 0 0 20px"><li>` + newReq + `</li></ul>`},
		{"fonts", `<font face="Arial" size="2" color="#1f497d">` + newReq + `</font>`},
		{"grey signature", `<p style="color: rgb(136, 136, 136); font-size: 10pt">Maria Lopez</p>` + req},
		{"highlight", `<p><span style="background: yellow">` + newReq + `</span></p>`},
		{"light cell", `<table><tr><td bgcolor="#f2f2f2" style="color: #000000">` + newReq + `</td></tr></table>`},
		{"link", `<a href="https://door.example/" style="color: #0563c1; text-decoration: underline">door</a>` + req},
		{"outlook list-free sheet", `<style><!-- p.MsoNormal, li.MsoNormal {margin:0cm; font-size:11.0pt;} a:link, span.MsoHyperlink {color:#0563C1;} --></style>` + req},
		{"comment", `<!-- signature -->` + req},
		{"outlook line height", `<p class="MsoNormal" style="line-height: 12.0pt; mso-line-height-rule: exactly"><span style="font-size: 11.0pt">` + newReq + `</span></p>`},
		{"gmail thread", strings.Repeat(`<blockquote class="gmail_quote" style="margin:0px 0px 0px 0.8ex;border-left:1px solid rgb(204,204,204);padding-left:1ex">`, 30) + `old` + strings.Repeat(`</blockquote>`, 30) + req},
		{"pre quote", `<blockquote type="cite"><pre class="moz-quote-pre" wrap="">` + strings.Repeat("long ", 60) + `</pre></blockquote>` + req},
		{"signature logo", req + `<div><img src="cid:logo" alt="" width="48" height="48"></div>`},
		{"style display none", `<style type="text/css" style="display:none;"> P {margin-top:0;margin-bottom:0;} </style>` + req},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := verifyString(t, c.in); len(got) != 0 {
				t.Errorf("doubts = %+v, want none", got)
			}
		})
	}
}

// TestHTMLAllowBounded checks that a document with many things outside
// the allow-list gives visible.MaxDoubts doubts and one that counts the rest.
func TestHTMLAllowBounded(t *testing.T) {
	var b strings.Builder
	for i := range 20 {
		fmt.Fprintf(&b, `<p style="z-index: %d">x</p>`, i)
	}
	got := verifyString(t, b.String())
	if len(got) != visible.MaxDoubts+1 {
		t.Fatalf("doubts = %d, want %d", len(got), visible.MaxDoubts+1)
	}
	if want := "and 12 more outside the allow-list"; got[visible.MaxDoubts].Evidence != want {
		t.Errorf("last evidence = %q, want %q", got[visible.MaxDoubts].Evidence, want)
	}
}

// FuzzVerifyHTML checks that any markup gives at most visible.MaxDoubts
// doubts and a count, each an unverified html-allowlist doubt with
// evidence. Seeds are the real-client bodies and the rule cases' markup.
func FuzzVerifyHTML(f *testing.F) {
	paths, _ := filepath.Glob(filepath.Join("..", "testdata", "clients", "*.eml"))
	for _, p := range paths {
		raw, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		for _, src := range htmlBodiesOf(raw) {
			f.Add(src)
		}
	}
	f.Add(`<style>p::before{content:"x"} @media x{p{color:red}}</style><p style="position:absolute;color:#fff">x</p><!--[if mso]>y<![endif]-->`)
	f.Fuzz(func(t *testing.T, src string) {
		doc, err := html.Parse(strings.NewReader(src))
		if err != nil {
			return
		}
		got := visible.Verify(doc)
		if len(got) > visible.MaxDoubts+1 {
			t.Fatalf("%d doubts, want at most %d", len(got), visible.MaxDoubts+1)
		}
		for _, d := range got {
			if d.Kind != DoubtUnverified || d.Rule != "html-allowlist" || d.Evidence == "" {
				t.Fatalf("doubt %+v", d)
			}
		}
	})
}
