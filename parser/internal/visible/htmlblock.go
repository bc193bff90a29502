package visible

import (
	"slices"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// How HTML elements lay out text, and the markers mail clients put on
// quoted, forwarded and signature content.

// paragraphs are the elements that stand apart from their neighbours
// with a blank line.
var paragraphs = map[atom.Atom]bool{
	atom.P: true, atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true,
	atom.H5: true, atom.H6: true, atom.Pre: true, atom.Hr: true,
}

// blocks are the elements that start and end a line.
var blocks = map[atom.Atom]bool{
	atom.Div: true, atom.Li: true, atom.Tr: true, atom.Table: true, atom.Tbody: true,
	atom.Thead: true, atom.Tfoot: true, atom.Ul: true, atom.Ol: true, atom.Dl: true,
	atom.Dt: true, atom.Dd: true, atom.Section: true, atom.Article: true,
	atom.Header: true, atom.Footer: true, atom.Nav: true, atom.Aside: true,
	atom.Main: true, atom.Center: true, atom.Caption: true, atom.Figure: true,
	atom.Figcaption: true, atom.Address: true, atom.Form: true, atom.Fieldset: true,
	atom.Legend: true, atom.Details: true, atom.Summary: true, atom.Body: true,
	atom.Blockquote: true,
}

// open writes the break (or list marker, or cell gap) that starts n.
func (w *walker) open(n *html.Node) {
	switch a := n.DataAtom; {
	case a == atom.Br:
		w.brk(0)
		w.out = append(w.out, '\n')
	case a == atom.Li:
		w.brk(1)
		w.out = append(w.out, "- "...)
	case a == atom.Td || a == atom.Th:
		w.space()
	case paragraphs[a]:
		w.brk(paragraphBreak(n))
		if a == atom.Pre {
			w.pre++
		}
	case blocks[a]:
		w.brk(1)
	}
}

// close writes the break that ends n.
func (w *walker) close(n *html.Node) {
	switch a := n.DataAtom; {
	case a == atom.Td || a == atom.Th:
		w.space()
	case paragraphs[a]:
		w.brk(paragraphBreak(n))
		if a == atom.Pre {
			w.pre--
		}
	case blocks[a]:
		w.brk(1)
	}
}

// paragraphBreak is 2 (a blank line) except for Outlook's MsoNormal
// paragraphs, which Outlook uses for every line and shows without a gap.
func paragraphBreak(n *html.Node) int {
	if n.DataAtom == atom.P && hasClass(n, "msonormal") {
		return 1
	}
	return 2
}

// signatureClasses are the classes mail clients put on the signature
// (an "x_" prefix, added by Outlook on the web to quoted markup, is
// ignored).
var signatureClasses = []string{"gmail_signature", "moz-signature", "protonmail_signature_block"}

// isSignature reports whether n is a container a client marks as the
// signature. Its text is not left out: Read writes it below a "--" line,
// so that the text pass makes it the trailer, read for holds as in
// text/plain.
func isSignature(n *html.Node) bool {
	if strings.EqualFold(attr(n, "id"), "signature") || strings.EqualFold(attr(n, "data-smartmail"), "gmail_signature") {
		return true
	}
	return slices.ContainsFunc(signatureClasses, func(c string) bool { return hasClass(n, c) })
}

// inClosedDetails reports whether n is inside a <details> without the
// open attribute and is not its <summary>: a browser does not show it.
func inClosedDetails(n *html.Node) bool {
	p := n.Parent
	return p != nil && p.DataAtom == atom.Details && !hasAttr(p, "open") &&
		!(n.Type == html.ElementNode && n.DataAtom == atom.Summary)
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Namespace == "" && a.Key == key {
			return a.Val
		}
	}
	return ""
}

func hasAttr(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if a.Namespace == "" && a.Key == key {
			return true
		}
	}
	return false
}

// hasClass reports whether n has class c (lowercase), ignoring case and
// Outlook's "x_" prefix.
func hasClass(n *html.Node, c string) bool {
	for _, f := range strings.Fields(attr(n, "class")) {
		if strings.EqualFold(strings.TrimPrefix(f, "x_"), c) {
			return true
		}
	}
	return false
}

// peekText returns up to about max bytes of the non-blank text under n,
// walked with an explicit stack.
func peekText(n *html.Node, max int) string {
	var b strings.Builder
	stack := []*html.Node{n}
	for len(stack) > 0 && b.Len() < max {
		c := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if c.Type == html.TextNode {
			if t := strings.TrimSpace(c.Data); t != "" {
				b.WriteString(t)
				b.WriteByte(' ')
			}
		}
		for k := c.LastChild; k != nil; k = k.PrevSibling {
			stack = append(stack, k)
		}
	}
	return b.String()
}

// styleText returns the text of every <style> element in the document.
func styleText(doc *html.Node) string {
	var b strings.Builder
	stack := []*html.Node{doc}
	for len(stack) > 0 {
		c := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if c.Type == html.ElementNode && c.DataAtom == atom.Style {
			for k := c.FirstChild; k != nil; k = k.NextSibling {
				b.WriteString(k.Data)
			}
			b.WriteByte('\n')
			continue
		}
		for k := c.LastChild; k != nil; k = k.PrevSibling {
			stack = append(stack, k)
		}
	}
	return b.String()
}
