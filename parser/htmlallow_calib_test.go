package parser

import (
	"bytes"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/jhillyerd/enmime"
	"golang.org/x/net/html"

	"intake/parser/internal/mimetree"
	"intake/parser/internal/visible"
)

// htmlBodiesOf returns the decoded text/html body parts of a raw message,
// as readBodies sees them; nil when enmime cannot read it.
func htmlBodiesOf(raw []byte) []string {
	root, err := enmime.ReadParts(bytes.NewReader(raw))
	if err != nil {
		return nil
	}
	var out []string
	for _, p := range mimetree.BodyParts(root) {
		if p.ContentType == "text/html" {
			out = append(out, string(p.Content))
		}
	}
	return out
}

// calibrationFiles returns every message file under testdata (all
// folders) and in the public corpus.
func calibrationFiles(t *testing.T) []string {
	t.Helper()
	var files []string
	err := filepath.WalkDir(filepath.Join("..", "testdata"), func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && filepath.Ext(path) == ".eml" {
			files = append(files, path)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if sharedCorpus == "" {
		t.Log(corpusMissing)
	}
	return append(files, sharedCorpusFiles(t)...)
}

// doubtKinds generalises evidence to the rule it broke: the element,
// attribute, property, selector or comment, without the value.
var doubtKinds = []struct {
	re   *regexp.Regexp
	kind string
}{
	{regexp.MustCompile(`^<(\S+) style="([^:"]+)`), "style $2"},
	{regexp.MustCompile(`^<img .*> beside text$`), "image beside text"},
	{regexp.MustCompile(`^<(\S+) (\S+)=`), "attribute $1 $2"},
	{regexp.MustCompile(`^<!--`), "conditional comment"},
	{regexp.MustCompile(`^<(\S+)> in a`), "small font <$1>"},
	{regexp.MustCompile(`^<([^ >]+)>$`), "element <$1>"},
	{regexp.MustCompile(`^style rule "[^"]*" \{ ([^:]+)`), "sheet $1"},
	{regexp.MustCompile(`^style rule "(@\S+)`), "sheet $1"},
	{regexp.MustCompile(`^style rule .* nested`), "sheet nested rule"},
	{regexp.MustCompile(`^style rule`), "sheet selector"},
	{regexp.MustCompile(`^text in`), "text contrast"},
	{regexp.MustCompile(`^and \d+ more`), ""},
}

func doubtKind(evidence string) string {
	for _, k := range doubtKinds {
		if m := k.re.FindStringSubmatchIndex(evidence); m != nil {
			return string(k.re.ExpandString(nil, k.kind, evidence, m))
		}
	}
	return evidence
}

// TestHTMLAllowCalibration reports how many text/html bodies of testdata
// and of the public corpus are wholly on the allow-list, and the rules
// that reject the rest. It asserts only that every body written by a real
// client's shape (testdata/clients) passes; the numbers are for whoever
// tunes the allow-list, which may follow them only where nothing could
// hide, cover, reorder, recolour, clip, mask, filter, mirror or insert
// text.
func TestHTMLAllowCalibration(t *testing.T) {
	byFolder := map[string]*tally{}
	kinds := map[string]int{}
	for _, path := range calibrationFiles(t) {
		raw, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		folder := filepath.Base(filepath.Dir(path))
		if sharedCorpus != "" && strings.HasPrefix(path, sharedCorpus) {
			folder = "corpus/" + folder
		}
		for _, src := range htmlBodiesOf(raw) {
			doc, err := html.Parse(strings.NewReader(src))
			if err != nil {
				continue
			}
			if byFolder[folder] == nil {
				byFolder[folder] = &tally{}
			}
			byFolder[folder].bodies++
			doubts := visible.Verify(doc)
			if len(doubts) == 0 {
				byFolder[folder].passed++
				continue
			}
			if folder == "clients" {
				t.Errorf("%s: real-client HTML outside the allow-list: %v", path, doubts)
			}
			seen := map[string]bool{}
			for _, d := range doubts {
				if k := doubtKind(d.Evidence); k != "" && !seen[k] {
					seen[k] = true
					kinds[k]++
				}
			}
			if testing.Verbose() {
				t.Logf("%s: %d doubts, first %q", path, len(doubts), doubts[0].Evidence)
			}
		}
	}
	logCalibration(t, byFolder, kinds)
}

// A tally counts the HTML bodies of a folder and those that pass.
type tally struct{ bodies, passed int }

// logCalibration logs the bodies passing per folder and in all, and the
// 25 rules that reject the most bodies.
func logCalibration(t *testing.T, byFolder map[string]*tally, kinds map[string]int) {
	var all tally
	folders := slices.Sorted(maps.Keys(byFolder))
	for _, name := range folders {
		f := byFolder[name]
		t.Logf("%-28s %3d of %3d HTML bodies pass", name, f.passed, f.bodies)
		all.bodies += f.bodies
		all.passed += f.passed
	}
	t.Logf("all: %d of %d HTML bodies pass the allow-list", all.passed, all.bodies)
	names := slices.SortedFunc(maps.Keys(kinds), func(a, b string) int {
		if kinds[a] != kinds[b] {
			return kinds[b] - kinds[a]
		}
		return strings.Compare(a, b)
	})
	for _, k := range names[:min(len(names), 25)] {
		t.Logf("rejected by %-36s in %3d bodies", k, kinds[k])
	}
}
