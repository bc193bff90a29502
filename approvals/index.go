package approvals

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"
)

// maxSuggestions is the most suggestions offered for an unknown name.
const maxSuggestions = 3

// nameIndex finds the directory entries of one kind (partners or
// properties) by name or alias.
type nameIndex struct {
	kind   string              // "partner" or "property"
	byNorm map[string][]string // normalised name → ids, sorted
	bySkel map[string][]string // skeleton of the normalised name → ids, sorted
	forms  []nameForm
}

// nameForm is one name or alias of an entry.
type nameForm struct {
	id, written, norm string
}

func newNameIndex(kind string) *nameIndex {
	return &nameIndex{kind: kind, byNorm: map[string][]string{}, bySkel: map[string][]string{}}
}

// add indexes an entry under its name and aliases.
func (x *nameIndex) add(id string, names ...string) {
	for _, name := range names {
		n := normalize(name)
		if n == "" {
			continue
		}
		x.forms = append(x.forms, nameForm{id: id, written: name, norm: n})
		x.byNorm[n] = addID(x.byNorm[n], id)
		sk := skeleton(n)
		x.bySkel[sk] = addID(x.bySkel[sk], id)
	}
}

// addID inserts id into the sorted list ids unless present.
func addID(ids []string, id string) []string {
	i, found := slices.BinarySearch(ids, id)
	if found {
		return ids
	}
	return slices.Insert(ids, i, id)
}

// match resolves one name as written (see Resolver).
func (x *nameIndex) match(name string) NameMatch {
	if bad := findInvisible(name); bad != "" {
		ids := x.resemble(normalize(stripInvisible(name)))
		return x.suspicious(ids, "contains the invisible or bidirectional control character %s", bad)
	}
	n := normalize(name)
	if n == "" {
		return NameMatch{Kind: MatchUnknown, Detail: "the name is empty"}
	}
	if word, scripts := mixedScriptWord(n); word != "" {
		return x.suspicious(x.resemble(n), "mixes %s letters in %q", scripts, word)
	}
	switch ids := x.byNorm[n]; len(ids) {
	case 0:
	case 1:
		return NameMatch{ID: ids[0], Kind: MatchExact, Detail: x.exactDetail(ids[0], n)}
	default:
		return NameMatch{Kind: MatchAmbiguous, Suggestions: slices.Clone(ids),
			Detail: fmt.Sprintf("matches %d %s entries: %s", len(ids), x.kind, strings.Join(ids, ", "))}
	}
	if ids := x.bySkel[skeleton(n)]; len(ids) > 0 {
		return x.suspicious(slices.Clone(ids), "matches only after confusable folding")
	}
	sugg := x.suggest(n)
	detail := "matches no " + x.kind
	if len(sugg) > 0 {
		detail += "; did you mean " + strings.Join(sugg, ", ") + "?"
	}
	return NameMatch{Kind: MatchUnknown, Suggestions: sugg, Detail: detail}
}

// suspicious returns a suspicious match that resembles ids.
func (x *nameIndex) suspicious(ids []string, format string, args ...any) NameMatch {
	detail := fmt.Sprintf(format, args...)
	if len(ids) > 0 {
		detail += fmt.Sprintf("; resembles %s %s", x.kind, strings.Join(ids, ", "))
	}
	return NameMatch{Kind: MatchSuspicious, Suggestions: ids, Detail: detail}
}

// exactDetail says which name or alias of id matched n.
func (x *nameIndex) exactDetail(id, n string) string {
	for _, f := range x.forms {
		if f.id == id && f.norm == n {
			return fmt.Sprintf("matches %s %s (%q)", x.kind, id, f.written)
		}
	}
	return fmt.Sprintf("matches %s %s", x.kind, id)
}

// resemble returns the ids whose normalised name or skeleton equals that
// of the cleaned name n, sorted.
func (x *nameIndex) resemble(n string) []string {
	if n == "" {
		return nil
	}
	var ids []string
	for _, id := range x.byNorm[n] {
		ids = addID(ids, id)
	}
	for _, id := range x.bySkel[skeleton(n)] {
		ids = addID(ids, id)
	}
	return ids
}

// suggest returns up to maxSuggestions ids whose names are close to n:
// within edit distance max(2, len/3), or containing n (or contained in it)
// as whole words, sorted by distance then id.
func (x *nameIndex) suggest(n string) []string {
	limit := max(2, utf8.RuneCountInString(n)/3)
	best := map[string]int{}
	for _, f := range x.forms {
		d := levenshtein(n, f.norm)
		if d > limit && !wordContains(f.norm, n) && !wordContains(n, f.norm) {
			continue
		}
		if old, ok := best[f.id]; !ok || d < old {
			best[f.id] = d
		}
	}
	ids := make([]string, 0, len(best))
	for id := range best {
		ids = append(ids, id)
	}
	slices.SortFunc(ids, func(a, b string) int {
		if best[a] != best[b] {
			return best[a] - best[b]
		}
		return strings.Compare(a, b)
	})
	return ids[:min(len(ids), maxSuggestions)]
}

// wordContains reports whether the words of sub appear in s, in order and
// adjacent, with sub at least 3 runes long.
func wordContains(s, sub string) bool {
	if utf8.RuneCountInString(sub) < 3 {
		return false
	}
	return strings.Contains(" "+s+" ", " "+sub+" ")
}
