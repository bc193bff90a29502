package mimetree

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// corpusEnv names the environment variable that holds the directory of
// the public MIME test corpora, as in package parser's tests.
const corpusEnv = "INTAKE_CORPUS"

// sharedCorpus is the corpus directory, "" when corpusEnv is unset.
var sharedCorpus = os.Getenv(corpusEnv)

// corpusMissing is what a test that needs the corpus says when it cannot
// run; under CI (CI=true) it fails instead.
const corpusMissing = "SKIPPED: " + corpusEnv + " is not set: the public MIME corpus is not read " +
	"(.ci/run sets it; with CI=true a missing corpus fails the test)"

// allMessages returns every message of testdata/parser,
// testdata/adversarial and, when present, the shared corpus, keyed by
// path, as package parser's tests read them.
func allMessages(t testing.TB) map[string][]byte {
	t.Helper()
	testdata := filepath.Join("..", "..", "..", "testdata")
	paths, _ := filepath.Glob(filepath.Join(testdata, "parser", "*.eml"))
	adversarial, _ := filepath.Glob(filepath.Join(testdata, "adversarial", "*.eml"))
	if len(paths) == 0 || len(adversarial) == 0 {
		t.Fatalf("no messages in %s", testdata)
	}
	paths = append(append(paths, adversarial...), sharedCorpusFiles(t)...)
	msgs := make(map[string][]byte, len(paths))
	for _, p := range paths {
		raw, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		msgs[p] = raw
	}
	return msgs
}

// sharedCorpusFiles returns the message files of the shared corpus, or nil
// when it is absent. Under CI an absent corpus fails t.
func sharedCorpusFiles(t testing.TB) []string {
	t.Helper()
	if sharedCorpus == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal(corpusMissing)
		}
		return nil
	}
	var files []string
	err := filepath.WalkDir(sharedCorpus, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		switch filepath.Ext(path) {
		case ".raw", ".eml", ".msg", ".txt", ".mime", ".mbox":
			if !d.IsDir() {
				files = append(files, path)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatalf("walk %s: %v", sharedCorpus, err)
	}
	return files
}

// TestMain says on stderr, where `make test` shows it, when the tests that
// read the public corpus are skipped.
func TestMain(m *testing.M) {
	if sharedCorpus == "" && os.Getenv("CI") != "true" {
		fmt.Fprintf(os.Stderr, "parser/internal/mimetree: WARNING: %s\n", corpusMissing)
	}
	os.Exit(m.Run())
}

// DefaultLimits are parser.DefaultLimits, as the parser passes them.
var DefaultLimits = Limits{
	MaxMessageBytes: 25 << 20,
	MaxHeaderBytes:  256 << 10,
	MaxHeaderFields: 1000,
	MaxDepth:        20,
	MaxParts:        500,
	MaxTextBytes:    1 << 20,
	MaxHTMLBytes:    4 << 20,
}
