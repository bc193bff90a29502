package parser

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"

	"intake/parser/internal/header"
	"intake/parser/internal/quote"

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
	raw = skipMboxLine(raw)
	if len(bytes.TrimSpace(raw)) == 0 {
		return nil, errors.New("read message: empty message")
	}
	rd := bytes.NewReader(raw)
	br := bufio.NewReader(rd)
	hdr, hdrErr := textproto.ReadHeader(br)
	top := topHeader{header: hdr, err: hdrErr, bodyAt: len(raw) - rd.Len() - br.Buffered()}
	if err := checkStructure(raw, hdr, lim); err != nil {
		return nil, err
	}
	if fast {
		if env, ok := readFast(raw, hdrErr, lim); ok {
			return readMessage(raw, env, top, trusted, lim)
		}
	}
	env, err := readEnvelope(mimeParser, raw, hdrErr)
	if err != nil {
		return nil, err
	}
	if err := checkTree(env.Root, lim); err != nil {
		return nil, err
	}
	return readMessage(raw, env, top, trusted, lim)
}

// readMessage reads the headers and bodies of a message whose MIME tree
// env holds the decoded body parts, and the doubts of its structure,
// read again from raw (mimeDoubts).
func readMessage(raw []byte, env *enmime.Envelope, top topHeader, trusted string, lim Limits) (*Message, error) {
	var m *Message
	hdr := top.header
	if top.err != nil {
		m = readMalformed(top.err)
		hdr = textproto.HeaderFromMap(env.Root.Header)
	} else {
		m = &Message{Identity: header.ReadIdentity(hdr, trusted)}
	}
	readMeta(m, hdr, env)
	bodies := findBodies(env.Root)
	bodies.reply = quote.IsReply(hdr, m.Subject)
	if err := bodies.checkSize(lim); err != nil {
		return nil, err
	}
	if err := readBodies(m, bodies, lim); err != nil {
		return nil, err
	}
	m.Doubts = append(m.Doubts, mimeDoubts(raw, top, env.Root, lim)...)
	return m, nil
}

// readEnvelope reads the MIME structure with the enmime parser given
// (mimeParser, or rawParser for the fast path). When the message does
// not start with a header block at all (the strict reader failed and so
// does enmime), the whole text is read as a plain-text body, as a person
// opening the file would see it; such a message has no From, so it can
// never prove a sender.
func readEnvelope(parser *enmime.Parser, raw []byte, hdrErr error) (*enmime.Envelope, error) {
	env, err := parser.ReadEnvelope(bytes.NewReader(raw))
	if err == nil || hdrErr == nil {
		if err != nil {
			return nil, fmt.Errorf("read mime: %w", err)
		}
		return env, nil
	}
	bodyOnly := append([]byte("\r\n"), raw...)
	if env, err2 := parser.ReadEnvelope(bytes.NewReader(bodyOnly)); err2 == nil {
		return env, nil
	}
	return nil, fmt.Errorf("read mime: %w", err)
}

// mimeParser reads what real, imperfect mail holds rather than rejecting
// it: partial text of corrupt base64, a multipart without a boundary as one
// part, media types with stray characters. A malformed part is skipped, so
// its text can only ever be missing, never misread. enmime's own HTML to
// text conversion is off (htmlBody decides what is visible), and a declared
// charset is used as declared; detection runs only when none is declared.
var mimeParser = enmime.NewParser(mimeOptions...)

var mimeOptions = []enmime.Option{
	enmime.SetReadPartErrorPolicy(enmime.AllowCorruptTextPartErrorPolicy),
	enmime.MaxStoredPartErrors(10),
	enmime.MultipartWOBoundaryAsSinglePart(true),
	enmime.StripMediaTypeInvalidCharacters(true),
	enmime.SkipMalformedParts(true),
	enmime.DisableTextConversion(true),
	enmime.DisableCharacterDetection(true),
}

// readMalformed handles a message whose header block a strict RFC 5322
// reader rejects but enmime's tolerant one reads. Its body is still read,
// so nothing is lost, but its sender is never proven: two readers that
// disagree on where a header ends are how forged headers get through.
func readMalformed(hdrErr error) *Message {
	why := fmt.Sprintf("header block is malformed: %v", hdrErr)
	return &Message{Identity: Identity{FromProblem: why, Evidence: why}}
}

// skipMboxLine drops a leading mbox separator ("From sender date"), which
// files saved from mail clients often carry; an RFC 5322 header field
// has a colon after its name (RFC 5322 section 3.6.2, obsolete syntax
// allowing white space before it).
func skipMboxLine(raw []byte) []byte {
	rest, ok := bytes.CutPrefix(raw, []byte("From "))
	if !ok || bytes.HasPrefix(bytes.TrimLeft(rest, " \t"), []byte(":")) {
		return raw // not mbox: "From : x" is an obsolete-syntax From field
	}
	if i := bytes.IndexByte(raw, '\n'); i >= 0 {
		return raw[i+1:]
	}
	return raw
}
