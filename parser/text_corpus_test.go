package parser

// The visible-new-text corpus: one message per mail client, language,
// charset and hiding trick. In every one the quoted, forwarded, signature
// or hidden text holds a different request that must not be read.
func init() {
	const maria = "maria@pines.example"
	c := func(file string, requests ...Pair) corpusCase {
		return corpusCase{file: file, from: maria, authenticated: true, requests: requests}
	}
	corpusTables["text"] = []corpusCase{
		// Replies, by client.
		c("text-gmail-reply.eml", add("Parcel Pal", "The Pines")),
		c("text-outlook-desktop-reply.eml", remove("Acme Deliveries", "Oak Court")),
		c("text-outlook-web-reply.eml", add("Acme Deliveries", "The Pines")),
		c("text-outlook-form-reply.eml", remove("Acme Deliveries", "Oak Court")),
		c("text-apple-mail-reply.eml", add("Parcel Pal", "Oak Court")),
		c("text-ios-reply.eml", remove("Parcel Pal", "The Pines")),
		c("text-android-reply.eml", add("Acme Deliveries", "Oak Court")),
		c("text-thunderbird-bottom-post.eml", add("Parcel Pal", "Oak Court")),
		c("text-thunderbird-html-reply.eml", remove("Parcel Pal", "Oak Court")),
		c("text-inline-reply.eml", add("Parcel Pal", "The Pines"), remove("Acme Deliveries", "Oak Court")),
		c("text-yahoo-reply.eml", remove("Acme Deliveries", "The Pines")),
		c("text-aol-reply.eml", add("Parcel Pal", "Harbor View")),
		// Replies from clients in other languages.
		c("text-german-reply.eml", add("Parcel Pal", "Oak Court")),
		c("text-french-reply.eml", remove("Parcel Pal", "Harbor View")),
		c("text-spanish-reply.eml", add("Acme Deliveries", "The Pines")),
		c("text-russian-reply.eml", add("Parcel Pal", "Harbor View")),
		c("text-outlook-french-reply.eml", add("Acme Deliveries", "Oak Court")),
		// Forwards and signatures.
		c("text-gmail-forward.eml", remove("Acme Deliveries", "The Pines")),
		c("text-apple-forward.eml", add("Parcel Pal", "The Pines")),
		c("text-attached-rfc822-forward.eml", remove("Parcel Pal", "Oak Court")),
		// A digest's parts are attached messages unless they say otherwise.
		c("text-digest-forward.eml", remove("Parcel Pal", "Oak Court")),
		// Text parts with a file name (inline disposition, or a name
		// parameter alone) are attachments, not body.
		c("text-inline-text-attachment.eml", remove("Parcel Pal", "Oak Court")),
		// An unknown disposition is an attachment (RFC 2183 section 2.8).
		c("text-unknown-disposition.eml", remove("Parcel Pal", "Oak Court")),
		c("text-sent-from-iphone.eml", add("Parcel Pal", "Harbor View")),
		c("text-signature.eml", add("Parcel Pal", "The Pines")),
		// Charsets and transfer encodings.
		c("text-quoted-printable-latin1.eml", add("Parcel Pal", "The Pines")),
		c("text-windows-1252.eml", remove("Acme Deliveries", "Oak Court")),
		c("text-base64-utf8.eml", add("Parcel Pal", "Harbor View")),
		c("text-8bit.eml", remove("Parcel Pal", "Oak Court")),
		c("text-nfkc-fullwidth.eml", add("Parcel Pal", "The Pines")),
		c("text-hard-wrapped.eml", add("Parcel Pal", "The Pines"), remove("Acme Deliveries", "Oak Court")),
		// HTML: hidden text, HTML-only quotes, and the two alternatives.
		c("text-html-only-hidden.eml", add("Parcel Pal", "The Pines")),
		c("text-html-only-gmail-quote.eml", remove("Acme Deliveries", "Harbor View")),
		c("text-alternative-hidden-preheader.eml", remove("Parcel Pal", "Harbor View")),
		{file: "text-alternative-mismatch.eml", from: maria, authenticated: true,
			requests: []Pair{add("Parcel Pal", "The Pines")}, mismatch: true},
		// A client shows one of two text/plain alternatives, or the
		// text/enriched one intake does not read: the readings cannot
		// be compared, so the request waits for staff.
		// The HTML a client shows hides the request the plain text holds.
		{file: "text-alternative-hidden-font.eml", from: maria, authenticated: true,
			requests: []Pair{add("Parcel Pal", "The Pines")}, mismatch: true},
		{file: "text-alternative-two-plain.eml", from: maria, authenticated: true,
			requests: []Pair{add("Parcel Pal", "The Pines")}, mismatch: true},
		{file: "text-alternative-enriched.eml", from: maria, authenticated: true,
			requests: []Pair{add("Parcel Pal", "The Pines")}, mismatch: true},
		// Apple Mail's HTML alternative: several HTML parts around an
		// attachment, all in one alternative.
		c("text-alternative-related.eml", add("Parcel Pal", "The Pines")),
	}
}
