package grammar

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Contact details are the lines of a signature block, above or below the
// request: names, job titles, company and property names, phone and fax
// numbers, addresses, e-mail addresses and URLs. The text pass joins a
// block's lines ("Thanks,\nMaria Lopez\nProperty Manager" reads "Thanks,
// Maria Lopez Property Manager"), so a line is read as a run of tokens,
// each of which must be one of those.
//
// A name is a word in Title Case (or a short acronym, an initial, a name
// in katakana), and so is an instruction written in Title Case: "Thanks,
// Maria Hold Off Until Monday". The rule intake uses: a Title Case word
// is a name only when, lowercased, it is not one of commonWords, the
// words that carry instructions (verbs, negations, conditions, times,
// pronouns, prepositions: everything a hold, a cancellation or a
// correction is made of). Names are open-ended and cannot be listed; the
// words a sentence needs to say something can. A bare name line is still
// a name: "WagWalk" alone under a signature reads as a company line, and
// a partner named there but not in the request changes nothing the
// request asks.

// maxContactTokens bounds one contact line.
const maxContactTokens = 14

var (
	emailTokenRe = regexp.MustCompile(`^(?:mailto:)?[^\s@]+@[^\s@]+\.[\p{L}]{2,}$`)
	urlTokenRe   = mustAnchored(`(?i)^(?:https?://|www\.)[^\s]+$`)
	phoneTokenRe = mustAnchored(`^(?:\+|\()?\d[\d().\-/]*$`)
	numberRe     = mustAnchored(`(?i)^(?:#?\d+[a-z]?|\d+(?:st|nd|rd|th)|x\d+|ext\.?\d*|\d{5}(?:-\d{4})?|[A-Z]{1,2}\d[A-Z\d]{0,2})$`)
	nameRe       = regexp.MustCompile(`^(?:\p{Lu}[\p{L}\p{M}'’-]*\.?|[\p{Katakana}ー・]+)$`)
)

// contactConnectors join the words of names, titles and addresses.
var contactConnectors = wordSet("of and the at & | / · • - – — de la le du des del da das van von der den y et und e")

// contactLabels and titleWords may be written in lower case.
var (
	contactLabels = wordSet("tel tel. phone ph ph. mobile mob cell fax office direct main email e-mail mail web website t m f e w o d p")
	titleWords    = wordSet("manager property leasing director assistant coordinator agent administrator supervisor owner president vp ceo coo cfo operations regional senior community portfolio asset office residential resident services maintenance facilities building superintendent concierge associate specialist lead head management gerente directora director responsable gestionnaire verwalter verwalterin hausverwaltung")
)

// stateCodes are the two-letter codes of US states and Canadian
// provinces in an address line ("Portland, OR 97201"), upper case only.
var stateCodes = wordSet("AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY AB BC MB NB NL NS ON PE QC SK")

// commonWords are the words a Title Case token may not be to count as a
// name (see the comment at the top of this file): the explanation
// vocabulary of hedge.go and the words instructions are made of, in
// English first, then Spanish, French and German.
var commonWords = func() map[string]bool {
	set := wordSet(`i we you he she they it me us them my our your their this that these those
		is are was were be been am do does did have has had will shall can may must should would could might
		not no never nor don't dont won't wont can't cant isn't aren't
		for from to in on by with without until till before after during since about into over under off out up down
		but or if unless once when so because then yet than as
		only just also again still now later soon please asap instead actually really maybe perhaps immediately
		hold wait stop cancel cancelled canceled pause paused delay delayed ignore disregard add remove give grant revoke disable enable
		keep leave hang put check confirm confirmed approve approved wrong meant mean sorry test testing draft proposed kidding joking
		retract withdraw withdrawn postpone go do make let send see use forget scratch thread reply email message mail request
		permission access door doors lobby gate garage entrance area key keys code codes fob fobs
		postponed voided void paused stopped rejected denied declined tentative revoked obsolete superseded expired invalid nope nah tbd tbc wip
		monday tuesday wednesday thursday friday saturday sunday today tomorrow tonight yesterday week weekend month morning
		what why who how which where there here yes ok okay hey oops lol haha
		espera esperar esperen hasta solo sólo cancelar ignorar ignoren todavía aún favor por
		attendez attendre annuler ignorer seulement uniquement encore pas ne jusqu'à svp
		bitte warten nicht noch nur erst bis stornieren ignorieren abbrechen`)
	for _, m := range []map[string]bool{hedgeWords, leadHedgeWords} {
		for w := range m {
			set[w] = true
		}
	}
	for _, p := range retractionPhrases {
		for _, w := range strings.Fields(p) {
			set[w] = true
		}
	}
	return set
}()

// nameWord reports a word that reads as (part of) a name: Title Case or
// an acronym of up to six letters, an initial, or katakana, that is not
// one of commonWords once lowercased. Surrounding quotes and brackets and
// a final '.' are ignored.
func nameWord(w string) bool {
	w = strings.Trim(w, `"'“”‘’()[]<>`)
	if !nameRe.MatchString(w) {
		return false
	}
	if allUpper(w) && utf8.RuneCountInString(strings.TrimRight(w, ".")) > 6 {
		return false
	}
	return !commonWords[strings.ToLower(strings.TrimRight(w, "."))]
}

func allUpper(w string) bool {
	for _, r := range w {
		if unicode.IsLower(r) {
			return false
		}
	}
	return true
}

// strongContact reports a paragraph with a token only contact details
// hold: an e-mail address, a URL, a phone number of seven digits or more,
// or a job title.
func strongContact(p []textLine) bool {
	for _, ln := range p {
		for _, w := range strings.Fields(ln.text) {
			w = strings.TrimRight(w, ".,;")
			switch {
			case emailToken(w), urlTokenRe.MatchString(w), titleWords[strings.ToLower(w)]:
				return true
			case phoneTokenRe.MatchString(w) && strings.Count(w, "")-1-len(strings.Trim(w, "0123456789()+-./")) >= 7:
				return true
			}
		}
	}
	return false
}

// contactLine reports a fragment made of contact details (see the
// comment at the top of this file), optionally after a sign-off written
// without a comma ("Viele Grüße Maria").
func contactLine(f string) bool {
	words := strings.Fields(f)
	// Every prefix opens with words[0]: signOffRe's gate turns them all
	// away at once, before they are joined.
	for n := min(len(words)-1, 5); n >= 1 && signOffRe.may(words[0]); n-- {
		if signOffRe.MatchString(strings.Join(words[:n], " ")) {
			return contactTokens(words[n:])
		}
	}
	return contactTokens(words)
}

// contactTokens reports a run of contact tokens with at least one name,
// number, address or title among them.
func contactTokens(words []string) bool {
	if len(words) == 0 || len(words) > maxContactTokens {
		return false
	}
	some := false
	for _, w := range words {
		lw := strings.ToLower(strings.TrimRight(w, ":"))
		switch {
		case contactConnectors[lw]:
		case contactLabels[lw], titleWords[lw], stateCodes[w], emailToken(w), urlTokenRe.MatchString(w),
			phoneTokenRe.MatchString(w), numberRe.MatchString(strings.TrimRight(w, ".,")), nameWord(strings.TrimRight(w, ":")):
			some = true
		default:
			return false
		}
	}
	return some
}

// emailToken reports a token emailTokenRe matches; one without the '@'
// the regexp requires is turned away before it runs.
func emailToken(w string) bool {
	return strings.IndexByte(w, '@') >= 0 && emailTokenRe.MatchString(w)
}
