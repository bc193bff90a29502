package grammar

import (
	"regexp"
	"strings"
	"unicode"
)

// A Subject that only names the matter is harmless: "OpenKit partner
// access", "Add Acme Deliveries to The Pines", "Re: Partner access
// request – The Pines", or the request itself. Every word must be one of
// subjectWords, a word of the requests' names, a number, or a word of the
// action the requests take: a Subject that names a removal over a grant,
// or the reverse, is held.

// replyPrefixRe is the reply and forward marks mail clients put before a
// Subject, in several languages, and bracketed tags such as "[EXT]".
var replyPrefixRe = regexp.MustCompile(`(?i)^(?:\s*(?:(?:re|fwd?|aw|wg|sv|vs|tr|rv|r|enc|antw|odp|ynt|vb|ref)\s*(?:\[\d+\]|\(\d+\))?\s*[:：]|\[[^\]]{1,24}\]))+\s*`)

// subjectWords are the words a Subject may name the matter with.
var subjectWords = wordSet(`partner partners partnership access request requests requested door latch openkit new
	building buildings property properties change changes update updated permission permissions for at to the your our my
	and of a an one more two three several integration integrations delivery deliveries locker lockers courier couriers
	portfolio consent authorization authorisation approval form details info regarding re with in on vendor vendors
	service services setup set up list account accounts & - – — : / | ( ) residence residences site sites community
	accès partenaire partenaires pour vos nos résidence résidences demande ajout suppression
	partnerzugang zugang für ihre unsere objekte objekt anfrage
	acceso de socios socio para solicitud el la los las del
	партнёрский партнерский доступ の件 件`)

// Action words in a Subject: allowed only when a request takes that action.
var (
	subjectAddWords    = wordSet("add adding addition grant granting give giving enable enabling authorize authorise authorizing authorising onboard onboarding ajouter ajout hinzufügen añadir agregar")
	subjectRemoveWords = wordSet("remove removal removing disable disabling revoke revoking revocation deactivate deactivation offboard offboarding supprimer suppression entfernen eliminar quitar")
)

// harmlessSubject reports a Subject that names the matter and nothing
// else. An empty Subject is harmless.
func (c *courtesyContext) harmlessSubject(subject string) bool {
	s := strings.TrimSpace(replyPrefixRe.ReplaceAllString(strings.TrimSpace(subject), ""))
	if s == "" || c.requests[s] || c.requests[s+"."] {
		return true
	}
	if strings.IndexFunc(s, oddInSubject) >= 0 {
		return false
	}
	for _, tok := range hedgeTokens(s) {
		w := strings.ToLower(tok.text)
		switch {
		case subjectWords[w], c.names[w], numberRe.MatchString(w), nameWord(tok.text):
		case subjectAddWords[w] && c.add, subjectRemoveWords[w] && c.remove:
		default:
			return false
		}
	}
	return true
}

// oddInSubject reports a character a Subject that names the matter is not
// written with: anything but letters, digits, spaces and the punctuation
// of names and titles (so a question mark, an exclamation mark or an
// emoji is held).
func oddInSubject(r rune) bool {
	return !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.IsSpace(r) && !unicode.Is(unicode.Mn, r) &&
		!strings.ContainsRune(`-–—:/|&()[],.#'’"“”`, r)
}
