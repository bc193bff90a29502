package e2e

import (
	"fmt"
	"html"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
)

// A base is an applied message of testdata and the consent sentence the
// techniques work on: the sentence of its first request, as it stands in
// its visible text.
type base struct {
	o              original
	text, sentence string
}

// consentBases returns the originals whose request sentence stands in
// their visible text as one run of HTML.
func consentBases(originals []original) []base {
	var out []base
	for _, o := range originals {
		text := o.parsed.Body.Text
		for _, st := range o.parsed.Requests {
			if strings.Contains(htmlText(text), html.EscapeString(st.Sentence)) && st.Sentence != "" {
				out = append(out, base{o: o, text: text, sentence: st.Sentence})
				break
			}
		}
	}
	return out
}

// A shape puts a variant's HTML document into a message: HTML alone, or
// as the alternative to a text/plain part that holds the same words as
// the clean HTML (the greeting and the visible text), so that only the
// technique can make the two differ.
type shape struct {
	name string
	make func(b base, doc string) []byte
}

var shapes = []shape{
	{"html", func(b base, doc string) []byte { return b.o.msg.withBody("text/html", doc).bytes() }},
	{"alternative", func(b base, doc string) []byte { return b.o.msg.alternative(greeting+"\n\n"+b.text, doc).bytes() }},
}

// attackTally counts, per class, the variants made, those intake applied,
// the renderings judged and those whose judgement confirmed the change.
type attackTally struct {
	mu                                    sync.Mutex
	variants, applied, rendered, confirmd map[string]int
	through                               map[string][]string // technique: the variants applied
}

func newAttackTally() *attackTally {
	return &attackTally{variants: map[string]int{}, applied: map[string]int{}, rendered: map[string]int{},
		confirmd: map[string]int{}, through: map[string][]string{}}
}

func (a *attackTally) add(m map[string]int, class string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	m[class]++
}

// TestHTMLAttacks makes, for every applied message of testdata and every
// technique, an HTML variant whose reader-visible meaning differs from its
// text's, in two shapes (HTML alone; plain and HTML alternatives), and
// checks that intake applies none. A real reader (chromium and tesseract)
// judges at least one variant of every technique: the OCR text must not
// show the consent sentence as written, or must show the words the
// technique adds; a variant that fails that is the generator's bug, not
// an attack. With INTAKE_OCR_ALL=1 every variant is judged.
func TestHTMLAttacks(t *testing.T) {
	bases := consentBases(readApplied(t))
	if len(bases) == 0 {
		t.Fatal("no applied message of testdata has a consent sentence in its HTML text")
	}
	if len(techniques) < 40 {
		t.Fatalf("%d techniques, want at least 40", len(techniques))
	}
	tally := newAttackTally()
	t.Run("intake", func(t *testing.T) {
		for _, k := range techniques {
			t.Run(k.name, func(t *testing.T) {
				t.Parallel()
				testIntakeVariants(t, k, bases, tally)
			})
		}
	})
	t.Run("reader", func(t *testing.T) {
		rd := newReader(t)
		all := os.Getenv("INTAKE_OCR_ALL") != ""
		for i, k := range techniques {
			for j := range bases {
				b := bases[(i+j)%len(bases)]
				doc, ok := k.doc(b.text, b.sentence)
				if !ok {
					continue
				}
				t.Run(k.name+"@"+b.o.file, func(t *testing.T) {
					t.Parallel()
					judgeVariant(t, rd, k, b, doc, tally)
				})
				if !all {
					break
				}
			}
		}
	})
	tally.report(t)
}

// testIntakeVariants ingests every variant of k and fails t for each one
// intake applies.
func testIntakeVariants(t *testing.T, k technique, bases []base, tally *attackTally) {
	made := 0
	for _, b := range bases {
		doc, ok := k.doc(b.text, b.sentence)
		if !ok {
			continue
		}
		for _, sh := range shapes {
			made++
			tally.add(tally.variants, k.class)
			res := receive(t, sh.make(b, doc))
			if a := applied(res); len(a) > 0 {
				tally.add(tally.applied, k.class)
				tally.mu.Lock()
				tally.through[k.class+": "+k.name] = append(tally.through[k.class+": "+k.name], b.o.file+"/"+sh.name)
				tally.mu.Unlock()
				t.Errorf("APPLIED %s/%s (%s): %s", b.o.file, sh.name, k.class, describe(res))
			}
		}
	}
	if made == 0 {
		t.Errorf("technique %s made no variant", k.name)
	}
}

// judgeVariant renders the variant of k for b and checks that the reader
// sees its meaning changed.
func judgeVariant(t *testing.T, rd *reader, k technique, b base, doc string, tally *attackTally) {
	text := rd.read(t, k.name+"@"+b.o.file, doc)
	tally.add(tally.rendered, k.class)
	if !renderContains(text, greeting) {
		t.Fatalf("the reader does not show the greeting: the page did not render; OCR text:\n%s", text)
	}
	switch {
	case k.shows != "" && !renderContains(text, k.shows):
		t.Errorf("GENERATOR BUG: the reader does not show the added words %q; OCR text:\n%s", k.shows, text)
	case k.shows == "" && renderContains(text, b.sentence):
		t.Errorf("GENERATOR BUG: the reader still shows the consent %q as written; OCR text:\n%s", b.sentence, text)
	default:
		tally.add(tally.confirmd, k.class)
	}
}

// report logs the table of classes: variants made, applied by intake,
// renderings judged and confirmed; then the techniques that got through.
func (a *attackTally) report(t *testing.T) {
	var classes []string
	seen := map[string]bool{}
	techs := map[string]int{}
	for _, k := range techniques {
		techs[k.class]++
		if !seen[k.class] {
			seen[k.class] = true
			classes = append(classes, k.class)
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "\n%-34s %5s %8s %7s %14s\n", "class", "techs", "variants", "applied", "ocr confirmed")
	var tv, ta, tr, tc int
	for _, c := range classes {
		fmt.Fprintf(&b, "%-34s %5d %8d %7d %8d / %-4d\n", c, techs[c], a.variants[c], a.applied[c], a.confirmd[c], a.rendered[c])
		tv, ta, tr, tc = tv+a.variants[c], ta+a.applied[c], tr+a.rendered[c], tc+a.confirmd[c]
	}
	fmt.Fprintf(&b, "%-34s %5d %8d %7d %8d / %-4d\n", "total", len(techniques), tv, ta, tc, tr)
	var names []string
	for n := range a.through {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		fmt.Fprintf(&b, "applied: %s (%d variants)\n", n, len(a.through[n]))
	}
	t.Log(b.String())
}

// renderContains is the reader's judgement: does OCR text show the
// sentence as written?
func renderContains(ocr, sentence string) bool { return renderContainsFn(ocr, sentence) }
