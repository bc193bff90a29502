package layout

import (
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

const module = "intake"

// mayImport lists, for every package of the module (by directory), the
// packages of ours its non-test files may import. A value ending in "/..."
// allows every package under it. Dependencies point inward, to approvals:
// approvals imports no driver, parser and mailbox import nothing of ours
// outside themselves, and nothing imports cmd/intake.
var mayImport = map[string][]string{
	"approvals":           {"parser"},
	"parser":              {"parser/..."},
	"parser/internal/...": {"parser/..."},
	"parser/orgdomain":    nil,
	"mailbox":             nil,
	"store":               {"approvals"},
	"dkimcheck":           {"parser/orgdomain"},
	"dkimcheck/dkimtest":  nil,
	"audit":               {"approvals", "store"},
	"ingest":              {"approvals", "parser", "dkimcheck", "mailbox"},
	"console":             {"approvals", "parser"},
	"replies":             {"approvals", "parser", "internal/safetext"},
	"smtpout":             nil,
	"cmd/intake":          {"approvals", "parser", "dkimcheck", "ingest", "mailbox", "store", "audit", "console", "replies", "smtpout", "internal/metrics", "internal/demoserver", "internal/safetext", "internal/smtptest"},
	"internal/metrics":    {"approvals", "mailbox", "audit"},
	"internal/demoserver": {"mailbox"},
	"internal/backlog":    nil,
	"internal/imaptest":   {"internal/testcert"},
	"internal/smtptest":   {"internal/testcert"},
	"internal/testcert":   nil,
	"internal/procmem":    nil,
	"internal/render":     nil,
	"internal/e2e":        nil,
	"internal/layout":     nil,
	"internal/safetext":   nil,
}

// allowed reports whether pattern (a mayImport key or value) covers dir.
func allowed(pattern, dir string) bool {
	if base, ok := strings.CutSuffix(pattern, "/..."); ok {
		return dir == base || strings.HasPrefix(dir, base+"/")
	}
	return pattern == dir
}

// rulesFor returns the mayImport entry for dir, and false when none.
func rulesFor(dir string) ([]string, bool) {
	if r, ok := mayImport[dir]; ok {
		return r, true
	}
	for k, r := range mayImport {
		if strings.HasSuffix(k, "/...") && allowed(k, dir) {
			return r, true
		}
	}
	return nil, false
}

// TestLayering reads the imports of every non-test Go file of the module
// (third_party aside, a module of its own) and checks them against
// mayImport.
func TestLayering(t *testing.T) {
	root := filepath.Join("..", "..")
	imports := map[string]map[string]bool{} // package dir → our imports
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			if path != root && (strings.HasPrefix(name, ".") || name == "testdata" || name == "third_party" || name == "docs") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(root, filepath.Dir(path))
		if err != nil {
			return err
		}
		dir := filepath.ToSlash(rel)
		if imports[dir] == nil {
			imports[dir] = map[string]bool{}
		}
		for _, spec := range f.Imports {
			p, err := strconv.Unquote(spec.Path.Value)
			if err != nil {
				return err
			}
			if ours, ok := strings.CutPrefix(p, module+"/"); ok {
				imports[dir][ours] = true
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(imports) < 10 {
		t.Fatalf("found only %d packages under %s; is the test run from internal/layout?", len(imports), root)
	}
	dirs := make([]string, 0, len(imports))
	for d := range imports {
		dirs = append(dirs, d)
	}
	slices.Sort(dirs)
	for _, dir := range dirs {
		rules, ok := rulesFor(dir)
		if !ok {
			t.Errorf("package %s is not in mayImport: add it with the packages of ours it may import", dir)
			continue
		}
		for imp := range imports[dir] {
			if !slices.ContainsFunc(rules, func(r string) bool { return allowed(r, imp) }) {
				t.Errorf("%s imports %s, which mayImport does not allow", dir, imp)
			}
		}
	}
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		t.Fatalf("no go.mod at %s: %v", root, err)
	}
}
