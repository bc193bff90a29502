package grammar

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Lead clauses may stand before a request: a salutation ("Hi DOOR team,")
// or a neutral lead ("As discussed,", "Please note that"). Anything else in
// front of the grantor makes the sentence no request. The words of a lead
// are also checked by hedged, so "Hi, if possible, we give ..." is not one.
const (
	// leadWords are up to six further words of a lead clause.
	leadWords = `(?:\s+[\p{L}\p{N}&'’./-]+){0,6}`
	// salutation opens a letter.
	salutation = `(?:hi|hello|hey|dear|greetings|good\s+(?:morning|afternoon|evening|day)|to\s+whom\s+it\s+may\s+concern|(?:door\s+)?team|all|everyone|folks)`
	// neutralLead is a clause that neither conditions nor reports.
	neutralLead = `(?:as\s+(?:discussed|agreed|requested|promised|mentioned|confirmed)|per\s+our|following\s+(?:up|our)|further\s+to|in\s+line\s+with|thanks|thank\s+you|to\s+confirm|just\s+to\s+confirm|for\s+the\s+record|good\s+news|ok|okay|yes|sure|also|additionally|in\s+addition|furthermore|finally|lastly|first(?:ly)?|second(?:ly)?|update|please\s+note)`
)

var (
	// leadCommaRe is a salutation or neutral lead ending in a comma.
	// "Please," and "Kindly," take no further words: a lead must not
	// swallow the request after it.
	leadCommaRe = regexp.MustCompile(`(?i)^(?:(?:` + salutation + `|` + neutralLead + `)` + leadWords + `|please|kindly)\s*(?:,\s*|[:–-]\s+)`)
	// leadThatRe is a neutral lead ending in "that".
	leadThatRe = regexp.MustCompile(`(?i)^(?:please\s+note|(?:we|i)\s+(?:hereby\s+)?confirm|this\s+is\s+to\s+confirm|(?:this\s+)?(?:e-?mail|message|letter)\s+confirms)\s+that\s+`)
	// leadBareRe is a salutation without a comma, as when "Hi team" was
	// a line of its own and the next line was joined to it. The request
	// after it must start with a capital letter (checked in stripLead).
	leadBareRe = regexp.MustCompile(`(?i)^(?:hi|hello|hey|dear|greetings|good\s+(?:morning|afternoon|evening|day))(?:\s+[\p{L}\p{N}&'’./-]+){0,4}?\s+(?:we|i|please|kindly|remove|disable|revoke)\b`)
)

// stripLead removes up to maxLeadClauses lead clauses from the start of s
// and returns the rest (body) and what was removed (lead).
func stripLead(s string) (body, lead string) {
	body = s
	for range maxLeadClauses {
		n := leadLen(body)
		if n == 0 {
			break
		}
		lead += body[:n]
		body = body[n:]
	}
	return body, lead
}

// leadLen returns the length of the lead clause at the start of s, 0 when
// there is none.
func leadLen(s string) int {
	if m := leadCommaRe.FindStringIndex(s); m != nil {
		return m[1]
	}
	if m := leadThatRe.FindStringIndex(s); m != nil {
		return m[1]
	}
	m := leadBareRe.FindStringIndex(s)
	if m == nil {
		return 0
	}
	// The match ends with the first word of the request; back up to it.
	i := m[1]
	for i > 0 && s[i-1] != ' ' {
		i--
	}
	if r, _ := utf8.DecodeRuneInString(s[i:]); !unicode.IsUpper(r) {
		return 0
	}
	return i
}

// maxLeadBoundaries bounds the clause boundaries findGrammar tries.
const maxLeadBoundaries = 16

// findGrammar returns the request grammar's start in s (body) and all
// that stands before it (lead); ok is false when s holds no request
// grammar. The grammar may follow the lead clauses of stripLead, or any
// text that ends at a clause boundary (a comma, colon, semicolon or
// spaced dash) and those lead clauses: "Until the lease is signed, we
// give DOOR ..." is a request, held by its lead. Without a boundary ("If
// we give", "Maria said we give", "Yesterday we give") it is none.
func findGrammar(s string) (body, lead string, ok bool) {
	if b, l := stripLead(s); grammarAt(b) {
		return b, l, true
	}
	tried := 0
	for i := 0; i < len(s) && tried < maxLeadBoundaries; i++ {
		n := boundaryLen(s, i)
		if n == 0 {
			continue
		}
		tried++
		rest := strings.TrimLeft(s[i+n:], " ")
		if b, _ := stripLead(rest); grammarAt(b) {
			return b, s[:len(s)-len(b)], true
		}
	}
	return "", "", false
}

// grammarAt reports that a request verb phrase starts s.
func grammarAt(s string) bool { return addRe.MatchString(s) || removeRe.MatchString(s) }

// boundaryLen returns the length of the clause boundary at s[i]: a comma,
// colon or semicolon, or a dash with a space on either side; 0 when there
// is none.
func boundaryLen(s string, i int) int {
	switch s[i] {
	case ',', ':', ';':
		return 1
	case ' ':
		for _, d := range []string{" - ", " – ", " — "} {
			if strings.HasPrefix(s[i:], d) {
				return len(d)
			}
		}
	}
	return 0
}

// courtesyLeadRe is a lead clause that is courtesy and nothing else: an
// affirmation, a reference to the conversation the request follows, a
// "please note", or the sender's company ("On behalf of Westside
// Living"). Greetings, thanks and pleasantries are the courtesy kinds of
// courtesy_kinds.go.
var courtesyLeadRe = mustAnchored(`(?i)^(?:` +
	`(?:yes|ok|okay|sure|confirmed|confirming|approved|agreed|done|certainly|absolutely|of\s+course|good\s+news|update|also|additionally|in\s+addition|furthermore|finally|lastly|first(?:ly)?|second(?:ly)?|as\s+requested|as\s+promised|for\s+the\s+record|to\s+confirm|just\s+to\s+confirm|please\s+note|kindly\s+note|please|kindly)` +
	`|(?:as|like\s+we)\s+(?:discussed|agreed|requested|promised|mentioned|confirmed)(?:\s+(?:earlier|today|yesterday|this\s+morning|on\s+the\s+phone|by\s+phone|on\s+our\s+call|with\s+\p{Lu}\S*))?` +
	`|(?:per|following(?:\s+up\s+on)?|further\s+to|in\s+line\s+with|in\s+reference\s+to|regarding|re|as\s+per)\s+(?:our|your|my|the)\s+(?:call|conversation|discussion|meeting|chat|email|e-mail|message|request|phone\s+call|agreement|contract)(?:\s+(?:earlier|today|yesterday|this\s+morning|this\s+afternoon|last\s+week|on\s+\p{Lu}\S*))?` +
	`|(?:we|i)\s+(?:hereby\s+)?confirm(?:\s+that)?|this\s+is\s+to\s+confirm(?:\s+that)?|(?:this\s+)?(?:e-?mail|message|letter)\s+confirms(?:\s+that)?|please\s+note\s+that|kindly\s+note\s+that` +
	`)$`)

// onBehalfRe is a lead that names the company the sender writes for.
var onBehalfRe = regexp.MustCompile(`(?i)^(?:on\s+behalf\s+of|for)\s+(.+)$`)

// courtesyLead reports a lead made of courtesy only: each of its
// clauses (see fragments) a courtesy lead, a greeting, thanks or
// pleasantry, or "On behalf of" a company name. A bare name is no lead:
// "Voided, we give ..." is held.
func courtesyLead(lead string) bool {
	for _, f := range fragments(lead) {
		f = strings.TrimSpace(strings.TrimRight(f, ":-–— "))
		switch {
		case f == "", courtesyLeadRe.MatchString(f), greeting(f), salutationLineRe.MatchString(f),
			thanksRe.MatchString(f), matchAny(pleasantryRes, f):
		case onBehalfRe.MatchString(f) && contactTokens(strings.Fields(onBehalfRe.FindStringSubmatch(f)[1])):
		default:
			return false
		}
	}
	return true
}
