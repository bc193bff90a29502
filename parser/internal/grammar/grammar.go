package grammar

import (
	"regexp"
	"strings"

	"intake/parser/internal/model"
)

// The request grammar (docs/phrasings.md). Every pattern is anchored at the
// start of the sentence, after any lead clauses, so that nothing but a
// salutation or a neutral lead may stand before the subject: "They give
// DOOR permission", "Maria said we give", "Can we give" and "If we give"
// are not requests. Only the grantor "we" or "I" in the present tense
// counts, and only DOOR (or its former name Latch) as the receiver.
const (
	// subjectWe is the grantor, with the adverbs allowed after it.
	subjectWe = `(?:we|i)(?:\s+(?:hereby|also|now|herewith|formally))*`
	// receiver is the one receiving permission.
	receiver = `(?:door|latch)`
	// addGrant is an affirmative grant ending at "add".
	addGrant = subjectWe + `\s+(?:(?:give|grant)\s+(?:` + receiver +
		`\s+(?:(?:the|our|my)\s+)?permission|(?:(?:the|our|my)\s+)?permission\s+to\s+` + receiver +
		`)|authori[sz]e\s+` + receiver + `)\s+to\s+add\s+`
	// removeAsk is an explicit request ending at the removal verb; it may
	// be empty (the imperative "Remove Acme Deliveries from The Pines").
	removeAsk = `(?:(?:please|kindly)(?:\s+(?:please|kindly|also|now|just))*\s+` +
		`|(?:we|i)(?:'d|’d|(?:\s+(?:also|now))*\s+would)(?:\s+(?:also|now))?\s+like(?:\s+(?:you|door|latch))?\s+to\s+` +
		`|(?:we|i)(?:\s+(?:also|now|hereby))*\s+(?:want|need|wish)(?:\s+(?:you|door|latch))?\s+to\s+` +
		`|(?:we|i)(?:\s+(?:also|now|hereby))*\s+(?:request|ask)(?:\s+that)?(?:\s+(?:you|door|latch))?(?:\s+to)?\s+` +
		`)?(?:please\s+)?(?:remove|disable|revoke)\s+`
)

var (
	addRe    = regexp.MustCompile(`(?i)^` + addGrant)
	removeRe = regexp.MustCompile(`(?i)^` + removeAsk)
	// addMoreRe and removeMoreRe start a further verb phrase of the same
	// action after "and", "," or ";": "... to The Pines and add Parcel
	// Pal to Oak Court".
	addMoreRe    = regexp.MustCompile(`(?i)^(?:also\s+)?(?:(?:to\s+)?add\s+|` + addGrant + `)`)
	removeMoreRe = regexp.MustCompile(`(?i)^(?:also\s+)?` + removeAsk)
	// reasonRe starts the reason given for a removal: "... from Oak Court
	// as they no longer serve the area", "... because the contract ended".
	reasonRe = regexp.MustCompile(`(?i)(?:,?\s+(?:because|since|due\s+to)\s|,\s*as\s|\s+as\s+(?:they|we|it|our|their|the\s+contract)\s)`)
	// bulletRe is a list marker before a sentence.
	bulletRe = regexp.MustCompile(`^(?:[-*•·–]|\(?\d{1,2}[.)])\s+`)
)

// A clause is one request verb phrase: its action and the text after the
// verb that holds the partner and property names.
type clause struct {
	action Action
	names  string
}

// readSentence returns the statements one sentence makes: none when it is
// not a request, one per verb phrase otherwise. When the sentence carries
// more than allow-listed courtesy around the request grammar (a lead or a
// trailer that holds, conditions, limits or corrects), every statement is
// held with that text as evidence. over reports that a name phrase passed
// maxNames.
func readSentence(s string) (stmts []Statement, over bool) {
	clauses, extra := requestClauses(s)
	var held *model.Doubt
	if extra != "" {
		d := heldDoubt(ruleRequest, extra)
		held = &d
	}
	for _, c := range clauses {
		splits, o := clauseSplits(c)
		over = over || o
		if len(splits) > 0 {
			stmts = append(stmts, Statement{Action: c.action, Sentence: s, Held: held, Splits: splits})
		}
	}
	return stmts, over
}

// looksLikeRequest reports whether s starts like a request, ignoring the
// filters: used to decide whether an over-long sentence is an attack.
func looksLikeRequest(s string) bool {
	body, _ := stripLead(strings.TrimSpace(bulletRe.ReplaceAllString(s, "")))
	return addRe.MatchString(body) || removeRe.MatchString(body)
}

// requestClauses matches the grammar against one sentence and returns its
// verb phrases, and the text around them that is not allow-listed
// courtesy (extra, "" when there is none). It returns no clauses when the
// sentence is not a request (docs/phrasings.md): a question (any '?'), a
// sentence whose grammar is preceded by anything but a lead clause, or
// whose lead or trailer negates or reports (refuses).
func requestClauses(s string) (out []clause, extra string) {
	s = strings.TrimSpace(bulletRe.ReplaceAllString(strings.TrimSpace(s), ""))
	if strings.ContainsAny(s, "?？") {
		return nil, ""
	}
	body, lead, ok := findGrammar(s)
	if !ok || refuses(lead) {
		return nil, ""
	}
	var extras []string
	if !courtesyLead(lead) {
		extras = append(extras, strings.TrimSpace(lead))
	}
	action, more := ActionAdd, addContinuations
	m := addRe.FindStringIndex(body)
	if m == nil {
		action, more = ActionRemove, removeContinuations
		m = removeRe.FindStringIndex(body)
	}
	out = splitClauses(body[m[1]:], action, more)
	lower := strings.ToLower(s) == s
	for i := range out {
		names := trimCourtesy(cutCourtesyTail(out[i].names))
		if out[i].action == ActionRemove {
			if at := reasonAt(names); at >= 0 {
				extras = append(extras, strings.TrimSpace(names[at:]))
				names = names[:at]
			}
		}
		names, tail := cutTrailer(names, lower)
		if refuses(tail) || names == "" {
			return nil, "" // "... to The Pines, not Oak Court": the sentence itself refuses
		}
		if tail != "" {
			extras = append(extras, tail)
		}
		if commonNameWord(names) != "" || openList(names) {
			extras = append(extras, names) // "to The Pines, Postponed": a list item that may be no name
		}
		out[i].names = names
	}
	return out, strings.Join(extras, " … ")
}

// reasonAt returns where the reason given for a removal starts in its
// names, -1 when there is none: "... from Oak Court as they no longer
// serve the area", "... because the contract ended". A reason is no name,
// and no refusal; it is held as extra text.
func reasonAt(names string) int {
	if m := reasonRe.FindStringIndex(names); m != nil {
		return m[0]
	}
	return -1
}

// A continuation starts a further verb phrase in a sentence.
type continuation struct {
	re     *regexp.Regexp
	action Action
}

// After a grant, a further grant or "add", or a removal, may follow ("...
// to The Pines and remove Parcel Pal from Oak Court"). After a removal
// only a further removal may: "and add" there is no grant to DOOR.
var (
	addContinuations    = []continuation{{addMoreRe, ActionAdd}, {removeMoreRe, ActionRemove}}
	removeContinuations = []continuation{{removeMoreRe, ActionRemove}}
)

// clauseWindow bounds the text a further verb phrase's start is matched
// in: the longest start ("we also would like DOOR to please remove ") is
// far shorter, and the bound keeps the scan linear.
const clauseWindow = 200

// splitClauses cuts the names part of a sentence where "and", "," or ";"
// is followed by the start of a further verb phrase, and returns the verb
// phrases, the first of the given action.
func splitClauses(rest string, action Action, more []continuation) []clause {
	var out []clause
	start := 0
	for i := 0; i < len(rest); i++ {
		cut, next := clauseSep(rest, i)
		if next < 0 {
			continue
		}
		window := rest[next:min(len(rest), next+clauseWindow)]
		if !startsContinuation(window) {
			continue
		}
		for _, c := range more {
			if m := c.re.FindStringIndex(window); m != nil {
				out = append(out, clause{action: action, names: rest[start:cut]})
				action, start = c.action, next+m[1]
				i = start - 1
				break
			}
		}
	}
	return append(out, clause{action: action, names: rest[start:]})
}

// continuationStarts are the words a further verb phrase can start with.
var continuationStarts = wordSet("also to add we i we'd i'd we’d i’d please kindly remove disable revoke")

// startsContinuation reports whether s starts with a word a further verb
// phrase can start with: a cheap test before the regular expressions.
func startsContinuation(s string) bool {
	w, _, _ := strings.Cut(s, " ")
	return len(w) <= 8 && continuationStarts[strings.ToLower(w)]
}

// clauseSep reports whether a separator of verb phrases starts at rest[i]:
// " and ", or ',' or ';' with the spaces and optional "and" after it. It
// returns where the names before it end and where the next phrase would
// start; next is -1 when there is none.
func clauseSep(rest string, i int) (cut, next int) {
	switch {
	case rest[i] == ',' || rest[i] == ';':
		j := i + 1
		for j < len(rest) && rest[j] == ' ' {
			j++
		}
		if hasWordAt(rest, j, "and") {
			j += len("and ")
		}
		return i, j
	case rest[i] == ' ' && hasWordAt(rest, i+1, "and"):
		return i, i + len(" and ")
	}
	return i, -1
}

// hasWordAt reports whether w followed by a space is at rest[i],
// ignoring case.
func hasWordAt(rest string, i int, w string) bool {
	end := i + len(w)
	return end < len(rest) && rest[end] == ' ' && strings.EqualFold(rest[i:end], w)
}

// courtesies are trailing politeness and urgency, which are no part of the
// last name: "from The Pines, thanks", "... immediately".
var courtesies = []string{
	"please", "thanks", "thank you", "thank you very much", "thx", "asap",
	"as soon as possible", "right away", "immediately", "effective immediately",
	"effective today", "effective now", "starting today", "starting now",
	"from now on", "going forward", "until further notice",
	"at your earliest convenience", "as well", "too",
}

// trimCourtesy removes trailing courtesies and the punctuation around
// them. It looks only at the end of s, so it is linear.
func trimCourtesy(s string) string {
	for {
		s = strings.TrimRight(s, " ,;.!-")
		cut := -1 // the longest courtesy wins: "effective immediately" over "immediately"
		for _, c := range courtesies {
			n := len(s) - len(c)
			if n >= 0 && (cut < 0 || n < cut) && strings.EqualFold(s[n:], c) && (n == 0 || !isWordByte(s[n-1])) {
				cut = n
			}
		}
		if cut < 0 {
			return s
		}
		s = s[:cut]
	}
}

// isWordByte reports whether c is an ASCII letter or digit or a byte of
// a multi-byte character.
func isWordByte(c byte) bool {
	return c >= 0x80 || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}
