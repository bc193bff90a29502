package quote

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"intake/parser/internal/model"
)

// DefaultMaxLineBytes is the longest a normalised line may be when
// Limits.MaxLineBytes is zero (limits.line_bytes).
const DefaultMaxLineBytes = 64 << 10

// Limits configure Plain and Read. The zero value is usable.
type Limits struct {
	// MaxLineBytes bounds one normalised line, in bytes; zero means
	// DefaultMaxLineBytes.
	MaxLineBytes int
	// Reply reports a message that answers or forwards another
	// (IsReply): its new text ends at its first possible banner, and an
	// unsure one is a doubt (see banner.go).
	Reply bool
	// HTML reports the visible text of an HTML body, where a ">" line
	// stands for a blockquote the reader sees as a quote: one that no
	// attribution introduces is a doubt (see scanQuotes).
	HTML bool
}

// Plain returns the visible new text of a text/plain body that enmime
// has already decoded to UTF-8 (docs/phrasings.md): normalised, with quoted
// replies, forwarded messages and signatures removed and wrapped lines
// joined. A line longer than lim.MaxLineBytes once normalised is a
// *model.LimitError: cutting it could cut off a trailing hedge ("… unless
// the board objects").
func Plain(text string, lim Limits) (model.Body, error) {
	b, err := Read(text, lim)
	if err != nil {
		return model.Body{}, err
	}
	b.Source = "text/plain"
	return b, nil
}

// Read is the plain-text pipeline shared by Plain and the visible text of
// an HTML body: normalise, strip what the sender did not write, unwrap. It
// returns a Body without Source.
func Read(text string, lim Limits) (model.Body, error) {
	if lim.MaxLineBytes <= 0 {
		lim.MaxLineBytes = DefaultMaxLineBytes
	}
	lines, err := normalizeLines(text, lim.MaxLineBytes)
	if err != nil {
		return model.Body{}, err
	}
	s := scanQuotes(lines, lim)
	return model.Body{Text: unwrap(s.kept), Trailer: unwrap(s.trailer), Quoted: joinLines(s.cut), Removed: s.removed, Doubts: s.doubts}, nil
}

// A line is one normalised line of text.
type line struct {
	// text has no leading or trailing space and no run of spaces;
	// "" for a blank line.
	text string
	// indent reports that the line began with white space, which marks
	// the continuation of a list item in hard-wrapped text.
	indent bool
}

// lineBreaks maps every line terminator to "\n". A paragraph separator
// (U+2029) becomes a blank line.
var lineBreaks = strings.NewReplacer(
	"\r\n", "\n", "\r", "\n", "\v", "\n", "\f", "\n",
	"\u0085", "\n", "\u2028", "\n", "\u2029", "\n\n",
)

// breakLines is lineBreaks.Replace(text), quicker for text whose only
// line terminators are CR LF and LF: when no other terminator is left once
// the CR LF pairs are replaced, those pairs are all the replacer would have
// replaced (two pairs cannot overlap), and the result is the same.
func breakLines(text string) string {
	t := strings.ReplaceAll(text, "\r\n", "\n")
	for _, brk := range []string{"\r", "\v", "\f", "\u0085", "\u2028", "\u2029"} {
		if strings.Contains(t, brk) { // quicker than ContainsAny with non-ASCII
			return lineBreaks.Replace(text)
		}
	}
	return t
}

// normalizeLines splits text into normalised lines: invalid UTF-8
// replaced, NFKC applied (so fullwidth letters and NBSP become ASCII), and
// every Unicode space and tab made a single ' '. Zero-width and bidi
// characters are kept: they are not spaces, and a later stage flags them.
// A normalised line longer than maxLine bytes, quoted or not, is a
// *LimitError naming limits.line_bytes.
func normalizeLines(text string, maxLine int) ([]line, error) {
	if !utf8.ValidString(text) { // ToValidUTF8 copies even valid text
		text = strings.ToValidUTF8(text, "\uFFFD")
	}
	text = breakLines(norm.NFKC.String(text))
	raw := strings.Split(text, "\n")
	lines := make([]line, 0, len(raw))
	for _, r := range raw {
		l, ok := normalizeLine(r, maxLine)
		if !ok {
			return nil, &model.LimitError{Limit: "limits.line_bytes", Max: int64(maxLine)}
		}
		lines = append(lines, l)
	}
	return lines, nil
}

// normalizeLine collapses the spaces of s; ok is false, and the work
// stops, as soon as the result would be longer than maxLine bytes.
func normalizeLine(s string, maxLine int) (l line, ok bool) {
	if t := strings.TrimRight(s, " "); len(t) <= maxLine && t != "" && Collapsed(t) {
		return line{text: t}, true // most lines: no copy
	}
	return collapseSpaces(s, maxLine)
}

// collapseSpaces is normalizeLine for every s.
func collapseSpaces(s string, maxLine int) (l line, ok bool) {
	var b strings.Builder
	b.Grow(min(len(s), maxLine))
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) {
			l.indent = l.indent || b.Len() == 0
			space = true
			continue
		}
		sep := space && b.Len() > 0
		n := utf8.RuneLen(r)
		if sep {
			n++
		}
		if b.Len()+n > maxLine {
			return line{}, false
		}
		if sep {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	l.text = b.String()
	return l, true
}

// Collapsed reports that s is printable ASCII with no leading, trailing
// or repeated space: what normalizeLine and strings.Fields leave as it is.
// (The only ASCII characters unicode.IsSpace reports other than ' ' are
// control characters, which Collapsed refuses.)
//
// It tests eight bytes at a time, with two tests of Bit Twiddling Hacks:
// (w - n*ones) &^ w & highs is non-zero exactly when a byte of w is less
// than n (n at most 0x80), and ^((x&lows + lows) | x) & highs has the high
// bit of exactly the zero bytes of x.
func Collapsed(s string) bool {
	if s == "" {
		return true
	}
	if s[0] == ' ' || s[len(s)-1] == ' ' {
		return false
	}
	const ones, highs, lows = 0x0101010101010101, 0x8080808080808080, 0x7f7f7f7f7f7f7f7f
	space := false // the byte before s[i] is a space
	i := 0
	for ; i+8 <= len(s); i += 8 {
		t := s[i : i+8]
		w := uint64(t[0]) | uint64(t[1])<<8 | uint64(t[2])<<16 | uint64(t[3])<<24 |
			uint64(t[4])<<32 | uint64(t[5])<<40 | uint64(t[6])<<48 | uint64(t[7])<<56
		del := w ^ 0x7f*ones // zero where w holds DEL
		if w&highs|(w-' '*ones)&^w&highs|(del-ones)&^del&highs != 0 {
			return false // a byte that is not printable ASCII
		}
		sp := w ^ ' '*ones
		z := ^(sp&lows + lows | sp) & highs // the high bit of each space
		if z&(z>>8) != 0 || space && z&0x80 != 0 {
			return false // two spaces in a row
		}
		space = z>>63 != 0
	}
	for ; i < len(s); i++ {
		c := s[i]
		if c < ' ' || c > '~' || c == ' ' && space {
			return false
		}
		space = c == ' '
	}
	return true
}

var (
	// fieldRE matches a form field line, "Property: The Pines": a label of
	// one to three words of letters, then a colon.
	fieldRE = regexp.MustCompile(`^[\p{L}'’-]+(?: [\p{L}'’-]+){0,2} ?:(?:\s|$)`)
	// listRE matches a bullet or numbered list item.
	listRE = regexp.MustCompile(`^(?:[-*+•◦▪‣·–]|\d{1,3}[.)])\s`)
)

// maxFieldLabel is the longest a form field's label can be, in bytes.
const maxFieldLabel = 64

// isField reports a form field line; the colon test keeps long text fast.
func isField(t string) bool {
	c := strings.IndexByte(t, ':')
	return c > 0 && c <= maxFieldLabel && fieldRE.MatchString(t)
}

// isListItem reports a list item line; the first-byte test keeps long
// text fast.
func isListItem(t string) bool {
	c := t[0]
	return (c == '-' || c == '*' || c == '+' || ('0' <= c && c <= '9') || c >= 0x80) && listRE.MatchString(t)
}

// lineKind says how a line joins its neighbours in a paragraph.
type lineKind int

const (
	kindNone  lineKind = iota // at the start of a paragraph
	kindText                  // running text: the next text line joins it
	kindField                 // a form field: stands alone
	kindList                  // a list item: indented lines continue it
)

// unwrap joins hard-wrapped lines. Paragraphs (separated by blank lines)
// are separated by exactly one blank line in the result. Within a
// paragraph running text is joined with single spaces, while form fields
// ("Label: value") and list items keep their own lines, separated by "\n".
// It is linear in the size of the text.
func unwrap(lines []line) string {
	var b strings.Builder
	size := 0
	for _, l := range lines {
		size += len(l.text) + 2 // the most startLine writes before it
	}
	b.Grow(size)
	kind := kindNone
	for _, l := range lines {
		t := l.text
		switch {
		case t == "":
			kind = kindNone
			continue
		case isListItem(t):
			kind = startLine(&b, kind, kindList)
		case isField(t):
			kind = startLine(&b, kind, kindField)
		case kind == kindText || (kind == kindList && l.indent):
			b.WriteByte(' ')
		default:
			kind = startLine(&b, kind, kindText)
		}
		b.WriteString(t)
	}
	return b.String()
}

// startLine writes the break before a new line of the given kind: none at
// the start of the text, a blank line at the start of a paragraph, "\n"
// within one. It returns the new kind.
func startLine(b *strings.Builder, prev, next lineKind) lineKind {
	switch {
	case b.Len() == 0:
	case prev == kindNone:
		b.WriteString("\n\n")
	default:
		b.WriteByte('\n')
	}
	return next
}

// joinLines returns the lines as they are, one per line, without the
// blank lines at either end.
func joinLines(lines []line) string {
	var b strings.Builder
	for _, l := range lines {
		b.WriteString(l.text)
		b.WriteByte('\n')
	}
	return strings.Trim(b.String(), "\n")
}
