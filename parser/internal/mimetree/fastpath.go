package mimetree

import (
	"slices"
	"strings"

	_ "github.com/emersion/go-message/charset" // charset decoding for message.New
	"github.com/jhillyerd/enmime"
)

// The fast path. enmime decodes every part it reads: it base64-decodes
// every attachment, and for every text part it runs character-set
// detection (chardet) before it looks at whether detection is wanted;
// about half the CPU of a parse went there. ReadFast reads the MIME tree
// with rawParser, which decodes nothing (enmime's RawContent: Part.Content
// holds the part's bytes as they are in the message, with no transfer
// decoding and no charset conversion), then decodes only the body parts
// (BodyParts) with go-message.
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
//
// Even undecoded, a part's content goes through enmime's boundary reader,
// which looks for a boundary at every line break: even patched to copy the
// bytes between breaks at once (third_party/enmime), it reads base64 lines
// at about 380 MB/s, so a 24 MB attachment costs 67 ms. So ReadFast
// reads a skeleton of the message (elide): each run of base64 lines at
// least ElideMin long that follows an empty line keeps its first and last
// lines, and its inner lines become one marker line. The tree enmime
// v1.3.0 reads from the skeleton is the one it reads from the message but
// for the content of the leaf holding each run (or a preamble or epilogue,
// which the parser does not read), because:
//   - a run is never in a header block, which ends at its first empty line
//     (enmime's ReadHeader), and a run follows one;
//   - no line of a run, the marker included, is blank or holds "--": none
//     is a boundary where enmime compares whole lines (boundaryReader.Next,
//     which also skips the preamble), and none starts one where it peeks
//     past a line break (boundaryReader.Read finds "--" at most one byte
//     after the break). A boundary found before a run could reach into it
//     only through the empty line, by holding a "\n"; Next never matches
//     such a boundary in a line, so its reader reads no part at all, and
//     elisionUnseen declines such a tree anyway;
//   - all Read learns from the inner lines is whether its input ends
//     within one peek of a line break (ErrorMissingBoundary): the break
//     that ends them (the marker's, in the skeleton) is as far from that
//     end as in the message, the earlier ones farther. A boundary too long
//     to peek at ends each part at its first line break, never in a run;
//   - so the same errors are recorded. The one that quotes a line
//     ("expecting boundary") quotes the first non-blank line after where
//     Read stopped, never an inner line, and the parser reads only the
//     names and count of errors anyway (treeIntact);
//   - with RawContent enmime derives nothing from a leaf's content but the
//     envelope's Text and HTML, which the parser does not read (only
//     whether they are empty decides a warning, and elision keeps a leaf
//     non-empty), and, for a message that is one leaf, a charset it finds
//     in the content and converts it from: ReadFast declines when the root
//     holds the marker;
//   - the parser reads the content of body parts only: ReadFast declines
//     when one holds the marker, and the full path reads the message.
var rawParser = enmime.NewParser(slices.Concat(mimeOptions, []enmime.Option{enmime.RawContent(true)})...)

// ReadFast reads the MIME tree of raw, with its long base64 runs elided,
// with rawParser and decodes its body parts in place; ok is false when the
// full path must read the message.
func ReadFast(raw []byte, hdrErr error, lim Limits) (env *enmime.Envelope, ok bool) {
	skeleton, elided := Elide(raw)
	env, err := readEnvelope(rawParser, skeleton, hdrErr)
	if err != nil || CheckTree(env.Root, lim) != nil || !treeIntact(env.Root) {
		return nil, false
	}
	body := BodyParts(env.Root)
	if !othersSafe(env.Root, body) || (elided && !elisionUnseen(env.Root, body)) {
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
