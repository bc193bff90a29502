package parser

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"math"
	"reflect"
	"strings"
	"testing"

	"intake/parser/internal/mimetree"
)

// setElideMin sets mimetree.ElideMin to n until the test ends.
func setElideMin(t testing.TB, n int) {
	t.Helper()
	old := mimetree.ElideMin
	mimetree.ElideMin = n
	t.Cleanup(func() { mimetree.ElideMin = old })
}

// b64Lines returns n bytes of binary data, base64-encoded in lines of 76
// characters; every eols[i%len(eols)] ends line i.
func b64Lines(n int, eols ...string) string {
	data := make([]byte, n)
	for i := range data {
		data[i] = byte(i*7 + i/251)
	}
	return wrap(base64.StdEncoding.EncodeToString(data), eols)
}

// wrap cuts s in lines of 76 characters; eols[i%len(eols)] ends line i.
func wrap(s string, eols []string) string {
	var b strings.Builder
	for i := 0; len(s) > 0; i++ {
		n := min(76, len(s))
		b.WriteString(s[:n] + eols[i%len(eols)])
		s = s[n:]
	}
	return b.String()
}

// An elisionCase is a message with a long base64 run, and whether the fast
// path reads it when the run is elided.
type elisionCase struct {
	raw  []byte
	fast bool
}

// elisionMessages are messages with a base64 run of about size*4/3 bytes
// in each place one can be: an attachment, a body part, a preamble, an
// epilogue, an attached message, a single-part message.
func elisionMessages(size int) map[string]elisionCase {
	const grant = "We give DOOR permission to add Acme to The Pines."
	text := "--x\r\nContent-Type: text/plain\r\n\r\n" + grant + "\r\n"
	pdf := "Content-Type: application/pdf; name=\"a.pdf\"\r\nContent-Transfer-Encoding: base64\r\n\r\n"
	mixed := hostileHeader + "Content-Type: multipart/mixed; boundary=x\r\n\r\n"
	crlf := b64Lines(size, "\r\n")
	attachment := mixed + text + "--x\r\n" + pdf + crlf + "--x--\r\n"
	inner := "From: a@b.example\r\nSubject: inner\r\nContent-Type: multipart/mixed; boundary=y\r\n\r\n" +
		"--y\r\nContent-Type: text/plain\r\n\r\nhello\r\n--y\r\n" + pdf + crlf + "--y--\r\n"
	withBoundary := func(b string) string {
		return strings.ReplaceAll(strings.Replace(attachment, "boundary=x", "boundary="+b, 1), "--x", "--"+b)
	}
	textBody := base64.StdEncoding.EncodeToString([]byte(strings.Repeat(grant+"\r\n", size/len(grant))))
	c := func(fast bool, s ...string) elisionCase {
		return elisionCase{raw: []byte(strings.Join(s, "")), fast: fast}
	}
	return map[string]elisionCase{
		"attachment crlf":                 c(true, attachment),
		"attachment lf":                   c(true, strings.ReplaceAll(attachment, "\r\n", "\n")),
		"mixed line endings":              c(true, mixed, text, "--x\r\n", pdf, b64Lines(size, "\r\n", "\n", "\n", "\r\n"), "--x--\r\n"),
		"attachment first":                c(true, mixed, "--x\r\n", pdf, crlf, text, "--x--\r\n"),
		"boundary glued to the last line": c(true, mixed, text, "--x\r\n", pdf, strings.TrimSuffix(crlf, "\r\n"), "--x--\r\n"),
		"ends at eof":                     c(true, mixed, text, "--x\r\n", pdf, strings.TrimSuffix(crlf, "\r\n")),
		"ends at eof after a line break":  c(true, mixed, text, "--x\r\n", pdf, crlf),
		"run in preamble":                 c(true, mixed, crlf, text, "--x--\r\n"),
		"run in epilogue":                 c(true, mixed, text, "--x--\r\n\r\n", crlf),
		"rfc822 attachment":               c(true, mixed, text, "--x\r\nContent-Type: message/rfc822\r\n\r\n", inner, "--x--\r\n"),
		"nested, ends at outer boundary": c(true, mixed, text,
			"--x\r\nContent-Type: multipart/related; boundary=y\r\n\r\n--y\r\n", pdf, crlf, "--x--\r\n"),
		// The parser reads these runs, so the full path must read them.
		"text body":           c(false, hostileHeader, "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n", wrap(textBody, []string{"\r\n"})),
		"text part":           c(false, mixed, "--x\r\nContent-Type: text/plain\r\nContent-Transfer-Encoding: base64\r\n\r\n", wrap(textBody, []string{"\r\n"}), "--x--\r\n"),
		"part without header": c(false, mixed, text, "--x\r\n\r\n", crlf, "--x--\r\n"),
		// enmime may read a charset from the root's content: declined.
		"single-part attachment": c(false, hostileHeader, pdf, crlf),
		"base64 boundary":        c(true, withBoundary("QUJD")),
		// enmime's boundary reader cannot peek that far and ends each part at its first line break.
		"boundary over the peek buffer": c(true, withBoundary(strings.Repeat("b", 5000))),
		// RFC 2231 lets a boundary hold a line break: elisionUnseen declines.
		"boundary with line break": c(false, mixed, text, "--x\r\nContent-Type: multipart/mixed; boundary*=us-ascii''y%0A\r\n\r\n", crlf, "--x--\r\n"),
	}
}

// TestElisionCases checks which elision messages the fast path reads, with
// elision off (all of them), at the default ElideMin and at 16 bytes, and
// that it reads them as the full path does; TestFastPathMatchesFullPath
// compares them too.
func TestElisionCases(t *testing.T) {
	for _, n := range []int{math.MaxInt, mimetree.ElideMin, 16} {
		t.Run(fmt.Sprintf("elideMin %d", n), func(t *testing.T) {
			setElideMin(t, n)
			for name, c := range elisionMessages(60 << 10) {
				if _, elided := mimetree.Elide(c.raw); elided != (n != math.MaxInt) {
					t.Errorf("%s: elided = %v", name, elided)
				}
				if got, want := tookFastPath(c.raw, DefaultLimits), c.fast || n == math.MaxInt; got != want {
					t.Errorf("%s: took the fast path = %v, want %v", name, got, want)
				}
				got, gotErr := parseRaw(c.raw, testAuthservID, DefaultLimits, true)
				want, wantErr := parseRaw(c.raw, testAuthservID, DefaultLimits, false)
				if gotErr != nil || wantErr != nil || !reflect.DeepEqual(got, want) {
					t.Errorf("%s: fast path read %+v, %v; full path read %+v, %v", name, got, gotErr, want, wantErr)
				}
			}
		})
	}
}

// TestLargeAttachmentElided checks that a message near the size limit, a
// short text part and a 24 MB base64 attachment, is read by the fast path
// from a skeleton of a few hundred bytes, and as the full path reads it.
func TestLargeAttachmentElided(t *testing.T) {
	raw := largeAttachment()
	skeleton, elided := mimetree.Elide(raw)
	if !elided || len(skeleton) > 1024 {
		t.Fatalf("elide: %d bytes of %d left, elided %v", len(skeleton), len(raw), elided)
	}
	if !bytes.Contains(skeleton, mimetree.ElideMarker) {
		t.Fatalf("skeleton holds no marker")
	}
	if !tookFastPath(raw, DefaultLimits) {
		t.Fatalf("the fast path declined the message")
	}
	got, gotErr := parseRaw(raw, testAuthservID, DefaultLimits, true)
	want, wantErr := parseRaw(raw, testAuthservID, DefaultLimits, false)
	if gotErr != nil || wantErr != nil {
		t.Fatalf("fast path error %v, full path error %v", gotErr, wantErr)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("fast path read\n%+v\nfull path read\n%+v", got, want)
	}
	if len(got.Requests) != 1 {
		t.Errorf("read %d requests, want 1", len(got.Requests))
	}
}

// BenchmarkElide measures the scan of largeAttachment alone.
func BenchmarkElide(b *testing.B) {
	raw := largeAttachment()
	b.SetBytes(int64(len(raw)))
	for b.Loop() {
		mimetree.Elide(raw)
	}
}
