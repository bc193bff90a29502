// Package safetext escapes text taken from mail before intake shows it to
// a person: names, senders and subjects may hold control, bidi or
// zero-width characters that would reorder, hide or scramble the text
// around them, on a terminal (the CLI) or in a reply (replies).
package safetext

import (
	"strconv"
	"strings"
	"unicode"
)

// SafeRune reports whether r prints as itself: a graphic character that
// is not a format (Cf: bidi, zero-width) character.
func SafeRune(r rune) bool { return unicode.IsPrint(r) && !unicode.Is(unicode.Cf, r) }

// Clean returns s with every rune that is not SafeRune escaped as Go would
// quote it, without surrounding quotes. Safe text is returned unchanged.
func Clean(s string) string {
	if strings.IndexFunc(s, func(r rune) bool { return !SafeRune(r) }) < 0 {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if SafeRune(r) {
			b.WriteRune(r)
			continue
		}
		q := strconv.QuoteRune(r)
		b.WriteString(q[1 : len(q)-1])
	}
	return b.String()
}
