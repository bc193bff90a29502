package grammar

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The text around a request's grammar: what refuses the request (the
// sentence is then none), and what only holds it (a trailer after the
// names, Statement.Held).

// refusalWords make a sentence that holds them in its lead or trailer no
// request (docs/phrasings.md): negation and reported speech.
var refusalWords = wordSet(`not never nor neither cannot dont doesnt didnt cant wont isnt arent shouldnt wouldnt couldnt
	nothing nobody none noone said says told asked wrote claimed claims reportedly apparently`)

// refuses reports text that negates or reports: one of refusalWords, a
// word ending in "n't", "no one", or "no" other than "No." or "no" before
// a number.
func refuses(text string) bool {
	lower := strings.ToLower(text)
	if hasPhrase(lower, []string{"no one"}) {
		return true
	}
	words := hedgeTokens(lower)
	for i, w := range words {
		switch {
		case refusalWords[w.text], strings.HasSuffix(w.text, "n't"), strings.HasSuffix(w.text, "n’t"):
			return true
		case w.text == "no" && !numberNo(lower, w.end, words, i):
			return true
		}
	}
	return false
}

// nameConnectors are the lower-case words names and the grammar's own
// phrases are written with ("Gateway to the West Lofts", "Acme
// Deliveries' access to Harbor View"). Any other lower-case word in a
// sentence that is not all lower case starts a trailer.
var nameConnectors = wordSet(`to the of and at on from in by for a an de la le les du des del da von van der den y et und e access`)

// trailerGlue are the words that join a trailer to the names before it:
// they belong to the trailer ("... to The Pines from tomorrow").
var trailerGlue = wordSet(`to at on from in by for and or but with as of so then just only effective starting beginning`)

// cutTrailer splits the names part of a verb phrase into the names and
// a trailer: the trailer starts at the first hedge (see hedged), or, when
// the sentence is not all lower case (lower), at the first lower-case
// word that is not one of nameConnectors. The words of trailerGlue and
// the punctuation before it go with the trailer.
func cutTrailer(names string, lower bool) (rest, trailer string) {
	at := hedgeAt(names)
	if !lower {
		if i := lowerWordAt(names); i >= 0 && (at < 0 || i < at) {
			at = i
		}
	}
	if at < 0 {
		return names, ""
	}
	cut := backOverGlue(names, at)
	return strings.TrimRight(names[:cut], " ,;:-–—(\"'“‘"), strings.TrimLeft(names[cut:], " ,;:-–—")
}

// hedgeAt returns where the first hedge word, "n't" word, hedge phrase or
// "no" (see numberNo) starts in s, -1 when there is none.
func hedgeAt(s string) int {
	lower := strings.ToLower(s)
	at := -1
	for _, p := range hedgePhrases {
		if i := phraseIndex(lower, p); i >= 0 && (at < 0 || i < at) {
			at = i
		}
	}
	words := hedgeTokens(lower)
	for i, w := range words {
		if at >= 0 && w.end > at {
			break
		}
		if hedgeWords[w.text] || strings.HasSuffix(w.text, "n't") || strings.HasSuffix(w.text, "n’t") ||
			w.text == "no" && !numberNo(lower, w.end, words, i) {
			return w.end - len(w.text)
		}
	}
	return at
}

// phraseIndex returns where phrase first stands in lower as whole words,
// -1 when it does not.
func phraseIndex(lower, phrase string) int {
	for i := 0; i+len(phrase) <= len(lower); {
		j := strings.Index(lower[i:], phrase)
		if j < 0 {
			return -1
		}
		at, end := i+j, i+j+len(phrase)
		if (at == 0 || !isWordByte(lower[at-1])) && (end == len(lower) || !isWordByte(lower[end])) {
			return at
		}
		i = at + 1
	}
	return -1
}

// lowerWordAt returns where the first word of s that starts with a
// lower-case letter and is not one of nameConnectors starts, -1 when
// there is none, or of the first word without a letter or digit (an
// emoji). Quotes and brackets around a word are ignored.
func lowerWordAt(s string) int {
	words := spacedWords(s)
	for i := 0; i < len(words); i++ {
		f := words[i]
		w := strings.Trim(f.text, `,;:.!()[]"'“”‘’`)
		if w == "" {
			continue
		}
		if i+2 < len(words) && strings.EqualFold(w, "as") && strings.EqualFold(words[i+1].text, "well") && strings.EqualFold(words[i+2].text, "as") {
			i += 2 // "Acme Deliveries as well as Parcel Pal"
			continue
		}
		if mixedScript(w) {
			continue // a name with a confusable letter: resolution calls it suspicious
		}
		r, _ := utf8.DecodeRuneInString(w)
		if unicode.IsLower(r) && !nameConnectors[strings.ToLower(w)] || !hasLetterOrDigit(w) && w != "&" {
			return f.at
		}
	}
	return -1
}

// mixedScript reports a word with Latin letters and letters of another
// script: "аnd" with a Cyrillic "а".
func mixedScript(w string) bool {
	latin, other := false, false
	for _, r := range w {
		if unicode.IsLetter(r) {
			if unicode.Is(unicode.Latin, r) {
				latin = true
			} else {
				other = true
			}
		}
	}
	return latin && other
}

func hasLetterOrDigit(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) >= 0
}

// A spacedWord is one space-separated word of a string and where it starts.
type spacedWord struct {
	text string
	at   int
}

func spacedWords(s string) []spacedWord {
	var out []spacedWord
	start := -1
	for i := 0; i <= len(s); i++ {
		if i == len(s) || s[i] == ' ' {
			if start >= 0 {
				out = append(out, spacedWord{s[start:i], start})
				start = -1
			}
			continue
		}
		if start < 0 {
			start = i
		}
	}
	return out
}

// backOverGlue moves a trailer's start back over the glue words and
// punctuation before it.
func backOverGlue(s string, at int) int {
	for {
		j := strings.TrimRight(s[:at], " ,;:-–—(")
		k := strings.LastIndexByte(j, ' ') + 1
		if k >= len(j) || !trailerGlue[strings.ToLower(j[k:])] || k == 0 {
			return len(j)
		}
		at = k
	}
}

// cutCourtesyTail removes a courtesy written after the names behind a
// comma or spaced dash: "... to The Pines — gracias, María". The tail must
// open with thanks, a sign-off or "please", and hold nothing but courtesy
// after it: a bare name after a comma is another name ("to The Pines,
// Oak Court").
func cutCourtesyTail(names string) string {
	c := &courtesyContext{}
	for i := 0; i < len(names); i++ {
		n := boundaryLen(names, i)
		if n == 0 {
			continue
		}
		tail := strings.TrimSpace(names[i+n:])
		first := firstFragment(tail)
		if first == "" || !(thanksRe.MatchString(first) || signOffRe.MatchString(first) || strings.EqualFold(first, "please")) {
			continue
		}
		if c.harmless(strings.TrimRight(tail, ".!"), true) {
			return names[:i]
		}
	}
	return names
}

// commonNameWord returns the first word of a names part (split at
// spaces, so that a format character inside a name does not make words of
// its pieces) that is one of
// commonWords (in any case) and not one of nameConnectors, "" when there
// is none. Such a word may be a name ("Main Street Lofts"), or a word
// after a comma that the names list would read as one ("to The Pines,
// Postponed"): the request is held, its names kept for resolution.
func commonNameWord(names string) string {
	names = strings.ReplaceAll(names, " as well as ", " and ")
	for _, f := range strings.Fields(strings.ToLower(names)) {
		w := strings.Trim(f, `,;:.!()[]"'“”‘’`)
		if commonWords[w] && !nameConnectors[w] {
			return w
		}
	}
	return ""
}

// listConjunctionRe is a conjunction that closes a list of names.
var listConjunctionRe = regexp.MustCompile(`(?i)(?:^|\s)(?:and|&|y|und|et|e|as\s+well\s+as)\s`)

// openList reports a names part with a comma whose last item is not
// joined by a conjunction: "to The Pines, Weekends" may name two
// properties, or one and a limit. "The Pines, Oak Court and Harbor View"
// is a closed list.
func openList(names string) bool {
	i := strings.LastIndexByte(names, ',')
	return i >= 0 && !listConjunctionRe.MatchString(names[i+1:]+" ")
}
