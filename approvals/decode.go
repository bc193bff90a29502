package approvals

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
)

// rawDirectory is the directory document with each section's entries
// kept raw, so that each entry is decoded on its own and an error can
// name it.
type rawDirectory struct {
	Partners   []json.RawMessage `json:"partners"`
	Portfolios []json.RawMessage `json:"portfolios"`
	Properties []json.RawMessage `json:"properties"`
	Doors      []json.RawMessage `json:"doors"`
	Managers   []json.RawMessage `json:"managers"`
	Enabled    []json.RawMessage `json:"enabled"`
}

// DecodeDirectory reads one directory JSON document (docs/directory.md) from
// r and validates it. Unknown fields, malformed JSON, values of the wrong
// type and anything after the document are rejected with an *Error of
// code EINVALID, as is any Validate failure; an error in an entry names
// it by section, index from 0 and id, as in
// `decode directory: partners[2] ("p-acme"): unknown field "colour"`. A
// read failure is returned wrapped. It never returns a nil directory with
// a nil error.
func DecodeDirectory(r io.Reader) (*Directory, error) {
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	var raw *rawDirectory
	if err := dec.Decode(&raw); err != nil {
		return nil, decodeError(err, "")
	}
	if raw == nil {
		return nil, Errorf(EINVALID, "decode directory: the document is null, not an object")
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, Errorf(EINVALID, "decode directory: unexpected data after the directory object")
	}
	d := &Directory{}
	err := errors.Join(
		decodeSection(raw.Partners, "partners", "id", &d.Partners),
		decodeSection(raw.Portfolios, "portfolios", "id", &d.Portfolios),
		decodeSection(raw.Properties, "properties", "id", &d.Properties),
		decodeSection(raw.Doors, "doors", "id", &d.Doors),
		decodeSection(raw.Managers, "managers", "email", &d.Managers),
		decodeSection(raw.Enabled, "enabled", "", &d.Enabled),
	)
	if err != nil {
		return nil, firstError(err)
	}
	if err := d.Validate(); err != nil {
		return nil, err
	}
	return d, nil
}

// decodeSection decodes each raw entry of a section into *dst, rejecting
// unknown fields. An error names the entry as section[i] and, when the
// entry has a string field key, its value. A nil raw leaves *dst nil.
func decodeSection[T any](raw []json.RawMessage, section, key string, dst *[]T) error {
	if raw == nil {
		return nil
	}
	out := make([]T, 0, len(raw))
	for i, b := range raw {
		dec := json.NewDecoder(bytes.NewReader(b))
		dec.DisallowUnknownFields()
		var v T
		if err := dec.Decode(&v); err != nil {
			return decodeError(err, entryName(b, section, key, i))
		}
		out = append(out, v)
	}
	*dst = out
	return nil
}

// entryName returns `section[i]`, followed by ` ("ID")` when the entry
// is an object with a non-empty string field key.
func entryName(b json.RawMessage, section, key string, i int) string {
	name := fmt.Sprintf("%s[%d]", section, i)
	var fields map[string]json.RawMessage
	if key == "" || json.Unmarshal(b, &fields) != nil {
		return name
	}
	var id string
	if json.Unmarshal(fields[key], &id) != nil || id == "" {
		return name
	}
	return fmt.Sprintf("%s (%q)", name, id)
}

// firstError returns the first error joined by errors.Join.
func firstError(err error) error {
	if j, ok := err.(interface{ Unwrap() []error }); ok && len(j.Unwrap()) > 0 {
		return j.Unwrap()[0]
	}
	return err
}

// decodeError turns an encoding/json error into a one-sentence EINVALID
// error about the entry named where ("" for the document), keeping I/O
// errors as they are.
func decodeError(err error, where string) error {
	prefix := "decode directory: "
	if where != "" {
		prefix += where + ": "
	}
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.Is(err, io.EOF):
		return Errorf(EINVALID, "decode directory: the file is empty")
	case errors.Is(err, io.ErrUnexpectedEOF):
		return Errorf(EINVALID, "decode directory: the JSON ends too early")
	case errors.As(err, &syn):
		return Errorf(EINVALID, "%sinvalid JSON at byte %d: %s", prefix, syn.Offset, strings.TrimPrefix(syn.Error(), "json: "))
	case errors.As(err, &typ) && typ.Field == "" && where != "":
		return Errorf(EINVALID, "%smust be an object, not %s", prefix, typ.Value)
	case errors.As(err, &typ) && typ.Field == "":
		return Errorf(EINVALID, "%sthe document must be an object, not %s", prefix, typ.Value)
	case errors.As(err, &typ):
		return Errorf(EINVALID, "%sfield %q must be %s, not %s", prefix, typ.Field, typ.Type, typ.Value)
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		return Errorf(EINVALID, "%sunknown field %s", prefix, strings.TrimPrefix(err.Error(), "json: unknown field "))
	}
	return fmt.Errorf("%s%w", prefix, err)
}
