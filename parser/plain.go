package parser

import "intake/parser/internal/quote"

// plainBody returns the visible new text of a text/plain body that enmime
// has already decoded to UTF-8 (quote.Plain). Zero fields of lim take the
// value of DefaultLimits.
func plainBody(text string, lim Limits) (Body, error) {
	return quote.Plain(text, lim.withDefaults().text())
}

// text returns the limits of the plain-text pipeline.
func (l Limits) text() quote.Limits {
	return quote.Limits{MaxLineBytes: l.MaxLineBytes, Reply: l.reply}
}
