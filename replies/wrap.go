package replies

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// maxLine is the longest line wrap makes where words allow: under the 78
// characters RFC 5322 section 2.1.1 asks for.
const maxLine = 77

// listPrefix matches the number of a list item, whose continuation lines
// are indented under its text.
var listPrefix = regexp.MustCompile(`^ *[0-9]+\. `)

// wrap breaks each line of text longer than maxLine at spaces, indenting
// the continuation lines as the line's text starts. A word longer than a
// line stays whole.
func wrap(text string) string {
	lines := strings.Split(text, "\n")
	var out []string
	for _, l := range lines {
		out = append(out, wrapLine(strings.TrimRight(l, " "))...)
	}
	return strings.Join(out, "\n")
}

// wrapLine returns l broken into lines of at most maxLine runes where
// words allow.
func wrapLine(l string) []string {
	if utf8.RuneCountInString(l) <= maxLine {
		return []string{l}
	}
	lead := l[:len(l)-len(strings.TrimLeft(l, " "))]
	indent := lead
	if p := listPrefix.FindString(l); p != "" {
		indent = strings.Repeat(" ", len(p))
	}
	words := strings.Fields(l)
	var out []string
	cur := lead + words[0]
	for _, w := range words[1:] {
		if utf8.RuneCountInString(cur)+1+utf8.RuneCountInString(w) > maxLine {
			out = append(out, cur)
			cur = indent + w
			continue
		}
		cur += " " + w
	}
	return append(out, cur)
}
