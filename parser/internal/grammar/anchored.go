package grammar

import (
	"regexp"
	"regexp/syntax"
	"unicode"
	"unicode/utf8"
)

// The allow-list's regexps are anchored at the start ("^") and most of
// their alternatives open with a letter, in any case. A text whose first
// byte opens none of them cannot match, and is turned away before the
// regexp runs: the set of first bytes is derived from the regexp itself
// (see firstBytes), so the gate cannot change what matches.

// maxGateRange bounds the runes of one character range a gate lists; a
// wider range (\p{L}, [^\s]) leaves the regexp without a gate.
const maxGateRange = 4096

// An anchoredRe is a regexp with a gate on the first byte of its input.
// MatchString and FindStringSubmatch answer as the regexp's own do.
type anchoredRe struct {
	*regexp.Regexp
	first *[256]bool // nil: every input goes to the regexp
}

// mustAnchored compiles expr as regexp.MustCompile does, with its gate.
func mustAnchored(expr string) *anchoredRe {
	return &anchoredRe{Regexp: regexp.MustCompile(expr), first: firstBytes(expr)}
}

// may reports that s is not turned away by the gate.
func (a *anchoredRe) may(s string) bool {
	return a.first == nil || s != "" && a.first[s[0]]
}

// MatchString reports whether s holds a match of the regexp.
func (a *anchoredRe) MatchString(s string) bool {
	return a.may(s) && a.Regexp.MatchString(s)
}

// FindStringSubmatch is regexp.Regexp's FindStringSubmatch.
func (a *anchoredRe) FindStringSubmatch(s string) []string {
	if !a.may(s) {
		return nil
	}
	return a.Regexp.FindStringSubmatch(s)
}

// firstBytes returns the bytes a match of expr can start its input with,
// nil when it cannot tell: expr is not anchored at the start of the text,
// can match the empty string, can open with any rune, with a range wider
// than maxGateRange, or with U+FFFD (which an invalid byte reads as).
func firstBytes(expr string) *[256]bool {
	re, err := syntax.Parse(expr, syntax.Perl)
	if err != nil {
		return nil
	}
	re = re.Simplify()
	if re.Op != syntax.OpConcat || len(re.Sub) == 0 || re.Sub[0].Op != syntax.OpBeginText {
		return nil
	}
	var fs firstSet
	if nullable, ok := fs.concat(re.Sub[1:]); nullable || !ok {
		return nil
	}
	var out [256]bool
	for _, r := range fs.runes {
		if r == utf8.RuneError {
			return nil
		}
		var b [utf8.UTFMax]byte
		utf8.EncodeRune(b[:], r)
		out[b[0]] = true
	}
	return &out
}

// A firstSet gathers the runes a regexp can open with.
type firstSet struct{ runes []rune }

// add adds the runes lo to hi, and with fold the runes they fold to
// (unicode.SimpleFold, as (?i) matches); ok is false when the range is
// wider than maxGateRange.
func (fs *firstSet) add(lo, hi rune, fold bool) bool {
	if hi-lo > maxGateRange {
		return false
	}
	for r := lo; r <= hi; r++ {
		fs.runes = append(fs.runes, r)
		for f := unicode.SimpleFold(r); fold && f != r; f = unicode.SimpleFold(f) {
			fs.runes = append(fs.runes, f)
		}
	}
	return true
}

// of adds the runes re can open with; nullable reports that re can match
// the empty string (or only asserts, like "$"), so that what follows it
// can open the match too.
func (fs *firstSet) of(re *syntax.Regexp) (nullable, ok bool) {
	fold := re.Flags&syntax.FoldCase != 0
	switch re.Op {
	case syntax.OpEmptyMatch, syntax.OpBeginLine, syntax.OpEndLine, syntax.OpBeginText, syntax.OpEndText,
		syntax.OpWordBoundary, syntax.OpNoWordBoundary:
		return true, true
	case syntax.OpLiteral:
		if len(re.Rune) == 0 {
			return true, true
		}
		return false, fs.add(re.Rune[0], re.Rune[0], fold)
	case syntax.OpCharClass:
		for i := 0; i+1 < len(re.Rune); i += 2 {
			if !fs.add(re.Rune[i], re.Rune[i+1], fold) {
				return false, false
			}
		}
		return false, true
	case syntax.OpCapture:
		return fs.of(re.Sub[0])
	case syntax.OpStar, syntax.OpQuest:
		_, ok := fs.of(re.Sub[0])
		return true, ok
	case syntax.OpPlus:
		return fs.of(re.Sub[0])
	case syntax.OpRepeat:
		nullable, ok := fs.of(re.Sub[0])
		return nullable || re.Min == 0, ok
	case syntax.OpConcat:
		return fs.concat(re.Sub)
	case syntax.OpAlternate:
		empty := false
		for _, sub := range re.Sub {
			nullable, ok := fs.of(sub)
			if !ok {
				return false, false
			}
			empty = empty || nullable
		}
		return empty, true
	}
	return false, false
}

// concat adds the runes a sequence can open with: those of its first
// element, and of the next while the ones before can match empty.
func (fs *firstSet) concat(subs []*syntax.Regexp) (nullable, ok bool) {
	for _, sub := range subs {
		nullable, ok := fs.of(sub)
		if !ok {
			return false, false
		}
		if !nullable {
			return false, true
		}
	}
	return true, true
}
