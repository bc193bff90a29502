package e2e

import (
	"bufio"
	"bytes"
	"fmt"
	"html"
	"io"
	"strings"

	"github.com/emersion/go-message/textproto"
	"golang.org/x/net/idna"
)

// A message is a raw message cut into its header fields, each raw and
// top to bottom (folding and line ends kept), and its body bytes.
type message struct {
	fields []string
	body   []byte
	eol    string // the line end of the first field: "\r\n" or "\n"
}

// split cuts raw into header fields and body with go-message's textproto,
// the reader intake itself uses.
func split(raw []byte) (*message, error) {
	br := bufio.NewReader(bytes.NewReader(raw))
	h, err := textproto.ReadHeader(br)
	if err != nil {
		return nil, fmt.Errorf("read header: %w", err)
	}
	body, err := io.ReadAll(br)
	if err != nil {
		return nil, err
	}
	m := &message{body: body, eol: "\n"}
	for fs := h.Fields(); fs.Next(); {
		b, err := fs.Raw()
		if err != nil {
			return nil, err
		}
		m.fields = append(m.fields, string(b))
	}
	if len(m.fields) > 0 && strings.HasSuffix(m.fields[0], "\r\n") {
		m.eol = "\r\n"
	}
	return m, nil
}

// bytes joins the message again.
func (m *message) bytes() []byte {
	var b bytes.Buffer
	for _, f := range m.fields {
		b.WriteString(f)
	}
	b.WriteString(m.eol)
	b.Write(m.body)
	return b.Bytes()
}

func (m *message) clone() *message {
	c := *m
	c.fields = append([]string(nil), m.fields...)
	return &c
}

// field returns a new raw field "Key: value" with the message's line end.
func (m *message) field(key, value string) string { return key + ": " + value + m.eol }

// index returns the index of the first field named key, -1 when none.
func (m *message) index(key string) int {
	for i, f := range m.fields {
		if k, _, ok := strings.Cut(f, ":"); ok && strings.EqualFold(strings.TrimSpace(k), key) {
			return i
		}
	}
	return -1
}

// insert puts raw field f at index i (0 is the top; len(fields) the bottom).
func (m *message) insert(i int, f string) {
	m.fields = append(m.fields[:i], append([]string{f}, m.fields[i:]...)...)
}

// del removes every field named key.
func (m *message) del(key string) {
	out := m.fields[:0]
	for _, f := range m.fields {
		if k, _, _ := strings.Cut(f, ":"); !strings.EqualFold(strings.TrimSpace(k), key) {
			out = append(out, f)
		}
	}
	m.fields = out
}

// rewrite replaces old with new in the first field named key; it reports
// whether there was anything to replace.
func (m *message) rewrite(key, old, new string) bool {
	i := m.index(key)
	if i < 0 || !strings.Contains(m.fields[i], old) {
		return false
	}
	m.fields[i] = strings.Replace(m.fields[i], old, new, 1)
	return true
}

// rewriteAll replaces old with new in every field named key.
func (m *message) rewriteAll(key, old, new string) {
	for i, f := range m.fields {
		if k, _, _ := strings.Cut(f, ":"); strings.EqualFold(strings.TrimSpace(k), key) {
			m.fields[i] = strings.ReplaceAll(f, old, new)
		}
	}
}

// withBody returns a copy of m whose body is text, a single part of the
// given media type in UTF-8, its MIME header fields replaced.
func (m *message) withBody(mediaType, text string) *message {
	c := m.clone()
	c.del("Content-Type")
	c.del("Content-Transfer-Encoding")
	c.fields = append(c.fields, c.field("Content-Type", mediaType+"; charset=utf-8"),
		c.field("Content-Transfer-Encoding", "8bit"))
	c.body = []byte(strings.ReplaceAll(text, "\n", c.eol))
	return c
}

// alternative returns a copy of m whose body is multipart/alternative
// with the given text/plain and text/html parts, in UTF-8.
func (m *message) alternative(plain, htmlDoc string) *message {
	c := m.clone()
	c.del("Content-Type")
	c.del("Content-Transfer-Encoding")
	c.fields = append(c.fields, c.field("Content-Type", `multipart/alternative; boundary="alt-b"`))
	body := "--alt-b\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n" + plain +
		"\n--alt-b\nContent-Type: text/html; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n" + htmlDoc +
		"\n--alt-b--\n"
	c.body = []byte(strings.ReplaceAll(body, "\n", c.eol))
	return c
}

// cyrillic maps Latin letters to the Cyrillic letters that look the same
// (Unicode confusables, UTS #39).
var cyrillic = map[rune]rune{'a': 'а', 'e': 'е', 'o': 'о', 'p': 'р', 'c': 'с', 'x': 'х', 'y': 'у',
	'A': 'А', 'E': 'Е', 'O': 'О', 'P': 'Р', 'C': 'С', 'T': 'Т', 'H': 'Н', 'M': 'М'}

// confusable replaces the first letter of s that has a Cyrillic
// look-alike, lowercase letters first; ok is false when none has.
func confusable(s string) (string, bool) {
	for _, lower := range []bool{true, false} {
		for i, r := range s {
			if c, ok := cyrillic[r]; ok && (r >= 'a') == lower {
				return s[:i] + string(c) + s[i+len(string(r)):], true
			}
		}
	}
	return s, false
}

// insertAfterFirst inserts ins after the first rune of s.
func insertAfterFirst(s, ins string) string {
	for i := range s {
		if i > 0 {
			return s[:i] + ins + s[i:]
		}
	}
	return s + ins
}

// lookalikeDomain returns a registrable look-alike of d: its first dot
// made a hyphen, under .com ("pines.example" → "pines-example.com").
func lookalikeDomain(d string) string { return strings.Replace(d, ".", "-", 1) + ".com" }

// idnDomain returns d with one letter replaced by its Cyrillic look-alike,
// in Unicode and in its ASCII (IDNA) form.
func idnDomain(d string) (unicode, ascii string) {
	u, _ := confusable(d)
	a, err := idna.Lookup.ToASCII(u)
	if err != nil {
		panic(err)
	}
	return u, a
}

// quoteLines prefixes every line of text with "> ".
func quoteLines(text string) string {
	lines := strings.Split(strings.TrimRight(text, "\n"), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight("> "+l, " ")
	}
	return strings.Join(lines, "\n") + "\n"
}

// htmlText returns text as HTML paragraphs, lines broken with <br>.
func htmlText(text string) string {
	var b strings.Builder
	for _, p := range strings.Split(strings.TrimSpace(text), "\n\n") {
		b.WriteString("<p>" + strings.ReplaceAll(html.EscapeString(p), "\n", "<br>\n") + "</p>\n")
	}
	return b.String()
}

// htmlPage wraps body in a minimal HTML document, as mail clients send.
func htmlPage(body string) string {
	return "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"></head>\n<body>\n" + body + "</body></html>\n"
}
