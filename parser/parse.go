package parser

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"

	"github.com/emersion/go-message/textproto"
	"github.com/jhillyerd/enmime"

	"intake/parser/internal/header"
	"intake/parser/internal/mimetree"
	"intake/parser/internal/quote"
)

// Options configure Parse. The zero value is usable: no authserv-id is
// trusted (so no sender is proven) and DefaultLimits apply.
type Options struct {
	// TrustedAuthservID is the authserv-id of the receiving MTA whose
	// Authentication-Results header is believed (docs/behaviour.md, sender identity).
	TrustedAuthservID string
	// Limits bound the work one message may cause; zero fields take the
	// value of DefaultLimits.
	Limits Limits
}

// Parse reads one raw RFC 5322 message from r.
//
// A message that cannot be read at all, or that exceeds one of the limits,
// returns a nil Message and an error; a *LimitError names the limit. Any
// other defect (a missing From, a malformed header, an unknown charset) is
// recorded in the Message, not returned as an error.
func Parse(r io.Reader, opts Options) (*Message, error) {
	lim := opts.Limits.withDefaults()
	raw, err := readLimited(r, lim.MaxMessageBytes)
	if err != nil {
		return nil, err
	}
	return parseRaw(raw, opts.TrustedAuthservID, lim, true)
}

// ParseBytes is Parse for a message already in memory.
func ParseBytes(raw []byte, opts Options) (*Message, error) {
	lim := opts.Limits.withDefaults()
	if int64(len(raw)) > lim.MaxMessageBytes {
		return nil, &LimitError{Limit: "imap.max_message_size", Max: lim.MaxMessageBytes}
	}
	return parseRaw(raw, opts.TrustedAuthservID, lim, true)
}

func readLimited(r io.Reader, max int64) ([]byte, error) {
	raw, err := io.ReadAll(io.LimitReader(r, max+1))
	if err != nil {
		return nil, fmt.Errorf("read message: %w", err)
	}
	if int64(len(raw)) > max {
		return nil, &LimitError{Limit: "imap.max_message_size", Max: max}
	}
	return raw, nil
}

// parseRaw parses one raw message. When fast is true it first tries
// readFast, which skips enmime's decoding; whenever readFast declines, the
// message is read by the full enmime path, as it is with fast false.
func parseRaw(raw []byte, trusted string, lim Limits, fast bool) (*Message, error) {
	raw = mimetree.SkipMboxLine(raw)
	if len(bytes.TrimSpace(raw)) == 0 {
		return nil, errors.New("read message: empty message")
	}
	rd := bytes.NewReader(raw)
	br := bufio.NewReader(rd)
	hdr, hdrErr := textproto.ReadHeader(br)
	top := mimetree.TopHeader{Header: hdr, Err: hdrErr, BodyAt: len(raw) - rd.Len() - br.Buffered()}
	if err := mimetree.CheckStructure(raw, hdr, lim.mime()); err != nil {
		return nil, err
	}
	if fast {
		if env, ok := mimetree.ReadFast(raw, hdrErr, lim.mime()); ok {
			return readMessage(raw, env, top, trusted, lim)
		}
	}
	env, err := mimetree.ReadEnvelope(raw, hdrErr)
	if err != nil {
		return nil, err
	}
	if err := mimetree.CheckTree(env.Root, lim.mime()); err != nil {
		return nil, err
	}
	return readMessage(raw, env, top, trusted, lim)
}

// readMessage reads the headers and bodies of a message whose MIME tree
// env holds the decoded body parts, and the doubts of its structure,
// read again from raw (mimeDoubts).
func readMessage(raw []byte, env *enmime.Envelope, top mimetree.TopHeader, trusted string, lim Limits) (*Message, error) {
	var m *Message
	hdr := top.Header
	if top.Err != nil {
		m = readMalformed(top.Err)
		hdr = textproto.HeaderFromMap(env.Root.Header)
	} else {
		m = &Message{Identity: header.ReadIdentity(hdr, trusted)}
	}
	readMeta(m, hdr, env)
	bodies := mimetree.FindBodies(env.Root)
	if err := bodies.CheckSize(lim.mime()); err != nil {
		return nil, err
	}
	if err := readBodies(m, bodies, quote.IsReply(hdr, m.Subject), lim); err != nil {
		return nil, err
	}
	m.Doubts = append(m.Doubts, mimetree.Doubts(raw, top, env.Root, lim.mime())...)
	return m, nil
}

// readMalformed handles a message whose header block a strict RFC 5322
// reader rejects but enmime's tolerant one reads. Its body is still read,
// so nothing is lost, but its sender is never proven: two readers that
// disagree on where a header ends are how forged headers get through.
func readMalformed(hdrErr error) *Message {
	why := fmt.Sprintf("header block is malformed: %v", hdrErr)
	return &Message{Identity: Identity{FromProblem: why, Evidence: why}}
}
