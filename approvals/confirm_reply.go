package approvals

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"iter"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"intake/parser"
)

// CodeAlphabet is the alphabet of confirmation codes: capital letters and
// digits without I, O, 0 and 1, which read alike. Its 32 symbols make a
// random byte modulo 32 uniform.
const CodeAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"

// CodeLen is the length of a confirmation code.
const CodeLen = 8

// NewCode returns a new one-time code from crypto/rand: CodeLen symbols
// of CodeAlphabet, at least one of them a digit, so that no word of a
// message is taken for a code (a code without a digit is drawn again;
// about 39.8 random bits remain).
func NewCode() (string, error) {
	b := make([]byte, CodeLen)
	for {
		if _, err := rand.Read(b); err != nil {
			return "", fmt.Errorf("new confirmation code: %w", err)
		}
		for i := range b {
			b[i] = CodeAlphabet[b[i]%byte(len(CodeAlphabet))]
		}
		if isCode(string(b)) {
			return string(b), nil
		}
	}
}

// CodeHash returns the hex SHA-256 of code, in capitals: what the store
// keeps instead of the code.
func CodeHash(code string) string {
	sum := sha256.Sum256([]byte(strings.ToUpper(code)))
	return hex.EncodeToString(sum[:])
}

// isCode reports whether the word w, in capitals, has the shape of a
// code: CodeLen symbols of CodeAlphabet, a digit among them.
func isCode(w string) bool {
	if len(w) != CodeLen || !strings.ContainsAny(w, "23456789") {
		return false
	}
	for _, r := range w {
		if !strings.ContainsRune(CodeAlphabet, r) {
			return false
		}
	}
	return true
}

// codeShaped yields the words of text (as words splits them) that are
// CodeLen ASCII letters and digits long: the only ones that may be codes.
// It reads text once, without splitting it all into words.
func codeShaped(text string) iter.Seq[string] {
	return func(yield func(string) bool) {
		for i := 0; i < len(text); {
			if !isASCIIAlnum(text[i]) {
				i++
				continue
			}
			j := i
			for j < len(text) && isASCIIAlnum(text[j]) {
				j++
			}
			if j-i == CodeLen && !wordRuneBefore(text, i) && !wordRuneAt(text, j) {
				if !yield(text[i:j]) {
					return
				}
			}
			i = j
		}
	}
}

func isASCIIAlnum(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

// wordRuneBefore and wordRuneAt report whether the rune ending before i,
// or starting at i, is a letter or digit: a word goes on there.
func wordRuneBefore(text string, i int) bool {
	r, _ := utf8.DecodeLastRuneInString(text[:i])
	return i > 0 && (unicode.IsLetter(r) || unicode.IsDigit(r))
}

func wordRuneAt(text string, i int) bool {
	r, _ := utf8.DecodeRuneInString(text[i:])
	return i < len(text) && (unicode.IsLetter(r) || unicode.IsDigit(r))
}

// courtesy are the words a confirming reply may hold besides its codes
// and the sender's own name: anything else (a "not", a date, a
// condition) may change what the sender confirms, and is for staff.
var courtesy = map[string]bool{
	"yes": true, "ok": true, "okay": true, "confirm": true, "confirmed": true, "confirming": true,
	"i": true, "we": true, "please": true, "thanks": true, "thank": true, "you": true, "many": true,
	"kind": true, "best": true, "regards": true, "cheers": true, "here": true, "is": true, "the": true,
	"code": true, "my": true, "our": true, "this": true, "that": true, "s": true, "correct": true,
	"hi": true, "hello": true, "dear": true, "door": true, "support": true, "team": true,
	"sincerely": true, "go": true, "ahead": true, "and": true,
	// a mobile footer: "Sent from my iPhone"
	"sent": true, "from": true, "iphone": true, "ipad": true, "android": true, "outlook": true, "mobile": true,
}

// words splits text into words of letters and digits.
func words(text string) []string {
	return strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

// attempt is what a received message says to the codes offered.
type attempt struct {
	msg Message
	in  Inbound
	// matched are the codes the message's own text holds.
	matched []Confirmation
	// unanswered are the codes offered in the message's thread, one per
	// request, when its text matched none; refusal says why.
	unanswered []Confirmation
	refusal    Refusal
	// other are the words of the own text that are neither a code nor
	// courtesy nor the sender's name, and its marks outside marks.
	other []string
	// allowed are the sender's own words (senderWords).
	allowed map[string]bool
}

// readAttempt returns what msg says to the codes offered: nil when it
// holds no offered code and answers no reply that carried one.
func (s *Service) readAttempt(tx Tx, msg Message, in Inbound) (*attempt, error) {
	at := &attempt{msg: msg, in: in}
	// The trailer is read too: a postscript may hold the request.
	own := in.Parsed.Body.Text + "\n" + in.Parsed.Body.Trailer
	// stray: a code-shaped word that matches no code.
	var stray bool
	found := map[string]bool{} // the code-shaped words, true when a code
	for w := range codeShaped(own) {
		up := strings.ToUpper(w)
		if _, seen := found[up]; seen || !isCode(up) { // "abcd2345" and "ABCD2345" are one code
			continue
		}
		cs, err := tx.ConfirmationsByCode(CodeHash(up))
		if err != nil {
			return nil, fmt.Errorf("look up confirmation code: %w", err)
		}
		at.matched = append(at.matched, cs...)
		found[up] = len(cs) > 0
		stray = stray || len(cs) == 0
	}
	if len(at.matched) > 0 {
		return at, s.readOther(tx, at, own, found)
	}
	if len(in.Thread) == 0 {
		return nil, nil // most mail: no code, and no thread to answer
	}
	offered, err := tx.ConfirmationsByReply(in.Thread)
	if err != nil {
		return nil, fmt.Errorf("look up confirmations of the thread: %w", err)
	}
	if len(offered) == 0 {
		return nil, nil
	}
	at.refusal = RefusalNoCode
	switch {
	case stray:
		at.refusal = RefusalWrongCode
	case quotesCode(in.Parsed.Body.Quoted, offered):
		at.refusal = RefusalQuotedOnly
	}
	seen := map[string]bool{}
	for _, c := range offered {
		if !seen[c.Request] {
			seen[c.Request] = true
			at.unanswered = append(at.unanswered, c)
		}
	}
	return at, nil
}

// readOther sets at.allowed, the sender's own words, and at.other: the
// words of own that are neither a code (codes[upper case] true), courtesy
// nor the sender's, and the marks outside the allowed ones.
func (s *Service) readOther(tx Tx, at *attempt, own string, codes map[string]bool) error {
	allowed, err := senderWords(tx, at.msg.Sender)
	if err != nil {
		return err
	}
	at.allowed = allowed
	for _, w := range uniqueWords(own) {
		if lw := strings.ToLower(w); !codes[strings.ToUpper(w)] && !courtesy[lw] && !allowed[lw] {
			at.other = append(at.other, w)
		}
	}
	for _, r := range own {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.IsSpace(r) && !strings.ContainsRune(marks, r) {
			at.other = append(at.other, string(r))
		}
	}
	return nil
}

// uniqueWords returns the words of text without repeats, in order.
func uniqueWords(text string) []string {
	var out []string
	seen := map[string]bool{}
	for _, w := range words(text) {
		if !seen[w] {
			seen[w] = true
			out = append(out, w)
		}
	}
	return out
}

// quotesCode reports whether quoted holds the code of one of cs.
func quotesCode(quoted string, cs []Confirmation) bool {
	for _, w := range words(quoted) {
		if up := strings.ToUpper(w); isCode(up) {
			h := CodeHash(up)
			if slices.ContainsFunc(cs, func(c Confirmation) bool { return c.CodeHash == h }) {
				return true
			}
		}
	}
	return false
}

// senderWords returns the words of the sender's address and, when the
// sender is a manager, of their name, lowercased: a reply may be signed.
func senderWords(tx Tx, sender string) (map[string]bool, error) {
	out := map[string]bool{}
	for _, w := range words(sender) {
		out[strings.ToLower(w)] = true
	}
	m, err := tx.Manager(sender)
	switch {
	case ErrorCode(err) == ENOTFOUND:
		return out, nil
	case err != nil:
		return nil, fmt.Errorf("look up manager: %w", err)
	}
	for _, w := range words(m.Name) {
		out[strings.ToLower(w)] = true
	}
	return out, nil
}

// checkCode returns the request c confirms, or why at does not confirm
// it (docs/decisions.md, confirmation by reply).
func (s *Service) checkCode(tx Tx, at *attempt, c Confirmation) (*Request, Refusal, string, error) {
	p := at.in.Parsed
	switch {
	case EmailKey(at.msg.Sender) != c.Sender:
		return nil, RefusalOtherSender, "the code was sent to another address", nil
	case !addressingCheck(p.To, p.Cc, s.cfg.Addresses).OK:
		return nil, RefusalNotAddressed, addressingCheck(p.To, p.Cc, s.cfg.Addresses).Detail, nil
	case !identityCheck(p.Identity).OK:
		return nil, RefusalUnproven, identityCheck(p.Identity).Detail, nil
	case !freshnessCheck(p.Date, at.msg.ReceivedAt, s.cfg.MaxAge).OK:
		return nil, RefusalStale, freshnessCheck(p.Date, at.msg.ReceivedAt, s.cfg.MaxAge).Detail, nil
	case !slices.Contains(at.in.Thread, c.ReplyMessageID):
		return nil, RefusalOutsideThread, "In-Reply-To and References do not hold <" + c.ReplyMessageID + ">", nil
	case !c.UsedAt.IsZero():
		return nil, RefusalUsed, "used by message " + c.UsedBy + " at " + stamp(c.UsedAt), nil
	case !s.now().Before(c.ExpiresAt):
		return nil, RefusalExpired, "expired at " + stamp(c.ExpiresAt), nil
	}
	r, err := tx.Request(c.Request)
	if err != nil {
		return nil, "", "", fmt.Errorf("read request %s: %w", c.Request, err)
	}
	switch {
	case !Confirmable(r):
		return nil, RefusalDecided, fmt.Sprintf("the request is %s %s", r.Status, dashReason(r.Reason)), nil
	case r.PartnerID != c.PartnerID || r.PropertyID != c.PropertyID:
		return nil, RefusalChanged, fmt.Sprintf("the reply restated %s on %s; the request is now %s on %s",
			c.PartnerID, c.PropertyID, r.PartnerID, r.PropertyID), nil
	case len(p.Doubts) > 0 || p.Mismatch || !at.in.TextOnly:
		return nil, RefusalDoubt, describeDoubts(p, at.in.TextOnly), nil
	case len(at.other) > 0:
		return nil, RefusalOtherText, fmt.Sprintf("the reply also says %q", clip(strings.Join(at.other, " "))), nil
	}
	other, err := subjectOther(tx, at, c)
	if err != nil || len(other) > 0 {
		return nil, RefusalOtherText, fmt.Sprintf("the Subject also says %q", clip(strings.Join(other, " "))), err
	}
	if why := unseenText(p, c); why != "" {
		return nil, RefusalOtherText, why, nil
	}
	return r, "", "", nil
}

// describeDoubts describes what keeps intake from being sure of m, whose
// parts are text alone when textOnly.
func describeDoubts(m *parser.Message, textOnly bool) string {
	var parts []string
	if !textOnly {
		parts = append(parts, "the message has parts besides its text (an attachment, an attached message, an image)")
	}
	if m.Mismatch {
		parts = append(parts, "the text/plain and HTML alternatives read differently")
	}
	for _, d := range m.Doubts {
		parts = append(parts, describeDoubt(d))
	}
	return strings.Join(parts, "; ")
}

// clip bounds s to maxEvidence bytes.
func clip(s string) string {
	if len(s) > maxEvidence {
		return s[:maxEvidence] + "…"
	}
	return s
}
