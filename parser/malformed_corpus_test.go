package parser

// Messages whose header block a strict RFC 5322 reader rejects: their text
// is still read (nothing is lost) but their sender is never proven.
func init() {
	corpusTables["malformed"] = []corpusCase{
		{file: "malformed-no-header.eml", requests: []Pair{add("Parcel Pal", "The Pines")}},
		{file: "malformed-header-line.eml", requests: []Pair{add("Parcel Pal", "The Pines")}},
	}
}
