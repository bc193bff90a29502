package mimetree

import (
	"bytes"
	"fmt"
	"slices"
	"strings"

	"intake/parser/internal/model"
)

// Strict reading. A part's transfer encoding and its bytes are read by
// allow-list: a reader that meets anything else (an encoding RFC 2045 does
// not name, a base64 body with a character outside its alphabet, a
// quoted-printable "=" that is neither an escape nor a soft line break, a
// line that holds a boundary but is not its delimiter) may show the sender
// something else than intake reads, so each is a doubt.

// knownEncodings are the Content-Transfer-Encoding values of RFC 2045
// section 6.1; a part without the field is 7bit.
var knownEncodings = map[string]bool{"": true, "7bit": true, "8bit": true, "binary": true,
	"quoted-printable": true, "base64": true}

// encodingDoubt returns the doubt of a body text part (a text leaf not
// marked as an attachment) whose transfer encoding is not one of RFC
// 2045's, or whose bytes are not valid in it.
func encodingDoubt(p rawPart) (model.Doubt, bool) {
	if p.body == nil || rawAttachment(p) {
		return model.Doubt{}, false
	}
	cte := strings.ToLower(strings.TrimSpace(p.header.Get("Content-Transfer-Encoding")))
	where := partName(p.path)
	if !knownEncodings[cte] {
		return unverified("mime-unknown-encoding",
			fmt.Sprintf("%s: Content-Transfer-Encoding %q is not one of RFC 2045's (7bit, 8bit, binary, quoted-printable, base64): a reader shows it as an attachment", where, model.ClipLine(cte, 60))), true
	}
	var bad string
	switch cte {
	case "base64":
		bad = base64Fault(p.body)
	case "quoted-printable":
		bad = quotedPrintableFault(p.body)
	}
	if bad == "" {
		return model.Doubt{}, false
	}
	return unverified("mime-bad-encoding", fmt.Sprintf("%s: %s body %s", where, cte, bad)), true
}

// base64Fault describes the first byte of b that RFC 2045 section 6.8's
// alphabet does not allow (white space and line breaks aside, "=" only as
// padding at the end), or returns "".
func base64Fault(b []byte) string {
	pad := false
	for i, c := range b {
		switch {
		case c == ' ' || c == '\t' || c == '\r' || c == '\n':
		case c == '=':
			pad = true
		case pad:
			return fmt.Sprintf("goes on after its padding at offset %d", i)
		case 'A' <= c && c <= 'Z', 'a' <= c && c <= 'z', '0' <= c && c <= '9', c == '+', c == '/':
		default:
			return fmt.Sprintf("holds byte 0x%02x at offset %d, outside the base64 alphabet", c, i)
		}
	}
	return ""
}

// quotedPrintableFault describes the first "=" of b that is neither an
// escape of two hexadecimal digits nor a soft line break ("=" last on its
// line but for white space), or returns "" (RFC 2045 section 6.7).
func quotedPrintableFault(b []byte) string {
	for off := 0; off < len(b); {
		i := bytes.IndexByte(b[off:], '=')
		if i < 0 {
			return ""
		}
		i += off
		rest := b[i+1:]
		if len(rest) >= 2 && isHex(rest[0]) && isHex(rest[1]) {
			off = i + 3
			continue
		}
		line, _, _ := bytes.Cut(rest, []byte("\n"))
		if len(bytes.TrimRight(line, " \t\r")) == 0 {
			off = i + 1
			continue
		}
		return fmt.Sprintf("has %q at offset %d, neither an escape nor a soft line break", model.ClipLine(string(b[i:min(len(b), i+3)]), 8), i)
	}
	return ""
}

// maxBoundaryLookups bounds the work of delimiterDoubt: one look-up per
// "--" of the message and distinct boundary length. Past it the message
// is a doubt rather than a slow parse.
const maxBoundaryLookups = 1 << 22

// delimiterDoubt returns the doubt of a line of raw that holds the
// boundary of a multipart part of parts but is not its delimiter: "--",
// the boundary, optionally "--", then nothing but white space, from the
// start of the line (RFC 2046 section 5.1.1). Readers that look for the
// boundary anywhere in a line split the message there, the others read
// the line as text. raw is read once: every "--" is looked up, for each
// distinct boundary length, among the boundaries.
func delimiterDoubt(raw []byte, parts []rawPart) (model.Doubt, bool) {
	owner := map[string]string{} // boundary → the path of its multipart
	var lengths []int
	for _, p := range parts {
		b := p.params["boundary"]
		if !strings.HasPrefix(p.mediaType, "multipart/") || b == "" {
			continue
		}
		if _, seen := owner[b]; !seen {
			owner[b] = p.path
			if !slices.Contains(lengths, len(b)) {
				lengths = append(lengths, len(b))
			}
		}
	}
	if len(owner) == 0 {
		return model.Doubt{}, false
	}
	budget := maxBoundaryLookups
	for off := 0; ; {
		i := bytes.Index(raw[off:], []byte("--"))
		if i < 0 {
			return model.Doubt{}, false
		}
		i += off
		off = i + 1
		for _, n := range lengths {
			if budget--; budget < 0 {
				return unverified("mime-boundary-in-text",
					fmt.Sprintf("top level: %d boundaries and too many \"--\" to check every line for one", len(owner))), true
			}
			end := i + 2 + n
			if end > len(raw) {
				continue
			}
			path, ok := owner[string(raw[i+2:end])]
			if !ok {
				continue
			}
			start := bytes.LastIndexByte(raw[:i], '\n') + 1
			stop := bytes.IndexByte(raw[end:], '\n')
			if stop < 0 {
				stop = len(raw)
			} else {
				stop += end
			}
			if start == i && isDelimiterTail(raw[end:stop]) {
				continue
			}
			return unverified("mime-boundary-in-text",
				fmt.Sprintf("%s: the line %q holds the boundary %q but is not its delimiter", partName(path),
					model.ClipLine(string(bytes.TrimRight(raw[start:stop], "\r")), 80), model.ClipLine(string(raw[i+2:end]), 70))), true
		}
	}
}

// isDelimiterTail reports whether what follows "--boundary" on its line
// makes it a delimiter: optionally "--", then white space only.
func isDelimiterTail(t []byte) bool {
	t = bytes.TrimPrefix(t, []byte("--"))
	return len(bytes.Trim(t, " \t\r")) == 0
}
