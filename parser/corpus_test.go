package parser

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// testAuthservID is the trusted authserv-id of every testdata message.
const testAuthservID = "mx.door.com"

// A corpusCase is the expected reading of one file in testdata/parser.
// Every .eml there must have exactly one case (TestCorpusComplete).
type corpusCase struct {
	file          string
	from          string // Identity.From
	authenticated bool
	requests      []Pair // the pairs of every statement's first split, in order
	mismatch      bool
	unreadable    string // when non-empty, Parse fails with this limit name or error text
}

const corpusDir = "../testdata/parser"

// corpusTables is filled by the *_corpus_test.go files, one table each.
var corpusTables = map[string][]corpusCase{}

func parseFile(t testing.TB, name string) (*Message, error) {
	t.Helper()
	f, err := os.Open(filepath.Join(corpusDir, name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	return Parse(f, Options{TrustedAuthservID: testAuthservID})
}

func TestCorpus(t *testing.T) {
	for table, cases := range corpusTables {
		for _, c := range cases {
			t.Run(table+"/"+c.file, func(t *testing.T) {
				m, err := parseFile(t, c.file)
				if c.unreadable != "" {
					if err == nil || !strings.Contains(err.Error(), c.unreadable) {
						t.Fatalf("Parse error = %v, want one naming %q", err, c.unreadable)
					}
					return
				}
				if err != nil {
					t.Fatalf("Parse: %v", err)
				}
				if got := m.Identity.From; got != c.from {
					t.Errorf("From = %q, want %q (%s)", got, c.from, m.Identity.FromProblem)
				}
				if got := m.Identity.Authenticated; got != c.authenticated {
					t.Errorf("Authenticated = %v, want %v (%s)", got, c.authenticated, m.Identity.Evidence)
				}
				if got := m.Pairs(); !slices.Equal(got, c.requests) {
					t.Errorf("requests = %q\nwant %q\nbody: %q", got, c.requests, m.Body.Text)
				}
				if m.Mismatch != c.mismatch {
					t.Errorf("Mismatch = %v, want %v", m.Mismatch, c.mismatch)
				}
			})
		}
	}
}

// TestCorpusComplete checks that every testdata message has an expectation
// and every expectation has a file, so no fixture goes unchecked.
func TestCorpusComplete(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(corpusDir, "*.eml"))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{}
	for _, f := range files {
		want[filepath.Base(f)] = true
	}
	seen := map[string]bool{}
	for table, cases := range corpusTables {
		for _, c := range cases {
			if seen[c.file] {
				t.Errorf("%s: %s has a second expectation", table, c.file)
			}
			seen[c.file] = true
			if !want[c.file] {
				t.Errorf("%s: %s has no file in %s", table, c.file, corpusDir)
			}
		}
	}
	for f := range want {
		if !seen[f] {
			t.Errorf("%s has no expectation in any corpus table", f)
		}
	}
	if len(files) < 40 {
		t.Errorf("corpus has %d messages, want at least 40", len(files))
	}
}

// add and remove build expected pairs tersely.
func add(partner, property string) Pair {
	return Pair{Action: ActionAdd, Partner: partner, Property: property}
}

func remove(partner, property string) Pair {
	return Pair{Action: ActionRemove, Partner: partner, Property: property}
}
