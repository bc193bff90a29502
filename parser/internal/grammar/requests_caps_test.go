package grammar

import (
	"strings"
	"testing"
	"time"

	"intake/parser/internal/model"
)

func TestRequestCaps(t *testing.T) {
	grant := "We give DOOR permission to add Acme Deliveries to The Pines. "
	cases := []struct {
		name string
		text string
	}{
		{"too many statements", strings.Repeat("We give DOOR permission to add Acme Deliveries to Oak Court. Please remove Parcel Pal from The Pines. ", maxStatements)},
		{"too many names", "We give DOOR permission to add " + strings.Repeat("Acme, ", maxNames) + "Acme to The Pines."},
		{"too many form names", "Property: The Pines\n" + strings.Repeat("Partner: Acme\n", maxNames+1)},
		{"over-long request sentence", grant + "We give DOOR permission to add Acme to " + strings.Repeat("The Pines ", maxSentenceBytes/10) + "."},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := FindRequests("Removal", model.Body{Text: c.text}); got != nil {
				t.Errorf("findRequests = %d statements, want none (overflow)", len(got))
			}
		})
	}
	t.Run("splits capped", func(t *testing.T) {
		text := "We give DOOR permission to add A and B and C and D to E to F to G to H to I to J to K to L to M to N and O."
		stmts := FindRequests("", model.Body{Text: text})
		if len(stmts) != 1 || len(stmts[0].Splits) != maxSplits {
			t.Fatalf("got %v, want one statement with %d splits", stmts, maxSplits)
		}
	})
	t.Run("long junk is not an overflow", func(t *testing.T) {
		text := strings.Repeat("lorem ipsum dolor sit amet ", maxSentenceBytes) + ".\n\n" + grant
		if got := pairsOf(FindRequests("", model.Body{Text: text})); len(got) != 1 {
			t.Errorf("got %q, want the one grant", got)
		}
	})
}

// many repeats s to about n bytes.
func many(s string, n int) string { return strings.Repeat(s, max(1, n/len(s))) }

// hostileRequestTexts are bodies built to make the grammar slow: long
// phrases full of connectors, endless sentences, abbreviations, forms.
func hostileRequestTexts() map[string]string {
	inputs := map[string]string{
		"one paragraph":   strings.Repeat("to and from at on for access , & ", 1<<15),
		"grant prefixes":  strings.Repeat("We give DOOR permission to add to to to and and , , ", 1<<14),
		"no terminators":  strings.Repeat("We give DOOR permission to add Acme to The Pines and ", 1<<14),
		"abbreviations":   strings.Repeat("St. Co. Inc. No. ", 1<<16),
		"form lines":      strings.Repeat("Property: A, B, C\nPartner: D and E and F\n", 1<<14),
		"lead clauses":    strings.Repeat("Hi team, hello all, dear all, ", 1<<15),
		"question marks":  strings.Repeat("? ", 1<<19),
		"many short sent": strings.Repeat("Remove A from B. ", 1<<16),
		"long hedged":     strings.Repeat("Please remove "+strings.Repeat("Acme from to at on for and ", 70)+"not B. ", 1<<9),
		"long splits":     strings.Repeat("We give DOOR permission to add "+strings.Repeat("Acme to ", 220)+"B. ", 1<<9),
		"long removals":   strings.Repeat("Remove "+strings.Repeat("Acme at ", 220)+"B. ", 1<<9),
	}
	for _, unit := range []string{"me to ", "me and ", "me, to and ", "x from at "} {
		words := strings.Repeat(unit, 1900/len(unit))
		inputs["add "+unit] = many("We give DOOR permission to add "+words+"me. ", 1<<20)
		inputs["remove "+unit] = many("Please remove "+words+"me. ", 1<<20)
	}
	return inputs
}

// TestRequestHostileInputs checks that the caps hold on hostile bodies;
// BenchmarkFindRequestsWorst measures how long they take.
func TestRequestHostileInputs(t *testing.T) {
	bound := parseTimeBound
	if raceEnabled {
		bound *= 8
	}
	for name, text := range hostileRequestTexts() {
		t.Run(name, func(t *testing.T) {
			start := time.Now()
			stmts := FindRequests("Removal", model.Body{Text: text})
			if took := time.Since(start); took > bound {
				t.Errorf("took %v, want under %v", took, bound)
			}
			if len(stmts) > maxStatements {
				t.Errorf("%d statements, want at most %d", len(stmts), maxStatements)
			}
			for _, st := range stmts {
				if len(st.Splits) == 0 || len(st.Splits) > maxSplits {
					t.Errorf("statement has %d splits, want 1 to %d", len(st.Splits), maxSplits)
				}
			}
		})
	}
}

// BenchmarkFindRequestsWorst reports the slowest hostile body in ns: the
// target is well under a second for any input.
func BenchmarkFindRequestsWorst(b *testing.B) {
	inputs := hostileRequestTexts()
	var worst time.Duration
	for b.Loop() {
		for _, text := range inputs {
			start := time.Now()
			FindRequests("Removal", model.Body{Text: text})
			worst = max(worst, time.Since(start))
		}
	}
	b.ReportMetric(float64(worst.Nanoseconds()), "worst-ns/body")
}

func BenchmarkFindRequests(b *testing.B) {
	text := "Hi DOOR team,\n\nWe give DOOR permission to add Acme Deliveries and Parcel Pal to Gateway to the West Lofts.\nPlease remove Smith and Sons Movers from Oak Court.\n\nThanks,\nMaria"
	for b.Loop() {
		FindRequests("Partner access", model.Body{Text: text})
	}
}

func FuzzFindRequests(f *testing.F) {
	for _, s := range []string{
		"We give DOOR permission to add Acme Deliveries to Gateway to the West Lofts.",
		"Please revoke Acme Deliveries' access to The Pines and Oak Court, thanks!",
		"Property: The Pines, Oak Court\nPartner: Smith and Sons Movers",
		"Hi team We give DOOR permission to add [Partner Name] to [Property Name]",
	} {
		f.Add("Removal", s)
	}
	f.Fuzz(func(t *testing.T, subject, text string) {
		for _, st := range FindRequests(subject, model.Body{Text: text}) {
			if len(st.Splits) == 0 || len(st.Splits) > maxSplits {
				t.Fatalf("statement %q has %d splits", st.Sentence, len(st.Splits))
			}
			for _, sp := range st.Splits {
				if !validNames(sp.Partners) || !validNames(sp.Properties) {
					t.Fatalf("invalid split %q in %q", sp, st.Sentence)
				}
			}
		}
	})
}
