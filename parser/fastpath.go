package parser

import (
	"slices"
	"strings"

	_ "github.com/emersion/go-message/charset" // charset decoding for message.New
	"github.com/jhillyerd/enmime"
)

// The fast path. enmime decodes every part it reads: it base64-decodes
// every attachment, and for every text part it runs character-set
// detection (chardet) before it looks at whether detection is wanted;
// about half the CPU of a parse went there. readFast reads the MIME tree
// with rawParser, which decodes nothing (enmime's RawContent: Part.Content
// holds the part's bytes as they are in the message, with no transfer
// decoding and no charset conversion), then decodes only the body parts
// (bodyParts) with go-message.
//
// It is safe because it gives up, and the full enmime path reads the whole
// message instead, whenever its result could differ from enmime's:
//   - a body part whose transfer encoding enmime would clean first
//     (cleanTransfer) or go-message cannot decode (unknown encoding,
//     corrupt base64 or quoted-printable);
//   - a body charset outside a small list whose decoding is the identity
//     on what is accepted (decodedAsEnmime): UTF-8 with no invalid bytes,
//     or printable ASCII in an ASCII-compatible charset or in none (enmime
//     then runs charset detection, and every charset it could detect and
//     convert leaves printable ASCII as it is);
//   - a quoted-printable part that is not body: enmime drops such a part
//     when its encoding is broken, and this path, not decoding it, would
//     keep it;
//   - a part enmime dropped (an error recorded on its parent), a part
//     with as many errors as enmime stores, or a tree over the limits.
//     Decoding only ever makes enmime drop parts, so a tree within the
//     limits here is within them on the full path too.
//
// Everything else the parser reads from the tree (structure, headers,
// content types, file names) does not depend on decoding.
var rawParser = enmime.NewParser(slices.Concat(mimeOptions, []enmime.Option{enmime.RawContent(true)})...)

// readFast reads raw's MIME tree with rawParser and decodes its body parts
// in place; ok is false when the full path must read the message.
func readFast(raw []byte, hdrErr error, lim Limits) (env *enmime.Envelope, ok bool) {
	env, err := readEnvelope(rawParser, raw, hdrErr)
	if err != nil || checkTree(env.Root, lim) != nil || !treeIntact(env.Root) {
		return nil, false
	}
	body := bodyParts(env.Root)
	if !othersSafe(env.Root, body) {
		return nil, false
	}
	decoded := make([][]byte, len(body))
	for i, p := range body {
		if decoded[i], ok = decodeBody(p); !ok {
			return nil, false
		}
	}
	for i, p := range body {
		p.Content = decoded[i]
	}
	return env, true
}

// treeIntact reports that enmime dropped no part of the tree, as far as its
// stored errors tell: a part whose errors reached MaxStoredPartErrors may
// have lost the record of one.
func treeIntact(p *enmime.Part) bool {
	for ; p != nil; p = p.NextSibling {
		if len(p.Errors) >= maxStoredPartErrors {
			return false
		}
		for _, e := range p.Errors {
			if e.Name == enmime.ErrorMalformedChildPart {
				return false
			}
		}
		if !treeIntact(p.FirstChild) {
			return false
		}
	}
	return true
}

// maxStoredPartErrors is the enmime.MaxStoredPartErrors of mimeOptions.
const maxStoredPartErrors = 10

// othersSafe reports that no leaf other than a body part is
// quoted-printable: enmime drops such a part when its encoding is broken,
// and the fast path does not decode it to find out.
func othersSafe(root *enmime.Part, body []*enmime.Part) bool {
	var walk func(p *enmime.Part) bool
	walk = func(p *enmime.Part) bool {
		for ; p != nil; p = p.NextSibling {
			if p.FirstChild == nil && !slices.Contains(body, p) && transferEncoding(p) == "quoted-printable" {
				return false
			}
			if !walk(p.FirstChild) {
				return false
			}
		}
		return true
	}
	return walk(root)
}

func transferEncoding(p *enmime.Part) string {
	return strings.ToLower(p.Header.Get("Content-Transfer-Encoding"))
}
