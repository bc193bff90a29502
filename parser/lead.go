package parser

import (
	"regexp"
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
