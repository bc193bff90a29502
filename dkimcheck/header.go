package dkimcheck

import (
	"bufio"
	"bytes"
	"fmt"
	"net/textproto"
	"strings"
)

// readFields returns the header fields of raw, unfolded only into one
// string each ("Name: value\r\n continued\r\n"), read exactly as
// go-msgauth/dkim reads them so that the i-th DKIM-Signature here is the
// i-th signature it verifies.
func readFields(raw []byte) ([]string, error) {
	r := textproto.NewReader(bufio.NewReader(bytes.NewReader(raw)))
	var fields []string
	for {
		l, err := r.ReadLine()
		switch {
		case err != nil:
			return nil, fmt.Errorf("read header: %w", err)
		case l == "":
			return fields, nil
		case len(fields) > 0 && (l[0] == ' ' || l[0] == '\t'):
			fields[len(fields)-1] += l + "\r\n"
		default:
			fields = append(fields, l+"\r\n")
		}
	}
}

// fieldName returns the name of a header field as go-msgauth/dkim reads it.
func fieldName(field string) string {
	name, _, _ := strings.Cut(field, ":")
	return strings.TrimSpace(name)
}

// fieldValue returns the value of a header field, trimmed.
func fieldValue(field string) string {
	_, v, _ := strings.Cut(field, ":")
	return strings.TrimSpace(v)
}

// fieldsNamed returns the values of the fields called name, in order,
// comparing names without regard to case.
func fieldsNamed(fields []string, name string) []string {
	var out []string
	for _, f := range fields {
		if strings.EqualFold(fieldName(f), name) {
			out = append(out, fieldValue(f))
		}
	}
	return out
}

// parseTags parses a tag list (RFC 6376 section 3.2: tag=value pairs
// separated by ';', white space around both ignored) into a map from tag
// name to value. A pair without '=' or a repeated tag is an error.
func parseTags(s string) (map[string]string, error) {
	tags := make(map[string]string)
	for _, pair := range strings.Split(s, ";") {
		name, value, ok := strings.Cut(pair, "=")
		name = strings.TrimSpace(name)
		switch {
		case !ok && strings.TrimSpace(pair) == "":
			continue
		case !ok || name == "":
			return nil, fmt.Errorf("malformed tag %q", strings.TrimSpace(pair))
		}
		if _, dup := tags[name]; dup {
			return nil, fmt.Errorf("duplicate tag %s=", name)
		}
		tags[name] = strings.TrimSpace(value)
	}
	return tags, nil
}

// stripSpace removes all white space (FWS inside a tag value).
func stripSpace(s string) string {
	return strings.Join(strings.Fields(s), "")
}
