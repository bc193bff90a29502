package parser

import (
	"intake/parser/internal/mimetree"
	"intake/parser/internal/model"
	"intake/parser/internal/quote"
)

// Limits bound the work one hostile message can cause. Zero fields take the
// value of DefaultLimits.
type Limits struct {
	MaxMessageBytes int64 // the whole raw message (imap.max_message_size)
	MaxHeaderBytes  int   // the top-level header block (limits.header_bytes)
	MaxHeaderFields int   // top-level header fields (limits.header_fields)
	MaxDepth        int   // MIME nesting, the top level is 0 (limits.mime_depth)
	MaxParts        int   // MIME parts in all (limits.mime_parts)
	MaxTextBytes    int   // decoded text of the chosen body parts (limits.text_bytes)
	MaxHTMLBytes    int   // HTML fed to the visible-text extractor (limits.html_bytes)
	MaxLineBytes    int   // one line of normalised body text (limits.line_bytes)

	// reply is not a limit: readBodies sets it for a reply, so that the
	// text pipeline (quote.Read), which htmlBody reaches with only the
	// limits, ends a reply's new text at its first possible banner.
	reply bool
}

// DefaultLimits are generous for real mail and small enough that one message
// cannot exhaust the process.
var DefaultLimits = Limits{
	MaxMessageBytes: 25 << 20,
	MaxHeaderBytes:  256 << 10,
	MaxHeaderFields: 1000,
	MaxDepth:        20,
	MaxParts:        500,
	MaxTextBytes:    1 << 20,
	MaxHTMLBytes:    4 << 20,
	MaxLineBytes:    quote.DefaultMaxLineBytes,
}

func (l Limits) withDefaults() Limits {
	d := DefaultLimits
	d.reply = l.reply
	if l.MaxMessageBytes > 0 {
		d.MaxMessageBytes = l.MaxMessageBytes
	}
	if l.MaxHeaderBytes > 0 {
		d.MaxHeaderBytes = l.MaxHeaderBytes
	}
	if l.MaxHeaderFields > 0 {
		d.MaxHeaderFields = l.MaxHeaderFields
	}
	if l.MaxDepth > 0 {
		d.MaxDepth = l.MaxDepth
	}
	if l.MaxParts > 0 {
		d.MaxParts = l.MaxParts
	}
	if l.MaxTextBytes > 0 {
		d.MaxTextBytes = l.MaxTextBytes
	}
	if l.MaxHTMLBytes > 0 {
		d.MaxHTMLBytes = l.MaxHTMLBytes
	}
	if l.MaxLineBytes > 0 {
		d.MaxLineBytes = l.MaxLineBytes
	}
	return d
}

// A LimitError reports that a message exceeds one of the Limits; see
// model.LimitError.
type LimitError = model.LimitError

// IsLimit reports whether err is, or wraps, a *LimitError.
func IsLimit(err error) bool { return model.IsLimit(err) }

// mime returns the limits of the MIME structure.
func (l Limits) mime() mimetree.Limits {
	return mimetree.Limits{
		MaxMessageBytes: l.MaxMessageBytes, MaxHeaderBytes: l.MaxHeaderBytes, MaxHeaderFields: l.MaxHeaderFields,
		MaxDepth: l.MaxDepth, MaxParts: l.MaxParts, MaxTextBytes: l.MaxTextBytes, MaxHTMLBytes: l.MaxHTMLBytes,
	}
}
