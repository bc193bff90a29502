package mimetree

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"io"
	"mime/quotedprintable"
	"strings"
	"unicode/utf8"

	"github.com/emersion/go-message/charset"
	"github.com/jhillyerd/enmime"

	"intake/parser/internal/model"
)

// charsetDoubt returns the doubt of a body part whose declared charset
// does not decode its bytes cleanly (RFC 2046 section 4.1.2): a byte over
// 0x7f under US-ASCII, invalid UTF-8, a charset no reader here knows, or
// a decoder's U+FFFD that was not in the source.
// Readers then show different text, or text the sender did not write.
// A part without a charset, or an attachment, is not judged here.
func charsetDoubt(p rawPart) (model.Doubt, bool) {
	cs := strings.ToLower(strings.Trim(p.params["charset"], `" `))
	if p.body == nil || cs == "" || p.params["name"] != "" || rawAttachment(p) {
		return model.Doubt{}, false
	}
	b, ok := transferDecode(strings.ToLower(strings.TrimSpace(p.header.Get("Content-Transfer-Encoding"))), p.body)
	if !ok {
		return model.Doubt{}, false // enmime reads what it can of it; the transfer encoding is not a charset doubt
	}
	where := partName(p.path)
	bad := func(why string) (model.Doubt, bool) {
		return unverified("mime-charset", fmt.Sprintf("%s: charset %q %s", where, cs, why)), true
	}
	switch cs {
	case "us-ascii", "ascii":
		if i := bytes.IndexFunc(b, func(r rune) bool { return r >= 0x80 }); i >= 0 {
			return bad(fmt.Sprintf("declared, but byte 0x%02x at offset %d is not ASCII", b[i], i))
		}
		return model.Doubt{}, false
	case "utf-8", "utf8":
		if !utf8.Valid(b) {
			return bad("declared, but the bytes are not valid UTF-8")
		}
		return model.Doubt{}, false
	}
	r, err := charset.Reader(cs, bytes.NewReader(b))
	if err != nil {
		return bad("is unknown: what its bytes show a reader cannot be known")
	}
	if printableASCII(b) {
		return model.Doubt{}, false
	}
	out, err := io.ReadAll(r)
	if err != nil || bytes.Count(out, replacementChar) > bytes.Count(b, replacementChar) {
		return bad("does not decode the bytes cleanly (replacement characters)")
	}
	return model.Doubt{}, false
}

// rawAttachment reports a part whose Content-Disposition is not inline or
// names a file.
func rawAttachment(p rawPart) bool {
	v := p.header.Get("Content-Disposition")
	if v == "" {
		return false
	}
	d, params := mediaType(v)
	return d != "inline" || params["filename"] != ""
}

// transferDecode undoes a Content-Transfer-Encoding (RFC 2045 section 6);
// ok is false when the content is not valid in it.
func transferDecode(cte string, b []byte) ([]byte, bool) {
	switch cte {
	case "base64":
		clean := bytes.Map(func(r rune) rune {
			if r == ' ' || r == '\t' || r == '\r' || r == '\n' {
				return -1
			}
			return r
		}, b)
		out, err := base64.StdEncoding.DecodeString(string(clean))
		return out, err == nil
	case "quoted-printable":
		out, err := io.ReadAll(quotedprintable.NewReader(bytes.NewReader(b)))
		return out, err == nil
	}
	return b, true
}

// quietText are text types a client shows as something other than body
// text (an invitation, a contact card), or never shows.
var quietText = map[string]bool{"text/calendar": true, "text/vcard": true, "text/x-vcard": true,
	"text/rfc822-headers": true, "text/plain": true, "text/html": true}

// unreadDoubts returns the doubts of parts a client shows inline that
// intake does not read: a text/plain or text/html part that names a file
// but is not marked as an attachment (mail clients show it inline, intake
// reads it as an attachment), another inline text part (text/markdown,
// text/x-anything), and a multipart/signed beside body text it does not
// cover (RFC 1847: what the signature covers is one message, the rest
// another).
func unreadDoubts(root *enmime.Part) []model.Doubt {
	var ds []model.Doubt
	var signed []*enmime.Part
	var walk func(p *enmime.Part, path string)
	walk = func(p *enmime.Part, path string) {
		for n := 1; p != nil; p, n = p.NextSibling, n+1 {
			here := strings.TrimPrefix(fmt.Sprintf("%s.%d", path, n), ".")
			if p.Parent == nil {
				here = ""
			}
			ct := strings.ToLower(p.ContentType)
			inline := disposition(p) == "" || disposition(p) == "inline"
			switch {
			case (ct == "text/plain" || ct == "text/html") && inline && p.FileName != "":
				ds = append(ds, unverified("mime-inline-unread",
					fmt.Sprintf("%s: %s named %q is shown inline by mail clients, but not read as body", partName(here), ct, model.ClipLine(p.FileName, 80))))
			case strings.HasPrefix(ct, "text/") && !quietText[ct] && inline && p.FileName == "" && p.FirstChild == nil:
				ds = append(ds, unverified("mime-inline-unread",
					fmt.Sprintf("%s: %s is shown inline by mail clients, but not read", partName(here), ct)))
			case ct == "multipart/signed":
				signed = append(signed, p)
			}
			if !isAttachment(p) {
				walk(p.FirstChild, here)
			}
		}
	}
	walk(root, "")
	if len(signed) > 0 {
		for _, b := range BodyParts(root) {
			if !coveredBy(b, signed) {
				ds = append(ds, unverified("mime-signed-partial",
					fmt.Sprintf("a %s body part stands outside the multipart/signed part: the signature covers only part of what is shown", b.ContentType)))
				break
			}
		}
	}
	return ds
}

// coveredBy reports that p is under one of the parts of signed.
func coveredBy(p *enmime.Part, signed []*enmime.Part) bool {
	for a := p.Parent; a != nil; a = a.Parent {
		for _, s := range signed {
			if a == s {
				return true
			}
		}
	}
	return false
}

// treeDoubt returns the doubt of a MIME tree that go-message (parts) and
// enmime (root) read differently: another number of parts, or another
// media type or depth at the same place.
func treeDoubt(parts []rawPart, root *enmime.Part) (model.Doubt, bool) {
	if parts == nil || root == nil {
		return model.Doubt{}, false
	}
	var gm []string
	for _, p := range parts {
		depth := 0
		if p.path != "" {
			depth = strings.Count(p.path, ".") + 1
		}
		gm = append(gm, shapeOf(depth, p.mediaType))
	}
	var em []string
	var walk func(p *enmime.Part, depth int)
	walk = func(p *enmime.Part, depth int) {
		for ; p != nil; p = p.NextSibling {
			em = append(em, shapeOf(depth, p.ContentType))
			walk(p.FirstChild, depth+1)
		}
	}
	walk(root, 0)
	for i := 0; i < max(len(gm), len(em)); i++ {
		g, e := "(none)", "(none)"
		if i < len(gm) {
			g = gm[i]
		}
		if i < len(em) {
			e = em[i]
		}
		if g != e {
			return unverified("mime-readers-differ", fmt.Sprintf(
				"go-message reads %d parts and enmime %d; at part %d go-message reads %s, enmime %s", len(gm), len(em), i+1, g, e)), true
		}
	}
	return model.Doubt{}, false
}

// shapeOf names a part's place in a tree: its depth and media type, a
// missing one read as text/plain (RFC 2045 section 5.2).
func shapeOf(depth int, mt string) string {
	mt = strings.ToLower(strings.TrimSpace(mt))
	if mt == "" {
		mt = "text/plain"
	}
	return fmt.Sprintf("%s at depth %d", mt, depth)
}
