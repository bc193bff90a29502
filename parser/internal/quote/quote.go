package quote

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"intake/parser/internal/model"
)

// Quote, forward and signature detection for plain text (docs/phrasings.md).
// It works on normalised lines, so fullwidth "＞" and NBSP have already
// become ">" and " ". Security matters more than recall: when a line might
// introduce text the sender did not write, the text is removed.

var (
	// attributionRE matches the line a client writes above a quoted
	// reply, in the languages mail commonly arrives in: the verb ends the
	// line ("On … Maria <m@x> wrote:", "… a écrit :", "… escribió:",
	// "… написал(а):", "… пишет:") ...
	attributionRE = regexp.MustCompile(`(?i)(?:^|[\s)>])(?:wrote|schrieb|schreef|skrev|a écrit|escribió|escribio|написал|написала|написал\(а\)|пишет|ha scritto|escreveu|geschreven|kirjoitti|pisze|napisał|napisała|napisał\(a\)|írta|yazdı|napsal|napsala|napsal\(a\)|escrigué|kirjutas)\s*:$`)
	// ... or is in the middle, followed by the name
	// ("Am 23.11.2026 um 10:00 schrieb Maria <m@x>:", "Op … schreef Maria:").
	attributionMidRE = regexp.MustCompile(`(?i)^(?:am|op|den|on)\s.*\s(?:schrieb|schreef|skrev|wrote)\s.{1,200}:$`)
	// attributionMailRE matches an attribution that is just a date and
	// an address, as Gmail writes it in some languages
	// ("пн, 23 нояб. 2026 г. в 10:00, Maria <maria@x>:").
	attributionMailRE = regexp.MustCompile(`[^\s<>()]+@[^\s<>()]+>\)?\s*:$`)
	// attributionStartRE matches the first line of an attribution that
	// wraps over up to three lines; it must also hold a digit (the date).
	attributionStartRE = regexp.MustCompile(`(?i)^(?:on|am|le|el|op|il|em|den|w dniu|dne|\d|\p{Cyrillic}{2,3},|\p{Han})`)

	// separatorRE matches a dashed separator with words in it:
	// "-----Original Message-----", "-------- Original message --------",
	// "---------- Forwarded message ---------", "-----Ursprüngliche Nachricht-----".
	separatorRE = regexp.MustCompile(`^-{2,}\s*[^-]*\pL[^-]*?\s*-{2,}$`)
	// forwardIntroRE matches Apple Mail's forward introduction.
	forwardIntroRE = regexp.MustCompile(`(?i)^(?:begin forwarded message|forwarded message|anfang der weitergeleiteten nachricht|début du message réexpédié|début du message transféré|inicio del mensaje reenviado|inizio messaggio inoltrato|início da mensagem reencaminhada|mensagem encaminhada|begin doorgestuurd bericht|начало переадресованного сообщения|пересылаемое сообщение)\s*:?$`)
	// underscoreRE matches the rule Outlook draws above a quoted header block.
	underscoreRE = regexp.MustCompile(`^_{10,}$`)
	// footerRE matches the footers mobile clients append below new text.
	footerRE = regexp.MustCompile(`(?i)^(?:sent from my \S.*|sent from (?:yahoo mail|mail for windows|outlook|aol|samsung|proton mail).*|get outlook for (?:ios|android).*|sent with proton mail.*|von meinem \S.* gesendet|gesendet von meinem \S.*|envoyé de mon \S.*|envoyé depuis mon \S.*|enviado desde mi \S.*|enviado do meu \S.*|inviato dal mio \S.*|отправлено с(?:о)? \S.*|verzonden (?:met|vanaf) \S.*|skickat från \S.*)$`)

	// headerInlineRE finds a sent label later on the same line, for
	// clients that put the whole header block on one line.
	headerInlineRE = regexp.MustCompile(`(?i)(?:^|\s)\*?(?:sent|date|gesendet|envoyé|enviado el|enviado|отправлено)\s*:`)
)

// fromLabels are the labels that start a quoted header block (Outlook
// desktop and web, localized); headerLabels are those of a later line
// that makes it one: when it was sent, or its subject.
var (
	fromLabels = labelSet("from", "de", "von", "van", "da", "от", "från", "fra", "od",
		"kimden", "feladó", "lähettäjä", "差出人", "发件人", "寄件者", "보낸 사람")
	headerLabels = labelSet("sent", "date", "subject", "gesendet", "datum", "betreff",
		"envoyé", "objet", "enviado el", "enviado", "fecha", "asunto", "отправлено",
		"дата", "тема", "inviato", "data", "oggetto", "verzonden", "onderwerp",
		"skickat", "ämne", "sendt", "emne", "wysłano", "temat", "送信日時", "件名",
		"发送时间", "主题")
)

func labelSet(labels ...string) map[string]bool {
	m := make(map[string]bool, len(labels))
	for _, l := range labels {
		m[l] = true
	}
	return m
}

// maxFooterLen keeps a long sentence that happens to start like a footer
// ("Sent from my office: …") from being taken for one.
const maxFooterLen = 100

// maxLabelLen is the furthest, in characters, a header label's colon can
// be from the start of its line ("*Enviado el:*", "تاريخ الإرسال:").
const maxLabelLen = 24

// A quoteScan is what scanQuotes finds in the lines of a body.
type quoteScan struct {
	// kept is the new text: where requests are read.
	kept []line
	// trailer is what follows a signature delimiter or a mobile footer,
	// quotes removed: never read for requests, but read by holds, since a
	// postscript below the signature may hold, cancel or correct one.
	trailer []line
	// cut is what was removed as quoted or forwarded, in order.
	cut     []line
	removed model.Labels
	doubts  []model.Doubt
	// unintroduced is set once a quote no attribution introduces is found.
	unintroduced bool
}

// scanQuotes removes quoted replies, forwarded messages and signatures.
// A ">" line is removed and the text after it kept (bottom posting, inline
// replies). An attribution is removed, and when the next non-blank line is
// not ">"-quoted (an unquoted original, as Outlook writes it) everything
// from it to the end is. Separators, header blocks and forward
// introductions remove everything to the end; a signature delimiter or a
// mobile footer ends the new text, and what follows it (up to a quote) is
// the trailer (see quoteScan). Each removed block becomes a blank line, so
// text on either side is never joined into one sentence. In a reply (reply
// true) it also ends the new text at the first line that may introduce
// another message (see banner.go), with a doubt when that line is no known
// banner and no quoted header follows it. In the text of an HTML body
// (lim.HTML), a quote that no attribution introduces, above it or on its
// own first line, is a doubt: an indented block below or above the
// request, with nothing to say whose words it holds, may be the sender's
// own.
func scanQuotes(lines []line, lim Limits) quoteScan {
	var s quoteScan
	dst := &s.kept
	reply, introduced := lim.Reply, false
	for i := 0; i < len(lines); i++ {
		t := lines[i].text
		if isQuoteLine(t) {
			if lim.HTML && !introduced && !s.unintroduced && !isAttribution(strings.TrimSpace(t[1:])) {
				s.unintroduced = true
				s.doubts = append(s.doubts, unintroducedDoubt(s.kept, s.trailer))
			}
			introduced = true
			s.removed.Add("quote")
			s.cut = append(s.cut, lines[i])
			*dst = appendBreak(*dst)
			continue
		}
		if t != "" {
			introduced = false
		}
		if label := cutLabel(lines, i); label == "signature" {
			s.removed.Add(label)
			dst = &s.trailer
			*dst = appendBreak(*dst)
			continue
		} else if label != "" {
			s.removed.Add(label)
			s.cut = append(s.cut, lines[i:]...)
			return s
		}
		if end := attributionEnd(lines, i); end >= 0 {
			s.removed.Add("quote")
			if next := nextText(lines, end+1); next >= 0 && !isQuoteLine(lines[next].text) {
				s.cut = append(s.cut, lines[i:]...)
				return s
			}
			s.cut = append(s.cut, lines[i:end+1]...)
			*dst = appendBreak(*dst)
			i, introduced = end, true
			continue
		}
		if reply && (isReplyBanner(t) || mayIntroduce(t)) {
			s.removed.Add("quote")
			s.cut = append(s.cut, lines[i:]...)
			if !isReplyBanner(t) && !headerFollows(lines, i) {
				s.doubts = append(s.doubts, boundaryDoubt(t))
			}
			return s
		}
		*dst = append(*dst, lines[i])
	}
	return s
}

func isQuoteLine(t string) bool { return strings.HasPrefix(t, ">") }

// appendBreak ends the current paragraph, once.
func appendBreak(out []line) []line {
	if len(out) == 0 || out[len(out)-1].text == "" {
		return out
	}
	return append(out, line{})
}

// nextText returns the index of the first non-blank line at or after i,
// or -1.
func nextText(lines []line, i int) int {
	for ; i < len(lines); i++ {
		if lines[i].text != "" {
			return i
		}
	}
	return -1
}

// cutLabel returns the label of a line after which nothing is the
// sender's new text, or "" when line i is not one.
func cutLabel(lines []line, i int) string {
	t := lines[i].text
	// The cheap tests before each expression keep long texts fast.
	switch {
	case t == "--" || t == "—":
		return "signature"
	case len(t) <= maxFooterLen && footerRE.MatchString(t):
		return "signature"
	case strings.HasPrefix(t, "--") && separatorRE.MatchString(t):
		if model.ForwardWordRE.MatchString(t) {
			return "forward"
		}
		return "quote"
	case len(t) <= maxFooterLen && forwardIntroRE.MatchString(t):
		return "forward"
	case strings.HasPrefix(t, "_") && underscoreRE.MatchString(t), isHeaderBlock(lines, i),
		isGenericHeaderBlock(lines, i):
		return "quote"
	}
	return ""
}

// isHeaderBlock reports whether line i starts a quoted header block: a
// From line followed, within five lines, by a Sent/Date or Subject line
// (or with the Sent label on the same line).
func isHeaderBlock(lines []line, i int) bool {
	label, rest := headerLabel(lines[i].text)
	if !fromLabels[label] {
		return false
	}
	if headerInlineRE.MatchString(rest) {
		return true
	}
	for j := i + 1; j < len(lines) && j <= i+5; j++ {
		if label, _ := headerLabel(lines[j].text); headerLabels[label] {
			return true
		}
	}
	return false
}

// headerLabel splits a "Label: value" line into the lowercased label,
// without the stars of bold markup ("*From:*"), and the rest; the label
// is "" when the line has no colon near its start.
func headerLabel(t string) (label, rest string) {
	c := strings.IndexByte(t, ':')
	if c <= 0 || utf8.RuneCountInString(t[:c]) > maxLabelLen {
		return "", ""
	}
	return strings.ToLower(strings.Trim(t[:c], "* ")), t[c+1:]
}

// attributionEnd returns the index of the last line of the attribution
// that starts at line i, or -1 when none does. An attribution may wrap
// over up to three lines; a wrapped one must start like one and hold a
// digit in its first line.
func attributionEnd(lines []line, i int) int {
	t := lines[i].text
	if isAttribution(t) {
		return i
	}
	if !strings.ContainsAny(t, "0123456789") || !attributionStartRE.MatchString(t) {
		return -1
	}
	joined := t
	for j := i + 1; j < len(lines) && j <= i+2; j++ {
		next := lines[j].text
		if next == "" || isQuoteLine(next) {
			return -1
		}
		joined += " " + next
		if isAttribution(joined) {
			return j
		}
	}
	return -1
}

func isAttribution(t string) bool {
	if !strings.HasSuffix(t, ":") {
		return false
	}
	return attributionRE.MatchString(t) || attributionMidRE.MatchString(t) || attributionMailRE.MatchString(t)
}
