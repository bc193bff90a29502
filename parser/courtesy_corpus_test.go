package parser

import "testing"

// The common shapes of a real request (testdata/parser/req-legit-*.eml,
// issue 14 item 5): each is read with no doubt, so it is applied on its
// own when the rest of the checks pass.
var courtesyCorpus = []corpusCase{
	// A lead that names the sender's company.
	{file: "req-legit-on-behalf.eml", from: "olu@westside.example", authenticated: true,
		requests: []Pair{add("Smith", "Oak Court"), add("Sons Movers", "Oak Court")}},
	{file: "req-legit-effective-immediately.eml", from: "hank@harbor.example", authenticated: true,
		requests: []Pair{add("Parcel Pal", "Harbor View")}},
	// An affirmation with a dash before the consent.
	{file: "req-legit-confirmed-dash.eml", from: "maria@pines.example", authenticated: true,
		requests: []Pair{add("Parcel Pal", "The Pines")}},
	// Name, company, phone and e-mail lines above the consent.
	{file: "req-legit-contact-above.eml", from: "olu@westside.example", authenticated: true,
		requests: []Pair{add("Acme Deliveries", "Gateway to the West Lofts")}},
	// Greeting, pleasantry, thanks, sign-off, a signature block with an
	// address and a confidentiality notice.
	{file: "req-legit-greeting-signature.eml", from: "hank@harbor.example", authenticated: true,
		requests: []Pair{add("Acme Deliveries", "Harbor View")}},
	{file: "req-legit-iphone.eml", from: "maria@pines.example", authenticated: true,
		requests: []Pair{add("Parcel Pal", "The Pines")}},
	{file: "req-legit-per-our-call.eml", from: "olu@westside.example", authenticated: true,
		requests: []Pair{add("Parcel Pal", "Gateway to the West Lofts")}},
}

func init() { corpusTables["courtesy"] = courtesyCorpus }

func TestCourtesyCorpusNoDoubt(t *testing.T) {
	for _, c := range courtesyCorpus {
		t.Run(c.file, func(t *testing.T) {
			m, err := parseFile(t, c.file)
			if err != nil {
				t.Fatal(err)
			}
			if len(m.Doubts) > 0 {
				t.Errorf("doubts = %+v, want none", m.Doubts)
			}
			for _, s := range m.Requests {
				if s.Held != nil {
					t.Errorf("%q held: %+v", s.Sentence, *s.Held)
				}
			}
		})
	}
}
