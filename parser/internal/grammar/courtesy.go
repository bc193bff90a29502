package grammar

import (
	"regexp"
	"strings"

	"intake/parser/internal/model"
)

// Whole-message meaning (docs/phrasings.md, held_by_sender) is judged by
// allow-list: a request is applied on its own only when everything else
// the sender wrote in the new text and the Subject is of a kind known to
// be harmless (see harmless and harmlessSubject). What is not on the list
// is a doubt whatever it says; the vocabulary of holds, retractions and
// corrections (explain) only says why it looks doubtful.

// Rules of held doubts.
const (
	ruleSentence       = "sentence"
	ruleAfterSignature = "after-signature"
	ruleSubject        = "subject"
	ruleRequest        = "request-sentence"
)

// maxEvidence bounds a doubt's evidence: staff read the sentence in the
// message itself.
const maxEvidence = 240

// maxHeld bounds the held doubts of one message: past it the message is
// held already, and the rest of a long text is not read sentence by
// sentence (one more doubt says so), which keeps a long letter cheap.
const maxHeld = 8

// Holds returns a held doubt for every sentence of the new text and the
// Subject that is not a request and not of a kind on the courtesy
// allow-list (docs/phrasings.md, held_by_sender). A message without requests
// has nothing to hold, and Holds returns nil for it.
//
// The request sentences themselves are judged by the grammar (their
// Statement.Held); a sentence that reads like a request but makes none (a
// negation, a question) is held here like any other. Text after a
// sign-off or a "P.S." is held with the rule "after-signature".
//
// Contact details (see contactLine) count only where a signature block
// stands: in a sentence that opens with a sign-off, after one, in the
// last paragraph, or in a paragraph with a phone number, e-mail address,
// URL or job title. A postscript is never contact details.
func Holds(subject string, body model.Body, stmts []Statement) []model.Doubt {
	if len(stmts) == 0 {
		return nil
	}
	c := newCourtesyContext(stmts)
	var out []model.Doubt
	if !c.harmlessSubject(subject) {
		out = append(out, heldDoubt(ruleSubject, subject))
	}
	out = c.holdParagraphs(out, paragraphsOf(body.Text), false)
	if len(out) < maxHeld {
		out = c.holdParagraphs(out, paragraphsOf(body.Trailer), true)
	}
	return out
}

// moreHeld is the doubt that stands for the sentences past maxHeld.
var moreHeld = model.Doubt{Kind: model.DoubtHeld, Rule: ruleSentence, Evidence: "and more sentences, not read one by one",
	Why: "the message holds more than a few sentences that are not request or courtesy"}

// holdParagraphs appends to out a held doubt for each sentence of paras
// that is neither a request nor harmless. signed reports that the
// paragraphs follow a signature already (Body.Trailer).
func (c *courtesyContext) holdParagraphs(out []model.Doubt, paras [][]textLine, signed bool) []model.Doubt {
	for i, p := range paras {
		block := i == len(paras)-1 || strongContact(p)
		for _, ln := range p {
			if c.formLine(ln.text) {
				continue
			}
			for _, s := range sentencesOf(ln.text) {
				rest, ps := cutPostscript(s)
				fs := fragments(rest)
				off := signsOff(fs)
				contact := !ps && (signed || block || off)
				if c.requests[s] || rest == "" || c.harmlessFragments(rest, fs, off, contact) {
					signed = signed || off
					continue
				}
				if len(out) == maxHeld {
					return append(out, moreHeld)
				}
				rule := ruleSentence
				if signed || ps {
					rule = ruleAfterSignature
				}
				out = append(out, heldDoubt(rule, s))
			}
		}
	}
	return out
}

// heldDoubt returns the held doubt of one sentence, its Why from the
// explanation vocabulary.
func heldDoubt(rule, evidence string) model.Doubt {
	return model.Doubt{Kind: model.DoubtHeld, Rule: rule, Evidence: clip(evidence), Why: explain(evidence)}
}

// clip shortens s to maxEvidence bytes, at a rune boundary.
func clip(s string) string {
	if len(s) <= maxEvidence {
		return s
	}
	i := maxEvidence
	for i > 0 && !isRuneStart(s[i]) {
		i--
	}
	return s[:i] + "…"
}

func isRuneStart(c byte) bool { return c&0xC0 != 0x80 }

// postscriptRe is the mark of a postscript: "P.S.", "PS:", "P.P.S.".
var postscriptRe = regexp.MustCompile(`(?i)^p\.?\s?(?:p\.?\s?)?s\.?(?:\s*[:,-])?\s+`)

// cutPostscript removes a "P.S." or "PS" mark from the start of s. ps
// reports that there was one: a postscript is read after the signature,
// whatever it says.
func cutPostscript(s string) (rest string, ps bool) {
	if m := postscriptRe.FindStringIndex(s); m != nil {
		return strings.TrimSpace(s[m[1]:]), true
	}
	return s, false
}

// A courtesyContext is what the allow-list may take from the requests of
// the message: their sentences (skipped), their names (which may stand in
// the Subject and in a signature's company line), their actions (which
// the Subject may name), and whether one is a form.
type courtesyContext struct {
	requests map[string]bool
	names    map[string]bool // lower-case words of the requests' names
	add      bool
	remove   bool
	form     bool
}

func newCourtesyContext(stmts []Statement) *courtesyContext {
	c := &courtesyContext{requests: map[string]bool{}, names: map[string]bool{}}
	for _, st := range stmts {
		c.requests[st.Sentence] = true
		c.add = c.add || st.Action == ActionAdd
		c.remove = c.remove || st.Action == ActionRemove
		if strings.Contains(st.Sentence, "\n") {
			c.form = true
		}
		for _, sp := range st.Splits {
			for _, n := range append(append([]string(nil), sp.Partners...), sp.Properties...) {
				for _, w := range hedgeTokens(strings.ToLower(n)) {
					c.names[w.text] = true
				}
			}
		}
	}
	return c
}

// formLine reports a field line of a form the message makes a request
// with ("Partner: Acme Deliveries"): its value is the request.
func (c *courtesyContext) formLine(line string) bool {
	if !c.form {
		return false
	}
	_, _, ok := formField(line)
	return ok
}
