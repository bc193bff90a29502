package parser

import (
	"slices"
	"strings"

	"intake/parser/internal/grammar"
	"intake/parser/internal/mimetree"
)

// readBodies sets the message body and requests: text/plain when present,
// otherwise the visible text of text/html. When both are present, the HTML
// reading is kept too and compared (docs/decisions.md, body_mismatch). A line
// over lim.MaxLineBytes in either reading is a *LimitError. reply reports
// a reply (quote.IsReply): its new text ends at the first line that may
// introduce another message.
func readBodies(m *Message, b mimetree.Bodies, reply bool, lim Limits) error {
	lim.reply = reply
	var err error
	switch {
	case b.HasPlain:
		m.Body, err = plainBody(b.Plain, lim)
	case b.HasHTML:
		m.Body, err = htmlBody(b.HTML, lim)
	}
	if err != nil {
		return err
	}
	m.Requests = grammar.FindRequests(m.Subject, m.Body)
	if b.HasPlain && b.HasHTML {
		hb, err := htmlBody(b.HTML, lim)
		if err != nil {
			return err
		}
		m.HTML = &Reading{Body: hb, Requests: grammar.FindRequests(m.Subject, hb)}
		m.Mismatch = !slices.Equal(requestKeys(m.Requests), requestKeys(m.HTML.Requests))
		if d, ok := grammar.WordDoubt(m.Body, hb); ok && !m.Mismatch {
			m.Doubts = append(m.Doubts, d)
		}
	}
	m.Mismatch = m.Mismatch || (b.Unclear && len(m.Requests) > 0)
	m.Doubts = append(m.Doubts, m.Body.Doubts...)
	if m.HTML != nil {
		m.Doubts = append(m.Doubts, m.HTML.Body.Doubts...)
	}
	m.Doubts = append(m.Doubts, grammar.Holds(m.Subject, m.Body, m.Requests)...)
	return nil
}

// requestKeys returns the requests' pairs as sorted, case- and
// space-folded keys, for comparing two readings of one message.
func requestKeys(stmts []Statement) []string {
	var keys []string
	for _, s := range stmts {
		for _, p := range s.Pairs() {
			keys = append(keys, string(p.Action)+"\x00"+foldKey(p.Partner)+"\x00"+foldKey(p.Property))
		}
	}
	slices.Sort(keys)
	return slices.Compact(keys)
}

func foldKey(s string) string {
	return strings.ToLower(strings.Join(strings.Fields(s), " "))
}
