package approvals

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/mtibben/confusables"
	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"
)

// normalize returns the form names are compared in (docs/phrasings.md): NFKC,
// case-folded, whitespace collapsed to single spaces, surrounding quotes
// and brackets and trailing punctuation removed.
func normalize(s string) string {
	s = norm.NFKC.String(s)
	s = cases.Fold().String(s)
	s = strings.Join(strings.Fields(s), " ")
	for {
		t := trimDecoration(s)
		if t == s {
			return s
		}
		s = t
	}
}

const (
	quoteRunes    = "\"'`“”„‘’‚«»‹›"
	trailingPunct = ".,;:!?"
)

// closers maps an opening bracket to its closing one.
var closers = map[rune]rune{'(': ')', '[': ']', '{': '}', '<': '>'}

// trimDecoration removes one layer of quotes, brackets, trailing
// punctuation and surrounding space.
func trimDecoration(s string) string {
	s = strings.TrimSpace(s)
	s = strings.TrimRight(s, trailingPunct)
	s = strings.TrimLeft(s, quoteRunes)
	s = strings.TrimRight(s, quoteRunes)
	first, _ := utf8.DecodeRuneInString(s)
	last, _ := utf8.DecodeLastRuneInString(s)
	if c, ok := closers[first]; ok {
		switch {
		case last == c:
			return strings.TrimSpace(s[1 : len(s)-1])
		case !strings.ContainsRune(s, c):
			return s[1:]
		}
	}
	for open, c := range closers {
		if last == c && !strings.ContainsRune(s, open) {
			return s[:len(s)-1]
		}
	}
	return strings.TrimSpace(s)
}

// skeleton is the UTS #39 confusable skeleton of a normalised name.
func skeleton(n string) string { return confusables.Skeleton(n) }

// invisible reports whether r is a bidi control, a zero-width character or
// any other invisible format or control character that can hide in a name.
func invisible(r rune) bool {
	switch {
	case r >= 0x202A && r <= 0x202E, r >= 0x2066 && r <= 0x2069,
		r == 0x200E, r == 0x200F, r == 0x061C,
		r >= 0x200B && r <= 0x200D, r == 0x2060, r == 0xFEFF, r == 0x180E:
		return true
	case r == ' ' || r == '\t' || r == '\n' || r == '\r':
		return false
	}
	return unicode.In(r, unicode.Cf, unicode.Cc, unicode.Other_Default_Ignorable_Code_Point,
		unicode.Variation_Selector) || blank[r]
}

// blank are characters that render as nothing or as an empty cell but are
// neither format characters nor default-ignorable: the combining grapheme
// joiner, Hangul and Khmer fillers, the braille blank.
var blank = map[rune]bool{0x034F: true, 0x115F: true, 0x1160: true, 0x17B4: true, 0x17B5: true,
	0x2800: true, 0x3164: true, 0xFFA0: true}

// findInvisible returns the first invisible character of s as "U+XXXX",
// and "" when there is none.
func findInvisible(s string) string {
	for _, r := range s {
		if invisible(r) {
			return fmt.Sprintf("U+%04X", r)
		}
	}
	return ""
}

// stripInvisible removes every invisible character from s; one that
// renders as an empty cell (blank) becomes a space, as a reader sees it.
func stripInvisible(s string) string {
	return strings.Map(func(r rune) rune {
		if blank[r] && r != 0x034F {
			return ' '
		}
		if invisible(r) {
			return -1
		}
		return r
	}, s)
}

// confusableScripts are the scripts whose letters are commonly mistaken
// for one another; a word mixing two of them is suspicious.
var confusableScripts = []struct {
	name  string
	table *unicode.RangeTable
}{
	{"Latin", unicode.Latin}, {"Cyrillic", unicode.Cyrillic}, {"Greek", unicode.Greek},
	{"Armenian", unicode.Armenian}, {"Cherokee", unicode.Cherokee}, {"Coptic", unicode.Coptic},
}

// mixedScriptWord returns the first word of s whose letters come from more
// than one of confusableScripts, with the scripts it mixes; "" when none.
func mixedScriptWord(s string) (word, scripts string) {
	for _, w := range strings.Fields(s) {
		var seen []string
		for _, r := range w {
			for _, sc := range confusableScripts {
				if unicode.Is(sc.table, r) && !slices.Contains(seen, sc.name) {
					seen = append(seen, sc.name)
				}
			}
		}
		if len(seen) > 1 {
			return w, strings.Join(seen, " and ")
		}
	}
	return "", ""
}

// levenshtein returns the edit distance between a and b, in runes.
func levenshtein(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
