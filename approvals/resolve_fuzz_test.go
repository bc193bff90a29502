package approvals

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"intake/parser"
)

// FuzzResolve feeds arbitrary names and statements to the resolver. It
// must never panic, never match a name holding an invisible character,
// and only ever return directory ids.
func FuzzResolve(f *testing.F) {
	for _, s := range []string{"Acme Deliveries", "acme", "\u0410cme Deliveries", "Acme\u200b Deliveries",
		"Gateway to the West Lofts", "Smith and Sons Movers", "\"The Pines\".", "Parcel Pals"} {
		f.Add(s, "The Pines")
	}
	for _, p := range testdataPairs(f) {
		f.Add(p.Partner, p.Property)
	}
	d := testDirectory()
	r := NewResolver(d)
	ids := map[string]bool{}
	for _, p := range d.Partners {
		ids[p.ID] = true
	}
	for _, p := range d.Properties {
		ids[p.ID] = true
	}
	f.Fuzz(func(t *testing.T, partner, property string) {
		for _, m := range []NameMatch{r.Partner(partner), r.Property(property)} {
			if m.Kind == MatchExact && !ids[m.ID] {
				t.Fatalf("exact match to unknown id %q", m.ID)
			}
			for _, s := range m.Suggestions {
				if !ids[s] {
					t.Fatalf("suggestion %q is not a directory id", s)
				}
			}
		}
		for _, n := range []string{partner, property} {
			if strings.ContainsFunc(n, invisible) && (r.Partner(n).Kind == MatchExact || r.Property(n).Kind == MatchExact) {
				t.Fatalf("%q holds an invisible character but matched", n)
			}
		}
		st := parser.Statement{Action: parser.ActionAdd, Splits: []parser.Split{
			{Partners: []string{partner}, Properties: []string{property}},
			{Partners: strings.Split(partner, " and "), Properties: []string{property}},
		}}
		for _, res := range r.Statement(st) {
			exact := res.PartnerMatch.Kind == MatchExact && res.PropertyMatch.Kind == MatchExact
			if exact && len(res.Readings) > 0 {
				t.Fatalf("request of %q resolved exactly though the statement is ambiguous: %q", st.Splits, res.Readings)
			}
			if exact && (!ids[res.PartnerMatch.ID] || !ids[res.PropertyMatch.ID]) {
				t.Fatalf("request resolved to unknown ids %q, %q", res.PartnerMatch.ID, res.PropertyMatch.ID)
			}
		}
	})
}

// testdataPairs returns the (partner, property) phrases the parser reads
// from every message in testdata, to seed FuzzResolve with names as real
// mail writes them.
func testdataPairs(f *testing.F) []parser.Pair {
	var pairs []parser.Pair
	for _, dir := range []string{"../testdata/parser", "../testdata/adversarial"} {
		files, err := filepath.Glob(filepath.Join(dir, "*.eml"))
		if err != nil {
			f.Fatal(err)
		}
		for _, name := range files {
			raw, err := os.ReadFile(name)
			if err != nil {
				f.Fatal(err)
			}
			if m, err := parser.ParseBytes(raw, parser.Options{}); err == nil {
				pairs = append(pairs, m.Pairs()...)
			}
		}
	}
	return pairs
}
