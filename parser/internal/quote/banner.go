package quote

import (
	"regexp"
	"strings"
	"unicode"

	"intake/parser/internal/model"
)

// Reply boundaries without quote marks (docs/phrasings.md). Clients mark the
// message a reply quotes in many ways, and some mark it only with one line
// (GroupWise "Maria <m@x> 11/20/2026 10:14 AM >>>", Lotus Notes "Maria/Org@Org
// wrote on 20.11.2026 10:14:") or a header table. So in a reply the new text
// is decided by allow-list: it is what stands before the first line that
// could introduce another message (mayIntroduce), and everything from that
// line on is quoted. When that line is a known banner, or the lines after
// it read as a quoted header, the boundary is certain; otherwise intake
// cannot tell where the new text ends, and the cut raises a doubt.

var (
	// AddressRE finds an email address, or a Lotus Notes hierarchical
	// name ("Maria Lopez/Westside@Westside").
	AddressRE = regexp.MustCompile(`[^\s<>()\[\]"',;:]+@[^\s<>()\[\]"',;:]+`)
	// numericDateRE finds 11/20/2026, 20.11.2026, 2026-11-20, 20/11/26.
	numericDateRE = regexp.MustCompile(`(?:^|\D)\d{1,4}[./-]\d{1,2}[./-]\d{2,4}(?:\D|$)`)
	// timeRE finds 10:14, 10:14:05 and the French 10h14.
	timeRE = regexp.MustCompile(`(?:^|\D)\d{1,2}(?::\d{2}|h\d{2})(?:\D|$)`)
	// yearRE and monthRE find a date written with a month name, in the
	// languages mail commonly arrives in ("20 nov. 2026", "Nov 20, 2026",
	// "20. November 2026", "20 нояб. 2026 г.").
	yearRE  = regexp.MustCompile(`(?:^|\D)(?:19|20)\d{2}(?:\D|$)`)
	monthRE = regexp.MustCompile(`(?i)(?:^|[^\p{L}])(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|janv|févr|fév|avr|mai|juin|juil|août|aoû|déc|ene|abr|ago|dic|mär|mrz|okt|dez|gen|giu|lug|set|ott|maj|kwi|lis|gru|sty|lut|paź|wrz|янв|фев|мар|апр|ма[йя]|июн|июл|авг|сен|окт|ноя|дек)`)
	// cjkDateRE finds 2026年11月20日 and 11月20日.
	cjkDateRE = regexp.MustCompile(`\d{1,2}\s*月\s*\d{1,2}\s*日|\d{4}\s*年`)
	// ruleRE matches a line that starts with a rule of dashes, underscores,
	// equals signs, stars or tildes ("________", "----- Original Message").
	ruleRE = regexp.MustCompile(`^[-_=*~—–]{4,}`)
	// bannerVerbRE finds a reply verb anywhere on a line ("wrote on").
	bannerVerbRE = regexp.MustCompile(`(?i)(?:^|[\s)>/])(?:wrote|writes|schrieb|schreibt|schreef|skrev|a écrit|escribió|escribio|написал|написала|пишет|ha scritto|escreveu|kirjoitti|napisał|napisała|írta|yazdı|napsal|escrigué|kirjutas)(?:\s|:|$)`)
	// contactLabelRE matches the label of a contact line in a signature.
	contactLabelRE = regexp.MustCompile(`(?i)(?:^|[\s|•·/])(?:e-?mail|email address|mail|e|m|t|f|p|w|o|c|tel|tél|phone|mobile|cell|fax|web|office|direct|mailto)\s*[:.]`)
)

// toLabels are header labels of a quoted header block that fromLabels and
// headerLabels do not hold: the recipients, in the same languages.
var toLabels = labelSet("to", "cc", "bcc", "reply-to", "an", "kopie", "à", "a", "para",
	"aan", "till", "til", "do", "kime", "címzett", "vastaanottaja", "кому", "копия",
	"宛先", "收件人", "抄送", "받는 사람", "参照")

// isReplyBanner reports a single line that is a known reply banner, as a
// client writes it above the message it quotes: one ending in ">>>"
// (GroupWise) or ":" (Lotus Notes, and most attributions) that holds an
// address or date, and for ":" a date with an address or a reply verb.
func isReplyBanner(t string) bool {
	switch {
	case strings.HasSuffix(t, ">>>"):
		return hasAddress(t) || hasDate(t)
	case strings.HasSuffix(t, ":"):
		return hasDate(t) && (hasAddress(t) || bannerVerbRE.MatchString(t))
	}
	return false
}

// mayIntroduce reports a line that could introduce another message: a
// rule, a header line ("From: …", "Date: …", or any "Label: value" whose
// value holds a date or an address, form fields and contact labels aside),
// a line holding an address that is not a signature's contact line, or a
// short line holding a date or time.
func mayIntroduce(t string) bool {
	if ruleRE.MatchString(t) {
		return true
	}
	if label, rest := headerLabel(t); label != "" {
		if fromLabels[label] || headerLabels[label] || toLabels[label] {
			return true
		}
		if isWordLabel(label) && !model.FormFieldRE.MatchString(t) && !contactLabelRE.MatchString(label+":") &&
			(hasDate(rest) || hasAddress(rest)) {
			return true
		}
	}
	if hasAddress(t) && !isContactLine(t) {
		return true
	}
	return hasDate(t) && (wordCount(t) <= maxBannerWords || strings.HasSuffix(t, ":"))
}

// maxBannerWords is the most words a line holding only a date may have
// and still be taken for a banner ("Fri, Nov 20, 2026 at 10:14 AM Maria
// Lopez"); a longer line holding a date is a sentence of the sender's.
const maxBannerWords = 12

// hasAddress reports a line holding an email address.
func hasAddress(t string) bool {
	return strings.IndexByte(t, '@') >= 0 && AddressRE.MatchString(t)
}

// hasDate reports a line holding a date or a time of day.
func hasDate(t string) bool {
	if strings.IndexFunc(t, unicode.IsDigit) < 0 {
		return false
	}
	return numericDateRE.MatchString(t) || timeRE.MatchString(t) || cjkDateRE.MatchString(t) ||
		(yearRE.MatchString(t) && monthRE.MatchString(t))
}

// isContactLine reports a signature's contact line: bare addresses (not
// "Name <address>", as headers write them), no date, and besides them
// only contact labels, phone numbers, separators and at most
// maxContactWords words ("Maria Lopez | Property Manager | m@x | 555-0100").
func isContactLine(t string) bool {
	if strings.ContainsAny(t, "<>") || hasDate(t) || bannerVerbRE.MatchString(t) {
		return false
	}
	rest := contactLabelRE.ReplaceAllString(AddressRE.ReplaceAllString(t, " "), " ")
	return wordCount(rest) <= maxContactWords
}

// maxContactWords is the most words of a contact line besides its
// addresses: a name and a job title.
const maxContactWords = 6

// wordCount counts the runs of letters in t.
func wordCount(t string) int {
	n, in := 0, false
	for _, r := range t {
		letter := unicode.IsLetter(r)
		if letter && !in {
			n++
		}
		in = letter
	}
	return n
}

// headerFollows reports that the lines after the candidate banner at i
// read as a quoted message: within the next bannerLookahead non-blank
// lines, a header line with a known label, a ">" line, or another line
// holding an address with a date.
func headerFollows(lines []line, i int) bool {
	seen := 0
	for j := i + 1; j < len(lines) && seen < bannerLookahead; j++ {
		t := lines[j].text
		if t == "" {
			continue
		}
		seen++
		label, _ := headerLabel(t)
		if fromLabels[label] || headerLabels[label] || toLabels[label] || isQuoteLine(t) ||
			(hasAddress(t) && hasDate(t)) {
			return true
		}
	}
	return false
}

// bannerLookahead is how many non-blank lines headerFollows reads.
const bannerLookahead = 4

// boundaryDoubt is the doubt raised when a reply's new text ends at line
// t, which may introduce another message but is no known banner.
func boundaryDoubt(t string) model.Doubt {
	return model.Doubt{
		Kind:     model.DoubtUnverified,
		Rule:     "quote-boundary",
		Evidence: model.ClipLine(t, maxBoundaryEvidence),
		Why:      "in a reply, this line may introduce a quoted message, but it is no known banner and no quoted header follows: where the new text ends is unsure",
	}
}

// unintroducedDoubt is the doubt of a quote in an HTML body that no
// attribution introduces; its evidence is the last line of new text
// before it (kept, then the trailer), when there is one.
func unintroducedDoubt(kept, trailer []line) model.Doubt {
	last := "(the start of the message)"
	for _, ls := range [][]line{kept, trailer} {
		for j := len(ls) - 1; j >= 0; j-- {
			if ls[j].text != "" {
				last = ls[j].text
				break
			}
		}
	}
	return model.Doubt{
		Kind:     model.DoubtUnverified,
		Rule:     "quote-boundary",
		Evidence: "a quote no attribution introduces, after: " + model.ClipLine(last, maxBoundaryEvidence),
		Why:      "the HTML shows an indented quote with no line saying whose words it holds: it may be the sender's own",
	}
}

// maxBoundaryEvidence is the longest evidence string a doubt holds, in bytes.
const maxBoundaryEvidence = 200
