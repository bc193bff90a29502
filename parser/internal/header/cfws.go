package header

import (
	"errors"
	"strings"
)

// This file is a small lexer for the structured header fields of RFC 5322
// section 3.2: quoted strings (3.2.4) and comments (3.2.2), both with
// quoted-pairs, comments nested. The address, Authentication-Results and
// Auto-Submitted readers use it so that text inside a comment or a quoted
// string is never taken for structure.

var (
	errUnclosedQuote   = errors.New("unterminated quoted string")
	errUnclosedComment = errors.New("unterminated comment")
	errStrayParen      = errors.New("unbalanced ')'")
)

// scanQuoted reads the quoted string starting at v[i] == '"'. It returns its
// content with quoted-pairs undone and the index just past the closing quote.
func scanQuoted(v string, i int) (content string, next int, err error) {
	var b strings.Builder
	for i++; i < len(v); i++ {
		switch v[i] {
		case '\\':
			i++
			if i < len(v) {
				b.WriteByte(v[i])
			}
		case '"':
			return b.String(), i + 1, nil
		default:
			b.WriteByte(v[i])
		}
	}
	return "", len(v), errUnclosedQuote
}

// scanComment skips the comment starting at v[i] == '(' and returns the
// index just past its closing parenthesis. Comments nest (RFC 5322 3.2.2).
func scanComment(v string, i int) (next int, err error) {
	depth := 0
	for ; i < len(v); i++ {
		switch v[i] {
		case '\\':
			i++
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return i + 1, nil
			}
		}
	}
	return len(v), errUnclosedComment
}

// headerSegment is one run of a structured field value: plain text, the
// content of a quoted string, or a comment (whose text is not kept).
type headerSegment struct {
	text    string
	quoted  bool
	comment bool
}

// splitHeaderSegments cuts a structured field value into plain text, quoted
// strings and comments. It fails on an unterminated quoted string or
// comment and on a ')' that closes nothing.
func splitHeaderSegments(v string) ([]headerSegment, error) {
	var segs []headerSegment
	start := 0
	flush := func(end int) {
		if end > start {
			segs = append(segs, headerSegment{text: v[start:end]})
		}
	}
	for i := 0; i < len(v); {
		switch v[i] {
		case '"':
			flush(i)
			content, next, err := scanQuoted(v, i)
			if err != nil {
				return nil, err
			}
			segs = append(segs, headerSegment{text: content, quoted: true})
			i, start = next, next
		case '(':
			flush(i)
			next, err := scanComment(v, i)
			if err != nil {
				return nil, err
			}
			segs = append(segs, headerSegment{comment: true})
			i, start = next, next
		case ')':
			return nil, errStrayParen
		default:
			i++
		}
	}
	flush(len(v))
	return segs, nil
}

// stripHeaderComments returns v with every comment replaced by a space and
// quoted strings kept, quotes included, exactly as written.
func stripHeaderComments(v string) (string, error) {
	return rewriteSegments(v, quoteString)
}

// rewriteSegments returns v with every comment replaced by a space and
// every quoted string (its unescaped content) replaced by quoted's result.
// An unterminated comment or quoted string is an error.
func rewriteSegments(v string, quoted func(string) string) (string, error) {
	segs, err := splitHeaderSegments(v)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	for _, s := range segs {
		switch {
		case s.comment:
			b.WriteByte(' ')
		case s.quoted:
			b.WriteString(quoted(s.text))
		default:
			b.WriteString(s.text)
		}
	}
	return b.String(), nil
}

// quoteString writes s as an RFC 5322 quoted-string.
func quoteString(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`)
	return `"` + r.Replace(s) + `"`
}

// hasGroupSyntax reports whether an address list uses the group syntax of
// RFC 5322 section 3.4 ("Friends: a@x, b@y;"): a ':' outside quoted
// strings, comments and angle brackets. The ':' of an obsolete route
// (<@relay:a@x>) is inside angle brackets and does not count. A value the
// lexer cannot read is reported as not a group; the address parser rejects it.
func hasGroupSyntax(v string) bool {
	segs, err := splitHeaderSegments(v)
	if err != nil {
		return false
	}
	angle := 0
	for _, s := range segs {
		if s.quoted || s.comment {
			continue
		}
		for i := 0; i < len(s.text); i++ {
			switch s.text[i] {
			case '<':
				angle++
			case '>':
				angle--
			case ':':
				if angle <= 0 {
					return true
				}
			}
		}
	}
	return false
}

// splitAddressList cuts an address list into its entries, for reading the
// parseable ones when the whole list does not parse. Entries end at a ','
// or ';' outside quoted strings, comments and angle brackets; a group's
// display name (the text up to its ':') is dropped, so groups are expanded.
func splitAddressList(v string) []string {
	segs, err := splitHeaderSegments(v)
	if err != nil {
		return nil
	}
	var entries []string
	var cur strings.Builder
	angle := 0
	end := func() {
		if e := strings.TrimSpace(cur.String()); e != "" {
			entries = append(entries, e)
		}
		cur.Reset()
	}
	for _, s := range segs {
		switch {
		case s.comment:
			cur.WriteByte(' ')
			continue
		case s.quoted:
			cur.WriteString(quoteString(s.text))
			continue
		}
		for i := 0; i < len(s.text); i++ {
			c := s.text[i]
			switch {
			case c == '<':
				angle++
			case c == '>':
				angle--
			case angle > 0:
			case c == ',' || c == ';':
				end()
				continue
			case c == ':':
				cur.Reset()
				continue
			}
			cur.WriteByte(c)
		}
	}
	end()
	return entries
}
