package mimetree

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"mime"
	"strings"

	"github.com/emersion/go-message/textproto"
	"github.com/jhillyerd/enmime"

	"intake/parser/internal/model"
)

// One reading or none (docs/phrasings.md). Where standard readers of MIME
// (RFC 2045-2049) could read a message's structure differently, intake
// does not pick one reading: it reads the message as it always has, and
// raises a model.DoubtUnverified so that no request of it is applied on
// its own.
// The structure is read a second time here, from the raw bytes, with
// go-message's textproto reader, so that the doubts are the same on the
// fast and the full enmime path.
//
// A limit passed while reading stays an error (the message is unreadable):
// a limit bounds work, it is not a reading. Every other way the two
// readers differ is a doubt, never an error: both fail closed, and a doubt
// keeps the requests for staff to see.

// A rawPart is one MIME entity as go-message's textproto reads it.
type rawPart struct {
	path      string // "" for the top level, "1.2" for the second part of the first
	header    textproto.Header
	mediaType string // lowercased; "" when the part has no Content-Type
	params    map[string]string
	// body is the transfer-encoded content of a text/plain or text/html
	// leaf (or one without a Content-Type); nil for any other part.
	body []byte
}

// A TopHeader is the top header block of a raw message as go-message's
// textproto.ReadHeader reads it (Header), the error it returns (Err), and
// where in raw the body after the block starts (BodyAt). The parser reads
// it once, for the identity and for readParts.
type TopHeader struct {
	Header textproto.Header
	Err    error
	BodyAt int
}

// readParts reads the MIME tree of raw, whose top header block is top, in
// order, depth first, stopping at lim.MaxParts parts or below
// lim.MaxDepth. It returns nil when the top header block cannot be read.
func readParts(raw []byte, top TopHeader, lim Limits) []rawPart {
	if top.Err != nil {
		return nil
	}
	var out []rawPart
	walkRaw(top.Header, bufio.NewReader(bytes.NewReader(raw[top.BodyAt:])), "", 0, lim, &out)
	return out
}

func walkRaw(h textproto.Header, body io.Reader, path string, depth int, lim Limits, out *[]rawPart) {
	if len(*out) >= lim.MaxParts || depth > lim.MaxDepth {
		return
	}
	mt, params := mediaType(h.Get("Content-Type"))
	*out = append(*out, rawPart{path: path, header: h, mediaType: mt, params: params})
	i := len(*out) - 1
	switch {
	case strings.HasPrefix(mt, "multipart/") && params["boundary"] != "":
		mr := textproto.NewMultipartReader(body, params["boundary"])
		for n := 1; ; n++ {
			p, err := mr.NextPart()
			if err != nil {
				return
			}
			walkRaw(p.Header, p, strings.TrimPrefix(fmt.Sprintf("%s.%d", path, n), "."), depth+1, lim, out)
		}
	case mt == "" || mt == "text/plain" || mt == "text/html":
		b, _ := io.ReadAll(io.LimitReader(body, lim.MaxMessageBytes))
		(*out)[i].body = b
	}
}

// mediaType returns the lowercased media type and the parameters of a
// Content-Type value; when Go's strict reader rejects the value (a
// duplicate parameter among others), the first value of each parameter
// as written.
func mediaType(v string) (string, map[string]string) {
	if mt, params, err := mime.ParseMediaType(v); err == nil {
		return mt, params
	}
	head, _, _ := strings.Cut(v, ";")
	params := map[string]string{}
	for _, p := range splitParams(v) {
		name, value, _ := strings.Cut(p, "=")
		name = strings.ToLower(strings.TrimSpace(name))
		if _, seen := params[name]; !seen {
			params[name] = strings.Trim(strings.TrimSpace(value), `"`)
		}
	}
	return strings.ToLower(strings.TrimSpace(head)), params
}

// splitParams returns the "name=value" parameters of a Content-Type or
// Content-Disposition value (RFC 2045 section 5.1), split at the
// semicolons outside quoted strings.
func splitParams(v string) []string {
	var out []string
	start, quoted := -1, false
	for i := 0; i < len(v); i++ {
		switch c := v[i]; {
		case c == '\\' && quoted:
			i++
		case c == '"':
			quoted = !quoted
		case c == ';' && !quoted:
			if start >= 0 {
				out = append(out, strings.TrimSpace(v[start:i]))
			}
			start = i + 1
		}
	}
	if start >= 0 && start < len(v) {
		out = append(out, strings.TrimSpace(v[start:]))
	}
	return out
}

// structuralFields are the header fields that decide how a part is read;
// one given twice is read as the first by some readers and the last by
// others.
var structuralFields = []string{"Content-Type", "Content-Transfer-Encoding", "Content-Disposition", "MIME-Version"}

// watchedParams are the parameters whose two values would make readers
// split, decode or file a part differently.
var watchedParams = map[string]bool{"charset": true, "boundary": true, "name": true, "filename": true}

// headerDoubts returns the doubts of one part's header: a structural field
// given twice, or a watched parameter given twice, or both plain and in
// RFC 2231 form (extended "name*=" or split "name*0=").
func headerDoubts(p rawPart) []model.Doubt {
	var ds []model.Doubt
	where := partName(p.path)
	for _, f := range structuralFields {
		if vs := p.header.Values(f); len(vs) > 1 {
			ds = append(ds, unverified("mime-duplicate-field",
				fmt.Sprintf("%s: %s given %d times (%q, %q)", where, f, len(vs), model.ClipLine(vs[0], 80), model.ClipLine(vs[1], 80))))
		}
	}
	for _, f := range []string{"Content-Type", "Content-Disposition"} {
		for _, v := range p.header.Values(f) {
			if d, ok := paramDoubt(where, f, v); ok {
				ds = append(ds, d)
			}
		}
	}
	return ds
}

// paramDoubt returns the doubt of a watched parameter of field value v
// given twice or in two forms.
func paramDoubt(where, field, v string) (model.Doubt, bool) {
	forms := map[string]map[string]int{} // base name → form → count
	for _, p := range splitParams(v) {
		name, _, ok := strings.Cut(p, "=")
		if !ok {
			continue
		}
		name = strings.ToLower(strings.TrimSpace(name))
		base, form := name, "plain"
		if b, rest, ext := strings.Cut(name, "*"); ext {
			base, form = b, "rfc2231"
			if strings.Trim(rest, "*") != "" {
				form = "rfc2231-split:" + strings.Trim(rest, "*")
			}
		}
		if !watchedParams[base] {
			continue
		}
		if forms[base] == nil {
			forms[base] = map[string]int{}
		}
		forms[base][form]++
	}
	for base, fs := range forms {
		split := false
		for form, n := range fs {
			if n > 1 {
				return unverified("mime-duplicate-parameter",
					fmt.Sprintf("%s: %s parameter %q given %d times in %q", where, field, base, n, model.ClipLine(v, 120))), true
			}
			split = split || strings.HasPrefix(form, "rfc2231-split:")
		}
		if fs["plain"] > 0 && (fs["rfc2231"] > 0 || split) || fs["rfc2231"] > 0 && split {
			return unverified("mime-rfc2231-parameter",
				fmt.Sprintf("%s: %s parameter %q given both plain and in RFC 2231 form in %q", where, field, base, model.ClipLine(v, 120))), true
		}
	}
	return model.Doubt{}, false
}

// partName names a part for evidence: "top level" or "part 1.2".
func partName(path string) string {
	if path == "" {
		return "top level"
	}
	return "part " + path
}

func unverified(rule, evidence string) model.Doubt {
	return model.Doubt{Kind: model.DoubtUnverified, Rule: rule, Evidence: evidence}
}

// Doubts returns every doubt about how raw's structure, under its top
// header block top, reads (see the top of this file): header fields and
// parameters given twice, a body charset that does not fit its bytes, a
// part a client shows inline that intake does not read, a signature that
// covers only part of the body, and a tree that go-message and enmime
// (root) read differently.
func Doubts(raw []byte, top TopHeader, root *enmime.Part, lim Limits) []model.Doubt {
	parts := readParts(raw, top, lim)
	var ds []model.Doubt
	for _, p := range parts {
		ds = append(ds, headerDoubts(p)...)
		if d, ok := encodingDoubt(p); ok {
			ds = append(ds, d)
		} else if d, ok := charsetDoubt(p); ok {
			ds = append(ds, d)
		}
	}
	if d, ok := delimiterDoubt(raw, parts); ok {
		ds = append(ds, d)
	}
	ds = append(ds, unreadDoubts(root)...)
	if d, ok := treeDoubt(parts, root); ok {
		ds = append(ds, d)
	}
	return ds
}
