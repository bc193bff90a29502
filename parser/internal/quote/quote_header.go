package quote

import (
	"strings"
	"unicode"

	"intake/parser/internal/model"
)

// headerRunLines is how many lines isGenericHeaderBlock looks at, and
// minHeaderRun how many of them, one after the other, must be header lines.
const (
	headerRunLines = 6
	minHeaderRun   = 3
)

// isGenericHeaderBlock reports whether line i starts a quoted header block
// in a language fromLabels and headerLabels do not know (Korean "보낸 사람:",
// Turkish "Kimden:", Greek "Από:", ...): at least minHeaderRun consecutive
// "Label: value" lines whose labels are words, none a form field
// ("Property:", "Partner:"), with a digit (the date) or an address in one
// of the values. Missing such a block would read the quoted original, text
// the sender did not write, as new text; taking a block of the sender's own
// for one only sends the message to review.
func isGenericHeaderBlock(lines []line, i int) bool {
	n, evidence := 0, false
	for j := i; j < len(lines) && j < i+headerRunLines; j++ {
		label, rest := headerLabel(lines[j].text)
		if !isWordLabel(label) || model.FormFieldRE.MatchString(lines[j].text) {
			break
		}
		n++
		evidence = evidence || strings.ContainsAny(rest, "0123456789@")
	}
	return n >= minHeaderRun && evidence
}

// isWordLabel reports whether label is made of letters, combining marks,
// spaces, dots and hyphens only, as header labels are in every language.
func isWordLabel(label string) bool {
	if label == "" {
		return false
	}
	for _, r := range label {
		if !unicode.IsLetter(r) && !unicode.IsMark(r) && r != ' ' && r != '.' && r != '-' {
			return false
		}
	}
	return true
}
