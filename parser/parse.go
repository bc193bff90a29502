package parser

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"

	"github.com/emersion/go-message/textproto"
	"github.com/jhillyerd/enmime"
)

// Options configure Parse. The zero value is usable: no authserv-id is
// trusted (so no sender is proven) and DefaultLimits apply.
type Options struct {
	// TrustedAuthservID is the authserv-id of the receiving MTA whose
	// Authentication-Results header is believed (SPEC section 6).
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
	return parseRaw(raw, opts.TrustedAuthservID, lim)
}

// ParseBytes is Parse for a message already in memory.
func ParseBytes(raw []byte, opts Options) (*Message, error) {
	lim := opts.Limits.withDefaults()
	if int64(len(raw)) > lim.MaxMessageBytes {
		return nil, &LimitError{Limit: "max_message_size", Max: lim.MaxMessageBytes}
	}
	return parseRaw(raw, opts.TrustedAuthservID, lim)
}

func readLimited(r io.Reader, max int64) ([]byte, error) {
	raw, err := io.ReadAll(io.LimitReader(r, max+1))
	if err != nil {
		return nil, fmt.Errorf("read message: %w", err)
	}
	if int64(len(raw)) > max {
		return nil, &LimitError{Limit: "max_message_size", Max: max}
	}
	return raw, nil
}

func parseRaw(raw []byte, trusted string, lim Limits) (*Message, error) {
	if len(bytes.TrimSpace(raw)) == 0 {
		return nil, errors.New("read message: empty message")
	}
	hdr, err := textproto.ReadHeader(bufio.NewReader(bytes.NewReader(raw)))
	if err != nil {
		return nil, fmt.Errorf("read header: %w", err)
	}
	if err := checkStructure(raw, hdr, lim); err != nil {
		return nil, err
	}
	env, err := mimeParser.ReadEnvelope(bytes.NewReader(raw))
	if err != nil {
		return nil, fmt.Errorf("read mime: %w", err)
	}
	if err := checkTree(env.Root, lim); err != nil {
		return nil, err
	}

	m := &Message{Identity: readIdentity(hdr, trusted)}
	readMeta(m, hdr, env)
	bodies := findBodies(env.Root)
	if err := bodies.checkSize(lim); err != nil {
		return nil, err
	}
	readBodies(m, bodies, lim)
	return m, nil
}

// mimeParser keeps partial text when base64 is corrupt instead of losing it.
var mimeParser = enmime.NewParser(
	enmime.SetReadPartErrorPolicy(enmime.AllowCorruptTextPartErrorPolicy),
	enmime.MaxStoredPartErrors(10),
)
