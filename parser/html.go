package parser

import (
	"strings"

	"intake/parser/internal/quote"
	"intake/parser/internal/visible"
)

// htmlBody returns the visible new text of a text/html body that enmime
// has already decoded to UTF-8: the text a reader sees, minus the quote,
// forward and signature containers mail clients mark, then put through the
// same pipeline as text/plain. Zero fields of lim take the value of
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
	tb, err := quote.Read(r.Text, lim.text())
	if err != nil {
		return Body{}, err
	}
	removed := r.Removed
	for _, l := range tb.Removed {
		removed.Add(l)
	}
	b.Text, b.Trailer, b.Removed, b.Doubts = tb.Text, tb.Trailer, removed, append(r.Doubts, tb.Doubts...)
	b.Quoted = strings.TrimSpace(r.Quoted + "\n\n" + withoutMarkers(tb.Quoted))
	return b, nil
}

// withoutMarkers drops from quoted the bare ">" lines that removed quote
// containers leave in the visible text for the text pass (see
// visible's removeQuote): their text is in the Reading's Quoted already.
func withoutMarkers(quoted string) string {
	lines := strings.Split(quoted, "\n")
	kept := lines[:0]
	for _, l := range lines {
		if l != ">" {
			kept = append(kept, l)
		}
	}
	return strings.Join(kept, "\n")
}

// readHTML is visible.Read within lim.MaxHTMLBytes.
func readHTML(src string, lim Limits) (visible.Reading, error) {
	if len(src) > lim.MaxHTMLBytes {
		return visible.Reading{}, &LimitError{Limit: "limits.html_bytes", Max: int64(lim.MaxHTMLBytes)}
	}
	return visible.Read(src)
}
