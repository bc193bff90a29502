package grammar

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode"

	"intake/parser/internal/model"
	"intake/parser/internal/quote"
)

// Plain and HTML alternatives (RFC 2046 section 5.1.4) are the same
// message for different readers: a reader shows one, intake reads the
// plain one. When their words differ beyond formatting, what intake read
// may not be what the sender's reader shows.

// linkRE finds what formatting adds around or instead of a link's text:
// a URL in angle brackets ("Door <https://door.com>", as clients write an
// HTML link in text/plain), a bare URL, or a mailto.
var linkRE = regexp.MustCompile(`(?i)<(?:https?|mailto|tel):[^>\s]*>|(?:https?://|mailto:|tel:)\S+`)

// phoneRE finds a phone number, and contactRE a contact label before one
// ("T: +1 555 0100", "Tel. 555-0100"): clients put contact details in one
// alternative's signature and not the other's.
var (
	phoneRE   = regexp.MustCompile(`\+?\(?\d[\d ().-]{5,}\d`)
	contactRE = regexp.MustCompile(`(?i)(?:^|[\s|•·])(?:t|m|p|f|o|c|tel|tél|phone|mobile|cell|fax|office|direct|e-?mail|mail|e)\s*[:.]\s*(?:\+|\(|\d|\S+@)`)
)

// textWords returns the words of a reading's new text as a reader
// compares them: links, addresses, phone numbers and contact labels
// dropped, lowercased, split at every character that is not a letter,
// digit or mark (so whitespace, NBSP, case, punctuation and bullets do not
// count).
func textWords(text string) []string {
	text = contactRE.ReplaceAllStringFunc(text, func(s string) string {
		return s[len(s)-1:] // keep what follows the label, dropped below
	})
	text = linkRE.ReplaceAllString(text, " ")
	text = phoneRE.ReplaceAllString(quote.AddressRE.ReplaceAllString(text, " "), " ")
	return plainWords(text)
}

// plainWords splits text into lower-case words at every character that is
// not a letter, digit or mark.
func plainWords(text string) []string {
	return strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.IsMark(r)
	})
}

// WordDoubt returns the doubt of plain and HTML readings whose words
// differ, with the first differing words of each as evidence.
//
// Readings with the same plain words (split as textWords splits, nothing
// dropped) say the same thing, and are compared no further: the dropping
// only tolerates differences, and it costs several passes over the text.
func WordDoubt(plain, html model.Body) (model.Doubt, bool) {
	if slices.Equal(plainWords(plain.Text), plainWords(html.Text)) {
		return model.Doubt{}, false
	}
	p, h := textWords(plain.Text), textWords(html.Text)
	if slices.Equal(p, h) {
		return model.Doubt{}, false
	}
	i := 0
	for i < len(p) && i < len(h) && p[i] == h[i] {
		i++
	}
	return model.Doubt{Kind: model.DoubtUnverified, Rule: "mime-alternative-words", Evidence: fmt.Sprintf("text/plain and text/html differ from word %d: plain %q, html %q",
		i+1, wordsAt(p, i), wordsAt(h, i))}, true
}

// wordsAt returns up to evidenceWords words of ws from i, "" past its end.
func wordsAt(ws []string, i int) string {
	if i >= len(ws) {
		return ""
	}
	return strings.Join(ws[i:min(len(ws), i+evidenceWords)], " ")
}

// evidenceWords is how many differing words the evidence shows of each reading.
const evidenceWords = 8
