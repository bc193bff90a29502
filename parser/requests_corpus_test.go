package parser

// The request grammar's fixtures (testdata/parser/req-*.eml): every phrasing
// of docs/phrasings.md that counts, and the ones that do not. Every file is
// from maria@pines.example with a passing, trusted DMARC result. requests
// are the first split's pairs, names as written: resolution against the
// directory (which may pick a later split) is not the parser's work.
func init() {
	const maria = "maria@pines.example"
	corpusTables["requests"] = []corpusCase{
		{file: "req-add-basic.eml", from: maria, authenticated: true,
			requests: []Pair{add("Acme Deliveries", "The Pines")}},
		{file: "req-add-hereby-quoted-name.eml", from: maria, authenticated: true,
			requests: []Pair{add("Acme Deliveries", "The Pines")}},
		{file: "req-add-i-give-no-period.eml", from: maria, authenticated: true,
			requests: []Pair{add("Parcel Pal", "Oak Court")}},
		// A neutral lead clause before the grant; the sentence wraps.
		{file: "req-add-grant.eml", from: maria, authenticated: true,
			requests: []Pair{add("Acme Deliveries", "Harbor View")}},
		{file: "req-add-authorize.eml", from: maria, authenticated: true,
			requests: []Pair{add("Parcel Pal", "The Pines")}},
		{file: "req-add-latch.eml", from: maria, authenticated: true,
			requests: []Pair{add("Acme Deliveries", "Oak Court")}},
		{file: "req-add-two-partners.eml", from: maria, authenticated: true,
			requests: []Pair{add("Acme Deliveries", "The Pines"), add("Parcel Pal", "The Pines")}},
		{file: "req-add-two-properties.eml", from: maria, authenticated: true,
			requests: []Pair{add("Acme Deliveries", "The Pines"), add("Acme Deliveries", "Oak Court")}},
		{file: "req-add-two-sentences.eml", from: maria, authenticated: true,
			requests: []Pair{add("Acme Deliveries", "The Pines"), add("Parcel Pal", "Harbor View")}},
		// "Hi DOOR team" without a comma, its next line joined to it.
		{file: "req-add-greeting-joined.eml", from: maria, authenticated: true,
			requests: []Pair{add("Parcel Pal", "Oak Court")}},
		// The second split, [Acme Deliveries to Gateway] [the West Lofts],
		// is left for the resolver.
		{file: "req-gateway-to-the-west.eml", from: maria, authenticated: true,
			requests: []Pair{add("Acme Deliveries", "Gateway to the West Lofts")}},
		{file: "req-remove-basic.eml", from: maria, authenticated: true,
			requests: []Pair{remove("Acme Deliveries", "The Pines")}},
		{file: "req-remove-disable-at.eml", from: maria, authenticated: true,
			requests: []Pair{remove("Parcel Pal", "Oak Court")}},
		{file: "req-remove-revoke-access.eml", from: maria, authenticated: true,
			requests: []Pair{remove("Acme Deliveries", "Harbor View")}},
		// "and" splits first; the resolver finds that only the second
		// split, [Smith and Sons Movers], names a partner.
		{file: "req-remove-smith-and-sons.eml", from: maria, authenticated: true,
			requests: []Pair{remove("Smith", "Harbor View"), remove("Sons Movers", "Harbor View")}},
		// Intent from the subject "Removal request"; two Partner lines.
		{file: "req-remove-form.eml", from: maria, authenticated: true,
			requests: []Pair{remove("Acme Deliveries", "The Pines"), remove("Parcel Pal", "The Pines")}},
		// The form is filled in, but the body says there is nothing to
		// remove: a negated intent is no intent.
		{file: "req-remove-form-nothing.eml", from: maria, authenticated: true},
		{file: "req-negation.eml", from: maria, authenticated: true},
		{file: "req-question.eml", from: maria, authenticated: true},
		{file: "req-hypothetical.eml", from: maria, authenticated: true},
		{file: "req-template.eml", from: maria, authenticated: true},
		// A grant to a partner, not to DOOR, and a reported past grant.
		{file: "req-grant-to-other.eml", from: maria, authenticated: true},
		// text/plain and the visible HTML name different requests.
		{file: "req-mismatch-plain-html.eml", from: maria, authenticated: true,
			requests: []Pair{add("Parcel Pal", "The Pines")}, mismatch: true},
	}
}
