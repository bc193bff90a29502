package approvals

import (
	"slices"
	"strings"
	"testing"

	"intake/parser"
)

func TestNormalize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"The Pines", "the pines"},
		{"  THE   pines. ", "the pines"},
		{`"Acme Deliveries"`, "acme deliveries"},
		{"“Acme Deliveries”,", "acme deliveries"},
		{"[The Pines]", "the pines"},
		{"(Acme (West))", "acme (west)"},
		{"Acme Deliveries'", "acme deliveries"},
		{"Ａｃｍｅ", "acme"},
		{"Straße", "strasse"},
		{"The\tPines\n", "the pines"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := normalize(tt.in); got != tt.want {
				t.Errorf("normalize(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestResolveName(t *testing.T) {
	d := testDirectory()
	d.Partners = append(d.Partners,
		Partner{ID: "p-fast1", Name: "Fast Couriers", Aliases: []string{"FastCo"}},
		Partner{ID: "p-fast2", Name: "Fast Couriers East", Aliases: []string{"FastCo"}})
	rv := NewResolver(d)
	tests := []struct {
		name, in string
		kind     MatchKind
		id       string
		sugg     []string
	}{
		{"exact name", "Acme Deliveries", MatchExact, "p-acme", nil},
		{"alias", "Acme", MatchExact, "p-acme", nil},
		{"case and space", "  acme   DELIVERIES ", MatchExact, "p-acme", nil},
		{"quotes and period", `"Acme Deliveries".`, MatchExact, "p-acme", nil},
		{"name with and", "Smith and Sons Movers", MatchExact, "p-smith", nil},
		{"shared alias", "FastCo", MatchAmbiguous, "", []string{"p-fast1", "p-fast2"}},
		{"cyrillic A", "\u0410cme Deliveries", MatchSuspicious, "", []string{"p-acme"}},
		{"all cyrillic lookalike", "\u0410\u0441m\u0435", MatchSuspicious, "", []string{"p-acme"}},
		{"zero width", "Acme\u200b Deliveries", MatchSuspicious, "", []string{"p-acme"}},
		{"bidi override", "\u202eAcme Deliveries", MatchSuspicious, "", []string{"p-acme"}},
		{"hangul filler", "Acme\u3164Deliveries", MatchSuspicious, "", []string{"p-acme"}},
		{"combining grapheme joiner", "Ac\u034fme Deliveries", MatchSuspicious, "", []string{"p-acme"}},
		{"variation selector", "Acme\ufe0f Deliveries", MatchSuspicious, "", []string{"p-acme"}},
		{"braille blank", "Acme\u2800Deliveries", MatchSuspicious, "", []string{"p-acme"}},
		{"confusable rn for m", "Acrne", MatchSuspicious, "", []string{"p-acme"}},
		{"typo", "Acme Delivries", MatchUnknown, "", []string{"p-acme"}},
		{"typo parcel", "Parcel Pall", MatchUnknown, "", []string{"p-parcel"}},
		{"unknown", "Zebra Logistics", MatchUnknown, "", nil},
		{"empty", `""`, MatchUnknown, "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := rv.Partner(tt.in)
			if got.Kind != tt.kind || got.ID != tt.id || !slices.Equal(got.Suggestions, tt.sugg) {
				t.Errorf("Partner(%q) = %+v, want kind %s id %q suggestions %v", tt.in, got, tt.kind, tt.id, tt.sugg)
			}
			if got.Detail == "" {
				t.Errorf("Partner(%q) has no detail", tt.in)
			}
		})
	}
}

func TestSuggestionsSortedAndCapped(t *testing.T) {
	d := &Directory{Partners: []Partner{
		{ID: "p-d", Name: "Pal D"}, {ID: "p-c", Name: "Pal C"}, {ID: "p-b", Name: "Pal B"},
		{ID: "p-a", Name: "Pal AB"}, {ID: "p-e", Name: "Pal E"},
	}}
	got := NewResolver(d).Partner("Pal A").Suggestions
	want := []string{"p-a", "p-b", "p-c"} // distance 1 first, then by id
	if !slices.Equal(got, want) {
		t.Errorf("suggestions = %v, want %v", got, want)
	}
}

func split(partners, properties []string) parser.Split {
	return parser.Split{Partners: partners, Properties: properties}
}

func TestResolveStatement(t *testing.T) {
	rv := NewResolver(testDirectory())
	type pair struct{ partner, property string } // ids, or phrases when unresolved
	tests := []struct {
		name      string
		splits    []parser.Split
		want      []pair
		ambiguous bool
	}{
		{"one split", []parser.Split{split([]string{"Acme"}, []string{"The Pines"})},
			[]pair{{"p-acme", "prop-pines"}}, false},
		{"gateway to the west lofts", []parser.Split{
			split([]string{"Acme to Gateway"}, []string{"the West Lofts"}),
			split([]string{"Acme"}, []string{"Gateway to the West Lofts"}),
		}, []pair{{"p-acme", "prop-gateway"}}, false},
		{"smith and sons", []parser.Split{
			split([]string{"Smith", "Sons Movers"}, []string{"Oak Court"}),
			split([]string{"Smith and Sons Movers"}, []string{"Oak Court"}),
		}, []pair{{"p-smith", "prop-oak"}}, false},
		{"several partners", []parser.Split{split([]string{"Acme", "Parcel Pal"}, []string{"The Pines", "Oak Court"})},
			[]pair{{"p-acme", "prop-pines"}, {"p-acme", "prop-oak"}, {"p-parcel", "prop-pines"}, {"p-parcel", "prop-oak"}}, false},
		{"two readings", []parser.Split{
			split([]string{"Acme"}, []string{"Gateway to the West Lofts"}),
			split([]string{"Acme", "Gateway"}, []string{"The West Lofts"}),
		}, []pair{{"Acme", "Gateway to the West Lofts"}}, true},
		{"same pairs twice", []parser.Split{
			split([]string{"Acme"}, []string{"The Pines"}),
			split([]string{"Acme Deliveries"}, []string{"Pines Apartments"}),
		}, []pair{{"p-acme", "prop-pines"}}, false},
		{"none resolves", []parser.Split{
			split([]string{"Acme", "Zebra"}, []string{"The Pines"}),
			split([]string{"Acme and Zebra"}, []string{"The Pines"}),
		}, []pair{{"p-acme", "prop-pines"}, {"Zebra", "prop-pines"}}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := rv.Statement(parser.Statement{Action: ActionAdd, Splits: tt.splits})
			var got []pair
			for _, r := range res {
				p := pair{r.PartnerMatch.ID, r.PropertyMatch.ID}
				if p.partner == "" {
					p.partner = r.Partner
				}
				if p.property == "" {
					p.property = r.Property
				}
				got = append(got, p)
				if amb := len(r.Readings) > 0; amb != tt.ambiguous {
					t.Errorf("ambiguous = %v, want %v", amb, tt.ambiguous)
				}
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("pairs = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestResolveStatementAmbiguousRecordsReadings(t *testing.T) {
	rv := NewResolver(testDirectory())
	res := rv.Statement(parser.Statement{Action: ActionAdd, Splits: []parser.Split{
		split([]string{"Acme"}, []string{"Gateway to the West Lofts"}),
		split([]string{"Acme", "Gateway"}, []string{"The West Lofts"}),
	}})
	if len(res) != 1 {
		t.Fatalf("got %d resolutions, want 1", len(res))
	}
	r := res[0]
	if got, want := r.PropertyMatch.Suggestions, []string{"prop-gateway", "prop-lofts"}; !slices.Equal(got, want) {
		t.Errorf("property suggestions = %v, want %v", got, want)
	}
	if got := strings.Join(r.Readings, "|"); !strings.Contains(got, "prop-gateway") || !strings.Contains(got, "prop-lofts") {
		t.Errorf("readings = %q, want both readings", got)
	}
}
