package approvals

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
)

// Diff returns the differences between s and other, one sentence each,
// sorted; none when they hold the same directory, doors, enablements,
// message records and requests.
// Order does not matter: entries are compared by id, aliases and grants
// as sets, manager emails case-insensitively. A nil State is empty.
func (s *State) Diff(other *State) []string {
	return s.DiffLabeled(other, "first", "second")
}

// DiffLabeled is Diff with names for the two states, as in
// `door "d1": replayed {...}, current {...}`.
func (s *State) DiffLabeled(other *State, name, otherName string) []string {
	a, b := s.facts(), other.facts()
	keys := make([]string, 0, len(a)+len(b))
	for k := range a {
		keys = append(keys, k)
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	var out []string
	for _, k := range keys {
		va, inA := a[k]
		vb, inB := b[k]
		switch {
		case !inB:
			out = append(out, fmt.Sprintf("%s: only in the %s state", k, name))
		case !inA:
			out = append(out, fmt.Sprintf("%s: only in the %s state", k, otherName))
		case va != vb:
			out = append(out, fmt.Sprintf("%s: %s %s, %s %s", k, name, va, otherName, vb))
		}
	}
	var sm, om []MessageRecord
	var sr, or []RequestRecord
	if s != nil {
		sm, sr = s.Messages, s.Requests
	}
	if other != nil {
		om, or = other.Messages, other.Requests
	}
	out = append(out, diffRecords("message", sm, om, MessageRecord.id, name, otherName)...)
	out = append(out, diffRecords("request", sr, or, RequestRecord.id, name, otherName)...)
	slices.Sort(out)
	return out
}

func (r MessageRecord) id() string { return r.ID }
func (r RequestRecord) id() string { return r.ID }

// diffRecords is DiffLabeled for one kind of record, compared by id:
// there are as many as messages, so they are compared as values and
// formatted only when they differ.
func diffRecords[T comparable](kind string, a, b []T, id func(T) string, name, otherName string) []string {
	at := make(map[string]int, len(b))
	for i, r := range b {
		at[id(r)] = i
	}
	seen := make(map[string]bool, len(a))
	var out []string
	for _, r := range a {
		seen[id(r)] = true
		i, ok := at[id(r)]
		switch {
		case !ok:
			out = append(out, fmt.Sprintf("%s %q: only in the %s state", kind, id(r), name))
		case r != b[i]:
			out = append(out, fmt.Sprintf("%s %q: %s %s, %s %s", kind, id(r), name, canonicalJSON(r), otherName, canonicalJSON(b[i])))
		}
	}
	for _, r := range b {
		if !seen[id(r)] {
			out = append(out, fmt.Sprintf("%s %q: only in the %s state", kind, id(r), otherName))
		}
	}
	return out
}

// facts returns the state but its message and request records as
// canonical key → value pairs.
func (s *State) facts() map[string]string {
	m := map[string]string{}
	if s == nil {
		return m
	}
	if d := s.Directory; d != nil {
		for _, p := range d.Partners {
			p.Aliases = sortedSet(p.Aliases)
			m[fmt.Sprintf("partner %q", p.ID)] = canonicalJSON(p)
		}
		for _, p := range d.Portfolios {
			m[fmt.Sprintf("portfolio %q", p.ID)] = canonicalJSON(p)
		}
		for _, p := range d.Properties {
			p.Aliases = sortedSet(p.Aliases)
			m[fmt.Sprintf("property %q", p.ID)] = canonicalJSON(p)
		}
		for _, mg := range d.Managers {
			mg.Email = strings.ToLower(mg.Email)
			mg.Properties, mg.Portfolios = sortedSet(mg.Properties), sortedSet(mg.Portfolios)
			m[fmt.Sprintf("manager %q", mg.Email)] = canonicalJSON(mg)
		}
	}
	for _, d := range s.Doors {
		m[fmt.Sprintf("door %q", d.ID)] = canonicalJSON(d)
	}
	for _, e := range s.Enablements {
		m[fmt.Sprintf("enabled %q on %q", e.Partner, e.Property)] = "true"
	}
	return m
}

// sortedSet returns the distinct values of l sorted, nil when empty.
func sortedSet(l []string) []string {
	if len(l) == 0 {
		return nil
	}
	return slices.Compact(slices.Sorted(slices.Values(l)))
}

func canonicalJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprintf("%+v", v)
	}
	return string(b)
}
