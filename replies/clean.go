package replies

import (
	"strconv"
	"strings"
	"unicode"
)

// isSafeRune reports whether r may be written as it is: printable and not
// a format character (bidi controls, zero-width joiners).
func isSafeRune(r rune) bool { return unicode.IsPrint(r) && !unicode.Is(unicode.Cf, r) }

// clean returns s with every unsafe rune escaped as Go would quote it,
// without surrounding quotes, so that a name taken from mail cannot
// reorder or hide the text around it. It is the rule the CLI applies to
// its output. Safe text is returned unchanged.
func clean(s string) string {
	if strings.IndexFunc(s, func(r rune) bool { return !isSafeRune(r) }) < 0 {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if isSafeRune(r) {
			b.WriteRune(r)
			continue
		}
		q := strconv.QuoteRune(r)
		b.WriteString(q[1 : len(q)-1])
	}
	return b.String()
}
