package visible

import (
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// TestSeenAsQuote pins which blockquotes a reader sees as quotes: indented
// by their left margin and padding, or ruled on their left, by their style
// attribute and the style sheet weighed both ways.
func TestSeenAsQuote(t *testing.T) {
	cases := []struct {
		name, css, attrs string
		want             bool
	}{
		{"browser default", "", ``, true},
		{"apple cite", "", ` type="cite"`, true},
		{"gmail", "", ` class="gmail_quote" style="margin:0px 0px 0px 0.8ex;border-left:1px solid rgb(204,204,204);padding-left:1ex"`, true},
		{"yahoo", "", ` style="border-left: 2px solid rgb(16, 16, 255); margin-left: 5px; margin-top: 5px; padding-left: 5px;"`, true},
		{"padding reset keeps the default margin", "", ` style="padding:0"`, true},
		{"margin 0", "", ` style="margin:0"`, false},
		{"margin and padding 0", "", ` type="cite" style="margin:0;padding:0"`, false},
		{"a 2px indent", "", ` style="margin:0 0 0 2px"`, false},
		{"text-indent moves one line", "", ` style="margin:0;text-indent:40px"`, false},
		{"padding indent", "", ` style="margin:0;padding-left:20px"`, true},
		{"a later shorthand resets the longhand", "", ` style="margin-left:40px;margin:0"`, false},
		{"a later longhand sets the left", "", ` style="margin:0;margin-left:40px"`, true},
		{"an important declaration wins over a later one", "", ` style="margin:0 !important;margin-left:40px"`, false},
		{"border-left none", "", ` style="margin:0;border-left:none"`, false},
		{"border-left white", "", ` style="margin:0;border-left:2px solid #fff"`, false},
		{"border-left zero width", "", ` style="margin:0;border-left:0 solid #000"`, false},
		{"border-left-style solid", "", ` style="margin:0;border-left-style:solid"`, true},
		{"border shorthand", "", ` style="margin:0;border:1px dotted #999"`, true},
		{"border style none for the left side", "", ` style="margin:0;border-style:solid solid solid none"`, false},
		{"sheet flattens it", "blockquote{margin:0;padding:0}", ` type="cite"`, false},
		{"sheet flattens its class", ".q{margin:0!important}", ` class="q" style="margin-left:40px"`, false},
		{"sheet indents a flat one", "blockquote{margin-left:40px}", ` style="margin:0"`, false},
		{"sheet rule for another element", "p{margin:0}", ``, true},
		{"sheet rule inside @media", "@media screen{blockquote[type=cite]{margin:0}}", ` type="cite"`, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			doc, err := html.Parse(strings.NewReader("<style>" + c.css + "</style><blockquote" + c.attrs + ">x</blockquote>"))
			if err != nil {
				t.Fatal(err)
			}
			n := find(doc, atom.Blockquote)
			if got := seenAsQuote(n, attr(n, "style"), parseSheet(styleText(doc))); got != c.want {
				t.Errorf("seenAsQuote(<blockquote%s>, sheet %q) = %v, want %v", c.attrs, c.css, got, c.want)
			}
		})
	}
}

// TestSeenAsQuoteOnlyBlockquotes: a class or id a client puts on quoted
// markup does not make a <div> a quote, whatever its style.
func TestSeenAsQuoteOnlyBlockquotes(t *testing.T) {
	doc, err := html.Parse(strings.NewReader(`<div class="gmail_quote" id="appendonsend" style="margin-left:40px;border-left:1px solid #000">x</div>`))
	if err != nil {
		t.Fatal(err)
	}
	n := find(doc, atom.Div)
	if seenAsQuote(n, attr(n, "style"), parseSheet("")) {
		t.Error("a <div> is seen as a quote")
	}
}

// TestSignatureReadAsTrailer: a signature container's text is kept, below
// a "--" line, and an empty one writes no line.
func TestSignatureReadAsTrailer(t *testing.T) {
	cases := []struct{ name, in, want string }{
		{"gmail", `<div>Yes.</div><div class="gmail_signature">Do not do this before Monday.</div>`, "Yes.\n--\nDo not do this before Monday."},
		{"outlook id", `<div>Yes.</div><div id="Signature"><p>Maria</p></div>`, "Yes.\n--\n\nMaria"},
		{"empty", `<div>Yes.</div><div class="moz-signature"> </div>`, "Yes."},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r, err := Read(c.in)
			if err != nil {
				t.Fatal(err)
			}
			if got := strings.TrimSpace(r.Text); got != c.want {
				t.Errorf("Text = %q, want %q", got, c.want)
			}
			if len(r.Removed) != 0 {
				t.Errorf("Removed = %q, want none", r.Removed)
			}
		})
	}
}

// find returns the first element a in the tree under n.
func find(n *html.Node, a atom.Atom) *html.Node {
	if n.Type == html.ElementNode && n.DataAtom == a {
		return n
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if f := find(c, a); f != nil {
			return f
		}
	}
	return nil
}
