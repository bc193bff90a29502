package grammar

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"intake/parser/internal/model"
)

// pairsOf returns the first-split pairs of every statement, in order.
func pairsOf(stmts []Statement) []Pair {
	var out []Pair
	for _, s := range stmts {
		out = append(out, s.Pairs()...)
	}
	return out
}

type requestCase struct {
	name    string
	subject string
	text    string
	want    []Pair
}

func runRequestCases(t *testing.T, cases []requestCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			stmts := FindRequests(c.subject, model.Body{Text: c.text})
			if got := pairsOf(stmts); !slices.Equal(got, c.want) {
				t.Errorf("FindRequests(%q)\n got %q\nwant %q", c.text, got, c.want)
			}
			for _, s := range stmts {
				if len(s.Splits) == 0 || len(s.Splits) > maxSplits {
					t.Errorf("statement %q has %d splits", s.Sentence, len(s.Splits))
				}
			}
		})
	}
}

func TestRequestAdd(t *testing.T) {
	acme := []Pair{add("Acme Deliveries", "The Pines")}
	runRequestCases(t, []requestCase{
		{"basic", "", "We give DOOR permission to add Acme Deliveries to The Pines.", acme},
		{"hereby quoted", "", `We hereby give DOOR permission to add "Acme Deliveries" to The Pines.`, acme},
		{"curly quotes", "", "We give DOOR permission to add “Acme Deliveries” to ‘The Pines’.", acme},
		{"I no period", "", "I give DOOR permission to add Acme Deliveries to The Pines", acme},
		{"grant", "", "We grant DOOR permission to add Acme Deliveries to The Pines.", acme},
		{"authorize", "", "We authorize DOOR to add Acme Deliveries to The Pines.", acme},
		{"authorise hereby", "", "We hereby authorise DOOR to add Acme Deliveries to The Pines.", acme},
		{"latch", "", "We give Latch permission to add Acme Deliveries to The Pines.", acme},
		{"the permission", "", "We give DOOR the permission to add Acme Deliveries to The Pines.", acme},
		{"our permission", "", "We also give DOOR our permission to add Acme Deliveries to The Pines.", acme},
		{"permission to DOOR", "", "We give permission to DOOR to add Acme Deliveries to The Pines.", acme},
		{"grant our permission to Latch", "", "I now grant our permission to Latch to add Acme Deliveries to The Pines!", acme},
		{"lowercase spacing", "", "we   give   door permission to add acme deliveries to the pines", []Pair{add("acme deliveries", "the pines")}},
		{"greeting joined", "", "Hi DOOR team, We give DOOR permission to add Acme Deliveries to The Pines.", acme},
		{"greeting without comma", "", "Hi DOOR team We give DOOR permission to add Acme Deliveries to The Pines.", acme},
		{"neutral leads", "", "Hello Maria, as discussed on the phone, we give DOOR permission to add Acme Deliveries to The Pines.", acme},
		{"introduced with a colon", "", "As discussed:\n\nWe give DOOR permission to add Acme Deliveries to The Pines.", acme},
		{"approved lead", "", "As agreed with the board last week, we give DOOR permission to add Acme Deliveries to The Pines.", acme},
		{"please note that", "", "Please note that we give DOOR permission to add Acme Deliveries to The Pines.", acme},
		{"bullet", "", "- We give DOOR permission to add Acme Deliveries to The Pines.", acme},
		{"trailing thanks", "", "We give DOOR permission to add Acme Deliveries to The Pines, thanks!", acme},
		{"bracketed filled template", "", "We give DOOR permission to add [Acme Deliveries] to [The Pines].", acme},
		{"possessive kept", "", "We give DOOR permission to add Smith's Movers to The Pines.", []Pair{add("Smith's Movers", "The Pines")}},
		{"abbreviation in name", "", "We give DOOR permission to add Acme Inc. to St. James Place. Thanks!", []Pair{add("Acme Inc", "St. James Place")}},
		{"parenthesis in name", "", "We give DOOR permission to add Acme Deliveries (NYC) to The Pines.", []Pair{add("Acme Deliveries (NYC)", "The Pines")}},
	})
}

func TestRequestRemove(t *testing.T) {
	acme := []Pair{remove("Acme Deliveries", "The Pines")}
	runRequestCases(t, []requestCase{
		{"please remove from", "", "Please remove Acme Deliveries from The Pines.", acme},
		{"would like disable at", "", "We would like to disable Acme Deliveries at The Pines.", acme},
		{"revoke possessive access to", "", "Please revoke Acme Deliveries' access to The Pines.", acme},
		{"revoke access at", "", "Please revoke Acme Deliveries access at The Pines.", acme},
		{"revoke access for", "", "Please revoke Acme Deliveries access for The Pines.", acme},
		{"remove 's access from", "", "Please remove Acme Deliveries's access from The Pines.", acme},
		{"revoke access for partner to property", "", "Please revoke access for Acme Deliveries to The Pines.", acme},
		{"kindly", "", "Kindly remove Acme Deliveries from The Pines.", acme},
		{"we want", "", "We want to remove Acme Deliveries from The Pines.", acme},
		{"we need you", "", "We need you to disable Acme Deliveries at The Pines.", acme},
		{"we wish", "", "We wish to revoke Acme Deliveries' access to The Pines.", acme},
		{"I'd like", "", "I'd like to remove Acme Deliveries from The Pines.", acme},
		{"we'd like curly", "", "We’d like to remove Acme Deliveries from The Pines.", acme},
		{"we would also like you", "", "We would also like you to remove Acme Deliveries from The Pines.", acme},
		{"request that you", "", "We request that you remove Acme Deliveries from The Pines.", acme},
		{"request that you disable", "", "We request that you disable Acme Deliveries on The Pines.", acme},
		{"ask you to", "", "We ask you to remove Acme Deliveries from The Pines.", acme},
		{"please disable for", "", "Please disable Acme Deliveries for The Pines", acme},
		{"imperative", "", "Remove Acme Deliveries from The Pines.", acme},
		{"imperative lowercase", "", "remove acme deliveries from the pines", []Pair{remove("acme deliveries", "the pines")}},
		{"greeting", "", "Hi team, please remove Acme Deliveries from The Pines.", acme},
		{"please comma", "", "Please, remove Acme Deliveries from The Pines.", acme},
		{"until further notice", "", "Please remove Acme Deliveries from The Pines until further notice.", acme},
		{"immediately", "", "Please disable Acme Deliveries at The Pines immediately, thank you.", acme},
		{"too", "", "Please also remove Acme Deliveries from The Pines too.", acme},
		{"reason as they", "", "Please remove Acme Deliveries from The Pines as they no longer serve the area.", acme},
		{"reason because", "", "We want to disable Acme Deliveries at The Pines, because the contract is not renewed.", acme},
		{"reason since", "", "Kindly remove Acme Deliveries from The Pines since we never use them.", acme},
	})
}

func TestGrammarNotRequest(t *testing.T) {
	for _, s := range []string{
		"We do not give DOOR permission to add Acme Deliveries to The Pines.",
		"We don't give DOOR permission to add Acme Deliveries to The Pines.",
		"We never give DOOR permission to add Acme Deliveries to The Pines.",
		"We no longer give DOOR permission to add Acme Deliveries to The Pines.",
		"We give DOOR permission to add Acme Deliveries to The Pines, not Oak Court.",
		"We give DOOR no permission to add Acme Deliveries to The Pines.",
		"Please don't add Acme Deliveries to The Pines.",
		"Please do not remove Acme Deliveries from The Pines.",
		"Don't remove Acme Deliveries from The Pines.",
		"Please never remove Acme Deliveries from The Pines.",
		"Please remove nobody from The Pines.",
		"We give DOOR permission to add nobody to The Pines.",
		"We give DOOR permission to add none of them to The Pines.",
		"We give DOOR permission to add no one to The Pines.",
		"Please remove nothing from The Pines.",
		"We no longer want to remove Acme Deliveries from The Pines.",
		"Can we give DOOR permission to add Acme Deliveries to The Pines?",
		"Can we give DOOR permission to add Acme Deliveries to The Pines",
		"We give DOOR permission to add Acme Deliveries to The Pines?",
		"Should we remove Acme Deliveries from The Pines?",
		"Should we remove Acme Deliveries from The Pines",
		"Would you remove Acme Deliveries from The Pines?",
		"Could you please remove Acme Deliveries from The Pines.",
		"Remove Acme Deliveries from The Pines? yes",
		"If we give DOOR permission to add Acme Deliveries to The Pines, what happens.",
		"We might give DOOR permission to add Acme Deliveries to The Pines.",
		"We will give DOOR permission to add Acme Deliveries to The Pines once the board agrees.",
		"We give DOOR permission to add Acme Deliveries or Parcel Pal to The Pines.",
		"We give DOOR permission to add [Partner Name] to [Property Name].",
		"We give DOOR permission to add [Partner Name] to The Pines.",
		"We give DOOR permission to add Acme Deliveries to [Property Name].",
		"We give DOOR permission to add <Partner Name> to <Property Name>.",
		"We give DOOR permission to add {Partner} to {Property}.",
		"We give DOOR permission to add Partner Name to Property Name.",
		"We give DOOR permission to add XXX to XXX.",
		"We give DOOR permission to add Acme Deliveries to ___.",
		"Please remove [Partner] from [Property].",
		"We give Acme permission to add Parcel Pal to The Pines.",
		"We give DOOR's team permission to add Acme Deliveries to The Pines.",
		"We give the DOOR team permission to add Acme Deliveries to The Pines.",
		"They give DOOR permission to add Acme Deliveries to The Pines.",
		"Maria said we give DOOR permission to add Acme Deliveries to The Pines.",
		"Maria said, we give DOOR permission to add Acme Deliveries to The Pines.",
		"Hi team, Maria said, we give DOOR permission to add Acme Deliveries to The Pines.",
		"Hi team we give DOOR permission to add Acme Deliveries to The Pines.",
		"Maria gave DOOR permission to add Acme Deliveries to The Pines.",
		"We gave DOOR permission to add Acme Deliveries to The Pines.",
		"We have given DOOR permission to add Acme Deliveries to The Pines.",
		"We would like to give DOOR permission to add Acme Deliveries to The Pines.",
		"We give DOOR permission to add Acme Deliveries to The Pines, Maria said.",
		"We give DOOR permission to add Acme Deliveries to The Pines because we are not sure yet.",
		`"We give DOOR permission to add Acme Deliveries to The Pines," she wrote.`,
		"Please add Acme Deliveries to The Pines.",
		"We give DOOR permission to add Acme Deliveries.",
		"We give DOOR permission to add Acme Deliveries at The Pines.",
		"Please remove Acme Deliveries.",
		"Remove me from your mailing list.",
		"Please remove them from The Pines.",
		"Removal of Acme Deliveries from The Pines is planned.",
		"Yesterday we give DOOR permission to add Acme Deliveries to The Pines.",
	} {
		t.Run(s, func(t *testing.T) {
			if got := FindRequests("", model.Body{Text: s}); got != nil {
				t.Errorf("FindRequests(%q) = %v, want none", s, got)
			}
		})
	}
}

func TestRequestMultiName(t *testing.T) {
	runRequestCases(t, []requestCase{
		{"two partners", "", "We give DOOR permission to add Acme Deliveries and Parcel Pal to The Pines.",
			[]Pair{add("Acme Deliveries", "The Pines"), add("Parcel Pal", "The Pines")}},
		{"two properties", "", "We give DOOR permission to add Acme Deliveries to The Pines and Oak Court.",
			[]Pair{add("Acme Deliveries", "The Pines"), add("Acme Deliveries", "Oak Court")}},
		{"oxford comma and ampersand", "", "We give DOOR permission to add Acme Deliveries, Parcel Pal, and Smith & Sons to The Pines & Oak Court.",
			[]Pair{
				add("Acme Deliveries", "The Pines"), add("Acme Deliveries", "Oak Court"),
				add("Parcel Pal", "The Pines"), add("Parcel Pal", "Oak Court"),
				add("Smith", "The Pines"), add("Smith", "Oak Court"),
				add("Sons", "The Pines"), add("Sons", "Oak Court"),
			}},
		{"as well as", "", "Please remove Acme Deliveries as well as Parcel Pal from Oak Court.",
			[]Pair{remove("Acme Deliveries", "Oak Court"), remove("Parcel Pal", "Oak Court")}},
		{"quoted list", "", `We give DOOR permission to add "Acme Deliveries" and "Parcel Pal" to "The Pines".`,
			[]Pair{add("Acme Deliveries", "The Pines"), add("Parcel Pal", "The Pines")}},
	})
}

func TestRequestMultiStatement(t *testing.T) {
	runRequestCases(t, []requestCase{
		{"two sentences", "", "We give DOOR permission to add Acme Deliveries to The Pines. We also give DOOR permission to add Parcel Pal to Oak Court.",
			[]Pair{add("Acme Deliveries", "The Pines"), add("Parcel Pal", "Oak Court")}},
		{"add then remove", "", "Hi team,\n\nWe give DOOR permission to add Acme Deliveries to The Pines.\nPlease remove Parcel Pal from Oak Court.\n\nThanks, Maria",
			[]Pair{add("Acme Deliveries", "The Pines"), remove("Parcel Pal", "Oak Court")}},
		{"and add", "", "We give DOOR permission to add Acme Deliveries to The Pines and add Parcel Pal to Oak Court.",
			[]Pair{add("Acme Deliveries", "The Pines"), add("Parcel Pal", "Oak Court")}},
		{"and we give", "", "We give DOOR permission to add Acme Deliveries to The Pines, and we also give DOOR permission to add Parcel Pal to Oak Court.",
			[]Pair{add("Acme Deliveries", "The Pines"), add("Parcel Pal", "Oak Court")}},
		{"and we would like", "", "Please remove Acme Deliveries from The Pines, and we would also like to disable Parcel Pal at Oak Court.",
			[]Pair{remove("Acme Deliveries", "The Pines"), remove("Parcel Pal", "Oak Court")}},
		{"grant and remove", "", "We give DOOR permission to add Acme Deliveries to The Pines and remove Parcel Pal from Oak Court.",
			[]Pair{add("Acme Deliveries", "The Pines"), remove("Parcel Pal", "Oak Court")}},
		{"semicolon remove", "", "Please remove Acme Deliveries from The Pines; disable Parcel Pal at Oak Court.",
			[]Pair{remove("Acme Deliveries", "The Pines"), remove("Parcel Pal", "Oak Court")}},
		{"one hedged sentence of two", "", "We give DOOR permission to add Acme Deliveries to The Pines. We might give DOOR permission to add Parcel Pal to Oak Court.",
			[]Pair{add("Acme Deliveries", "The Pines")}},
		{"question then request", "", "Can you hear me? We give DOOR permission to add Acme Deliveries to The Pines.",
			[]Pair{add("Acme Deliveries", "The Pines")}},
		{"repeated sentence once", "", "We give DOOR permission to add Acme Deliveries to The Pines.\n\nWe give DOOR permission to add Acme Deliveries to The Pines.",
			[]Pair{add("Acme Deliveries", "The Pines")}},
		{"CRLF", "", "Hi,\r\n\r\nPlease remove Acme Deliveries from The Pines.\r\n",
			[]Pair{remove("Acme Deliveries", "The Pines")}},
	})
}

func TestRequestStatementFields(t *testing.T) {
	got := FindRequests("", model.Body{Text: "Hi DOOR team, We give DOOR permission to add Acme Deliveries to The Pines. Thanks!"})
	want := []Statement{{
		Action:   ActionAdd,
		Sentence: "Hi DOOR team, We give DOOR permission to add Acme Deliveries to The Pines.",
		Splits:   []Split{{Partners: []string{"Acme Deliveries"}, Properties: []string{"The Pines"}}},
	}}
	if !slices.EqualFunc(got, want, statementEqual) {
		t.Errorf("got %#v\nwant %#v", got, want)
	}
}

func statementEqual(a, b Statement) bool {
	return a.Action == b.Action && a.Sentence == b.Sentence && statementKey(a) == statementKey(b)
}

// names builds a Split tersely: partners, then "|", then properties.
func names(s ...string) Split {
	i := slices.Index(s, "|")
	return Split{Partners: s[:i], Properties: s[i+1:]}
}

func TestSplitCandidates(t *testing.T) {
	cases := []struct {
		text string
		want []Split
	}{
		{"We give DOOR permission to add Acme Deliveries to Gateway to the West Lofts.", []Split{
			names("Acme Deliveries", "|", "Gateway to the West Lofts"),
			names("Acme Deliveries to Gateway", "|", "the West Lofts"),
		}},
		{"We give DOOR permission to add Smith and Sons Movers to The Pines.", []Split{
			names("Smith", "Sons Movers", "|", "The Pines"),
			names("Smith and Sons Movers", "|", "The Pines"),
		}},
		{"Please remove Smith and Sons Movers from Gateway to the West Lofts.", []Split{
			names("Smith", "Sons Movers", "|", "Gateway to the West Lofts"),
			names("Smith and Sons Movers", "|", "Gateway to the West Lofts"),
		}},
		{"Please remove Acme for Pets from The Pines.", []Split{
			names("Acme", "|", "Pets from The Pines"),
			names("Acme for Pets", "|", "The Pines"),
		}},
		{"Please revoke Acme for Pets' access to The Pines.", []Split{
			names("Acme for Pets", "|", "The Pines"),
			names("Acme", "|", "Pets' access to The Pines"),
		}},
		{"We give DOOR permission to add Smith and Sons Movers to Gateway to the West Lofts and Oak Court.", []Split{
			names("Smith", "Sons Movers", "|", "Gateway to the West Lofts", "Oak Court"),
			names("Smith", "Sons Movers", "|", "Gateway to the West Lofts and Oak Court"),
			names("Smith and Sons Movers", "|", "Gateway to the West Lofts", "Oak Court"),
			names("Smith", "Sons Movers to Gateway", "|", "the West Lofts", "Oak Court"),
			names("Smith and Sons Movers", "|", "Gateway to the West Lofts and Oak Court"),
			names("Smith", "Sons Movers to Gateway", "|", "the West Lofts and Oak Court"),
			names("Smith and Sons Movers to Gateway", "|", "the West Lofts", "Oak Court"),
			names("Smith and Sons Movers to Gateway", "|", "the West Lofts and Oak Court"),
		}},
	}
	for _, c := range cases {
		t.Run(c.text, func(t *testing.T) {
			stmts := FindRequests("", model.Body{Text: c.text})
			if len(stmts) != 1 {
				t.Fatalf("got %d statements, want 1: %v", len(stmts), stmts)
			}
			got := Statement{Splits: stmts[0].Splits}
			if want := (Statement{Splits: c.want}); statementKey(got) != statementKey(want) {
				t.Errorf("splits\n got %q\nwant %q", got.Splits, c.want)
			}
		})
	}
}

func TestSplitTrimName(t *testing.T) {
	for in, want := range map[string]string{
		`  "Acme Deliveries"  `: "Acme Deliveries",
		"“The Pines”.":          "The Pines",
		"[Acme Deliveries]":     "Acme Deliveries",
		"<Acme>":                "Acme",
		"{Acme}":                "Acme",
		"(Acme)":                "Acme",
		"Acme (NYC)":            "Acme (NYC)",
		"Acme (NYC":             "Acme (NYC",
		"Acme)":                 "Acme",
		"«Acme»;":               "Acme",
		"The Pines!?":           "The Pines",
		"'Acme Deliveries',":    "Acme Deliveries",
		"St. James Place.":      "St. James Place",
		"Smith's Movers":        "Smith's Movers",
		"...":                   "",
	} {
		if got := trimName(in); got != want {
			t.Errorf("trimName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSplitPlaceholder(t *testing.T) {
	for name, want := range map[string]bool{
		"Partner Name": true, "Property Name": true, "partner": true, "Property": true,
		"your building name": true, "XXX": true, "TBD": true, "___": true, "N/A": true,
		"Acme Deliveries": false, "The Pines": false, "Partner Plaza Lofts": false, "": false,
	} {
		if got := isPlaceholder(name); got != want {
			t.Errorf("isPlaceholder(%q) = %v, want %v", name, got, want)
		}
	}
}

func TestSentenceSplit(t *testing.T) {
	cases := []struct {
		line string
		want []string
	}{
		{"One. Two! Three? Four", []string{"One.", "Two!", "Three?", "Four"}},
		{"Add Acme Inc. to St. James Place. Thanks.", []string{"Add Acme Inc. to St. James Place.", "Thanks."}},
		{"Acme Co. Ltd. and Mt. Hood Dr. No. 5 e.g. This.", []string{"Acme Co. Ltd. and Mt. Hood Dr. No. 5 e.g. This."}},
		{"Pay 1.5 dollars. ok then", []string{"Pay 1.5 dollars. ok then"}},
		{`He said "stop." Then left.`, []string{`He said "stop."`, "Then left."}},
		{"Wait... What?! Yes.", []string{"Wait...", "What?!", "Yes."}},
		{"", nil},
	}
	for _, c := range cases {
		if got := sentencesOf(c.line); !slices.Equal(got, c.want) {
			t.Errorf("sentencesOf(%q) = %q, want %q", c.line, got, c.want)
		}
	}
}

// TestQuotedNamesAreNotCut checks that no split cuts through a quoted name.
func TestQuotedNamesAreNotCut(t *testing.T) {
	tests := []struct {
		text string
		want []Split
	}{
		{`We give DOOR permission to add "Acme Deliveries" to Gateway to the West Lofts.`, []Split{
			{Partners: []string{"Acme Deliveries"}, Properties: []string{"Gateway to the West Lofts"}},
		}},
		{`We give DOOR permission to add "Smith and Sons Movers" to The Pines.`, []Split{
			{Partners: []string{"Smith and Sons Movers"}, Properties: []string{"The Pines"}},
		}},
		{`We give DOOR permission to add “Smith and Sons Movers” to The Pines.`, []Split{
			{Partners: []string{"Smith and Sons Movers"}, Properties: []string{"The Pines"}},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			got := FindRequests("", model.Body{Text: tt.text})
			if len(got) != 1 {
				t.Fatalf("got %d statements, want 1", len(got))
			}
			if !reflect.DeepEqual(got[0].Splits, tt.want) {
				t.Errorf("splits = %q\nwant %q", got[0].Splits, tt.want)
			}
		})
	}
}

// TestRetractsAsPhrases compares retracts with a whole-phrase search for
// retractionPhrases: it finds every phrase the search finds, in any case
// and surrounded by any punctuation, and nothing in longer words.
func TestRetractsAsPhrases(t *testing.T) {
	oracle := func(s string) bool { return hasPhrase(strings.ToLower(s), retractionPhrases) }
	var inputs []string
	for _, p := range retractionPhrases {
		for _, f := range []string{"%s", "%s!", "Oh, %s.", "(%s)", "x %s y", "\n%s\n", "A:%s;"} {
			inputs = append(inputs, fmt.Sprintf(f, p), fmt.Sprintf(f, strings.ToUpper(p)), fmt.Sprintf(f, strings.ToUpper(p[:1])+p[1:]))
		}
	}
	inputs = append(inputs, "unkidding", "kiddings", "retraction", "disregarded", "the jokes", "never minded",
		"scratch this", "ignore them", "not seriously", "as the joke", "ignore previous", "kidding2", "émind never",
		"We give DOOR permission to add Acme Deliveries to The Pines.", "")
	for _, s := range inputs {
		want := oracle(s)
		if got := retracts(s); got != want {
			t.Errorf("retracts(%q) = %v, whole-phrase search says %v", s, got, want)
		}
	}
}

// TestGrammarHeld: a request sentence with a condition, hold, limit, test
// or correction in its own lead or trailer is a request, held for staff
// (Statement.Held), never dropped as none; its other requests too.
func TestGrammarHeld(t *testing.T) {
	for _, s := range []string{
		"Further to our call with Demo Court's manager, we give DOOR permission to add Acme Deliveries to The Pines.",
		"We give DOOR permission to add Acme Deliveries to The Pines once the board agrees.",
		"We give DOOR permission to add Acme Deliveries to The Pines unless you hear otherwise.",
		"We give DOOR permission to add Acme Deliveries to The Pines if the board agrees.",
		"We give DOOR permission to add Acme Deliveries to The Pines, subject to board approval.",
		"We give DOOR permission to add Acme Deliveries to The Pines, effective December 1.",
		"Please remove Acme Deliveries from The Pines when the lease ends.",
		"Hi team, if possible, we give DOOR permission to add Acme Deliveries to The Pines.",
		"We give DOOR permission to add Acme Deliveries to The Pines, as soon as the contract is signed.",
		"We give DOOR permission to add Acme Deliveries to The Pines as long as the trial runs.",
		"We give DOOR permission to add Acme Deliveries to The Pines, as of next month.",
		"We give DOOR permission to add Acme Deliveries to The Pines from tomorrow.",
		"Please remove Acme Deliveries from The Pines, as soon as the contract ends.",
		"Please remove Acme Deliveries from The Pines as long as the works last.",
		"For example: We give DOOR permission to add Acme Deliveries to The Pines.",
		"As discussed the board must approve first, we give DOOR permission to add Acme Deliveries to The Pines.",
		"For the record the board rejected this, we give DOOR permission to add Acme Deliveries to The Pines.",
		"Also for the staging demo only, we give DOOR permission to add Acme Deliveries to The Pines.",
		"Ok as a joke, we give DOOR permission to add Acme Deliveries to The Pines.",
		"Hi team - draft only - we give DOOR permission to add Acme Deliveries to The Pines.",
		"As discussed we need sign-off, please remove Acme Deliveries from The Pines.",
		"Only after the contract is signed next month, and not before:\n\nWe give DOOR permission to add Acme Deliveries to The Pines.",
		"Once the lease is signed: we give DOOR permission to add Acme Deliveries to The Pines.",
		"Please remove Acme Deliveries from The Pines and remove Parcel Pal from Oak Court if possible.",
		"Please remove Acme Deliveries from The Pines and add Parcel Pal to Oak Court.",
	} {
		t.Run(s, func(t *testing.T) {
			got := FindRequests("", model.Body{Text: s})
			if len(got) == 0 {
				t.Fatalf("FindRequests(%q) = none, want held requests", s)
			}
			for _, st := range got {
				if st.Held == nil || st.Held.Kind != model.DoubtHeld || st.Held.Evidence == "" {
					t.Errorf("%q: Held = %+v, want a held doubt with evidence", st.Sentence, st.Held)
				}
			}
		})
	}
}

// TestGrammarHeldElsewhere: a retraction elsewhere in the new text no
// longer hides the request (it was none before); the request is found and
// the retraction holds the message.
func TestGrammarHeldElsewhere(t *testing.T) {
	for _, s := range []string{
		"We give DOOR permission to add Acme Deliveries to The Pines. Just kidding!",
		"We give DOOR permission to add Acme Deliveries to The Pines.\n\nPlease ignore the previous sentence.",
		"Please remove Acme Deliveries from The Pines. Actually, never mind.",
		"Please disregard my last email. We give DOOR permission to add Acme Deliveries to The Pines.",
	} {
		t.Run(s, func(t *testing.T) {
			body := model.Body{Text: s}
			stmts := FindRequests("", body)
			if len(stmts) == 0 {
				t.Fatalf("FindRequests(%q) = none, want a request", s)
			}
			if got := Holds("", body, stmts); len(got) == 0 {
				t.Errorf("Holds(%q) = none, want the retraction", s)
			}
		})
	}
}

// TestRequestNotHeld: a request with nothing but allow-listed courtesy
// around its grammar is not held.
func TestRequestNotHeld(t *testing.T) {
	for _, s := range []string{
		"We give DOOR permission to add Acme Deliveries to The Pines.",
		"On behalf of Westside Living, we give DOOR permission to add Acme Deliveries to The Pines.",
		"We give DOOR permission to add Acme Deliveries to The Pines, effective immediately.",
		"Confirmed - we give DOOR permission to add Acme Deliveries to The Pines.",
		"Per our call this morning, we give DOOR permission to add Acme Deliveries to The Pines.",
		"Hi team, as discussed, we give DOOR permission to add Acme Deliveries to The Pines, thanks.",
		"We give DOOR permission to add Acme Deliveries to The Pines — gracias, María.",
		"Please remove Acme Deliveries as well as Parcel Pal from Oak Court.",
		"Please revoke Acme Deliveries' access to Harbor View.",
		"We hereby give DOOR permission to add \"Acme Deliveries\" to Gateway to the West Lofts.",
	} {
		t.Run(s, func(t *testing.T) {
			got := FindRequests("", model.Body{Text: s})
			if len(got) == 0 {
				t.Fatalf("FindRequests(%q) = none", s)
			}
			for _, st := range got {
				if st.Held != nil {
					t.Errorf("Held = %+v, want nil", *st.Held)
				}
			}
		})
	}
}

// TestRequestHeldEvidence: the evidence of a held request is the text
// beyond courtesy, and its names are kept for resolution.
func TestRequestHeldEvidence(t *testing.T) {
	tests := []struct {
		name, text, evidence string
		want                 []Pair
	}{
		{"hold trailer", "We give DOOR permission to add Acme Deliveries to The Pines until Monday.", "until Monday",
			[]Pair{add("Acme Deliveries", "The Pines")}},
		{"condition lead", "If the board agrees, we give DOOR permission to add Acme Deliveries to The Pines.", "If the board agrees,",
			[]Pair{add("Acme Deliveries", "The Pines")}},
		{"correction trailer", "We give DOOR permission to add Acme Deliveries to The Pines, sorry I meant WagWalk.", "sorry I meant WagWalk",
			[]Pair{add("Acme Deliveries", "The Pines")}},
		{"scope in brackets", "We give DOOR permission to add Acme Deliveries to The Pines (only the lobby door).", "(only the lobby door)",
			[]Pair{add("Acme Deliveries", "The Pines")}},
		{"emoji trailer", "We give DOOR permission to add Acme Deliveries to The Pines, 🙈.", "🙈",
			[]Pair{add("Acme Deliveries", "The Pines")}},
		{"a word read as a name", "We give DOOR permission to add Acme Deliveries to The Pines, Postponed.", "Acme Deliveries to The Pines, Postponed",
			[]Pair{add("Acme Deliveries", "The Pines"), add("Acme Deliveries", "Postponed")}},
		{"removal reason", "Please remove Acme Deliveries from The Pines as they no longer serve the area.", "as they no longer serve the area",
			[]Pair{remove("Acme Deliveries", "The Pines")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := FindRequests("", model.Body{Text: tt.text})
			if pairs := pairsOf(got); !slices.Equal(pairs, tt.want) {
				t.Errorf("pairs = %q, want %q", pairs, tt.want)
			}
			for _, st := range got {
				if st.Held == nil || st.Held.Evidence != tt.evidence || st.Held.Rule != ruleRequest {
					t.Errorf("Held = %+v, want evidence %q", st.Held, tt.evidence)
				}
			}
		})
	}
}
