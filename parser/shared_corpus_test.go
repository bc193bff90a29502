package parser

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"unicode/utf8"
)

// CorpusEnv names the environment variable that holds the directory of
// the public MIME test corpora (enmime's testdata and the MIME-tools
// torture set). They are read in place, never copied into the repository;
// .ci/run sets the variable.
const CorpusEnv = "INTAKE_CORPUS"

// sharedCorpus is the corpus directory, "" when CorpusEnv is unset.
var sharedCorpus = os.Getenv(CorpusEnv)

// corpusMissing is what a test that needs the corpus says when it cannot
// run; under CI (CI=true) it fails instead.
const corpusMissing = "SKIPPED: " + CorpusEnv + " is not set: the public MIME corpus is not read " +
	"(.ci/run sets it; with CI=true a missing corpus fails the test)"

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
		if d.IsDir() {
			return nil
		}
		switch filepath.Ext(path) {
		case ".raw", ".eml", ".msg", ".txt", ".mime", ".mbox":
			files = append(files, path)
		}
		return nil
	})
	if err != nil {
		t.Fatalf("walk %s: %v", sharedCorpus, err)
	}
	return files
}

// TestSharedCorpus parses every file of the shared corpus: none may panic,
// fail with anything but a clean error, or yield text that is not UTF-8.
func TestSharedCorpus(t *testing.T) {
	files := sharedCorpusFiles(t)
	if files == nil {
		t.Skip(corpusMissing) // INTAKE_CORPUS absent, outside CI
	}
	var failed int
	for _, path := range files {
		raw, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		m, err := ParseBytes(raw, Options{TrustedAuthservID: testAuthservID})
		if err != nil {
			failed++
			t.Errorf("%s: %v", path, err)
			continue
		}
		checkInvariants(t, path, m)
	}
	t.Logf("%d files, %d unreadable", len(files), failed)
	if failed > 0 {
		t.Errorf("%d of %d corpus files are unreadable; every one should be read", failed, len(files))
	}
}

// checkInvariants checks what must hold for any parsed message.
func checkInvariants(t testing.TB, name string, m *Message) {
	t.Helper()
	if !utf8.ValidString(m.Body.Text) {
		t.Errorf("%s: body text is not valid UTF-8", name)
	}
	if m.Identity.Authenticated && (m.Identity.From == "" || !m.Identity.Trusted || m.Identity.ForgedBelow ||
		m.Identity.HeaderProblem != "") {
		t.Errorf("%s: authenticated without a single From, unrepeated fields and a trusted, unforged header: %+v", name, m.Identity)
	}
	for _, s := range m.Requests {
		if len(s.Splits) == 0 {
			t.Errorf("%s: statement %q has no split", name, s.Sentence)
		}
		for _, sp := range s.Splits {
			for _, n := range append(append([]string{}, sp.Partners...), sp.Properties...) {
				if n == "" {
					t.Errorf("%s: statement %q has an empty name", name, s.Sentence)
				}
			}
		}
	}
}

// allMessages returns every message the parser's tests read from files:
// testdata/parser, testdata/adversarial and, when present, the shared
// corpus, keyed by path.
func allMessages(t testing.TB) map[string][]byte {
	t.Helper()
	paths, _ := filepath.Glob(filepath.Join(corpusDir, "*.eml"))
	adversarial, _ := filepath.Glob(filepath.Join("..", "testdata", "adversarial", "*.eml"))
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

// TestMain says on stderr, where `make test` shows it, when the tests that
// read the public corpus are skipped.
func TestMain(m *testing.M) {
	if sharedCorpus == "" && os.Getenv("CI") != "true" {
		fmt.Fprintf(os.Stderr, "parser: WARNING: %s\n", corpusMissing)
	}
	os.Exit(m.Run())
}
