package mimetree

import (
	"bytes"
	"errors"

	"github.com/emersion/go-message"
	"github.com/emersion/go-message/textproto"
	"github.com/jhillyerd/enmime"

	"intake/parser/internal/model"
)

// Limits bound the work one message's MIME structure may cause; each is
// the field of parser.Limits of the same name, and must be positive.
type Limits struct {
	MaxMessageBytes int64
	MaxHeaderBytes  int
	MaxHeaderFields int
	MaxDepth        int
	MaxParts        int
	MaxTextBytes    int
	MaxHTMLBytes    int
}

// CheckStructure walks the MIME tree with go-message's streaming reader,
// stopping as soon as a limit is passed, before enmime builds the whole tree
// in memory. Errors other than limits are left for enmime to judge.
func CheckStructure(raw []byte, hdr textproto.Header, lim Limits) error {
	if n := headerBytes(raw); n > lim.MaxHeaderBytes {
		return &model.LimitError{Limit: "limits.header_bytes", Max: int64(lim.MaxHeaderBytes)}
	}
	if hdr.Len() > lim.MaxHeaderFields {
		return &model.LimitError{Limit: "limits.header_fields", Max: int64(lim.MaxHeaderFields)}
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
			return &model.LimitError{Limit: "limits.mime_depth", Max: int64(lim.MaxDepth)}
		}
		if parts > lim.MaxParts {
			return &model.LimitError{Limit: "limits.mime_parts", Max: int64(lim.MaxParts)}
		}
		return nil
	})
	if model.IsLimit(walkErr) {
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

// CheckTree applies the depth and part limits to the tree enmime built,
// which may differ from go-message's reading of malformed MIME.
func CheckTree(root *enmime.Part, lim Limits) error {
	parts := 0
	var walk func(p *enmime.Part, depth int) error
	walk = func(p *enmime.Part, depth int) error {
		for ; p != nil; p = p.NextSibling {
			parts++
			if depth > lim.MaxDepth {
				return &model.LimitError{Limit: "limits.mime_depth", Max: int64(lim.MaxDepth)}
			}
			if parts > lim.MaxParts {
				return &model.LimitError{Limit: "limits.mime_parts", Max: int64(lim.MaxParts)}
			}
			if err := walk(p.FirstChild, depth+1); err != nil {
				return err
			}
		}
		return nil
	}
	return walk(root, 0)
}
