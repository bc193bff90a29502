package parser

import (
	"encoding/base64"
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"intake/parser/internal/mimetree"
)

// TestElisionRandomMessages builds messages from random MIME trees with
// base64 runs wherever they can be (attachments, body parts, headerless
// parts, preambles, epilogues, attached messages), in random line endings
// and shapes, and requires the fast path, eliding every run of 16 bytes or
// more, to read each as the full path does.
func TestElisionRandomMessages(t *testing.T) {
	setElideMin(t, 16)
	g := &msgGen{r: rand.New(rand.NewPCG(2045, 2046))}
	fast, elided := 0, 0
	for i := range 2000 {
		raw := []byte(hostileHeader + g.entity(0))
		got, gotErr := parseRaw(raw, testAuthservID, DefaultLimits, true)
		want, wantErr := parseRaw(raw, testAuthservID, DefaultLimits, false)
		if fmt.Sprint(gotErr) != fmt.Sprint(wantErr) || !reflect.DeepEqual(got, want) {
			t.Fatalf("message %d, %q:\nfast path read %+v, %v\nfull path read %+v, %v", i, raw, got, gotErr, want, wantErr)
		}
		if tookFastPath(raw, DefaultLimits) {
			fast++
			if _, ok := mimetree.Elide(raw); ok {
				elided++
			}
		}
	}
	t.Logf("%d of 2000 messages took the fast path, %d of them elided", fast, elided)
	if elided < 200 {
		t.Errorf("only %d messages took the fast path elided, want 200 or more", elided)
	}
}

// msgGen builds random MIME entities.
type msgGen struct{ r *rand.Rand }

func (g *msgGen) pick(s ...string) string { return s[g.r.IntN(len(s))] }

// eol returns a line break, CRLF three times in four.
func (g *msgGen) eol() string { return g.pick("\r\n", "\r\n", "\r\n", "\n") }

// run returns zero to nine lines of base64 of random bytes, 1 to 80
// characters each, each with a random line break.
func (g *msgGen) run() string {
	data := make([]byte, 1+g.r.IntN(400))
	for i := range data {
		data[i] = byte(g.r.Uint32())
	}
	s := base64.StdEncoding.EncodeToString(data)
	var b strings.Builder
	for range g.r.IntN(10) {
		n := min(len(s), 1+g.r.IntN(80))
		b.WriteString(s[:n] + g.eol())
		if s = s[n:]; s == "" {
			break
		}
	}
	return b.String()
}

// body returns what may follow a header block: a run after the empty
// line, or after one more empty line, or after a line of text.
func (g *msgGen) body() string {
	switch g.r.IntN(4) {
	case 0:
		return g.eol() + g.run()
	case 1:
		return "some text" + g.eol() + g.run()
	}
	return g.run()
}

// entity returns a header block and its body, a multipart one when depth
// allows.
func (g *msgGen) entity(depth int) string {
	eol := g.eol()
	switch g.r.IntN(8) {
	case 0, 1:
		if depth < 3 {
			return g.multipart(depth)
		}
	case 2:
		return "Content-Type: message/rfc822" + eol + eol + "From: a@b.example" + eol + g.entity(depth+1)
	case 3:
		grant := base64.StdEncoding.EncodeToString([]byte("We give DOOR permission to add Acme to The Pines."))
		return "Content-Type: text/plain" + eol + "Content-Transfer-Encoding: base64" + eol + eol + grant[:30] + eol + grant[30:] + eol
	case 4:
		return "Content-Type: text/plain" + eol + eol + "We give DOOR permission to add Acme to The Pines." + eol
	case 5:
		return eol + g.body()
	}
	name := g.pick("", "; name=a.pdf")
	return "Content-Type: application/pdf" + name + eol + "Content-Transfer-Encoding: base64" + eol + eol + g.body()
}

// multipart returns a multipart entity with a run in its preamble and
// epilogue at random, one to three parts, and a closing boundary or not.
func (g *msgGen) multipart(depth int) string {
	eol := g.eol()
	b := g.pick("x", "QUJD", "TUlN=") + fmt.Sprint(depth)
	s := "Content-Type: multipart/" + g.pick("mixed", "alternative") + "; boundary=\"" + b + "\"" + eol + eol
	if g.r.IntN(3) == 0 {
		s += g.run()
	}
	for range 1 + g.r.IntN(3) {
		s += "--" + b + eol + g.entity(depth+1) + g.pick(eol, "")
	}
	if g.r.IntN(4) != 0 {
		s += "--" + b + "--" + eol
		if g.r.IntN(3) == 0 {
			s += eol + g.run()
		}
	}
	return s
}
