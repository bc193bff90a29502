package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// TestParseJSON checks `intake parse --json` against the docs/commands.md
// shape: the keys it names, with their values for a sample message.
func TestParseJSON(t *testing.T) {
	w := newWorkspace(t, testConfig)
	file, err := filepath.Abs(filepath.Join(sampleDir, "01-add-parcel-pines.eml"))
	if err != nil {
		t.Fatal(err)
	}
	r := w.run("parse", "--json", file)
	if r.code != exitOK {
		t.Fatalf("parse --json: %v", r)
	}
	var got map[string]json.RawMessage
	if err := json.Unmarshal([]byte(r.stdout), &got); err != nil {
		t.Fatalf("parse --json output is not a JSON object: %v\n%s", err, r.stdout)
	}
	want := map[string]any{
		"message_id":    "demo01@pines.example",
		"from":          "maria@pines.example",
		"authenticated": true,
		"auth_evidence": "mx.door.com: dmarc=pass header.from=pines.example",
		"requests": []any{
			map[string]any{"action": "add", "partner": "Parcel Pal", "property": "The Pines"},
		},
	}
	for key, wantValue := range want {
		raw, ok := got[key]
		if !ok {
			t.Errorf("key %q missing from %s", key, r.stdout)
			continue
		}
		var value any
		if err := json.Unmarshal(raw, &value); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(value, wantValue) {
			t.Errorf("%s = %s, want %v", key, raw, wantValue)
		}
	}
	var reqs []map[string]json.RawMessage
	if err := json.Unmarshal(got["requests"], &reqs); err != nil || len(reqs) != 1 {
		t.Fatalf("requests = %s, %v; want one", got["requests"], err)
	}
	keys := slices.Sorted(func(yield func(string) bool) {
		for k := range reqs[0] {
			if !yield(k) {
				return
			}
		}
	})
	if wantKeys := []string{"action", "partner", "property"}; !slices.Equal(keys, wantKeys) {
		t.Errorf("request keys = %q, want exactly %q", keys, wantKeys)
	}
}

// TestParseReadable checks the readable output names the sender, the
// authentication and the request.
func TestParseReadable(t *testing.T) {
	w := newWorkspace(t, testConfig)
	file, err := filepath.Abs(filepath.Join(sampleDir, "01-add-parcel-pines.eml"))
	if err != nil {
		t.Fatal(err)
	}
	r := w.run("parse", file)
	if r.code != exitOK {
		t.Fatalf("parse: %v", r)
	}
	for _, want := range []string{
		"demo01@pines.example",
		"maria@pines.example",
		"Authenticated: true",
		`add "Parcel Pal" to "The Pines"`,
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("output does not mention %q:\n%s", want, r.stdout)
		}
	}
}

// TestParseErrors checks the exit status and message of parse failures:
// a file that cannot be opened is a usage error, a message over the
// configured size a problem naming the limit.
func TestParseErrors(t *testing.T) {
	sample, err := filepath.Abs(filepath.Join(sampleDir, "01-add-parcel-pines.eml"))
	if err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(sample)
	if err != nil {
		t.Fatal(err)
	}
	small := strings.Replace(testConfig, "[imap]\n", "[imap]\nmax_message_size = \"512B\"\n", 1)
	if info.Size() <= 512 {
		t.Fatalf("sample is %d bytes, want more than the 512B limit", info.Size())
	}
	multipart, err := filepath.Abs(filepath.Join("..", "..", "testdata", "parser", "text-inline-text-attachment.eml"))
	if err != nil {
		t.Fatal(err)
	}
	fewParts := testConfig + "\n[limits]\nmime_parts = 1\n"
	tests := []struct {
		name   string
		config string
		args   []string
		code   int
		want   string // in stderr
	}{
		{"missing file", testConfig, []string{"parse", "no-such.eml"}, exitUsage, "no-such.eml"},
		{"missing file json", testConfig, []string{"parse", "--json", "no-such.eml"}, exitUsage, "open message"},
		{"no file", testConfig, []string{"parse"}, exitUsage, "want one FILE.eml"},
		{"two files", testConfig, []string{"parse", sample, sample}, exitUsage, "want one FILE.eml"},
		{"oversized", small, []string{"parse", sample}, exitProblem, "max_message_size"},
		{"oversized json", small, []string{"parse", "--json", sample}, exitProblem, "max_message_size"},
		{"too many MIME parts", fewParts, []string{"parse", multipart}, exitProblem, "limits.mime_parts (1)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorkspace(t, tt.config)
			r := w.run(tt.args...)
			if r.code != tt.code || !strings.Contains(r.stderr, tt.want) || r.stdout != "" {
				t.Errorf("got %v\nwant exit %d, stderr naming %q and nothing on stdout", r, tt.code, tt.want)
			}
			if n := strings.Count(strings.TrimSpace(r.stderr), "\n"); n > 0 {
				t.Errorf("stderr has %d lines, want one sentence: %q", n+1, r.stderr)
			}
		})
	}
}

// TestParseReadableHiddenRule checks that a doubt about hidden HTML text
// names, in the readable output, the hiding rule that fired.
func TestParseReadableHiddenRule(t *testing.T) {
	w := newWorkspace(t, testConfig)
	file, err := filepath.Abs(filepath.Join("..", "..", "testdata", "parser", "text-html-only-hidden.eml"))
	if err != nil {
		t.Fatal(err)
	}
	r := w.run("parse", file)
	if r.code != exitOK {
		t.Fatalf("parse: %v", r)
	}
	for _, want := range []string{
		`"<div style=\"display: none\">" (hides text (rule display-none): display:none)`,
		`(hides text (rule mso-hide): mso-hide:all)`,
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("output does not mention %q:\n%s", want, r.stdout)
		}
	}
}
