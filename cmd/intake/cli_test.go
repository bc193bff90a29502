package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"intake/store"
)

// intakeBin is the intake binary built once by TestMain; the CLI tests run
// it as a user would.
var intakeBin string

func TestMain(m *testing.M) {
	os.Exit(buildAndRun(m))
}

func buildAndRun(m *testing.M) int {
	dir, err := os.MkdirTemp("", "intake-cli-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)
	intakeBin = filepath.Join(dir, "intake")
	out, err := exec.Command("go", "build", "-o", intakeBin, ".").CombinedOutput()
	if err != nil {
		fmt.Fprintf(os.Stderr, "go build: %v\n%s", err, out)
		return 1
	}
	return m.Run()
}

// Paths of the test inputs, relative to this package.
var (
	sampleDir     = "sample"
	sampleDirJSON = filepath.Join("sample", "directory.json")
	cmdTestdata   = filepath.Join("..", "..", "testdata", "cmd")
)

// testConfig is the configuration the CLI tests use: the sample's inbox
// and trusted authserv-id, and no [imap] connection keys, which only the
// commands that connect need.
const testConfig = `[imap]
addresses = ["integrations@door.com"]

[auth]
authserv_id = "mx.door.com"
`

// workspace is a temporary directory with a config file and a database
// path for the CLI to use.
type workspace struct {
	t      *testing.T
	dir    string
	config string
	db     string
}

// newWorkspace returns a workspace whose config file holds config.
func newWorkspace(t *testing.T, config string) *workspace {
	t.Helper()
	dir := t.TempDir()
	w := &workspace{t: t, dir: dir, config: filepath.Join(dir, "intake.toml"), db: filepath.Join(dir, "intake.db")}
	if err := os.WriteFile(w.config, []byte(config), 0o600); err != nil {
		t.Fatal(err)
	}
	return w
}

// result is one run of the binary.
type result struct {
	stdout, stderr string
	code           int
}

func (r result) String() string {
	return fmt.Sprintf("exit %d\nstdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)
}

// runBin runs the binary with args in dir and returns what it did.
func runBin(t *testing.T, dir string, args ...string) result {
	t.Helper()
	return runBinEnv(t, dir, nil, args...)
}

// runBinEnv is runBin with extra environment variables.
func runBinEnv(t *testing.T, dir string, env []string, args ...string) result {
	t.Helper()
	cmd := exec.CommandContext(t.Context(), intakeBin, args...)
	cmd.Dir = dir
	cmd.Env = append(append(os.Environ(), "INTAKE_CONFIG="), env...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		t.Fatalf("run intake %v: %v", args, err)
	}
	return result{stdout: stdout.String(), stderr: stderr.String(), code: cmd.ProcessState.ExitCode()}
}

// run runs intake --config W --db W ARGS in the workspace.
func (w *workspace) run(args ...string) result {
	w.t.Helper()
	return runBin(w.t, w.dir, append([]string{"--config", w.config, "--db", w.db}, args...)...)
}

// ok runs args and fails the test unless they exit 0.
func (w *workspace) ok(args ...string) result {
	w.t.Helper()
	r := w.run(args...)
	if r.code != exitOK {
		w.t.Fatalf("intake %s: %v", strings.Join(args, " "), r)
	}
	return r
}

// jsonOf runs args, which must exit 0, and decodes their stdout.
func (w *workspace) jsonOf(v any, args ...string) {
	w.t.Helper()
	r := w.ok(args...)
	if err := json.Unmarshal([]byte(r.stdout), v); err != nil {
		w.t.Fatalf("intake %s: decode JSON: %v\n%s", strings.Join(args, " "), err, r.stdout)
	}
}

// loaded returns a workspace with the sample directory loaded.
func loaded(t *testing.T) *workspace {
	t.Helper()
	w := newWorkspace(t, testConfig)
	w.ok("directory", "load", abs(t, sampleDirJSON))
	return w
}

// abs returns path made absolute, since the binary runs in the workspace.
func abs(t testing.TB, path string) string {
	t.Helper()
	p, err := filepath.Abs(path)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// samples returns the absolute paths of the named sample messages
// ("01" → sample/01-*.eml).
func samples(t *testing.T, prefixes ...string) []string {
	t.Helper()
	var out []string
	for _, p := range prefixes {
		m, err := filepath.Glob(filepath.Join(sampleDir, p+"-*.eml"))
		if err != nil || len(m) != 1 {
			t.Fatalf("sample %s: %v matches (%v)", p, m, err)
		}
		out = append(out, abs(t, m[0]))
	}
	return out
}

// checkKeys fails unless m has every key of want.
func checkKeys(t *testing.T, what string, m map[string]any, want ...string) {
	t.Helper()
	for _, k := range want {
		if _, ok := m[k]; !ok {
			t.Errorf("%s: key %q missing in %v", what, k, m)
		}
	}
}

func TestDirectoryLoad(t *testing.T) {
	w := newWorkspace(t, testConfig)
	r := w.ok("directory", "load", abs(t, sampleDirJSON))
	if !strings.Contains(r.stdout, "loaded and recorded in the ledger") {
		t.Errorf("first load: %v", r)
	}
	r = w.ok("directory", "load", abs(t, sampleDirJSON))
	if !strings.Contains(r.stdout, "unchanged") {
		t.Errorf("second load of the same file: %v", r)
	}
}

func TestDirectoryLoadRejects(t *testing.T) {
	tests := []struct {
		file string
		want string // in stderr: the offending entry
	}{
		{"dir-unknown-field.json", `unknown field "colour"`},
		{"dir-dangling-portfolio.json", `property "prop-pines": unknown portfolio "pf-east"`},
		{"dir-duplicate-door.json", `door "d-pines-main": duplicate id`},
		{"dir-assigned-not-enabled.json", `door "d-pines-garage": partner "p-acme" is not enabled on property "prop-pines"`},
		{"dir-manager-unknown-property.json", `manager "maria@pines.example": unknown property "prop-oak"`},
		{"dir-truncated.json", "ends too early"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			w := newWorkspace(t, testConfig)
			r := w.run("directory", "load", abs(t, filepath.Join(cmdTestdata, tt.file)))
			if r.code != exitProblem || !strings.Contains(r.stderr, tt.want) || strings.Count(r.stderr, "\n") != 1 {
				t.Errorf("got %v\nwant exit 1 and one line naming %q", r, tt.want)
			}
			if _, err := os.Stat(w.db); err == nil {
				t.Errorf("the database was created for an invalid directory")
			}
		})
	}
	t.Run("invalid reload keeps the directory", func(t *testing.T) {
		w := loaded(t)
		if r := w.run("directory", "load", abs(t, filepath.Join(cmdTestdata, "dir-duplicate-door.json"))); r.code != exitProblem {
			t.Fatalf("got %v, want exit 1", r)
		}
		var doors []map[string]any
		w.jsonOf(&doors, "doors", "list", "--json")
		if len(doors) != 6 {
			t.Errorf("doors after a refused reload: %d, want the sample's 6", len(doors))
		}
	})
}

func TestUsageAndConfigErrors(t *testing.T) {
	tests := []struct {
		name   string
		config string
		args   []string
		want   string // in stderr
	}{
		{"unknown command", testConfig, []string{"frobnicate"}, `unknown command "frobnicate"`},
		{"unknown subcommand", testConfig, []string{"queue", "purge"}, `unknown subcommand "purge"`},
		{"bad policy", testConfig + "[workflow]\npolicy = \"sometimes\"\n", []string{"partners"}, "workflow.policy"},
		{"bad duration", testConfig + "[workflow]\nremoval_wait = \"two weeks\"\n", []string{"queue", "list"}, "workflow.removal_wait"},
		{"unknown key", testConfig + "[store]\npth = \"x.db\"\n", []string{"partners"}, "store.pth"},
		{"bad limit size", testConfig + "[limits]\nhtml_bytes = \"lots\"\n", []string{"partners"}, "limits.html_bytes"},
		{"negative limit", testConfig + "[limits]\nmime_depth = -1\n", []string{"partners"}, "limits.mime_depth"},
		{"bad address", "[imap]\naddresses = [\"integrations\"]\n", []string{"ingest", "x.eml"}, "imap.addresses[0]"},
		{"missing database", testConfig, []string{"queue", "list"}, "does not exist"},
		{"ingest into a missing database", testConfig, []string{"ingest", abs(t, filepath.Join(sampleDir, "directory.json"))}, "create it with 'intake directory load --db "},
		{"empty config", "", []string{"partners"}, "intake.toml: the file is empty"},
		{"whitespace config", " \n\t\n", []string{"queue", "list"}, "intake.toml: the file is empty"},
		{"review without --as", testConfig, []string{"queue", "approve", "r-000001"}, "--as EMAIL is required"},
		{"reject without note", testConfig, []string{"queue", "reject", "r-000001", "--as", "sam@door.com"}, "--note"},
		{"bad --as", testConfig, []string{"queue", "approve", "r-000001", "--as", "intake:x"}, "not an email address"},
		{"bad status", testConfig, []string{"queue", "list", "--status", "done"}, `"done" is not a status`},
		{"bad flag", testConfig, []string{"partners", "--frob"}, "flag provided but not defined"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorkspace(t, tt.config)
			r := w.run(tt.args...)
			if r.code != exitUsage || !strings.Contains(r.stderr, tt.want) {
				t.Errorf("got %v\nwant exit 2 naming %q", r, tt.want)
			}
		})
	}
}

// TestHelp: every way of asking for usage prints it on stdout and exits 0;
// a flag error is one sentence that points at --help, not the flag list.
func TestHelp(t *testing.T) {
	tests := []struct {
		args []string
		want string // in stdout
	}{
		{[]string{"--help"}, "usage: intake [--config FILE]"},
		{[]string{"-h"}, "usage: intake [--config FILE]"},
		{[]string{"help"}, "usage: intake [--config FILE]"},
		{[]string{"help", "parse"}, "usage: intake parse [--json] FILE.eml"},
		{[]string{"parse", "--help"}, "usage: intake parse [--json] FILE.eml"},
		{[]string{"help", "queue"}, "intake queue approve ID --as EMAIL"},
		{[]string{"queue", "--help"}, "intake queue approve ID --as EMAIL"},
		{[]string{"help", "queue", "list"}, "usage: intake queue list [--json]"},
		{[]string{"queue", "list", "-h"}, "-status"},
		{[]string{"serve", "--help"}, "usage: intake serve: run the IMAP poller"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			r := newWorkspace(t, testConfig).run(tt.args...)
			if r.code != exitOK || !strings.Contains(r.stdout, tt.want) || r.stderr != "" {
				t.Errorf("got %v\nwant exit 0 and %q on stdout, nothing on stderr", r, tt.want)
			}
		})
	}
	r := newWorkspace(t, testConfig).run("parse", "--frob", "x.eml")
	if want := "intake: intake parse: flag provided but not defined: -frob; run 'intake parse --help'\n"; r.code != exitUsage || r.stderr != want || r.stdout != "" {
		t.Errorf("bad flag: got %v\nwant exit 2 and only %q", r, want)
	}
}

// TestDirectoryLoadGuards: a dry run writes nothing; an empty export and
// a load removing more than directory.max_removal are refused without
// --force, naming the counts.
func TestDirectoryLoadGuards(t *testing.T) {
	w := newWorkspace(t, testConfig)
	sample := abs(t, sampleDirJSON)
	r := w.ok("directory", "load", "--dry-run", sample)
	if !strings.Contains(r.stdout, "dry run") {
		t.Errorf("dry run into no database: %v", r)
	}
	if _, err := os.Stat(w.db); err == nil {
		t.Fatalf("a dry run created the database")
	}
	w.ok("directory", "load", sample)

	empty := filepath.Join(w.dir, "empty.json")
	if err := os.WriteFile(empty, []byte("{}"), 0o600); err != nil {
		t.Fatal(err)
	}
	r = w.run("directory", "load", empty)
	if r.code != exitProblem || !strings.Contains(r.stderr, "removes every partner entry") || !strings.Contains(r.stderr, "--force") {
		t.Errorf("empty export: %v\nwant exit 1 naming the counts and --force", r)
	}
	r = w.ok("directory", "load", "--dry-run", "--force", empty)
	if !strings.Contains(r.stdout, "dry run: nothing was written") || !strings.Contains(r.stdout, "partner   0 added, 3 removed, 0 changed (of 3)") {
		t.Errorf("dry run of the empty export: %v", r)
	}
	var doors []map[string]any
	w.jsonOf(&doors, "doors", "list", "--json")
	if len(doors) != 6 {
		t.Errorf("doors after a refused load and a dry run: %d, want the sample's 6", len(doors))
	}
	w.ok("directory", "load", "--force", empty)
	w.jsonOf(&doors, "doors", "list", "--json")
	if len(doors) != 0 {
		t.Errorf("doors after a forced empty load: %d, want 0", len(doors))
	}
}

// TestDatabaseCreatedOnPurpose: only `directory load` creates a
// database; ingest refuses a missing one and one without a directory,
// naming the path and the command that creates it, and creates nothing.
func TestDatabaseCreatedOnPurpose(t *testing.T) {
	w := newWorkspace(t, testConfig)
	msg := samples(t, "01")[0]
	r := w.run("ingest", msg)
	want := "intake directory load --db " + w.db + " FILE.json"
	if r.code != exitUsage || !strings.Contains(r.stderr, w.db+" does not exist") || !strings.Contains(r.stderr, want) {
		t.Errorf("ingest into a missing database: %v\nwant exit 2 naming the path and %q", r, want)
	}
	if _, err := os.Stat(w.db); err == nil {
		t.Fatalf("ingest created the database")
	}
	db, err := store.Open(w.db, store.CreateIfMissing())
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	for _, args := range [][]string{{"ingest", msg}, {"queue", "list"}} {
		r = w.run(args...)
		if r.code != exitUsage || !strings.Contains(r.stderr, w.db+" has no directory") || !strings.Contains(r.stderr, want) {
			t.Errorf("%s on a database without a directory: %v\nwant exit 2 naming the path and %q", args[0], r, want)
		}
	}
	w.ok("directory", "load", abs(t, sampleDirJSON))
	w.ok("ingest", msg)
}

// TestIngestWarnsNothingProven: without auth.authserv_id and
// auth.verify_dkim, ingest says on stderr that no sender can be proven.
func TestIngestWarnsNothingProven(t *testing.T) {
	w := newWorkspace(t, "[imap]\naddresses = [\"integrations@door.com\"]\n")
	w.ok("directory", "load", abs(t, sampleDirJSON))
	r := w.ok("ingest", samples(t, "01")[0])
	if !strings.Contains(r.stderr, "neither auth.authserv_id nor auth.verify_dkim is set, so no sender can be proven") {
		t.Errorf("stderr lacks the warning: %v", r)
	}
	w = loaded(t)
	if r := w.ok("ingest", samples(t, "01")[0]); strings.Contains(r.stderr, "warning") {
		t.Errorf("warning with auth.authserv_id set: %v", r)
	}
}
