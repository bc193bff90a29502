package grammar

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// hedgeWords start the trailer of a request's names (cutTrailer): negation
// (which makes the sentence no request, see refuses), condition,
// hypothesis, doubt, a delay or limit, reported speech and alternatives.
// A name that contains one of them ("Once Upon Lofts") is therefore cut:
// the request goes to staff. They are also explanation vocabulary
// (explain) and are never a name in a signature (commonWords).
var hedgeWords = map[string]bool{
	// negation
	"not": true, "never": true, "nor": true, "neither": true, "cannot": true,
	"dont": true, "doesnt": true, "didnt": true, "cant": true, "wont": true,
	"isnt": true, "arent": true, "shouldnt": true, "wouldnt": true, "couldnt": true,
	"without": true, "except": true, "instead": true,
	"nothing": true, "nobody": true, "none": true, "noone": true,
	// condition and hypothesis
	"if": true, "unless": true, "until": true, "till": true, "whether": true,
	"once": true, "when": true, "whenever": true, "after": true, "before": true,
	"provided": true, "providing": true, "assuming": true, "suppose": true,
	"supposing": true, "hypothetically": true, "hypothetical": true,
	"pending": true, "contingent": true, "conditional": true, "conditionally": true,
	"depending": true, "subject": true,
	// doubt and modality
	"maybe": true, "perhaps": true, "possibly": true, "might": true,
	"could": true, "would": true, "should": true, "or": true, "either": true,
	// timing and limits
	"later": true, "eventually": true, "temporarily": true, "effective": true,
	"starting": true, "beginning": true, "through": true,
	"soon": true, "tomorrow": true, "tonight": true, "next": true,
	// reported speech
	"said": true, "says": true, "told": true, "asked": true, "wrote": true,
	"claimed": true, "claims": true, "reportedly": true, "apparently": true,
}

// hedgePhrases are hedges of several words, lowercased.
var hedgePhrases = []string{"no one", "as soon as", "as long as", "so long as", "as of", "in case", "by the time"}

// leadHedgeWords are words of conditions, tests and retractions that are
// too common in names to cut them ("Demo Court"): explanation vocabulary
// (explain) and words that are no name in a signature (commonWords).
var leadHedgeWords = map[string]bool{
	"must": true, "need": true, "needs": true, "require": true, "requires": true, "approve": true,
	"draft": true, "test": true, "testing": true, "demo": true, "staging": true, "sandbox": true,
	"example": true, "sample": true, "joke": true, "joking": true, "kidding": true,
	"rejected": true, "declined": true, "denied": true, "cancelled": true, "canceled": true,
	"withdrawn": true, "ignore": true, "disregard": true, "retract": true, "hold": true,
}

// retractionPhrases take back what a message says ("… to The Pines. Just
// kidding!"). They explain a held sentence (explain); they no longer
// decide anything: what is not allow-listed courtesy holds the request
// whatever it says. retracts looks for them word by word.
var retractionPhrases = []string{
	"kidding", "joking", "as a joke", "never mind", "nevermind", "scratch that",
	"disregard", "retract", "retracted", "ignore the previous", "ignore my previous",
	"ignore the above", "ignore that", "ignore this", "not serious",
}

// retracts reports whether text holds one of retractionPhrases as whole
// words, case folded. It is one pass over the words, without copying:
// it runs on the whole new text of every message with a request.
func retracts(text string) bool {
	var w0, w1, w2 string // the word, the one before, the one before that
	for i := 0; i < len(text); {
		if !isASCIILetter(text[i]) {
			i++
			continue
		}
		j := i
		for j < len(text) && isASCIILetter(text[j]) {
			j++
		}
		if (i > 0 && isWordByte(text[i-1])) || (j < len(text) && isWordByte(text[j])) {
			w0, w1, w2 = "", "", "" // part of a longer word: "kidding2", "é-joke"
			i = j
			continue
		}
		w2, w1, w0 = w1, w0, text[i:j]
		i = j
		if retraction(w0, w1, w2) {
			return true
		}
	}
	return false
}

// retraction reports whether the word w0, after w1 and w2, ends one of
// retractionPhrases. Most words are ruled out by their length alone.
func retraction(w0, w1, w2 string) bool {
	is := func(w, s string) bool { return len(w) == len(s) && strings.EqualFold(w, s) }
	switch len(w0) {
	case 4:
		return is(w0, "joke") && is(w1, "a") && is(w2, "as") ||
			is(w0, "mind") && is(w1, "never") ||
			is(w0, "that") && (is(w1, "scratch") || is(w1, "ignore")) ||
			is(w0, "this") && is(w1, "ignore")
	case 5:
		return is(w0, "above") && is(w1, "the") && is(w2, "ignore")
	case 6:
		return is(w0, "joking")
	case 7:
		return is(w0, "kidding") || is(w0, "retract") || is(w0, "serious") && is(w1, "not")
	case 8:
		return is(w0, "previous") && (is(w1, "the") || is(w1, "my")) && is(w2, "ignore")
	case 9:
		return is(w0, "nevermind") || is(w0, "disregard") || is(w0, "retracted")
	}
	return false
}

func isASCIILetter(c byte) bool { return 'a' <= c|0x20 && c|0x20 <= 'z' }

// hasHedgePhrase reports whether the lowercased s holds a hedge phrase as
// whole words.
func hasHedgePhrase(lower string) bool {
	return hasPhrase(lower, hedgePhrases)
}

// hasPhrase reports whether the lowercased s holds one of phrases as
// whole words.
func hasPhrase(lower string, phrases []string) bool {
	for _, p := range phrases {
		for i := 0; i+len(p) <= len(lower); {
			j := strings.Index(lower[i:], p)
			if j < 0 {
				break
			}
			at, end := i+j, i+j+len(p)
			if (at == 0 || !isWordByte(lower[at-1])) && (end == len(lower) || !isWordByte(lower[end])) {
				return true
			}
			i = at + 1
		}
	}
	return false
}

// hedged reports whether s holds a hedge word, a word ending in "n't", a
// question mark, or "no" other than the abbreviation "No." or "no" before a
// number ("No 5").
func hedged(s string) bool { return hedgedWith(s, nil) }

// hedgedWith is hedged with the words of extra as hedge words too.
func hedgedWith(s string, extra map[string]bool) bool {
	if strings.ContainsAny(s, "?？") {
		return true
	}
	lower := strings.ToLower(s)
	if hasHedgePhrase(lower) {
		return true
	}
	words := hedgeTokens(lower)
	for i, w := range words {
		switch {
		case hedgeWords[w.text] || extra[w.text]:
			return true
		case strings.HasSuffix(w.text, "n't") || strings.HasSuffix(w.text, "n’t"):
			return true
		case w.text == "no" && !numberNo(lower, w.end, words, i):
			return true
		}
	}
	return false
}

// A hedgeToken is one word and where it ends in the text.
type hedgeToken struct {
	text string
	end  int
}

// hedgeTokens splits s into words of letters, digits and apostrophes,
// without leading or trailing apostrophes. Callers lowercase s first.
func hedgeTokens(s string) []hedgeToken {
	var out []hedgeToken
	start := -1
	for i, r := range s {
		inWord := r == '\'' || r == '’' || unicode.IsLetter(r) || unicode.IsDigit(r)
		if inWord && start < 0 {
			start = i
		} else if !inWord && start >= 0 {
			out = appendToken(out, s[start:i], i)
			start = -1
		}
	}
	if start >= 0 {
		out = appendToken(out, s[start:], len(s))
	}
	return out
}

func appendToken(out []hedgeToken, w string, end int) []hedgeToken {
	if w = strings.Trim(w, "'’"); w != "" {
		out = append(out, hedgeToken{text: w, end: end})
	}
	return out
}

// numberNo reports whether the "no" ending at end is "No." or is followed
// by a number: an abbreviation for "number", not a negation.
func numberNo(s string, end int, words []hedgeToken, i int) bool {
	if end < len(s) && s[end] == '.' {
		return true
	}
	if i+1 < len(words) {
		r, _ := utf8.DecodeRuneInString(words[i+1].text)
		return unicode.IsDigit(r)
	}
	return false
}

// The explanation vocabulary: what a held sentence appears to do, shown
// to staff with the sentence (Doubt.Why). It never decides whether a
// sentence is held: the allow-list of harmless kinds does (courtesy.go).
// It covers English, with the commonest holds, cancellations and
// corrections of Spanish, French and German.
var (
	retractionWords = wordSet("cancel cancelled canceled cancellation withdraw withdrawn retract retracted disregard ignore scratch kidding joking joke revert undo cancelar cancelado anular ignorar annuler annulé annulez ignorez stornieren storniert ignorieren zurückziehen")
	correctionWords = wordSet("meant sorry correction typo wrong mistake instead actually oops rather perdón perdon quise quería equivocado désolé pardon erreur plutôt sorry entschuldigung falsch gemeint stattdessen")
	holdWords       = wordSet("hold wait pause paused postpone postponed delay delayed until till later yet pending espera esperar esperen hasta todavía attendez attendre attente jusqu'à warten bis noch erst")
	conditionWords  = wordSet("if unless once provided providing assuming contingent conditional depending subject when whenever si sauf falls wenn sofern")
	limitWords      = wordSet("only except just temporarily temporary through solo sólo solamente seulement uniquement nur ausschließlich excepto sauf außer")
	draftWords      = wordSet("draft drafts proposed proposal test testing demo sample example template wording borrador prueba brouillon essai entwurf vorschlag")
)

// explanations are tried in order: the first kind with a word in the
// sentence explains it.
var explanations = []struct {
	kind  string
	words map[string]bool
}{
	{"a retraction", retractionWords},
	{"a correction", correctionWords},
	{"a hold", holdWords},
	{"a condition", conditionWords},
	{"a limit", limitWords},
	{"a draft or test", draftWords},
	{"a doubt, condition or report", hedgeWords},
	{"a condition or hold", leadHedgeWords},
}

// explain returns why a held sentence looks doubtful, from the
// explanation vocabulary: "reads as a hold: 'until'"; "not a kind of
// sentence known to be harmless" when no word of it is known.
func explain(s string) string {
	if retracts(s) {
		return "reads as a retraction"
	}
	words := hedgeTokens(strings.ToLower(s))
	for _, e := range explanations {
		for _, w := range words {
			if e.words[w.text] {
				return "reads as " + e.kind + ": '" + w.text + "'"
			}
		}
	}
	for _, w := range words {
		if strings.HasSuffix(w.text, "n't") || strings.HasSuffix(w.text, "n’t") || w.text == "no" {
			return "reads as a negation: '" + w.text + "'"
		}
	}
	if strings.ContainsAny(s, "?？") {
		return "reads as a question"
	}
	return "not a kind of sentence known to be harmless"
}
