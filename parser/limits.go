package parser

import (
	"bytes"
	"errors"

	"intake/parser/internal/model"
	"intake/parser/internal/quote"

	"github.com/emersion/go-message"
	"github.com/emersion/go-message/textproto"
	"github.com/jhillyerd/enmime"
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
	// text pipeline (newText), which htmlBody reaches with only the
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

// checkStructure walks the MIME tree with go-message's streaming reader,
// stopping as soon as a limit is passed, before enmime builds the whole tree
// in memory. Errors other than limits are left for enmime to judge.
func checkStructure(raw []byte, hdr textproto.Header, lim Limits) error {
	if n := headerBytes(raw); n > lim.MaxHeaderBytes {
		return &LimitError{Limit: "limits.header_bytes", Max: int64(lim.MaxHeaderBytes)}
	}
	if hdr.Len() > lim.MaxHeaderFields {
		return &LimitError{Limit: "limits.header_fields", Max: int64(lim.MaxHeaderFields)}
	}
	e, err := message.Read(bytes.NewReader(raw))
	if e == nil {
		return nil // not readable as MIME here: enmime decides what is unreadable
	}
	_ = err // unknown charsets and encodings are not limits
	parts := 0
	walkErr := e.Walk(func(path []int, _ *message.Entity, err error) error {
		if err != nil {
			return errStopWalk
		}
		parts++
		if len(path) > lim.MaxDepth {
			return &LimitError{Limit: "limits.mime_depth", Max: int64(lim.MaxDepth)}
		}
		if parts > lim.MaxParts {
			return &LimitError{Limit: "limits.mime_parts", Max: int64(lim.MaxParts)}
		}
		return nil
	})
	if IsLimit(walkErr) {
		return walkErr
	}
	return nil
}

var errStopWalk = errors.New("stop walk")

// headerBytes returns the length of the top-level header block.
func headerBytes(raw []byte) int {
	for _, sep := range [][]byte{[]byte("\r\n\r\n"), []byte("\n\n")} {
		if i := bytes.Index(raw, sep); i >= 0 {
			return i
		}
	}
	return len(raw)
}

// checkTree applies the depth and part limits to the tree enmime built,
// which may differ from go-message's reading of malformed MIME.
func checkTree(root *enmime.Part, lim Limits) error {
	parts := 0
	var walk func(p *enmime.Part, depth int) error
	walk = func(p *enmime.Part, depth int) error {
		for ; p != nil; p = p.NextSibling {
			parts++
			if depth > lim.MaxDepth {
				return &LimitError{Limit: "limits.mime_depth", Max: int64(lim.MaxDepth)}
			}
			if parts > lim.MaxParts {
				return &LimitError{Limit: "limits.mime_parts", Max: int64(lim.MaxParts)}
			}
			if err := walk(p.FirstChild, depth+1); err != nil {
				return err
			}
		}
		return nil
	}
	return walk(root, 0)
}
