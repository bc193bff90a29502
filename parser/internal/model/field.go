package model

import (
	"regexp"
	"unicode/utf8"
)

// FormFieldRE is a request form's field line ("Property: The Pines"): an
// optional list marker, a label, a colon and the value. The grammar reads
// such lines as requests; the quote scanner must never take them for the
// header lines of a quoted message.
var FormFieldRE = regexp.MustCompile(`(?i)^(?:[-*•·]\s*)?((?:openkit\s+)?partners?|integrations?|propert(?:y|ies)|buildings?)(?:\s+names?)?\s*:\s*(.*)$`)

// ClipLine shortens s to at most n bytes, at a rune boundary, marking the
// cut with "…"; evidence quoted in a doubt is clipped so.
func ClipLine(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}
