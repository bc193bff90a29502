package render

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// ContainsSentence reports whether text (usually OCR output) shows
// sentence as written: its words in order, from its first word to its
// last, with nothing added between them.
//
// Case, punctuation and spacing are ignored, and so is the noise OCR
// makes: a word read with a letter or two wrong, a word split in two or
// two words run together, a stray one-letter token, and (in a sentence
// of ten words or more, one in ten) an inner word misread or dropped. A
// word of two letters or more between the first and the last is never
// noise: "We do not give ..." does not contain "We give ...". An empty
// sentence is contained in any text.
func ContainsSentence(text, sentence string) bool {
	s, t := Words(sentence), Words(text)
	if len(s) == 0 {
		return true
	}
	return align(s, t) <= max(1, len(s)/10)
}

// Words returns the words of s for matching: NFKC-folded, lowercased,
// letters and digits only (an apostrophe inside a word is dropped, so
// "don't" is "dont"), with the letters OCR confuses most (1, i, |, l; 0,
// o; 5, s) folded together.
func Words(s string) []string {
	s = norm.NFKC.String(strings.ToLower(s))
	var out []string
	var w strings.Builder
	flush := func() {
		if w.Len() > 0 {
			out = append(out, w.String())
			w.Reset()
		}
	}
	for _, r := range s {
		switch {
		case r == '\'' || r == '’':
		case r == '1' || r == 'i' || r == '|':
			w.WriteRune('l')
		case r == '0':
			w.WriteRune('o')
		case r == '5':
			w.WriteRune('s')
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			w.WriteRune(r)
		default:
			flush()
		}
	}
	flush()
	return out
}

// forbidden is the cost of a step the alignment may not take.
const forbidden = 1 << 20

// align returns the least cost of reading the words s, in order, somewhere
// in the words t: the best span starts with s's first word and ends with
// its last, each read as written, split in two or run into the next. Inside
// the span a misread or dropped word of s costs 1, and so does a stray
// one-letter word of t; any longer word of t is forbidden.
func align(s, t []string) int {
	m, n := len(s), len(t)
	// d[i][j]: least cost of s[:i] read ending just before t[j]; a span may
	// start at any j.
	d := make([][]int, m+1)
	for i := range d {
		d[i] = make([]int, n+1)
		for j := range d[i] {
			if i > 0 {
				d[i][j] = forbidden
			}
		}
	}
	inner := func(i int) bool { return i > 0 && i < m-1 }
	relax := func(i, j, c int) {
		if i <= m && j <= n && c < d[i][j] {
			d[i][j] = c
		}
	}
	for i := 0; i <= m; i++ {
		for j := 0; j <= n; j++ {
			c := d[i][j]
			if c >= forbidden || i == m {
				continue
			}
			if inner(i) {
				relax(i+1, j, c+1) // dropped by OCR
			}
			if j == n {
				continue
			}
			if i > 0 {
				if len([]rune(t[j])) <= 1 {
					relax(i, j+1, c+1) // a speck read as a letter
				}
			}
			switch {
			case similar(s[i], t[j]):
				relax(i+1, j+1, c)
			case inner(i):
				relax(i+1, j+1, c+1) // misread beyond recognition
			}
			if j+1 < n && joined(s[i], t[j]+t[j+1]) {
				relax(i+1, j+2, c)
			}
			if i+1 < m && joined(s[i]+s[i+1], t[j]) {
				relax(i+2, j+1, c)
			}
		}
	}
	best := forbidden
	for j := 0; j <= n; j++ {
		best = min(best, d[m][j])
	}
	return best
}

// similar reports whether b is word a as OCR may read it: equal, or (for
// longer words) an edit or two away.
func similar(a, b string) bool {
	if a == b {
		return true
	}
	ra, rb := []rune(a), []rune(b)
	n := min(len(ra), len(rb))
	switch {
	case n >= 8:
		return distance(ra, rb) <= 2
	case n >= 4:
		return distance(ra, rb) <= 1
	}
	return false
}

// joined reports whether a and b, one of them two words run together,
// are the same word as OCR may read it: at most one edit apart, so that
// a short word glued to a long one ("nopermission") is not taken for a
// split.
func joined(a, b string) bool {
	return a == b || distance([]rune(a), []rune(b)) <= 1 && min(len(a), len(b)) >= 4
}

// distance is the Levenshtein distance between a and b.
func distance(a, b []rune) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			sub := prev[j-1]
			if a[i-1] != b[j-1] {
				sub++
			}
			cur[j] = min(sub, prev[j]+1, cur[j-1]+1)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
