package approvals

import (
	"fmt"
	"slices"
	"strings"

	"intake/parser"
)

// What a confirming reply may hold besides its codes (docs/replies.md):
// every rule here is an allow-list, so that what a reader sees and intake
// does not read keeps the request for staff.

// marks are the characters besides letters, digits and spaces that a
// confirming reply may hold: a "?" asks rather than confirms, and a
// symbol ("👎", "≠", "~~") or an emoticon (":-(") may say no without a
// word.
const marks = ".,!:;'’\"-–—@"

// replyPrefixes are the words mail clients put before a reply's Subject
// (RFC 5322 section 3.6.5: "Re:", and its translations).
var replyPrefixes = map[string]bool{"re": true, "aw": true, "sv": true, "antw": true, "ref": true, "r": true}

// subjectOther returns the words of the reply's Subject that are neither
// a reply prefix, a code at.matched holds, courtesy, the sender's name,
// nor a word of the Subject of the reply that carried c: a reader sees
// the Subject, and "Re: ... do NOT add" says more than the code.
func subjectOther(tx Tx, at *attempt, c Confirmation) ([]string, error) {
	ours := map[string]bool{}
	o, err := tx.OutboundByMessageID(c.ReplyMessageID)
	switch {
	case ErrorCode(err) == ENOTFOUND:
	case err != nil:
		return nil, fmt.Errorf("read reply %s: %w", c.ReplyMessageID, err)
	default:
		for _, w := range words(o.Subject) {
			ours[strings.ToLower(w)] = true
		}
	}
	var other []string
	for _, w := range words(at.in.Parsed.Subject) {
		lw, h := strings.ToLower(w), CodeHash(w)
		if ours[lw] || replyPrefixes[lw] || courtesy[lw] || at.allowed[lw] ||
			isCode(strings.ToUpper(w)) && slices.ContainsFunc(at.matched, func(m Confirmation) bool { return m.CodeHash == h }) {
			continue
		}
		other = append(other, w)
	}
	return other, nil
}

// unseenText says why intake cannot be sure it read all that a reader
// sees of a reply confirming c, or "" when it can: the text it took out
// as quoted must open as mail clients open a quote (quoteOpens) and quote
// the reply that carried the code, and what it took out as a quote or
// signature must be kept for staff to read. A line the sender wrote
// ("Starting 14 March 2025.", a rule and "Only after Monday") that
// intake took for the start of a quote is then refused, not dropped.
func unseenText(m *parser.Message, c Confirmation) string {
	b := m.Body
	switch {
	case slices.Contains(b.Removed, "quote") && b.Quoted == "":
		return "intake removed a quote it did not keep"
	case slices.Contains(b.Removed, "signature") && b.Source == "text/html" && b.Trailer == "":
		return "intake removed an HTML signature it did not keep"
	case b.Quoted == "":
		return ""
	case !quotesCode(b.Quoted, []Confirmation{c}):
		return "the quoted part does not quote the reply with the code"
	}
	if l := quoteOpens(b.Quoted); l != "" {
		return fmt.Sprintf("the quoted part opens with %q, which is no attribution, header or quote", clip(l))
	}
	return ""
}

// attributionVerbs end the attribution lines of mail clients that name
// the author without an address ("On 10/03/2025 11:00, DOOR wrote:").
var attributionVerbs = []string{"wrote:", "writes:", "a écrit :", "a écrit:", "schrieb:", "escribió:", "scrisse:",
	"schreef:", "escreveu:", "skrev:", "kirjoitti:", "napisał:"}

// quoteOpens returns the first line of quoted when it does not open a
// quote as mail clients write one, and "" when it does: a ">" line; a
// "From:" header naming an address; an attribution (attribution), on one
// line or wrapped onto a second that holds only its address and verb; or
// a separator line of "-" or "_" ("-----Original Message-----") followed
// by such a header. The quoted text of HTML is one line: its opening is
// judged the same way.
func quoteOpens(quoted string) string {
	var lines []string
	for _, l := range strings.Split(quoted, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			lines = append(lines, l)
		}
	}
	if len(lines) == 0 {
		return ""
	}
	header := func(l string) bool { return strings.HasPrefix(l, "From:") && strings.Contains(l, "@") }
	l := lines[0]
	switch {
	case strings.HasPrefix(l, ">"), header(l), attribution(l):
		return ""
	case len(lines) > 1 && attributionTail(lines[1]) && attribution(l+" "+lines[1]):
		return ""
	case (strings.HasPrefix(l, "-----") || strings.HasPrefix(l, "_____")) && len(lines) > 1 && header(lines[1]):
		return ""
	}
	return l
}

// attribution reports whether l opens with an attribution: its text up
// to the first colon that ends a word ("wrote:", not "11:00") names an
// address or ends with one of attributionVerbs.
func attribution(l string) bool {
	end := -1
	for i := 0; i < len(l); i++ {
		if l[i] == ':' && (i+1 == len(l) || l[i+1] == ' ') {
			end = i + 1
			break
		}
	}
	if end < 0 {
		return false
	}
	head := strings.ToLower(l[:end])
	return strings.Contains(head, "@") || slices.ContainsFunc(attributionVerbs, func(v string) bool { return strings.HasSuffix(head, v) })
}

// attributionTail reports whether l is only the end of an attribution
// wrapped onto a second line: an optional address and the verb
// ("integrations@door.com> wrote:").
func attributionTail(l string) bool {
	f := strings.Fields(l)
	if len(f) > 0 && strings.Contains(f[0], "@") {
		f = f[1:]
	}
	return slices.Contains(attributionVerbs, strings.ToLower(strings.Join(f, " ")))
}
