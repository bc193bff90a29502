package mimetree

import (
	"bytes"
	"strings"

	"github.com/jhillyerd/enmime"
)

// Elision: the fast path reads a skeleton of the message in which the
// inner lines of every long run of base64 lines are replaced by one marker
// line, so that enmime's boundary reader, which stops at every line break,
// does not walk through the content of a large attachment that the parser
// never reads. See the fastpath.go comment for why the tree read from the
// skeleton is the one read from the message.

// ElideMin is the length of the shortest message, and of the shortest run
// of base64 lines, that Elide shortens. A variable so that tests can lower
// it and have small messages elided.
var ElideMin = 64 << 10

// ElideMarker is the line that replaces the inner lines of a run: base64
// of "intake elided base64 run", so a base64 line itself.
var ElideMarker = []byte("aW50YWtlIGVsaWRlZCBiYXNlNjQgcnVu")

// base64Byte is 1 for the base64 alphabet and padding (RFC 2045 section
// 6.8), 0 for any other byte. None of them is ':', white space or '-', so
// that a line made of them is neither a header field, a continuation, a
// blank line nor a MIME boundary.
var base64Byte = func() (t [256]uint8) {
	for _, c := range []byte("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=") {
		t[c] = 1
	}
	return t
}()

// A cut is the inner lines of one run, raw[start:end], and the line break
// of the run's first line, which ends the marker line too.
type cut struct {
	start, end int
	eol        string
}

// Elide returns raw with the inner lines of every run of base64 lines at
// least ElideMin long replaced by one ElideMarker line; elided is false,
// and skeleton is raw itself, when there is none.
//
// A base64 line is a complete line (it ends in "\n", optionally preceded
// by "\r") of one or more base64 bytes. A run is a maximal sequence of
// base64 lines whose first line follows an empty line ("\n" or "\r\n"):
// it is body text, never part of a header block. Its first and last lines
// are kept, so that what surrounds the marker is what surrounded the
// inner lines.
func Elide(raw []byte) (skeleton []byte, elided bool) {
	if len(raw) < ElideMin {
		return raw, false
	}
	cuts := findCuts(raw)
	if len(cuts) == 0 {
		return raw, false
	}
	return applyCuts(raw, cuts), true
}

// findCuts returns the inner lines of the runs of raw long enough to
// elide, in order.
func findCuts(raw []byte) []cut {
	var cuts []cut
	afterEmpty := false
	for i := 0; i < len(raw); {
		n := bytes.IndexByte(raw[i:], '\n')
		if n < 0 {
			break
		}
		line := trimCR(raw[i : i+n])
		if afterEmpty && base64Line(line) {
			c, end := scanRun(raw, i)
			if c.end > c.start {
				cuts = append(cuts, c)
			}
			i, afterEmpty = end, false
			continue
		}
		afterEmpty = len(line) == 0
		i += n + 1
	}
	return cuts
}

// scanRun reads the run of base64 lines starting at raw[start], a base64
// line, and returns the run's end and its inner lines as a cut; the cut is
// empty when the run is shorter than ElideMin or has no inner line.
func scanRun(raw []byte, start int) (c cut, end int) {
	n := bytes.IndexByte(raw[start:], '\n')
	firstEnd := start + n + 1
	c.eol = "\n"
	if raw[start+n-1] == '\r' {
		c.eol = "\r\n"
	}
	last, end := start, firstEnd
	for end < len(raw) {
		n := bytes.IndexByte(raw[end:], '\n')
		if n < 0 || !base64Line(trimCR(raw[end:end+n])) {
			break
		}
		last, end = end, end+n+1
	}
	if end-start >= ElideMin && last > firstEnd {
		c.start, c.end = firstEnd, last
	}
	return c, end
}

// trimCR returns line without one trailing "\r".
func trimCR(line []byte) []byte {
	if len(line) > 0 && line[len(line)-1] == '\r' {
		return line[:len(line)-1]
	}
	return line
}

// base64Line reports a non-empty line, without its line break, made only
// of base64 bytes. It looks at eight bytes per step, without branching on
// each, to keep the scan of a large attachment near memory speed.
func base64Line(line []byte) bool {
	if len(line) == 0 {
		return false
	}
	t := &base64Byte
	for len(line) >= 8 {
		if t[line[0]]&t[line[1]]&t[line[2]]&t[line[3]]&t[line[4]]&t[line[5]]&t[line[6]]&t[line[7]] == 0 {
			return false
		}
		line = line[8:]
	}
	for _, c := range line {
		if t[c] == 0 {
			return false
		}
	}
	return true
}

// applyCuts returns a copy of raw with each cut replaced by a marker line.
func applyCuts(raw []byte, cuts []cut) []byte {
	size := len(raw)
	for _, c := range cuts {
		size += len(ElideMarker) + len(c.eol) - (c.end - c.start)
	}
	out := make([]byte, 0, size)
	prev := 0
	for _, c := range cuts {
		out = append(out, raw[prev:c.start]...)
		out = append(out, ElideMarker...)
		out = append(out, c.eol...)
		prev = c.end
	}
	return append(out, raw[prev:]...)
}

// elisionUnseen reports that the tree enmime read from a skeleton is the
// one it reads from the message, but for the content of leaves the parser
// does not read: no body part and not the root holds the marker, and no
// boundary holds a line break (see fastpath.go).
func elisionUnseen(root *enmime.Part, body []*enmime.Part) bool {
	if bytes.Contains(root.Content, ElideMarker) {
		return false
	}
	for _, p := range body {
		if bytes.Contains(p.Content, ElideMarker) {
			return false
		}
	}
	return !boundaryBreaksLine(root)
}

// boundaryBreaksLine reports a part under p (p included) whose boundary
// holds a "\n".
func boundaryBreaksLine(p *enmime.Part) bool {
	for ; p != nil; p = p.NextSibling {
		if strings.Contains(p.Boundary, "\n") || boundaryBreaksLine(p.FirstChild) {
			return true
		}
	}
	return false
}
