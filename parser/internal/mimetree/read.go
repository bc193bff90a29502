package mimetree

import (
	"bytes"
	"fmt"

	"github.com/jhillyerd/enmime"
)

// ReadEnvelope reads the MIME structure of raw with the full enmime
// parser (mimeParser), decoding every part; hdrErr is the error the strict
// reader of the top header block returned, if any (see readEnvelope).
func ReadEnvelope(raw []byte, hdrErr error) (*enmime.Envelope, error) {
	return readEnvelope(mimeParser, raw, hdrErr)
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
// text conversion is off (package visible decides what is visible), and a
// declared charset is used as declared; detection runs only when none is
// declared.
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

// SkipMboxLine drops a leading mbox separator ("From sender date"), which
// files saved from mail clients often carry; an RFC 5322 header field
// has a colon after its name (RFC 5322 section 3.6.2, obsolete syntax
// allowing white space before it).
func SkipMboxLine(raw []byte) []byte {
	rest, ok := bytes.CutPrefix(raw, []byte("From "))
	if !ok || bytes.HasPrefix(bytes.TrimLeft(rest, " \t"), []byte(":")) {
		return raw // not mbox: "From : x" is an obsolete-syntax From field
	}
	if i := bytes.IndexByte(raw, '\n'); i >= 0 {
		return raw[i+1:]
	}
	return raw
}
