package parser

import (
	"strings"

	"intake/parser/internal/quote"
	"intake/parser/internal/visible"
)

// htmlBody returns the visible new text of a text/html body that enmime
// has already decoded to UTF-8: the text a reader sees, minus the
// blockquotes the reader sees as quotes and with a signature container as
// the trailer (see visible.Read), then put through the same pipeline as
// text/plain. Zero fields of lim take the value of
// DefaultLimits.
//
// HTML that golang.org/x/net/html rejects (it refuses more than 512 open
// elements, so a 100k-deep nesting fails fast) or that is over
// lim.MaxHTMLBytes has no visible text: Text is "" and Removed is
// ["hidden-html"]. A request must never come from markup whose structure
// could not be read. Removed lists the labels of the markup left out
// first, then those of the text pass. A line of the visible text longer
// than lim.MaxLineBytes is a *LimitError, as in plainBody.
func htmlBody(src string, lim Limits) (Body, error) {
	lim = lim.withDefaults()
	b := Body{Source: "text/html"}
	r, err := readHTML(src, lim)
	if err != nil {
		b.Removed = []string{"hidden-html"}
		b.Doubts = []Doubt{{Kind: DoubtUnverified, Rule: "html-allowlist", Evidence: "markup intake cannot read: " + err.Error()}}
		return b, nil
	}
	tl := lim.text()
	tl.HTML = true
	tb, err := quote.Read(r.Text, tl)
	if err != nil {
		return Body{}, err
	}
	removed := r.Removed
	for _, l := range tb.Removed {
		removed.Add(l)
	}
	b.Text, b.Trailer, b.Removed, b.Doubts = tb.Text, tb.Trailer, removed, append(r.Doubts, tb.Doubts...)
	b.Quoted = quotedInOrder(tb.Quoted, r.Quoted)
	return b, nil
}

// quotedInOrder returns the quoted text of an HTML body in document
// order: the text pass's quoted lines (attributions, header blocks, what
// follows a cut), with each ">" line a removed blockquote left in the
// visible text (see visible's removeQuote: a bare ">", or "> " and the
// blockquote's first line) replaced by that blockquote's text. The
// Reading's Quoted holds those texts one per paragraph, in the order of
// the markers; a text no marker stands for follows at the end.
func quotedInOrder(textQuoted, readingQuoted string) string {
	var blocks []string
	for _, q := range strings.Split(readingQuoted, "\n\n") {
		if q = strings.TrimSpace(q); q != "" {
			blocks = append(blocks, q)
		}
	}
	next := 0
	var out []string
	for _, l := range strings.Split(textQuoted, "\n") {
		rest, marker := strings.CutPrefix(l, "> ")
		stands := l == ">" || marker && next < len(blocks) && strings.Contains(oneLine(blocks[next]), oneLine(rest))
		switch {
		case !stands:
			out = append(out, l)
		case next < len(blocks):
			out = append(out, blocks[next])
			next++
		}
	}
	out = append(out, blocks[next:]...)
	return strings.TrimSpace(strings.Join(out, "\n"))
}

// oneLine is s with its runs of white space as single spaces.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// readHTML is visible.Read within lim.MaxHTMLBytes.
func readHTML(src string, lim Limits) (visible.Reading, error) {
	if len(src) > lim.MaxHTMLBytes {
		return visible.Reading{}, &LimitError{Limit: "limits.html_bytes", Max: int64(lim.MaxHTMLBytes)}
	}
	return visible.Read(src)
}
