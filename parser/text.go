package parser

// STUB: replaced by the visible-text work.

func plainBody(text string, lim Limits) Body { return Body{Source: "text/plain", Text: text} }
func htmlBody(html string, lim Limits) Body  { return Body{Source: "text/html", Text: html} }
