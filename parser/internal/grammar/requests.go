package grammar

import (
	"cmp"
	"slices"
	"strings"
	"unicode/utf8"

	"intake/parser/internal/model"
	"intake/parser/internal/quote"
)

// Caps bound the work one hostile body can cause in the request grammar.
// Passing one (overflow) makes FindRequests return nil, so the message goes
// to staff review whole instead of being half-read.
const (
	maxStatements    = 64   // statements in one body
	maxSentenceBytes = 2000 // a longer sentence that starts like a request overflows
	maxNames         = 32   // names in one partner or property phrase
	maxSplits        = 32   // candidate splits kept per statement
	maxBoundaries    = 8    // connector occurrences tried as the partner/property boundary
	maxVariants      = 16   // readings of one name phrase tried
	maxLeadClauses   = 3    // salutations and lead clauses skipped before a request
	headBytes        = 400  // how much of an over-long sentence is checked for a request
)

// FindRequests returns the requests made by the visible new text of a
// message (docs/phrasings.md), in text order: one Statement per request verb
// phrase of a sentence, and one per form-like removal block. subject is
// read only as the intent of a form. Identical statements are kept once.
//
// body.Text is expected as the visible-text stage produces it: paragraphs
// separated by a blank line, wrapped lines joined, form and list lines on
// their own line. Sentences never span a line break.
//
// When the text passes one of the caps above, FindRequests returns nil.
func FindRequests(subject string, body model.Body) []Statement {
	r := &requestReader{}
	paras := paragraphsOf(body.Text)
	for _, p := range paras {
		for _, ln := range p {
			if r.overflow {
				return nil
			}
			r.readLine(ln)
		}
	}
	r.readForms(subject, paras)
	if r.overflow {
		return nil
	}
	return r.statements()
}

// A textLine is one non-blank line of the body, its spaces collapsed.
type textLine struct {
	text  string
	index int // the line's position in the body, for ordering statements
}

// A found statement remembers where it was read, for ordering.
type found struct {
	line, sub int
	st        Statement
}

// requestReader collects the statements of one body.
type requestReader struct {
	found    []found
	scope    []string // sentences that made no request: where a form's intent is looked for
	prev     string   // the sentence read before, in any line or paragraph
	overflow bool
}

// paragraphsOf splits text into paragraphs of non-blank lines. CR LF and
// lone CR count as line breaks; runs of white space within a line become
// one space.
func paragraphsOf(text string) [][]textLine {
	text = strings.ReplaceAll(text, "\r\n", "\n")
	text = strings.ReplaceAll(text, "\r", "\n")
	var paras [][]textLine
	var cur []textLine
	for i, raw := range strings.Split(text, "\n") {
		ln := raw
		if !quote.Collapsed(raw) {
			ln = strings.Join(strings.Fields(raw), " ")
		}
		if ln == "" {
			if len(cur) > 0 {
				paras = append(paras, cur)
				cur = nil
			}
			continue
		}
		cur = append(cur, textLine{text: ln, index: i})
	}
	if len(cur) > 0 {
		paras = append(paras, cur)
	}
	return paras
}

// readLine reads the sentences of one line. Form field lines are left to
// readForms and are no part of a form's intent.
func (r *requestReader) readLine(ln textLine) {
	if _, _, ok := formField(ln.text); ok {
		return
	}
	for i, s := range sentencesOf(ln.text) {
		if r.overflow {
			return
		}
		intro := r.prev
		r.prev = s
		if !mayRequest(s) {
			r.scope = append(r.scope, s)
			continue
		}
		if len(s) > maxSentenceBytes {
			r.overflow = looksLikeRequest(s[:headBytes])
			r.scope = append(r.scope, s)
			continue
		}
		stmts, over := readSentence(s)
		if over {
			r.overflow = true
		}
		if d, ok := conditions(intro); ok {
			for i := range stmts {
				stmts[i].Held = &d
			}
		}
		if len(stmts) == 0 {
			r.scope = append(r.scope, s)
			continue
		}
		for _, st := range stmts {
			r.add(found{line: ln.index, sub: i, st: st})
		}
	}
}

// conditions returns the held doubt of a sentence that introduces the
// next one with a colon and is more than courtesy: "Only once the lease
// is signed:" holds the request after it. ok is false when intro is no
// such sentence.
func conditions(intro string) (d model.Doubt, ok bool) {
	intro = strings.TrimSpace(intro)
	if !strings.HasSuffix(intro, ":") || courtesyLead(intro) {
		return model.Doubt{}, false
	}
	return heldDoubt(ruleRequest, intro), true
}

// requestVerbs are the stems mayRequest looks for, lower case, and
// verbStart marks their first letters.
var (
	requestVerbs = []string{"add", "remov", "disabl", "revok"}
	verbStart    = func() (t [256]bool) {
		for _, v := range requestVerbs {
			t[v[0]] = true
		}
		return t
	}()
)

// mayRequest is a cheap test that s holds a request verb, to spare the
// grammar most sentences: that strings.ToLower(s) contains one of
// requestVerbs. ASCII is folded on the fly, and only a sentence with other
// bytes is lowered whole: lowering non-ASCII may make ASCII letters (the
// Kelvin sign becomes "k"), never unmake them, so a verb found in an ASCII
// prefix stands.
func mayRequest(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			l := strings.ToLower(s)
			return slices.ContainsFunc(requestVerbs, func(v string) bool { return strings.Contains(l, v) })
		}
		if !verbStart[s[i]|0x20] {
			continue
		}
		for _, v := range requestVerbs {
			if foldedPrefix(s[i:], v) {
				return true
			}
		}
	}
	return false
}

// foldedPrefix reports that s starts with prefix, lower-case ASCII
// letters, in either case. c|0x20 is a letter's lower case, and it equals
// a lower-case letter only for that letter and its upper case.
func foldedPrefix(s, prefix string) bool {
	if len(s) < len(prefix) {
		return false
	}
	for i := 0; i < len(prefix); i++ {
		if s[i]|0x20 != prefix[i] {
			return false
		}
	}
	return true
}

// add records a statement, enforcing maxStatements.
func (r *requestReader) add(f found) {
	if len(r.found) >= maxStatements {
		r.overflow = true
		return
	}
	r.found = append(r.found, f)
}

// statements returns the statements found in text order, each distinct
// statement (same action and splits) once.
func (r *requestReader) statements() []Statement {
	slices.SortStableFunc(r.found, func(a, b found) int {
		return cmp.Or(cmp.Compare(a.line, b.line), cmp.Compare(a.sub, b.sub))
	})
	seen := map[string]bool{}
	var out []Statement
	for _, f := range r.found {
		k := statementKey(f.st)
		if seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, f.st)
	}
	return out
}

// statementKey identifies a statement by its action and splits.
func statementKey(st Statement) string {
	var b strings.Builder
	b.WriteString(string(st.Action))
	for _, sp := range st.Splits {
		b.WriteString("\x00")
		b.WriteString(strings.Join(sp.Partners, "\x01"))
		b.WriteString("\x02")
		b.WriteString(strings.Join(sp.Properties, "\x01"))
	}
	return b.String()
}
