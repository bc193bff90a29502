package model

// Body is the visible new text of a message.
type Body struct {
	// Source is "text/plain" or "text/html": the part the text came from;
	// "" when the message has no text part.
	Source string
	// Text is the new text, decoded, NFKC-normalised, with quotes,
	// forwards and signatures removed and wrapped lines joined.
	// Paragraphs are separated by a blank line.
	Text string
	// Trailer is what follows a signature delimiter ("-- ") or a mobile
	// footer ("Sent from my iPhone"), quotes removed, in the form of
	// Text: never read for requests, but read for what may hold them (a
	// postscript below the signature). "" when there is none.
	Trailer string
	// Quoted is the text taken out as quoted or forwarded (">" lines, an
	// attribution and what it introduces, a separator or header block and
	// everything after it), one normalised line per line, for staff to
	// read beside Text; never read for requests. "" when nothing was.
	Quoted string
	// Removed lists what was taken out (for example "quote",
	// "forward", "signature", "hidden-html"), in order; empty when nothing was.
	Removed []string
	// Doubts are what keeps intake from being sure that Text is what the
	// sender's reader shows (presentation outside the HTML allow-list, no
	// certain boundary between new and quoted text); empty when nothing does.
	Doubts []Doubt
}
