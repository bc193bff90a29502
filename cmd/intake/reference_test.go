package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"go/ast"
	goparser "go/parser"
	"go/token"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// updateReference makes TestCommandReference rewrite docs/commands.md
// instead of comparing it.
var updateReference = flag.Bool("update", false, "rewrite docs/commands.md from the command table")

// commandsDoc is the generated command reference.
var commandsDoc = filepath.Join("..", "..", "docs", "commands.md")

// TestCommandReference: docs/commands.md is exactly what the command table
// renders to, usage lines and flags as `intake CMD --help` prints them.
func TestCommandReference(t *testing.T) {
	got := renderReference(t)
	if *updateReference {
		if err := os.WriteFile(commandsDoc, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(commandsDoc)
	if err != nil {
		t.Fatalf("%v; generate it with: go test ./cmd/intake -run TestCommandReference -update", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("docs/commands.md differs from the command table at line %d; regenerate it with: go test ./cmd/intake -run TestCommandReference -update",
			firstDiffLine(got, want))
	}
}

// firstDiffLine returns the 1-based number of the first line where a and
// b differ.
func firstDiffLine(a, b []byte) int {
	la, lb := strings.Split(string(a), "\n"), strings.Split(string(b), "\n")
	for i := range min(len(la), len(lb)) {
		if la[i] != lb[i] {
			return i + 1
		}
	}
	return min(len(la), len(lb)) + 1
}

// renderReference renders the command table in the order `intake help`
// prints it: one section per command, one subsection per subcommand of a
// group, each with its usage line and its own flags (the global ones are
// listed once at the top).
func renderReference(t *testing.T) []byte {
	var b bytes.Buffer
	b.WriteString("# Command reference\n\n")
	b.WriteString("<!-- Generated from the command table by `go test ./cmd/intake -run TestCommandReference -update`; edit the usage strings and flags in cmd/intake, not this file. -->\n\n")
	b.WriteString("`intake [--config FILE] [--db PATH] COMMAND [ARGS]`\n\n")
	b.WriteString("`intake --help` lists the commands; `intake help CMD` and `intake CMD --help` print one command's usage and flags. ")
	b.WriteString("Flags may come before or after the arguments. ")
	b.WriteString("Exit status: 0 success, 1 the command ran and found a problem, 2 usage or configuration error.\n\n")
	b.WriteString("Only `directory load` creates the database; every other command that opens it refuses a database file that does not exist, or one into which no directory was ever loaded, naming the path and the command that creates it (`parse` opens none; `demo` makes its own in a temporary directory), so that a mistyped `--db` is not answered from an empty one. ")
	b.WriteString("Names from mail are always printed quoted, with control, bidirectional and zero-width characters escaped, so that a hostile name cannot rewrite the terminal. ")
	b.WriteString("Configuration: [configuration.md](configuration.md).\n\n")
	b.WriteString("Every command also takes the global flags:\n")
	global := globalHelpFlags(t)
	writeFlags(&b, global, nil)
	for _, c := range commands {
		lines := strings.Split(c.usage, "\n")
		fmt.Fprintf(&b, "\n## %s\n", c.name)
		if len(lines) == 1 {
			writeCommand(&b, t, c.name, global)
			continue
		}
		fmt.Fprintf(&b, "\n%s\n", sentence(lines[0]))
		for _, l := range lines[1:] {
			sub := strings.FieldsFunc(l, func(r rune) bool { return r == ' ' || r == ':' })[0]
			fmt.Fprintf(&b, "\n### %s %s\n", c.name, sub)
			writeCommand(&b, t, c.name+" "+sub, global)
		}
	}
	return b.Bytes()
}

// writeCommand writes the usage line of the command or subcommand name
// ("parse", "queue list"), its description and its own flags.
func writeCommand(b *bytes.Buffer, t *testing.T, name string, global []helpFlag) {
	synopsis, about, _ := strings.Cut(usageLine(name), ": ")
	fmt.Fprintf(b, "\n`%s`\n", synopsis)
	if about != "" {
		fmt.Fprintf(b, "\n%s\n", sentence(about))
	}
	writeFlags(b, helpFlags(t, strings.Fields(name)...), global)
}

// sentence returns a usage description as a sentence: a capital first
// letter and a final period.
func sentence(s string) string {
	return strings.ToUpper(s[:1]) + strings.TrimSuffix(s[1:], ".") + "."
}

// A helpFlag is one flag as --help prints it.
type helpFlag struct{ name, usage string }

// helpFlags runs `intake ARGS --help` through run, as the binary does, and
// returns the flags it prints.
func helpFlags(t *testing.T, args ...string) []helpFlag {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), append(args, "--help"), nil, &stdout, &stderr)
	if code != exitOK || stderr.Len() > 0 {
		t.Fatalf("intake %s --help: exit %d, stderr %q", strings.Join(args, " "), code, stderr.String())
	}
	_, list, ok := strings.Cut(stdout.String(), "\nflags:\n")
	if !ok {
		t.Fatalf("intake %s --help prints no flags:\n%s", strings.Join(args, " "), stdout.String())
	}
	return parseDefaults(t, list)
}

// globalHelpFlags returns the global flags as every command prints them.
func globalHelpFlags(t *testing.T) []helpFlag {
	var g globalFlags
	fs := flag.NewFlagSet("intake", flag.ContinueOnError)
	g.register(fs)
	var b bytes.Buffer
	fs.SetOutput(&b)
	fs.PrintDefaults()
	return parseDefaults(t, b.String())
}

// parseDefaults reads the output of flag.PrintDefaults: "  -name arg"
// then "    \tusage" lines, or "  -x\tusage" on one line for a one-letter
// name.
func parseDefaults(t *testing.T, text string) []helpFlag {
	t.Helper()
	var out []helpFlag
	for _, l := range strings.Split(strings.TrimRight(text, "\n"), "\n") {
		if rest, ok := strings.CutPrefix(l, "  -"); ok {
			name, usage, _ := strings.Cut(rest, "\t")
			out = append(out, helpFlag{name: "--" + strings.TrimSpace(name), usage: usage})
			continue
		}
		if len(out) == 0 {
			t.Fatalf("flag text before any flag: %q", l)
		}
		f := &out[len(out)-1]
		f.usage = strings.TrimSpace(f.usage + " " + strings.TrimSpace(l))
	}
	return out
}

// writeFlags writes the flags of fs that are not in skip as a table, or
// nothing when there are none.
func writeFlags(b *bytes.Buffer, fs, skip []helpFlag) {
	var rows []helpFlag
	for _, f := range fs {
		if !slices.Contains(skip, f) {
			rows = append(rows, f)
		}
	}
	if len(rows) == 0 {
		return
	}
	b.WriteString("\n| flag | meaning |\n|---|---|\n")
	for _, f := range rows {
		fmt.Fprintf(b, "| `%s` | %s |\n", f.name, strings.ReplaceAll(f.usage, "|", `\|`))
	}
}

// TestConfigurationDocumented: every key of Config appears in
// docs/configuration.md as `section.key`, so a new key cannot go
// undocumented.
func TestConfigurationDocumented(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join("..", "..", "docs", "configuration.md"))
	if err != nil {
		t.Fatal(err)
	}
	keys := tomlKeys(reflect.TypeFor[Config](), "")
	if len(keys) < 20 {
		t.Fatalf("found %d keys in Config, want every key of every table: %v", len(keys), keys)
	}
	for _, k := range keys {
		if !bytes.Contains(doc, []byte("`"+k+"`")) {
			t.Errorf("docs/configuration.md does not document `%s`", k)
		}
	}
}

// tomlKeys returns the dotted TOML keys of the exported fields of struct
// type typ, descending into tables.
func tomlKeys(typ reflect.Type, prefix string) []string {
	var out []string
	for i := range typ.NumField() {
		f := typ.Field(i)
		tag, _, _ := strings.Cut(f.Tag.Get("toml"), ",")
		if !f.IsExported() || tag == "" || tag == "-" {
			continue
		}
		if f.Type.Kind() == reflect.Struct {
			out = append(out, tomlKeys(f.Type, prefix+tag+".")...)
			continue
		}
		out = append(out, prefix+tag)
	}
	return out
}

// TestDecisionsDocumented: every outcome, status and reason code the
// approvals package declares appears in docs/decisions.md, so that staff
// find what each one asks of them.
func TestDecisionsDocumented(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join("..", "..", "docs", "decisions.md"))
	if err != nil {
		t.Fatal(err)
	}
	codes := declaredCodes(t, filepath.Join("..", "..", "approvals", "request.go"), "Outcome", "Status", "Reason")
	if len(codes) < 20 {
		t.Fatalf("found %d codes in approvals/request.go, want every outcome, status and reason: %v", len(codes), codes)
	}
	for _, c := range codes {
		if !bytes.Contains(doc, []byte("`"+c+"`")) {
			t.Errorf("docs/decisions.md does not document `%s`", c)
		}
	}
}

// declaredCodes returns the non-empty string values of the constants of
// the named types declared in the Go file path.
func declaredCodes(t *testing.T, path string, types ...string) []string {
	t.Helper()
	f, err := goparser.ParseFile(token.NewFileSet(), path, nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	ast.Inspect(f, func(n ast.Node) bool {
		vs, ok := n.(*ast.ValueSpec)
		if !ok || vs.Type == nil || len(vs.Values) != len(vs.Names) {
			return true
		}
		id, ok := vs.Type.(*ast.Ident)
		if !ok || !slices.Contains(types, id.Name) {
			return true
		}
		for _, v := range vs.Values {
			lit, ok := v.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				continue
			}
			if s, err := strconv.Unquote(lit.Value); err == nil && s != "" {
				out = append(out, s)
			}
		}
		return true
	})
	return out
}

// TestDocsLinks: every relative link of README.md and docs/*.md names a
// file or directory of the repository, so that moving a file without its
// links fails here rather than in a reader's browser.
func TestDocsLinks(t *testing.T) {
	root := filepath.Join("..", "..")
	pages, err := filepath.Glob(filepath.Join(root, "docs", "*.md"))
	if err != nil {
		t.Fatal(err)
	}
	pages = append(pages, filepath.Join(root, "README.md"))
	link := regexp.MustCompile(`\]\(([^)#\s]+)(#[^)]*)?\)`)
	for _, page := range pages {
		text, err := os.ReadFile(page)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range link.FindAllSubmatch(text, -1) {
			target := string(m[1])
			if strings.Contains(target, "://") || strings.HasPrefix(target, "mailto:") {
				continue
			}
			if _, err := os.Stat(filepath.Join(filepath.Dir(page), target)); err != nil {
				t.Errorf("%s links to %s, which does not exist", filepath.Base(page), target)
			}
		}
	}
}
