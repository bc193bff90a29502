package mimetree

import (
	"bytes"
	"mime"
	"strings"
	"unicode/utf8"

	"github.com/emersion/go-message"
	"github.com/emersion/go-message/textproto"
	"github.com/jhillyerd/enmime"
)

// decodeBody decodes the raw content of body part p with go-message, as
// the full enmime path would; ok is false when the result might differ
// from enmime's (see rawParser).
//
// go-message is given the part's header with its Content-Type replaced by
// the media type and charset enmime read from it, so that the two cannot
// disagree on a malformed Content-Type: the charset is enmime's, and a part
// without one (or that is not text/*) is not converted.
func decodeBody(p *enmime.Part) (content []byte, ok bool) {
	if p.Boundary != "" || !cleanTransfer(transferEncoding(p), p.Content) {
		return nil, false
	}
	h := textproto.HeaderFromMap(p.Header)
	h.Del("Content-Type")
	if strings.HasPrefix(p.ContentType, "text/") && p.Charset != "" {
		ct := mime.FormatMediaType(p.ContentType, map[string]string{"charset": p.Charset})
		if ct == "" {
			return nil, false
		}
		h.Set("Content-Type", ct)
	}
	e, err := message.New(message.Header{Header: h}, bytes.NewReader(p.Content))
	if err != nil {
		return nil, false
	}
	// Decoding never makes 7bit, 8bit, quoted-printable or base64 text
	// longer; a charset conversion may, and the buffer then grows.
	var buf bytes.Buffer
	buf.Grow(len(p.Content) + bytes.MinRead)
	if _, err := buf.ReadFrom(e.Body); err != nil || !decodedAsEnmime(p, buf.Bytes()) {
		return nil, false
	}
	return buf.Bytes(), true
}

// cleanTransfer reports that enmime would decode content in transfer
// encoding cte exactly as go-message does. enmime first "cleans" base64 and
// quoted-printable (coding.Base64Cleaner, coding.QPCleaner), so either is
// accepted only when cleaning would change nothing that go-message reads
// differently; an encoding enmime does not know it keeps undecoded, and
// go-message rejects, so it is not accepted at all.
func cleanTransfer(cte string, content []byte) bool {
	switch cte {
	case "", "7bit", "8bit", "binary":
		return true
	case "base64":
		return cleanBase64(content)
	case "quoted-printable":
		return cleanQP(content)
	}
	return false
}

// cleanBase64 reports base64 made only of the alphabet, padding and
// white space. enmime drops padding and white space and decodes the rest
// unpadded; go-message reads white space as line breaks, which Go's decoder
// skips, and rejects misplaced padding, so a result from both is the same.
func cleanBase64(content []byte) bool {
	for _, c := range content {
		switch {
		case 'A' <= c && c <= 'Z', 'a' <= c && c <= 'z', '0' <= c && c <= '9':
		case c == '+', c == '/', c == '=', c == ' ', c == '\t', c == '\r', c == '\n':
		default:
			return false
		}
	}
	return true
}

// cleanQP reports quoted-printable that enmime's cleaner passes through
// unchanged: printable ASCII, tab and line breaks only, every "=" followed
// by two hex digits or a line break, and no line near the cleaner's 1024
// bytes, at which it inserts soft line breaks.
func cleanQP(content []byte) bool {
	line := 0
	for i, c := range content {
		switch {
		case c == '\r' || c == '\n':
			line = 0
			continue
		case c == '=':
			if !qpEscape(content[i+1:]) {
				return false
			}
		case c != '\t' && (c < ' ' || c > '~'):
			return false
		}
		if line++; line >= 1000 {
			return false
		}
	}
	return true
}

// qpEscape reports that rest, what follows an "=", starts with a line
// break or two hex digits.
func qpEscape(rest []byte) bool {
	if bytes.HasPrefix(rest, []byte("\n")) || bytes.HasPrefix(rest, []byte("\r\n")) {
		return true
	}
	return len(rest) >= 2 && isHex(rest[0]) && isHex(rest[1])
}

// replacementChar is U+FFFD in UTF-8.
var replacementChar = []byte(string(utf8.RuneError))

// decodedAsEnmime reports that content, decoded by go-message from p, is
// what enmime's charset step would have made of the same bytes. For
// UTF-8, enmime keeps the bytes as they are and go-message replaces invalid
// ones with U+FFFD: valid UTF-8 without U+FFFD was kept as it was by both.
// For an ASCII-compatible charset, or none (enmime then detects one, and
// every charset it could detect and convert maps printable ASCII to
// itself), the result must be printable ASCII, which only ASCII input
// decodes to in these charsets. Any other charset is not accepted.
func decodedAsEnmime(p *enmime.Part, content []byte) bool {
	cs := strings.ToLower(p.Charset)
	if !strings.HasPrefix(p.ContentType, "text/") {
		cs = ""
	}
	switch {
	case cs == "utf-8" || cs == "utf8":
		// In valid UTF-8, U+FFFD is only ever its own three bytes, which
		// bytes.Contains finds at memory speed; bytes.ContainsRune would
		// decode every rune, since RuneError also stands for bad input.
		return utf8.Valid(content) && !bytes.Contains(content, replacementChar)
	case asciiCompatible(cs):
		return printableASCII(content)
	}
	return false
}

// asciiCompatible reports "" (no charset) and the charsets that decode
// every ASCII byte to itself and every other byte to a non-ASCII rune, in
// both enmime and go-message: US-ASCII, ISO-8859-1 to -16, windows-1250 to
// -1258.
func asciiCompatible(cs string) bool {
	switch cs {
	case "", "us-ascii", "ascii":
		return true
	}
	for _, prefix := range []string{"iso-8859-", "windows-125"} {
		if n, ok := strings.CutPrefix(cs, prefix); ok {
			return len(n) >= 1 && len(n) <= 2 && strings.Trim(n, "0123456789") == ""
		}
	}
	return false
}

// printableASCII reports content made of printable ASCII, tabs and line
// breaks only: no byte that charset detection could read as UTF-16,
// UTF-32 or ISO-2022 (NUL, ESC).
func printableASCII(content []byte) bool {
	for _, c := range content {
		if (c < ' ' && c != '\t' && c != '\r' && c != '\n') || c > '~' {
			return false
		}
	}
	return true
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}
