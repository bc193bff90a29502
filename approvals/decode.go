package approvals

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
)

// DecodeDirectory reads one directory JSON document (SPEC section 3) from
// r and validates it. Unknown fields, malformed JSON, values of the wrong
// type and anything after the document are rejected with an *Error of
// code EINVALID, as is any Validate failure; a read failure is returned
// wrapped. It never returns a nil directory with a nil error.
func DecodeDirectory(r io.Reader) (*Directory, error) {
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	var d *Directory
	if err := dec.Decode(&d); err != nil {
		return nil, decodeError(err)
	}
	if d == nil {
		return nil, Errorf(EINVALID, "decode directory: the document is null, not an object")
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, Errorf(EINVALID, "decode directory: unexpected data after the directory object")
	}
	if err := d.Validate(); err != nil {
		return nil, err
	}
	return d, nil
}

// decodeError turns an encoding/json error into a one-sentence EINVALID
// error, keeping I/O errors as they are.
func decodeError(err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.Is(err, io.EOF):
		return Errorf(EINVALID, "decode directory: the file is empty")
	case errors.Is(err, io.ErrUnexpectedEOF):
		return Errorf(EINVALID, "decode directory: the JSON ends too early")
	case errors.As(err, &syn):
		return Errorf(EINVALID, "decode directory: invalid JSON at byte %d: %s", syn.Offset, strings.TrimPrefix(syn.Error(), "json: "))
	case errors.As(err, &typ):
		return Errorf(EINVALID, "decode directory: field %q must be %s, not %s", typ.Field, typ.Type, typ.Value)
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		return Errorf(EINVALID, "decode directory: unknown field %s", strings.TrimPrefix(err.Error(), "json: unknown field "))
	}
	return fmt.Errorf("decode directory: %w", err)
}
