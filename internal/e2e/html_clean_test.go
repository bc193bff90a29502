package e2e

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"testing"

	gomessage "github.com/emersion/go-message"
	_ "github.com/emersion/go-message/charset"

	"intake/parser"
)

// clean is the technique that changes nothing: the frame every variant is
// made in, around the visible text as it is.
var clean = technique{class: "control", name: "clean", wrap: func(s string) string { return s }}

// TestHTMLCleanReader checks the controls of TestHTMLAttacks: every
// applied message of testdata, rebuilt as HTML in the variants' frame
// (alone and as the alternative to its text), is still applied, and the
// real reader shows its consent sentence; without that, a variant that is
// not applied or not read proves nothing. The real-client replies of
// testdata/clients are read from their own HTML: a request intake reads
// there must be one the reader shows.
func TestHTMLCleanReader(t *testing.T) {
	bases := consentBases(readApplied(t))
	if len(bases) == 0 {
		t.Fatal("no applied message of testdata has a consent sentence in its HTML text")
	}
	for _, b := range bases {
		doc, _ := clean.doc(b.text, b.sentence)
		for _, sh := range shapes {
			if res := receive(t, sh.make(b, doc)); len(applied(res)) == 0 {
				t.Errorf("%s/%s: the clean HTML is not applied: %s", b.o.file, sh.name, describe(res))
			}
		}
	}
	rd := newReader(t)
	for _, b := range bases {
		doc, _ := clean.doc(b.text, b.sentence)
		t.Run(b.o.file, func(t *testing.T) {
			t.Parallel()
			text := rd.read(t, "clean@"+b.o.file, doc)
			if !renderContains(text, greeting) || !renderContains(text, b.sentence) {
				t.Errorf("the reader does not show the consent %q; OCR text:\n%s", b.sentence, text)
			}
		})
	}
	files, _ := filepath.Glob(filepath.Join(testdataDir, "clients", "*.eml"))
	for _, f := range files {
		t.Run("clients/"+filepath.Base(f), func(t *testing.T) {
			t.Parallel()
			readClient(t, rd, f)
		})
	}
}

// readClient renders the HTML part of the real-client reply in file and
// checks that the reader shows every request sentence intake reads in it;
// it logs a request the reader shows plainly that intake does not apply.
func readClient(t *testing.T, rd *reader, file string) {
	raw, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	doc := htmlPart(raw)
	p, err := parser.ParseBytes(raw, parser.Options{TrustedAuthservID: authservID})
	if doc == "" || err != nil || len(p.Requests) == 0 {
		t.Fatalf("a client reply must have an HTML part and a request: HTML %d bytes, parse error %v, %d requests", len(doc), err, len(p.Requests))
	}
	res := receive(t, raw)
	text := rd.read(t, "client@"+filepath.Base(file), doc)
	for _, st := range p.Requests {
		shown := renderContains(text, st.Sentence)
		switch {
		case !shown && len(applied(res)) > 0:
			t.Errorf("APPLIED but the reader does not show %q: %s; OCR text:\n%s", st.Sentence, describe(res), text)
		case !shown:
			t.Logf("the reader does not show %q (not applied: %s)", st.Sentence, describe(res))
		case len(applied(res)) == 0:
			t.Logf("shown plainly but not applied: %q: %s", st.Sentence, describe(res))
		}
	}
}

// htmlPart returns the first text/html part of raw, decoded, or "".
func htmlPart(raw []byte) string {
	// An unknown charset is an error that still gives the entity.
	e, _ := gomessage.Read(bytes.NewReader(raw))
	if e == nil {
		return ""
	}
	var out string
	e.Walk(func(_ []int, part *gomessage.Entity, err error) error {
		if err != nil || out != "" {
			return nil
		}
		if mt, _, _ := part.Header.ContentType(); mt == "text/html" {
			b, _ := io.ReadAll(part.Body)
			out = string(b)
		}
		return nil
	})
	return out
}
