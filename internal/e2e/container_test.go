package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"intake/parser"
)

// A container is markup a mail client puts around quoted, forwarded or
// signature content, or a blockquote styled so that it is not: the
// shapes the HTML reader once left out by their class, id or tag alone.
type container struct {
	name        string
	css         string // the document's style sheet; "" for none
	open, close string
}

// div is a container <div> with the attribute a (class="…", id="…").
func div(name, a string) container {
	return container{name: name, open: "<div " + a + ">", close: "</div>"}
}

// quote is a <blockquote> with the attributes a and the style sheet css.
func quote(name, a, css string) container {
	return container{name: name, css: css, open: "<blockquote" + a + ">", close: "</blockquote>"}
}

// containers are every class, id and marker the HTML reader knows
// (parser/internal/visible/htmlblock.go), and blockquotes a reader does
// not see indented or ruled; and the browser's default blockquote, a
// quote the reader sees, but one no attribution introduces: the banner,
// when there is one, comes after the hold.
var containers = []container{
	div("gmail_quote", `class="gmail_quote"`),
	div("gmail_quote_container", `class="gmail_quote gmail_quote_container"`),
	div("yahoo_quoted", `class="yahoo_quoted"`),
	div("yahoo_quoted-id", `id="yahoo_quoted_4471"`),
	div("protonmail_quote", `class="protonmail_quote"`),
	div("zmail_extra", `class="zmail_extra"`),
	div("gmail_attr", `class="gmail_attr"`),
	div("moz-cite-prefix", `class="moz-cite-prefix"`),
	div("gmail_signature", `class="gmail_signature"`),
	div("gmail_signature-smartmail", `data-smartmail="gmail_signature"`),
	div("moz-signature", `class="moz-signature"`),
	div("protonmail_signature_block", `class="protonmail_signature_block"`),
	div("signature-id", `id="signature"`),
	div("x_gmail_signature", `class="x_gmail_signature"`),
	div("appendonsend", `id="appendonsend"`),
	div("divRplyFwdMsg", `id="divRplyFwdMsg"`),
	div("mail-editor-reference-message-container", `id="mail-editor-reference-message-container"`),
	div("OutlookMessageHeader", `class="OutlookMessageHeader"`),
	div("outlook-border-top", `style="border:none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0in 0in 0in"`),
	quote("blockquote-default", ``, ""),
	quote("blockquote-flat-cite", ` type="cite" style="margin:0;padding:0"`, ""),
	quote("blockquote-margin-0", ` style="margin:0"`, ""),
	quote("blockquote-margin-0-padding-0", ` style="margin:0;padding:0"`, ""),
	quote("blockquote-border-left-none", ` style="margin:0;border-left:none"`, ""),
	quote("blockquote-border-left-white", ` style="margin:0;border-left:2px solid #fff"`, ""),
	quote("blockquote-margin-2px", ` style="margin:0 0 0 2px"`, ""),
	quote("blockquote-shorthand-after-longhand", ` style="margin-left:40px;margin:0"`, ""),
	quote("blockquote-text-indent", ` style="margin:0;text-indent:40px"`, ""),
	quote("blockquote-sheet-flat", ` type="cite"`, "blockquote{margin:0;padding:0}"),
	quote("blockquote-sheet-class-flat", ` class="q"`, ".q{margin:0 !important;padding:0}"),
}

// holds are sentences that hold or withdraw the request, the way they
// read below it and above it.
var holds = []struct{ name, below, above string }{
	{"not-before-monday", "Do not do this before Monday.", "Do not do this before Monday."},
	{"wait", "Please wait, do not add them yet.", "Please wait, do not add them yet."},
	{"retraction", "Please ignore the permission above, it was sent in error.", retraction},
}

// banners introduce a quoted original inside the container, below the
// hold: none, a reply attribution, an Outlook header block.
var banners = []struct{ name, html string }{
	{"no-banner", ""},
	{"attribution", "<div>On Sun, 22 Nov 2026 at 18:02, DOOR Integrations &lt;integrations@door.com&gt; wrote:</div>" +
		"<div>Hello Maria, which partner should we add?</div>"},
	{"outlook-header", "<div><b>From:</b> DOOR Integrations &lt;integrations@door.com&gt;<br><b>Sent:</b> Sunday, November 22, 2026 6:02 PM<br>" +
		"<b>To:</b> Maria Lopez &lt;maria@pines.example&gt;<br><b>Subject:</b> OpenKit partner for The Pines</div>" +
		"<div>Hello Maria, which partner should we add?</div>"},
}

// containerRequest is the request of the sample message the variants are
// made from (cmd/intake/sample/01-add-parcel-pines.eml).
const containerRequest = "We give DOOR permission to add Parcel Pal to The Pines."

// containerDoc returns the HTML document with the request and the hold
// in container c, below the request (above false) or above it.
func containerDoc(c container, hold, banner string, above bool) string {
	var b strings.Builder
	b.WriteString("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">")
	if c.css != "" {
		b.WriteString("<style>" + c.css + "</style>")
	}
	b.WriteString("</head>\n<body>\n<div>" + greeting + "</div>\n")
	held := c.open + "<div>" + hold + "</div>" + banner + c.close + "\n"
	req := "<div>" + containerRequest + "</div>\n"
	if above {
		b.WriteString(held + req)
	} else {
		b.WriteString(req + held)
	}
	b.WriteString("<div>Thanks,<br>Maria</div>\n</body></html>\n")
	return b.String()
}

// containerFrame is the message the container tests vary: the sample
// consent of a proven manager, split into header fields and body.
func containerFrame(t *testing.T) *message {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(sampleDir, "01-add-parcel-pines.eml"))
	if err != nil {
		t.Fatal(err)
	}
	m, err := split(raw)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestContainerHolds puts a hold below and above the request of a proven
// manager's message, inside every container kind, with and without a
// banner introducing a quoted original, as HTML alone and as the
// alternative to a text/plain part holding the request alone, and checks
// that intake applies none: a reader sees the hold as the sender's own
// words, and so must intake. The controls prove the frame: the request
// alone is applied, and the hold in a plain <div> is not.
func TestContainerHolds(t *testing.T) {
	m := containerFrame(t)
	frame := func(body string) string {
		return htmlPage("<div>" + greeting + "</div>\n" + body + "<div>Thanks,<br>Maria</div>\n")
	}
	if res := receive(t, m.withBody("text/html", frame("<div>"+containerRequest+"</div>\n")).bytes()); len(applied(res)) == 0 {
		t.Fatalf("control: the request alone is not applied: %s", describe(res))
	}
	for _, h := range holds {
		doc := frame("<div>" + containerRequest + "</div>\n<div>" + h.below + "</div>\n")
		if res := receive(t, m.withBody("text/html", doc).bytes()); len(applied(res)) > 0 {
			t.Fatalf("control: the hold %q in a plain <div> is applied: %s", h.below, describe(res))
		}
	}
	var made, got atomic.Int64
	for _, c := range containers {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			for _, h := range holds {
				for _, bn := range banners {
					for _, above := range []bool{false, true} {
						hold := h.below
						if above {
							hold = h.above
						}
						doc := containerDoc(c, hold, bn.html, above)
						for _, msg := range []*message{m.withBody("text/html", doc), m.alternative(greeting+"\n\n"+containerRequest+"\n\nThanks,\nMaria", doc)} {
							made.Add(1)
							res := receive(t, msg.bytes())
							if len(applied(res)) > 0 {
								got.Add(1)
								t.Errorf("APPLIED %s/%s/above=%v: %s", h.name, bn.name, above, describe(res))
							}
						}
					}
				}
			}
		})
	}
	t.Cleanup(func() {
		t.Logf("container attacks: %d variants of %d containers, %d applied", made.Load(), len(containers), got.Load())
		fmt.Printf("container attacks: %d variants, %d applied\n", made.Load(), got.Load())
	})
}

// TestContainerReader renders some of TestContainerHolds' variants with
// the real reader (chromium and tesseract): it must show the request and
// the hold below it, as intake reads them.
func TestContainerReader(t *testing.T) {
	rd := newReader(t)
	for _, name := range []string{"gmail_signature", "gmail_quote", "appendonsend", "outlook-border-top", "blockquote-flat-cite", "blockquote-sheet-flat"} {
		c := containerByName(t, name)
		doc := containerDoc(c, holds[0].below, "", false)
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			text := rd.read(t, "container@"+name, doc)
			for _, s := range []string{greeting, containerRequest, holds[0].below} {
				if !renderContains(text, s) {
					t.Errorf("the reader does not show %q; OCR text:\n%s", s, text)
				}
			}
		})
	}
}

func containerByName(t *testing.T, name string) container {
	t.Helper()
	for _, c := range containers {
		if c.name == name {
			return c
		}
	}
	t.Fatalf("no container %q", name)
	return container{}
}

// TestContainerHoldsRead checks what the parser reads of one variant: the
// hold in a flat blockquote is new text, not a removed quote.
func TestContainerHoldsRead(t *testing.T) {
	m := containerFrame(t)
	doc := containerDoc(containerByName(t, "blockquote-margin-0-padding-0"), holds[0].below, "", false)
	p, err := parser.ParseBytes(m.withBody("text/html", doc).bytes(), parserOptions)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(p.Body.Text, holds[0].below) {
		t.Errorf("Body.Text = %q, want it to hold %q", p.Body.Text, holds[0].below)
	}
}
