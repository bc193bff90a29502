package grammar

import (
	"cmp"
	"slices"
	"strings"
)

// A boundary is one way to cut a verb phrase's names part into the partner
// phrase and the property phrase.
type boundary struct {
	partner, property string
}

// A candidate is one split with the cost that orders it: the rank of its
// boundary plus the number of "and"s and commas read as part of a name.
type candidate struct {
	split Split
	cost  int
	order int
}

// clauseSplits returns the candidate splits of a verb phrase, most likely
// first, at most maxSplits, without duplicates; nil when the phrase has no
// partner/property boundary, when no split gives valid names, or when any
// reading contains a template placeholder ("[Partner Name]"). over reports
// that a phrase names more than maxNames.
func clauseSplits(c clause) (splits []Split, over bool) {
	var bounds []boundary
	if c.action == ActionAdd {
		bounds = addBoundaries(c.names)
	} else {
		bounds = removeBoundaries(c.names)
	}
	var cands []candidate
	for rank, b := range bounds {
		partners, ok1, o1 := readings([]string{b.partner})
		properties, ok2, o2 := readings([]string{b.property})
		if o1 || o2 {
			return nil, true
		}
		if !ok1 || !ok2 {
			return nil, false
		}
		cands = appendCandidates(cands, rank, partners, properties)
	}
	return rankSplits(cands), false
}

// readings returns the valid readings of name phrases (nameVariants).
// ok is false when a reading holds a placeholder; over reports maxNames
// passed.
func readings(phrases []string) (vs []variant, ok, over bool) {
	all, over := nameVariants(phrases)
	if over {
		return nil, false, true
	}
	for _, v := range all {
		if hasPlaceholder(v.names) {
			return nil, false, false
		}
		if validNames(v.names) {
			vs = append(vs, v)
		}
	}
	return vs, true, false
}

// appendCandidates pairs every partner reading with every property reading.
func appendCandidates(cands []candidate, rank int, partners, properties []variant) []candidate {
	for _, p := range partners {
		for _, q := range properties {
			cands = append(cands, candidate{
				split: Split{Partners: p.names, Properties: q.names},
				cost:  rank + p.joins + q.joins,
				order: len(cands),
			})
		}
	}
	return cands
}

// rankSplits orders candidates by cost (stable), drops duplicates, and
// keeps maxSplits.
func rankSplits(cands []candidate) []Split {
	slices.SortStableFunc(cands, func(a, b candidate) int {
		return cmp.Or(cmp.Compare(a.cost, b.cost), cmp.Compare(a.order, b.order))
	})
	seen := map[string]bool{}
	var out []Split
	for _, c := range cands {
		if len(out) >= maxSplits {
			break
		}
		k := statementKey(Statement{Splits: []Split{c.split}})
		if !seen[k] {
			seen[k] = true
			out = append(out, c.split)
		}
	}
	return out
}

// addBoundaries cuts an add phrase at each " to " in turn, first first.
func addBoundaries(s string) []boundary {
	words := strings.Split(s, " ")
	var out []boundary
	for i := 1; i < len(words)-1 && len(out) < maxBoundaries; i++ {
		if strings.EqualFold(words[i], "to") {
			out = append(out, cutWords(words, i, i+1))
		}
	}
	return out
}

// removePreps are the connectors of a removal; after "access" also "to".
var removePreps = []string{"from", "at", "on", "for"}

// removeBoundaries cuts a removal phrase. "X's access to/at/for/from/on Y"
// is read first, with the possessive taken off the partner; then each
// "from", "at", "on" or "for" in turn (so "Acme Access for The Pines" is
// also read with the partner "Acme Access"). "access for/of X to Y" reads
// X as the partner and cuts at to/at/from/on/for.
func removeBoundaries(s string) []boundary {
	words := strings.Split(s, " ")
	if len(words) > 2 && strings.EqualFold(words[0], "the") && strings.EqualFold(words[1], "access") {
		words = words[1:]
	}
	if len(words) > 3 && strings.EqualFold(words[0], "access") && isWordIn(words[1], "for", "of") {
		return cutAt(words[2:], maxBoundaries, "to", "at", "from", "on", "for")
	}
	var out []boundary
	for i := 1; i < len(words)-2 && len(out) < maxBoundaries; i++ {
		if strings.EqualFold(words[i], "access") && isWordIn(words[i+1], "to", "at", "for", "from", "on") {
			b := cutWords(words, i, i+2)
			b.partner = trimPossessive(b.partner)
			out = append(out, b)
		}
	}
	return append(out, cutAt(words, maxBoundaries-len(out), removePreps...)...)
}

// cutAt returns up to limit boundaries at the words in preps.
func cutAt(words []string, limit int, preps ...string) []boundary {
	var out []boundary
	for i := 1; i < len(words)-1 && len(out) < limit; i++ {
		if isWordIn(words[i], preps...) {
			out = append(out, cutWords(words, i, i+1))
		}
	}
	return out
}

// cutWords returns words[:i] as the partner and words[j:] as the property.
func cutWords(words []string, i, j int) boundary {
	return boundary{partner: strings.Join(words[:i], " "), property: strings.Join(words[j:], " ")}
}

func isWordIn(w string, set ...string) bool {
	for _, s := range set {
		if strings.EqualFold(w, s) {
			return true
		}
	}
	return false
}

// trimPossessive takes "'s", "’s", "'" or "’" off the end of a partner
// phrase written before "access".
func trimPossessive(s string) string {
	for _, suf := range []string{"'s", "’s", "'S", "’S", "'", "’"} {
		if strings.HasSuffix(s, suf) {
			return s[:len(s)-len(suf)]
		}
	}
	return s
}
