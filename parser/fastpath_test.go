package parser

import (
	"bufio"
	"bytes"
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/emersion/go-message/textproto"

	"intake/parser/internal/mimetree"
)

// TestFastPathMatchesFullPath parses every testdata (parser and
// adversarial) and shared-corpus message, the hostile inputs, a few
// encodings built to fall back and the elision messages, by the fast path
// and by the full enmime path alone, and requires the same Message (Body,
// Requests, HTML reading, Mismatch and all else) or the same error. It does
// so with the default ElideMin and with ElideMin at 16 bytes, where every
// base64 run of three lines or more is elided.
func TestFastPathMatchesFullPath(t *testing.T) {
	inputs := allMessages(t)
	for i, raw := range append(hostileMessages(), largeAttachment()) {
		inputs[fmt.Sprintf("hostile %d", i)] = raw
	}
	for name, raw := range fallbackMessages() {
		inputs[name] = raw
		if want := name == "utf-8 qp" || name == "base64" || name == "duplicate charset"; tookFastPath(raw, DefaultLimits) != want {
			t.Errorf("%s: took the fast path = %v, want %v", name, !want, want)
		}
	}
	for name, c := range elisionMessages(60 << 10) {
		inputs["elision "+name] = c.raw
	}
	for _, n := range []int{mimetree.ElideMin, 16} {
		t.Run(fmt.Sprintf("elideMin %d", n), func(t *testing.T) {
			setElideMin(t, n)
			matchFullPath(t, inputs)
		})
	}
}

// matchFullPath requires that the fast path read every input as the full
// path does, and that at least one, and one with elided runs, take it.
func matchFullPath(t *testing.T, inputs map[string][]byte) {
	lim := DefaultLimits
	fast, elided := 0, 0
	for name, raw := range inputs {
		got, gotErr := parseRaw(raw, testAuthservID, lim, true)
		want, wantErr := parseRaw(raw, testAuthservID, lim, false)
		if fmt.Sprint(gotErr) != fmt.Sprint(wantErr) {
			t.Errorf("%s: fast path error %v, full path error %v", name, gotErr, wantErr)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: fast path read\n%+v\nfull path read\n%+v", name, got, want)
		}
		if tookFastPath(raw, lim) {
			fast++
			if _, ok := mimetree.Elide(mimetree.SkipMboxLine(raw)); ok {
				elided++
			}
		}
	}
	t.Logf("%d of %d messages took the fast path, %d of them elided", fast, len(inputs), elided)
	if fast == 0 || elided == 0 {
		t.Errorf("%d messages took the fast path, %d of them elided; want some of each", fast, elided)
	}
}

// tookFastPath reports whether parseRaw reads raw by the fast path.
func tookFastPath(raw []byte, lim Limits) bool {
	raw = mimetree.SkipMboxLine(raw)
	_, hdrErr := textproto.ReadHeader(bufio.NewReader(bytes.NewReader(raw)))
	_, ok := mimetree.ReadFast(raw, hdrErr, lim.mime())
	return ok
}

// fallbackMessages are body encodings the fast path must leave to enmime,
// and three it reads itself: "utf-8 qp", "base64", and "duplicate charset",
// where go-message is given the charset enmime chose (UTF-8), not its own
// reading of the malformed Content-Type.
func fallbackMessages() map[string][]byte {
	part := func(header, body string) []byte {
		return []byte(hostileHeader + header + "\r\n" + body + "\r\n")
	}
	grant := "We give DOOR permission to add Acme to The Pines."
	return map[string][]byte{
		"latin-1 text":            part("Content-Type: text/plain; charset=iso-8859-1\r\n", "Caf\xe9 \x93"+grant+"\x94"),
		"windows-1252 qp":         part("Content-Type: text/plain; charset=windows-1252\r\nContent-Transfer-Encoding: quoted-printable\r\n", "Caf=E9 =93"+grant+"=94"),
		"undeclared 8-bit":        part("Content-Type: text/plain\r\n", "Caf\xc3\xa9 "+grant),
		"invalid utf-8":           part("Content-Type: text/plain; charset=utf-8\r\n", "Caf\xe9 "+grant),
		"utf-8 qp":                part("Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n", "Caf=C3=A9 "+grant),
		"qp with bare equals":     part("Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n", "a = b =ZZ "+grant),
		"qp with 8-bit byte":      part("Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n", "Caf\xc3\xa9 "+grant),
		"base64":                  part("Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n", "V2UgZ2l2ZSBET09SIHBlcm1pc3Npb24gdG8gYWRkIEFjbWUgdG8gVGhlIFBpbmVzLg=="),
		"base64 with junk":        part("Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n", "V2UgZ2l2ZSBET09SIHBlcm1p*c3Npb24gdG8gYWRkIEFjbWUgdG8gVGhlIFBpbmVzLg=="),
		"corrupt base64":          part("Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n", "V2UgZ2l2ZSBET09SIHBlcm1pc3Npb24gdG8gYWRkIEFjbWUgdG8gVGhlIFBpbmVzLg=V2Ug"),
		"unknown encoding":        part("Content-Type: text/plain\r\nContent-Transfer-Encoding: x-uuencode\r\n", grant),
		"unknown charset":         part("Content-Type: text/plain; charset=x-unknown\r\n", grant),
		"iso-2022-jp":             part("Content-Type: text/plain; charset=iso-2022-jp\r\n", "\x1b$B$3$s$K$A$O\x1b(B "+grant),
		"duplicate charset":       part("Content-Type: text/plain; charset=utf-8; charset=iso-8859-1\r\n", "Caf\xc3\xa9 "+grant),
		"utf-16 with ascii bytes": part("Content-Type: text/plain; charset=utf-16le\r\n", "W\x00e\x00"),
	}
}

// FuzzFastPath parses arbitrary bytes, seeded like FuzzParse, with the
// fallback and elision messages and random MIME trees holding base64 runs
// (msgGen), by the fast path and by the full path alone: the results must
// be the same. ElideMin is 16 bytes for the whole run, so that base64 runs
// of small inputs are elided.
func FuzzFastPath(f *testing.F) {
	for _, raw := range allMessages(f) {
		f.Add(raw)
	}
	for _, raw := range fallbackMessages() {
		f.Add(raw)
	}
	for _, c := range elisionMessages(200) {
		f.Add(c.raw)
	}
	g := &msgGen{r: rand.New(rand.NewPCG(1, 2))}
	for range 30 {
		f.Add([]byte(hostileHeader + g.entity(0)))
	}
	setElideMin(f, 16)
	lim := DefaultLimits
	lim.MaxMessageBytes = 1 << 20
	f.Fuzz(func(t *testing.T, raw []byte) {
		got, gotErr := parseRaw(raw, testAuthservID, lim, true)
		want, wantErr := parseRaw(raw, testAuthservID, lim, false)
		if fmt.Sprint(gotErr) != fmt.Sprint(wantErr) || !reflect.DeepEqual(got, want) {
			t.Fatalf("fast path read %+v, %v; full path read %+v, %v", got, gotErr, want, wantErr)
		}
	})
}
