package visible

import (
	"fmt"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"intake/parser/internal/model"
)

// Read returns the text a reader of src, a text/html body already decoded
// to UTF-8, sees: block elements as line breaks and paragraphs as blank
// lines, without what is hidden (see hideRules and paint.hidesText) and
// without the blockquotes a reader sees as quotes (seenAsQuote), each
// leaving a ">" line. A signature container's text follows a "--" line
// (isSignature); every other container a client marks as quoted is read
// as text, for the text pass to find its attribution or header block.
// It also returns the labels of what was left out ("hidden-html",
// "quote", "forward") and the doubts of the allow-list
// (Verify). HTML that golang.org/x/net/html rejects (it refuses more than
// 512 open elements, so a 100k-deep nesting fails fast) is an error: a
// request must never come from markup whose structure could not be read.
func Read(src string) (Reading, error) {
	doc, err := html.Parse(strings.NewReader(src))
	if err != nil {
		return Reading{}, fmt.Errorf("parse html: %w", err)
	}
	w := &walker{sheet: parseSheet(styleText(doc))}
	w.walk(doc)
	return Reading{Text: string(w.out), Removed: w.removed, Doubts: Verify(doc), Quoted: strings.TrimSpace(w.quoted.String())}, nil
}

// A Reading is what Read makes of an HTML body.
type Reading struct {
	// Text is the visible text.
	Text string
	// Removed labels what was left out; Doubts are the allow-list's.
	Removed model.Labels
	Doubts  []model.Doubt
	// Quoted is the text of the blockquotes left out, up to
	// maxQuotedBytes each, a paragraph per blockquote: for staff to read,
	// never for requests.
	Quoted string
}

// maxQuotedBytes bounds the text kept of one blockquote.
const maxQuotedBytes = 16 << 10

// invisible are the elements whose content is never shown as text.
// <noscript> is among them: whether a client shows it is unsure, and
// unsure text is left out. Comments are never text.
var invisible = map[atom.Atom]bool{
	atom.Head: true, atom.Style: true, atom.Script: true, atom.Template: true,
	atom.Noscript: true, atom.Title: true, atom.Svg: true, atom.Math: true,
	atom.Object: true, atom.Iframe: true, atom.Embed: true, atom.Audio: true,
	atom.Video: true, atom.Canvas: true, atom.Select: true, atom.Datalist: true,
	atom.Frameset: true, atom.Noframes: true, atom.Noembed: true,
}

// A visit is one step of the walk: entering a node, or leaving an
// element whose children have been walked.
type visit struct {
	n    *html.Node
	exit bool
}

// walker extracts visible text with an explicit stack, so deep nesting
// costs memory in proportion to the document and never recursion.
type walker struct {
	out     []byte
	removed model.Labels
	sheet   *styleSheet
	paints  []paint // the paint of each open element
	pre     int     // open <pre> elements
	quoted  strings.Builder
	// peek is set on the walker firstLine starts; limit is the length of
	// output at which a walk stops (0: none).
	peek  bool
	limit int
}

// walk visits the tree in document order; comments and doctypes are
// skipped.
func (w *walker) walk(root *html.Node) {
	stack := []visit{{n: root}}
	for len(stack) > 0 && (w.limit == 0 || len(w.out) < w.limit) {
		v := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		switch {
		case v.exit:
			w.leave(v.n)
		case v.n.Type == html.TextNode:
			w.text(v.n)
		case v.n.Type == html.DocumentNode || (v.n.Type == html.ElementNode && w.enter(v.n)):
			if v.n.Type == html.ElementNode {
				stack = append(stack, visit{n: v.n, exit: true})
			}
			for c := v.n.LastChild; c != nil; c = c.PrevSibling {
				stack = append(stack, visit{n: c})
			}
		}
	}
}

// enter starts element n and reports whether its children are walked.
func (w *walker) enter(n *html.Node) bool {
	if invisible[n.DataAtom] {
		return false
	}
	decls := parseStyle(attr(n, "style"))
	if hasAttr(n, "hidden") || hides(decls) || w.sheet.hides(n) || inClosedDetails(n) || unreadable(n) {
		if strings.TrimSpace(peekText(n, 1)) != "" {
			w.removed.Add("hidden-html")
		}
		return false
	}
	if seenAsQuote(n, attr(n, "style"), w.sheet) {
		w.removeQuote(n)
		return false
	}
	w.paints = append(w.paints, w.paint().inherit(decls, fontAttr(n, "color"), attr(n, "bgcolor"), fontAttr(n, "size")))
	w.open(n)
	if isSignature(n) && strings.TrimSpace(peekText(n, 1)) != "" {
		w.brk(1)
		w.out = append(w.out, "--\n"...)
	}
	return true
}

// removeQuote leaves out a blockquote a reader sees as a quote. It leaves
// a ">" line behind, so that the text pass treats an attribution written
// as text above it as it would in text/plain: dropped, with the text
// below the quote kept. The line holds the quote's first visible line
// ("> On Mon, Maria wrote:"), so that the text pass also knows an
// attribution written inside the quote, as Apple Mail writes it. A quote
// marked as forwarded is labelled so.
func (w *walker) removeQuote(n *html.Node) {
	label := "quote"
	if model.ForwardWordRE.MatchString(peekText(n, 400)) {
		label = "forward"
	}
	w.removed.Add(label)
	marker := ">"
	if !w.peek {
		w.quoted.WriteString(strings.TrimSpace(peekText(n, maxQuotedBytes)))
		w.quoted.WriteString("\n\n")
		if l := w.firstLine(n); l != "" {
			marker = "> " + l
		}
	}
	w.brk(1)
	w.out = append(w.out, marker...)
	w.brk(2)
}

// maxMarkerBytes bounds the first line a quote's ">" line holds; a longer
// one is left out, being no attribution.
const maxMarkerBytes = 256

// firstLine returns the first visible line of n's content, "" when it
// has none or it is longer than maxMarkerBytes. Blockquotes inside n are
// ">" lines, read no further.
func (w *walker) firstLine(n *html.Node) string {
	sub := &walker{sheet: w.sheet, paints: []paint{w.paint()}, peek: true, limit: maxMarkerBytes + 1}
	for c := n.FirstChild; c != nil && len(sub.out) < sub.limit; c = c.NextSibling {
		sub.walk(c)
	}
	for _, l := range strings.Split(string(sub.out), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			if len(l) > maxMarkerBytes || strings.HasPrefix(l, ">") {
				return ""
			}
			return l
		}
	}
	return ""
}

func (w *walker) leave(n *html.Node) {
	w.close(n)
	w.paints = w.paints[:len(w.paints)-1]
}

func (w *walker) paint() paint {
	if len(w.paints) == 0 {
		return pagePaint
	}
	return w.paints[len(w.paints)-1]
}

// fontAttr returns the attribute key of a <font> element, "" for any
// other element.
func fontAttr(n *html.Node, key string) string {
	if n.DataAtom == atom.Font {
		return attr(n, key)
	}
	return ""
}

// unreadable reports an element whose text no reader takes as a request:
// a <dialog> without open or a popover, not rendered until opened; a ruby
// fallback (<rp>), a <progress> or <meter>, shown as something else by
// the browser's own style; a <bdo dir=rtl>, which shows its text
// backwards ("seniP ehT ot …"); and struck-out text (<del>, <s>,
// <strike>), which reads as withdrawn.
func unreadable(n *html.Node) bool {
	switch n.DataAtom {
	case atom.Dialog:
		return !hasAttr(n, "open")
	case atom.Bdo:
		return strings.EqualFold(strings.TrimSpace(attr(n, "dir")), "rtl")
	case atom.Rp, atom.Progress, atom.Meter, atom.Del, atom.S, atom.Strike:
		return true
	}
	return hasAttr(n, "popover")
}

// text writes a text node: white space collapsed outside <pre>, nothing
// when it is painted invisible. Only HTML white space collapses; NBSP is
// text here (an Outlook blank line is a paragraph holding one NBSP).
func (w *walker) text(n *html.Node) {
	s := n.Data
	if w.pre == 0 && !strings.ContainsFunc(s, isHTMLText) {
		w.space()
		return
	}
	if p := w.paint(); p.hidesText() || w.sheet.hidesColor(p.textColor()) || inClosedDetails(n) {
		if strings.TrimSpace(s) != "" {
			w.removed.Add("hidden-html")
		}
		return
	}
	if w.pre > 0 {
		w.out = append(w.out, s...)
		return
	}
	if isHTMLSpace(rune(s[0])) {
		w.space()
	}
	w.out = appendWords(w.out, s)
	if isHTMLSpace(rune(s[len(s)-1])) {
		w.space()
	}
}

// isHTMLSpace reports ASCII white space as HTML defines it.
func isHTMLSpace(r rune) bool {
	return r == ' ' || r == '\t' || r == '\n' || r == '\f' || r == '\r'
}

func isHTMLText(r rune) bool { return !isHTMLSpace(r) }

// appendWords appends the words of s, split at HTML white space, with one
// space between them: strings.Join(strings.FieldsFunc(s, isHTMLSpace),
// " ") without building either. White space is ASCII, so no byte of it is
// inside a UTF-8 sequence, valid or not.
func appendWords(dst []byte, s string) []byte {
	first := true
	for i := 0; i < len(s); {
		for i < len(s) && isHTMLSpace(rune(s[i])) {
			i++
		}
		j := i
		for j < len(s) && !isHTMLSpace(rune(s[j])) {
			j++
		}
		if j > i {
			if !first {
				dst = append(dst, ' ')
			}
			dst, first = append(dst, s[i:j]...), false
		}
		i = j
	}
	return dst
}

// space writes one space between words, never at the start of a line.
func (w *walker) space() {
	if len(w.out) > 0 && w.out[len(w.out)-1] != ' ' && w.out[len(w.out)-1] != '\n' {
		w.out = append(w.out, ' ')
	}
}

// brk ends the current line, and with n == 2 the paragraph, unless the
// output already does (or is empty). Trailing spaces are dropped first.
func (w *walker) brk(n int) {
	for len(w.out) > 0 && w.out[len(w.out)-1] == ' ' {
		w.out = w.out[:len(w.out)-1]
	}
	if len(w.out) == 0 {
		return
	}
	have := 0
	for have < n && have < len(w.out) && w.out[len(w.out)-1-have] == '\n' {
		have++
	}
	for ; have < n; have++ {
		w.out = append(w.out, '\n')
	}
}
