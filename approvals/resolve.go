package approvals

import (
	"fmt"
	"slices"
	"strings"

	"intake/parser"
)

// MatchKind says how a name resolved against the directory.
type MatchKind string

// The match kinds.
const (
	// MatchExact: the name is the name or an alias of exactly one entry.
	MatchExact MatchKind = "exact"
	// MatchUnknown: the name matches no entry; Suggestions are close ones.
	MatchUnknown MatchKind = "unknown"
	// MatchAmbiguous: the name matches several entries (Suggestions).
	MatchAmbiguous MatchKind = "ambiguous"
	// MatchSuspicious: the name contains invisible or bidi characters,
	// mixes scripts in a word, or matches only after confusable folding;
	// Suggestions are the entries it resembles.
	MatchSuspicious MatchKind = "suspicious"
)

// A NameMatch is the resolution of one name.
type NameMatch struct {
	// ID is the directory id when Kind is MatchExact, else "".
	ID   string
	Kind MatchKind
	// Suggestions are ids offered instead: close names for an unknown
	// name (at most 3, closest first), the candidates of an ambiguous
	// one, the entries a suspicious one resembles.
	Suggestions []string
	// Detail explains the match in one phrase, for the record.
	Detail string
}

// A Resolver resolves partner and property names against one directory
// (docs/phrasings.md and docs/decisions.md). It is safe for concurrent use.
type Resolver struct {
	partners, properties *nameIndex
}

// NewResolver indexes the partners and properties of d by name and
// alias. A nil d resolves nothing.
func NewResolver(d *Directory) *Resolver {
	r := &Resolver{partners: newNameIndex("partner"), properties: newNameIndex("property")}
	if d == nil {
		return r
	}
	for _, p := range d.Partners {
		r.partners.add(p.ID, append([]string{p.Name}, p.Aliases...)...)
	}
	for _, p := range d.Properties {
		r.properties.add(p.ID, append([]string{p.Name}, p.Aliases...)...)
	}
	return r
}

// Partner resolves a partner name as written. A name matches after NFKC,
// case folding, whitespace collapsing and trimming of surrounding quotes,
// brackets and trailing punctuation; a name with invisible or bidi
// characters, mixed scripts, or that matches only after confusable
// folding is MatchSuspicious and never a match.
func (r *Resolver) Partner(name string) NameMatch { return r.partners.match(name) }

// Property resolves a property name as written, like Partner.
func (r *Resolver) Property(name string) NameMatch { return r.properties.match(name) }

// A Resolution is one request of a statement: one partner × property pair
// with the resolution of both names.
type Resolution struct {
	Action            Action
	Partner, Property string // as written
	PartnerMatch      NameMatch
	PropertyMatch     NameMatch
	// Readings is non-empty when several splits of the statement resolve
	// to different requests: the request is then ambiguous, and each
	// reading is described for the record.
	Readings []string
	// Held is the doubt on the sentence the request was read from, nil
	// when its sentence is the request grammar and allow-listed courtesy.
	Held *parser.Doubt
}

// Statement resolves a parsed statement into its requests. A split
// resolves when every name in it resolves exactly. When exactly one split
// resolves, or several resolve to the same set of (partner, property)
// pairs, the first of them gives the requests. When several resolve to
// different sets, the first resolving split gives the requests and each
// is ambiguous (Readings set, both matches MatchAmbiguous with the
// candidate ids). When none resolves, the first split gives the requests
// and each name keeps its own match. A statement without splits gives none.
func (r *Resolver) Statement(s parser.Statement) []Resolution {
	out := r.statement(s)
	for i := range out {
		out[i].Held = s.Held
	}
	return out
}

func (r *Resolver) statement(s parser.Statement) []Resolution {
	var resolving []int
	var keys []string
	for i, sp := range s.Splits {
		if key, ok := r.splitKey(sp); ok {
			resolving = append(resolving, i)
			keys = append(keys, key)
		}
	}
	switch {
	case len(resolving) == 0 && len(s.Splits) > 0:
		return r.pairs(s.Action, s.Splits[0])
	case len(resolving) == 0:
		return nil
	}
	out := r.pairs(s.Action, s.Splits[resolving[0]])
	if len(slices.Compact(slices.Sorted(slices.Values(keys)))) == 1 {
		return out
	}
	return r.ambiguous(out, s, resolving)
}

// pairs returns the requests of one split.
func (r *Resolver) pairs(action Action, sp parser.Split) []Resolution {
	out := make([]Resolution, 0, len(sp.Partners)*len(sp.Properties))
	for _, partner := range sp.Partners {
		pm := r.Partner(partner)
		for _, property := range sp.Properties {
			out = append(out, Resolution{Action: action, Partner: partner, Property: property,
				PartnerMatch: pm, PropertyMatch: r.Property(property)})
		}
	}
	return out
}

// splitKey returns the canonical set of id pairs of a split and whether
// every name of it resolves exactly.
func (r *Resolver) splitKey(sp parser.Split) (string, bool) {
	if len(sp.Partners) == 0 || len(sp.Properties) == 0 {
		return "", false
	}
	var pairs []string
	for _, pa := range sp.Partners {
		pm := r.Partner(pa)
		if pm.Kind != MatchExact {
			return "", false
		}
		for _, pr := range sp.Properties {
			qm := r.Property(pr)
			if qm.Kind != MatchExact {
				return "", false
			}
			pairs = append(pairs, pm.ID+"\x00"+qm.ID)
		}
	}
	return strings.Join(slices.Compact(slices.Sorted(slices.Values(pairs))), "\x01"), true
}

// ambiguous marks the requests out as ambiguous between the resolving
// splits of s.
func (r *Resolver) ambiguous(out []Resolution, s parser.Statement, resolving []int) []Resolution {
	var readings, partnerIDs, propertyIDs []string
	for n, i := range resolving {
		sp := s.Splits[i]
		var names []string
		for _, pa := range sp.Partners {
			id := r.Partner(pa).ID
			partnerIDs = addID(partnerIDs, id)
			names = append(names, fmt.Sprintf("partner %q = %s", pa, id))
		}
		for _, pr := range sp.Properties {
			id := r.Property(pr).ID
			propertyIDs = addID(propertyIDs, id)
			names = append(names, fmt.Sprintf("property %q = %s", pr, id))
		}
		readings = append(readings, fmt.Sprintf("reading %d: %s", n+1, strings.Join(names, ", ")))
	}
	for i := range out {
		out[i].Readings = readings
		out[i].PartnerMatch = NameMatch{Kind: MatchAmbiguous, Suggestions: partnerIDs,
			Detail: "is one of several readings of the sentence; partners read: " + strings.Join(partnerIDs, ", ")}
		out[i].PropertyMatch = NameMatch{Kind: MatchAmbiguous, Suggestions: propertyIDs,
			Detail: "is one of several readings of the sentence; properties read: " + strings.Join(propertyIDs, ", ")}
	}
	return out
}
