package grammar

import (
	"regexp"
	"slices"
	"strings"
	"unicode"
)

// A variant is one reading of a list of name phrases: the names, and how
// many optional separators ("and", "&", ",", "as well as") it reads as part
// of a name rather than between two names.
type variant struct {
	names []string
	joins int
}

// nameSepRe is an optional separator between two names. A comma followed
// by "and" or "&" (the Oxford comma) is one separator.
var nameSepRe = regexp.MustCompile(`(?i)\s*,\s*(?:(?:and|&)\s+)?|\s+(?:and|&|as\s+well\s+as)\s+`)

// A nameSep is one optional separator: which phrase it is in, and where.
type nameSep struct {
	phrase     int
	start, end int
}

// nameVariants returns the readings of phrases, each of which holds at
// least one name (a line of a form holds one phrase; a sentence's partner
// or property phrase is one). The reading with every separator splitting
// comes first, then readings joining one separator, then two, each level
// in order of the separators joined, at most maxVariants. The phrases
// are trimmed in place of white space and punctuation only, so that a
// separator inside a quoted name is still seen as inside it; the names are
// trimmed with trimName. over reports that the phrases hold more than
// maxNames names.
func nameVariants(phrases []string) (vs []variant, over bool) {
	var seps []nameSep
	names := 0
	for i := range phrases {
		phrases[i] = trimPhrase(phrases[i])
		ms := nameSepRe.FindAllStringIndex(phrases[i], maxNames)
		for _, m := range ms {
			seps = append(seps, nameSep{phrase: i, start: m[0], end: m[1]})
		}
		if names += 1 + len(ms); names > maxNames {
			return nil, true
		}
	}
	for j := 0; j <= len(seps) && len(vs) < maxVariants; j++ {
		forEachCombination(len(seps), j, func(joined []int) bool {
			vs = append(vs, variant{names: joinNames(phrases, seps, joined), joins: j})
			return len(vs) < maxVariants
		})
	}
	return vs, false
}

// forEachCombination calls f with each set of k indices out of n, in
// lexicographic order, until f returns false.
func forEachCombination(n, k int, f func([]int) bool) {
	idx := make([]int, k)
	for i := range idx {
		idx[i] = i
	}
	for {
		if !f(idx) {
			return
		}
		i := k - 1
		for i >= 0 && idx[i] == n-k+i {
			i--
		}
		if i < 0 {
			return
		}
		idx[i]++
		for j := i + 1; j < k; j++ {
			idx[j] = idx[j-1] + 1
		}
	}
}

// joinNames cuts the phrases at every separator not in joined.
func joinNames(phrases []string, seps []nameSep, joined []int) []string {
	var out []string
	s, start := 0, 0
	for p, phrase := range phrases {
		start = 0
		for ; s < len(seps) && seps[s].phrase == p; s++ {
			if isJoined(joined, s) {
				continue
			}
			out = append(out, segmentName(phrase[start:seps[s].start]))
			start = seps[s].end
		}
		out = append(out, segmentName(phrase[start:]))
	}
	return out
}

// segmentName trims one segment of a phrase into a name. A segment that
// opens a quotation without closing it, or closes one it did not open, was
// cut through a quoted name ("Smith and Sons Movers" in quotes, cut at
// "and"): it is returned untrimmed, so validNames rejects it.
func segmentName(seg string) string {
	if unbalancedQuotes(seg) {
		return seg
	}
	return trimName(seg)
}

// nameDoubleQuotes are the double quotation marks no name holds inside.
const nameDoubleQuotes = "\"“”«»„"

// unbalancedQuotes reports whether s closes a quotation it did not open or
// leaves one open. A straight double quote opens at the start or after a
// space or opening bracket, and closes anywhere else.
func unbalancedQuotes(s string) bool {
	depth := 0
	prev := ' '
	for _, r := range s {
		switch {
		case r == '“' || r == '„' || r == '«' || (r == '"' && (prev == ' ' || strings.ContainsRune(openBracket, prev))):
			depth++
		case r == '”' || r == '»' || r == '"':
			if depth == 0 {
				return true
			}
			depth--
		}
		prev = r
	}
	return depth != 0
}

// trimPhrase trims a phrase of surrounding white space, leading list
// punctuation and trailing sentence punctuation, but not of quotes.
func trimPhrase(s string) string {
	for {
		old := s
		s = strings.TrimLeft(strings.TrimSpace(s), nameLeading)
		s = strings.TrimRight(s, namePunct)
		if s == old {
			return s
		}
	}
}

func isJoined(joined []int, i int) bool {
	for _, j := range joined {
		if j == i {
			return true
		}
	}
	return false
}

// Characters trimmed from the ends of a name.
const (
	nameQuotes   = "\"'“”‘’«»„‚‹›"
	namePunct    = ".,;:!?"
	nameLeading  = ",;:"
	openBracket  = "([<{"
	closeBracket = ")]>}"
)

// trimName trims a name of surrounding white space and quotes, brackets
// that enclose it or have no partner in it, and trailing punctuation,
// until nothing changes: `"Acme Deliveries"` and "[The Pines]." become
// Acme Deliveries and The Pines; "Acme (NYC)" stays as written.
func trimName(s string) string {
	for {
		old := s
		s = strings.TrimSpace(s)
		s = strings.TrimLeft(s, nameQuotes+nameLeading)
		s = strings.TrimRight(s, nameQuotes+namePunct)
		s = trimBrackets(s)
		if s == old {
			return s
		}
	}
}

// trimBrackets removes one enclosing bracket pair, or an opening bracket
// at the start or a closing one at the end that has no partner in s.
func trimBrackets(s string) string {
	if s == "" {
		return s
	}
	first, last := s[0], s[len(s)-1]
	if i := strings.IndexByte(openBracket, first); i >= 0 {
		closer := closeBracket[i]
		if last == closer {
			return s[1 : len(s)-1]
		}
		if strings.IndexByte(s, closer) < 0 {
			return s[1:]
		}
	}
	if i := strings.IndexByte(closeBracket, last); i >= 0 && strings.IndexByte(s, openBracket[i]) < 0 {
		return s[:len(s)-1]
	}
	return s
}

// placeholderRe is an unfilled template field: "Partner Name",
// "Property", "your building name", "XXX", "TBD".
var placeholderRe = regexp.MustCompile(`(?i)^(?:(?:(?:the|your|a|an|insert|enter)\s+)?(?:openkit\s+|delivery\s+)?(?:partner|property|building|integration|company|vendor|community|site|courier|service)(?:\s+names?)?(?:\s+here)?|x{2,}|names?|tbd|tba|n/?a|todo)$`)

// isPlaceholder reports whether a non-empty name is a template field, or
// holds no letter or digit ("___").
func isPlaceholder(name string) bool {
	if name == "" {
		return false
	}
	return placeholderRe.MatchString(name) || strings.IndexFunc(name, func(r rune) bool {
		return unicode.IsLetter(r) || unicode.IsDigit(r)
	}) < 0
}

// hasPlaceholder reports whether any of names is a placeholder.
func hasPlaceholder(names []string) bool {
	return slices.ContainsFunc(names, isPlaceholder)
}

// notNames are pronouns and determiners that stand for a name without
// being one ("Remove me from your list", "remove them from Oak Court").
var notNames = wordSet("me us it them him her you this that these those everyone everybody all everything anything nothing someone somebody")

// validNames reports whether names holds at least one name, with no empty
// name, no pronoun standing for a name, no name holding a bracket of a
// template ("[", "]", "<", ">", "{", "}"), and no name holding a double
// quotation mark: a boundary cut through a quoted name.
func validNames(names []string) bool {
	if len(names) == 0 {
		return false
	}
	for _, n := range names {
		if n == "" || notNames[strings.ToLower(n)] || strings.ContainsAny(n, "[]<>{}"+nameDoubleQuotes) {
			return false
		}
	}
	return true
}
