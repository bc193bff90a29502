package grammar

import (
	"regexp"
	"strings"
)

// The kinds of sentence known to be harmless, as real mail writes them:
// greetings, thanks, sign-offs, pleasantries, contact details, mobile
// trailers and confidentiality boilerplate. Each is a positive pattern,
// anchored at both ends: a sentence is harmless because of what it is,
// never because of a word it lacks. The phrasings are English first, with
// the common greetings, thanks and sign-offs of Spanish, French, German,
// Italian, Portuguese, Russian and Japanese mail.
var (
	// greetingRe opens a letter, with an optional addressee.
	greetingRe = mustAnchored(`(?i)^(?:hi|hello|hey|hiya|dear|greetings|good\s+(?:morning|afternoon|evening|day)|hola|buen(?:os|as)\s+(?:días|dias|tardes|noches)|estimad[oa]s?|bonjour|bonsoir|salut|ch[eè]re?s?|madame|monsieur|hallo|guten\s+(?:morgen|tag|abend)|liebe[rs]?|sehr\s+geehrte[rs]?|grüß\s+gott|grüezi|servus|moin|ciao|buongiorno|gentil[ei]|olá|ola|bom\s+dia|prezad[oa]s?|здравствуйте|добрый\s+день|привет)(?:\s+(.*))?$`)
	// addresseeWords may follow a greeting, besides names (see nameWord).
	addresseeWords = wordSet("the all everyone folks there door latch door-team integrations integration support partner partners team colleagues sir madam or and y et und equipo équipe l'équipe l’équipe de del la le das")
	// salutationLineRe is an addressee on its own: "DOOR team", "Team".
	salutationLineRe = mustAnchored(`(?i)^(?:(?:the\s+)?(?:door|latch)(?:\s+integrations)?\s+team|team|all|everyone|to\s+whom\s+it\s+may\s+concern|(?:door|latch)\s*(?:御中|様))$`)
	// thanksRe thanks the reader, optionally for one of the things mail
	// thanks for.
	thanksRe = mustAnchored(`(?i)^(?:(?:many|big|huge)\s+)?(?:thanks|thank\s+you|thankyou|thx|ty|tia|cheers|much\s+appreciated|appreciate\s+it|i\s+appreciate\s+it|gracias|muchas\s+gracias|mil\s+gracias|merci|merci\s+beaucoup|danke|danke\s+schön|vielen\s+dank|herzlichen\s+dank|grazie|grazie\s+mille|obrigad[oa]|спасибо|ありがとうございます)` +
		`(?:\s+(?:so|very)\s+much|\s+a\s+lot|\s+again|\s+in\s+advance|\s+kindly|\s+all)?` +
		`(?:\s+(?:for|por|pour|für)\s+(?:` + thankedFor + `))?$`)
	// thankedFor is what a thanks may name.
	thankedFor = `(?:your|the|su|votre|ihre|la|el)\s+(?:kind\s+|quick\s+|prompt\s+|fast\s+)?(?:help|assistance|support|time|patience|reply|response|answer|turnaround|update|call|email|message|ayuda|respuesta|réponse|aide|retour|hilfe|antwort|rückmeldung)(?:\s+(?:rapide|rápida|this\s+morning|today|yesterday|earlier|last\s+week))?|everything|all\s+your\s+help|all\s+of\s+this|getting\s+back\s+to\s+(?:me|us)|setting\s+this\s+up|sorting\s+this\s+out|looking\s+into\s+this|taking\s+care\s+of\s+this`
	// signOffRe closes a letter.
	signOffRe = mustAnchored(`(?i)^(?:best|all\s+the\s+best|best\s+wishes|(?:best|kind|warm|warmest|kindest|many)\s+regards|regards|warmly|cheers|sincerely|yours\s+sincerely|sincerely\s+yours|yours\s+truly|yours|respectfully|thanks|thank\s+you|many\s+thanks|thanks\s+again|thanks\s+so\s+much|take\s+care|talk\s+soon|speak\s+soon|cordialement|bien\s+cordialement|bien\s+à\s+vous|salutations|bonne\s+journée|saludos|un\s+saludo|saludos\s+cordiales|cordiales\s+saludos|atentamente|gracias|(?:viele|beste|freundliche|liebe|schöne|herzliche)\s+grüße|mit\s+freundlichen\s+grüßen|mfg|lg|vg|cordiali\s+saluti|distinti\s+saluti|saluti|atenciosamente|abraços|с\s+уважением|よろしくお願いいたします|よろしくお願いします)$`)
	// pleasantryRes are the pleasantries of real mail, whole.
	pleasantryRes = []*anchoredRe{
		mustAnchored(`(?i)^i\s+hope\s+(?:you\s+are|you're|you’re|you\s+have\s+been)\s+(?:well|doing\s+well|keeping\s+well)$`),
		mustAnchored(`(?i)^(?:i\s+)?hope\s+(?:you\s+are|you're|you’re|you\s+have\s+been|all\s+is|everything\s+is|this\s+(?:e-?mail|message|note)\s+finds\s+you)\s+(?:well|doing\s+well|keeping\s+well|good)$`),
		mustAnchored(`(?i)^(?:i\s+)?hope\s+(?:you\s+are|you're|you’re|you\s+had|you\s+have)\s+(?:having\s+)?an?\s+(?:good|great|nice|lovely|wonderful)\s+(?:day|week|weekend|morning|afternoon|holiday)$`),
		mustAnchored(`(?i)^(?:have|enjoy)\s+(?:an?\s+|the\s+|your\s+)?(?:good|great|nice|lovely|wonderful|happy)?\s*(?:day|week|weekend|evening|afternoon|holiday|holidays)$`),
		mustAnchored(`(?i)^(?:please\s+)?(?:let\s+me|let\s+us)\s+know\s+if\s+you\s+(?:need|have|require)\s+(?:anything|any\s+(?:other\s+|more\s+|further\s+)?(?:information|details|questions|info))(?:\s+(?:else|further|from\s+(?:me|us)))?$`),
		mustAnchored(`(?i)^(?:please\s+)?(?:feel\s+free\s+to|do\s+not\s+hesitate\s+to|don't\s+hesitate\s+to|don’t\s+hesitate\s+to)\s+(?:reach\s+out|contact\s+(?:me|us)|call\s+(?:me|us)|get\s+in\s+touch)(?:\s+(?:with\s+any\s+questions|if\s+you\s+have\s+any\s+questions|anytime|any\s+time))?$`),
		mustAnchored(`(?i)^(?:happy\s+to\s+help|looking\s+forward\s+to\s+(?:working\s+with\s+you|it|hearing\s+from\s+you)|hope\s+that\s+helps|just\s+checking\s+in|quick\s+(?:one|note|request)|see\s+you\s+(?:soon|tomorrow|next\s+week|monday|tuesday|wednesday|thursday|friday)|how\s+are\s+you\??|happy\s+(?:holidays|thanksgiving|new\s+year|friday|monday)|have\s+a\s+good\s+one|all\s+good\s+here|long\s+time\s+no\s+speak|great\s+speaking\s+with\s+you(?:\s+(?:today|earlier|this\s+morning))?|nice\s+to\s+(?:meet|speak\s+with|talk\s+to)\s+you(?:\s+(?:today|earlier))?|espero\s+que\s+est[ée]s?\s+bien|j'espère\s+que\s+vous\s+allez\s+bien|j’espère\s+que\s+vous\s+allez\s+bien|ich\s+hoffe,?\s+es\s+geht\s+ihnen\s+gut|bonne\s+journée|bon\s+week-end|schönes\s+wochenende|buen\s+fin\s+de\s+semana)$`),
	}
	// trailerRe is the footer a mobile or webmail client adds.
	trailerRe = mustAnchored(`(?i)^(?:sent\s+from\s+my\s+(?:iphone|ipad|android(?:\s+(?:phone|device))?|samsung(?:\s+(?:galaxy\s+)?(?:smartphone|device|phone))?|galaxy|blackberry|mobile(?:\s+(?:phone|device))?|phone|pixel|huawei|smartphone)|sent\s+from\s+(?:yahoo\s+mail(?:\s+(?:for|on)\s+(?:iphone|android))?|mail\s+for\s+windows(?:\s+10)?|outlook(?:\s+for\s+(?:ios|android|mac))?|aol\s+mobile\s+mail|proton\s+mail(?:\s+mobile)?|gmail\s+mobile)|get\s+outlook\s+for\s+(?:ios|android)|sent\s+with\s+proton\s+mail\s+secure\s+email|enviado\s+desde\s+mi\s+(?:iphone|ipad|android|móvil|movil|samsung)|envoyé\s+de\s+mon\s+(?:iphone|ipad|android|mobile|téléphone)|von\s+meinem\s+(?:iphone|ipad|android|smartphone|handy)\s+gesendet|inviato\s+dal\s+mio\s+(?:iphone|ipad|android|smartphone)|enviado\s+do\s+meu\s+(?:iphone|ipad|android|celular)|please\s+excuse\s+(?:my\s+)?(?:brevity|typos)|excuse\s+typos|sorry\s+for\s+(?:the\s+)?brevity)$`)
	// formIntroRe introduces the fields of a form-like removal.
	formIntroRe = mustAnchored(`(?i)^(?:(?:please|kindly)\s+(?:process|action|handle)\s+the\s+following|(?:please|kindly)\s+(?:also\s+)?(?:remove|disable|revoke|deactivate)(?:\s+(?:the\s+following|this\s+partner|this\s+integration|the\s+partner\s+below|these|them))?|(?:details|see)\s+below|removal(?:\s+request)?(?:\s+details)?)$`)
)

// boilerplateRes are the sentences of the confidentiality notices mail
// servers and companies append, whole.
var boilerplateRes = []*anchoredRe{
	mustAnchored(`(?i)^(?:confidentiality\s+(?:notice|notice:|statement)\s*:?\s*)?this\s+(?:e-?mail|message|communication|transmission)(?:,?\s+(?:and|including)\s+any\s+(?:attachments|files|documents)(?:\s+(?:transmitted\s+with\s+it|to\s+it))?,?)?\s+(?:is|are|may\s+be|may\s+contain|contains?)\s+(?:strictly\s+)?(?:confidential|privileged|proprietary)(?:(?:,|\s+and(?:/or)?|\s+or)\s+(?:legally\s+)?(?:confidential|privileged|proprietary))*(?:\s+information)?(?:\s+and\s+(?:(?:is|are)\s+)?intended\s+(?:solely|only)\s+for\s+the\s+(?:use\s+of\s+the\s+)?(?:addressee|recipient|individual|person|named\s+recipient)s?(?:\s+(?:or\s+entity\s+)?(?:to\s+whom\s+it\s+is\s+addressed|named\s+above))?)?$`),
	mustAnchored(`(?i)^(?:it\s+is|they\s+are)\s+intended\s+(?:solely|only)\s+for\s+the\s+(?:use\s+of\s+the\s+)?(?:addressee|recipient|individual|person|named\s+recipient)s?(?:\s+(?:or\s+entity\s+)?(?:to\s+whom\s+(?:it\s+is|they\s+are)\s+addressed|named\s+above))?$`),
	mustAnchored(`(?i)^if\s+you\s+(?:are\s+not\s+the\s+intended\s+recipient|have\s+received\s+this\s+(?:e-?mail|message|communication)\s+in\s+error)(?:\s+or\s+(?:are\s+not\s+the\s+intended\s+recipient|have\s+received\s+this\s+(?:e-?mail|message)\s+in\s+error))?,?\s+(?:please\s+)?(?:notify|inform|contact)\s+the\s+sender(?:\s+(?:immediately|at\s+once|by\s+(?:reply\s+)?e-?mail|by\s+return\s+e-?mail))*(?:,?\s+and\s+(?:then\s+)?(?:delete|destroy)\s+(?:it|this\s+(?:e-?mail|message)|all\s+copies)(?:\s+(?:and\s+any\s+attachments|from\s+your\s+system|permanently))*)?$`),
	mustAnchored(`(?i)^(?:any\s+)?(?:unauthori[sz]ed\s+)?(?:review|use|disclosure|distribution|copying|dissemination|forwarding|printing|retention|reliance)(?:(?:,|\s+or|\s+and|,\s+or)\s+(?:review|use|disclosure|distribution|copying|dissemination|forwarding|printing|retention|reliance))*\s+(?:of\s+(?:this\s+(?:e-?mail|message|communication|information)|its\s+contents|the\s+contents\s+of\s+this\s+(?:e-?mail|message))\s+)?(?:by\s+(?:anyone|others|persons?)\s+other\s+than\s+the\s+intended\s+recipients?\s+)?(?:is|are)\s+(?:strictly\s+)?prohibited(?:\s+and\s+may\s+be\s+unlawful)?$`),
	mustAnchored(`(?i)^(?:please\s+)?consider\s+the\s+environment\s+before\s+printing\s+this\s+(?:e-?mail|message)$`),
}

// harmless reports a sentence of a kind on the allow-list: boilerplate
// and pleasantries whole, else every fragment (see fragments) a greeting,
// thanks, sign-off, pleasantry, trailer, the intro of the message's form,
// or, when contact is set, contact details. A contact line is never
// punctuated as a sentence: one that ends in '.' or '!' after a word that
// is no abbreviation or initial is not one.
func (c *courtesyContext) harmless(s string, contact bool) bool {
	fs := fragments(s)
	return c.harmlessFragments(s, fs, signsOff(fs), contact)
}

// harmlessFragments is harmless for a sentence s whose fragments fs (see
// fragments) are already split; off reports that fs opens with a sign-off
// (see signsOff), which makes that fragment harmless.
func (c *courtesyContext) harmlessFragments(s string, fs []string, off, contact bool) bool {
	s = strings.TrimSpace(s)
	if s == "" {
		return true
	}
	whole := strings.TrimRight(s, ".!…")
	if matchAny(boilerplateRes, whole) || matchAny(pleasantryRes, whole) {
		return true
	}
	if strings.ContainsAny(s, "?？") {
		return false
	}
	for i, f := range fs {
		if i == 0 && off || c.harmlessFragment(f) {
			continue
		}
		if !contact || !contactLine(f) || i == len(fs)-1 && punctuated(s) {
			return false
		}
	}
	return true
}

// punctuated reports a sentence that ends in '.' or '!' after a word that
// is not an abbreviation or an initial.
func punctuated(s string) bool {
	t := strings.TrimRight(s, ".!…")
	if t == s {
		return false
	}
	w := t[strings.LastIndexByte(t, ' ')+1:]
	return !(strings.HasSuffix(s, ".") && (isAbbreviation(w) || numberRe.MatchString(w) || nameRe.MatchString(w) && len(w) == 1))
}

// harmlessFragment reports one fragment of a sentence of a harmless kind
// other than contact details; the courtesy leads of a request sentence
// ("Per our call", "As discussed") are harmless on their own too.
func (c *courtesyContext) harmlessFragment(f string) bool {
	switch {
	case greeting(f), salutationLineRe.MatchString(f), thanksRe.MatchString(f),
		signOffRe.MatchString(f), trailerRe.MatchString(f), matchAny(pleasantryRes, f), courtesyLeadRe.MatchString(f):
		return true
	case c.form && formIntroRe.MatchString(f):
		return true
	}
	return false
}

// greeting reports a greeting with an optional addressee of up to five
// words, each a word of addresseeWords or a name.
func greeting(f string) bool {
	m := greetingRe.FindStringSubmatch(f)
	if m == nil {
		return false
	}
	words := strings.Fields(m[1])
	if len(words) > 5 {
		return false
	}
	for _, w := range words {
		if !addresseeWords[strings.ToLower(w)] && !nameWord(w) {
			return false
		}
	}
	return true
}

// signsOff reports a sentence, split into its fragments fs (see
// fragments), that starts with a sign-off: what follows it in the
// message is after the signature. A thanks and nothing else ("Thanks for
// the call this morning.") also opens letters; it signs off only when
// signOffRe matches it too, so it needs no test of its own.
func signsOff(fs []string) bool {
	return len(fs) > 0 && signOffRe.MatchString(fs[0])
}

// fragmentSepRe separates the fragments of a sentence: a comma, semicolon
// or ideographic comma or full stop anywhere, a colon or '!' before a
// space or at the end, and a spaced dash.
var fragmentSepRe = regexp.MustCompile(`\s*(?:[,;、。]|[:!]+(?:\s|$)|\s[-–—]+\s)\s*`)

// fragmentSepRunes are the runes of fragmentSepRe's middle group, one of
// which every match holds: a text without them is one fragment, and is
// not split.
const fragmentSepRunes = ",;、。:!-–—"

// fragments splits a sentence into its fragments, the final '.', '!' and
// '…' removed; empty fragments are dropped.

func fragments(s string) []string {
	var out []string
	t := strings.TrimRight(strings.TrimSpace(s), ".!…")
	parts := []string{t}
	if strings.ContainsAny(t, fragmentSepRunes) {
		parts = fragmentSepRe.Split(t, -1)
	}
	for _, f := range parts {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

// firstFragment is fragments(s)[0], "" when there is none, found without
// splitting the rest of s: callers that look only at how a text opens
// stay linear however many separators follow.
func firstFragment(s string) string {
	t := strings.TrimRight(strings.TrimSpace(s), ".!…")
	for t != "" {
		loc := fragmentSepRe.FindStringIndex(t)
		if loc == nil {
			return strings.TrimSpace(t)
		}
		if f := strings.TrimSpace(t[:loc[0]]); f != "" {
			return f
		}
		t = t[loc[1]:]
	}
	return ""
}

func matchAny(res []*anchoredRe, s string) bool {
	for _, re := range res {
		if re.MatchString(s) {
			return true
		}
	}
	return false
}
