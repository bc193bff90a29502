package grammar

import (
	"slices"
	"strings"

	"intake/parser/internal/model"
)

// A form-like removal is a block of field lines such as
//
//	Property: The Pines
//	Partner: Acme Deliveries
//
// read as a removal when the subject or the rest of the body says so
// (removalIntent). Several Partner or Property lines, or a comma list in
// one, give several names; every partner is paired with every property.

// Kinds of form field.
const (
	fieldPartner  = "partner"
	fieldProperty = "property"
)

// formField returns the kind and value of a field line; ok is false when
// line is not one.
func formField(line string) (kind, value string, ok bool) {
	if !strings.Contains(line, ":") { // most lines; model.FormFieldRE needs one
		return "", "", false
	}
	m := model.FormFieldRE.FindStringSubmatch(line)
	if m == nil {
		return "", "", false
	}
	label := strings.ToLower(m[1])
	kind = fieldProperty
	if strings.Contains(label, "partner") || strings.Contains(label, "integration") {
		kind = fieldPartner
	}
	return kind, strings.TrimSpace(m[2]), true
}

// A formBlock is one group of field lines: the values of its Partner and
// Property lines, the lines themselves, and where the first one is.
type formBlock struct {
	partners, properties []string
	lines                []string
	first                int
	lastKind             string
}

func (b *formBlock) complete() bool { return len(b.partners) > 0 && len(b.properties) > 0 }

// formBlocks groups the field lines of the body into blocks. A block goes
// on across other lines of its paragraph and across paragraphs made only of
// field lines; a paragraph without field lines ends it. A field of one kind
// after a complete block whose last field was of the other kind starts a
// new block (Property, Partner, Property, Partner is two blocks). Fields
// with an empty value are ignored. Only complete blocks are returned.
func formBlocks(paras [][]textLine) []formBlock {
	var out []formBlock
	var cur formBlock
	flush := func() {
		if cur.complete() {
			out = append(out, cur)
		}
		cur = formBlock{}
	}
	for _, p := range paras {
		fields := 0
		for _, ln := range p {
			kind, value, ok := formField(ln.text)
			if !ok || value == "" {
				continue
			}
			fields++
			if cur.complete() && kind != cur.lastKind {
				flush()
			}
			cur.add(kind, value, ln)
		}
		if fields == 0 {
			flush()
		}
	}
	flush()
	return out
}

// add adds one field line to the block.
func (b *formBlock) add(kind, value string, ln textLine) {
	if len(b.lines) == 0 {
		b.first = ln.index
	}
	b.lines = append(b.lines, ln.text)
	b.lastKind = kind
	if kind == fieldPartner {
		b.partners = append(b.partners, value)
	} else {
		b.properties = append(b.properties, value)
	}
}

// statement returns the removal the block makes: ok is false when a value
// is hedged or the block yields no valid split (a placeholder such as
// "Partner: [Partner Name]"); over reports a passed cap.
func (b *formBlock) statement() (st Statement, ok, over bool) {
	for _, v := range append(slices.Clone(b.partners), b.properties...) {
		if hedged(v) {
			return Statement{}, false, false
		}
	}
	partners, ok1, o1 := readings(slices.Clone(b.partners))
	properties, ok2, o2 := readings(slices.Clone(b.properties))
	if o1 || o2 {
		return Statement{}, false, true
	}
	if !ok1 || !ok2 {
		return Statement{}, false, false
	}
	splits := rankSplits(appendCandidates(nil, 0, partners, properties))
	if len(splits) == 0 {
		return Statement{}, false, false
	}
	return Statement{Action: ActionRemove, Sentence: strings.Join(b.lines, "\n"), Splits: splits}, true, false
}

// readForms adds the statements of the body's form blocks, when the
// subject or the sentences that made no request show removal intent.
func (r *requestReader) readForms(subject string, paras [][]textLine) {
	blocks := formBlocks(paras)
	if len(blocks) == 0 || !removalIntent(subject, r.scope) {
		return
	}
	for _, b := range blocks {
		if r.overflow {
			return
		}
		st, ok, over := b.statement()
		if over {
			r.overflow = true
		}
		if ok {
			r.add(found{line: b.first, st: st})
		}
	}
}

// removalWords state a removal; addWords an addition or grant.
var (
	removalWords = wordSet("remove removal removing disable disabling revoke revoking revocation deactivate deactivation offboard offboarding")
	addWords     = wordSet("add adding added addition grant granting granted give giving enable enabling enabled activate activating activation authorize authorise authorizing authorising authorization authorisation permission onboard onboarding")
)

func wordSet(words string) map[string]bool {
	set := map[string]bool{}
	for _, w := range strings.Fields(words) {
		set[w] = true
	}
	return set
}

// removalIntent reports whether the subject or the sentences in scope
// state a removal: a removal word appears in at least one of them, none
// that has one negates, reports or asks (see refuses), and no add or
// grant word appears in any of them. Conflicting or negated intent reads
// as none: the form then goes to staff review. A condition or hold
// ("Please remove the following once the lease ends:") is intent, and
// holds makes the removal wait for staff (held_by_sender).
func removalIntent(subject string, scope []string) bool {
	found := false
	for _, unit := range append([]string{subject}, scope...) {
		removal := false
		for _, w := range hedgeTokens(strings.ToLower(unit)) {
			if addWords[w.text] {
				return false
			}
			removal = removal || removalWords[w.text]
		}
		if removal && (refuses(unit) || strings.ContainsAny(unit, "?？")) {
			return false
		}
		found = found || removal
	}
	return found
}
