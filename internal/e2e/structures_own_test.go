package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"intake/approvals"
	"intake/parser"
)

// Our own message for every MIME and RFC 5322 structure the public corpus
// (enmime's and MIME-tools' test messages) exercises (issue 15, item 5).
// Each file of testdata/structures is a proven message from Maria Lopez
// whose request, "We give DOOR permission to add Parcel Pal to The
// Pines.", applies when nothing about the structure is in doubt, so that
// a row that does not say "applied" shows the structure alone kept it
// from applying.

// structuresDir holds the messages.
var structuresDir = filepath.Join(testdataDir, "structures")

// The decisions a row can want, besides a workflow reason.
const (
	decidedApplied   = "applied"
	decidedNoRequest = "no_request"
)

// A structureCase is what the parser and the workflow do with one file.
type structureCase struct {
	file string
	// requests is the number of statements the parser reads.
	requests int
	// decided is "applied", "no_request", or the reason the request is
	// held (an approvals.Reason).
	decided string
	// doubts are the rules of the message's and body's doubts, sorted
	// and without repeats.
	doubts []string
	// see, when set, must appear in the decoded subject, text or trailer:
	// it proves the charset or encoding under test was decoded.
	see string
}

var structureCases = []structureCase{
	// Parts and media types.
	{file: "attachment-octet-stream.eml", requests: 1, decided: decidedApplied},
	{file: "attachment-only-image.eml", decided: decidedNoRequest},
	{file: "attachment-only-text.eml", decided: decidedNoRequest},
	{file: "attachment-text-request.eml", decided: decidedNoRequest},
	{file: "digest-empty-parts.eml", requests: 1, decided: decidedApplied},
	{file: "deep-nesting.eml", requests: 1, decided: decidedApplied},
	{file: "message-rfc822-base64.eml", decided: decidedNoRequest},
	{file: "message-rfc822-top-level.eml", decided: decidedNoRequest},
	{file: "multipart-empty-part.eml", requests: 1, decided: decidedApplied},
	{file: "multipart-encrypted.eml", decided: decidedNoRequest},
	{file: "multipart-no-parts.eml", decided: decidedNoRequest},
	{file: "multipart-parallel.eml", requests: 1, decided: decidedApplied},
	{file: "multipart-related-inline-image.eml", requests: 1, decided: "unverified_content", doubts: []string{"html-allowlist"}},
	{file: "multipart-signed.eml", requests: 1, decided: decidedApplied},
	{file: "multipart-unknown-subtype.eml", requests: 1, decided: decidedApplied},
	{file: "part-content-type-missing.eml", requests: 1, decided: decidedApplied},
	{file: "text-calendar-request.eml", decided: decidedNoRequest},
	{file: "text-richtext-alternative.eml", requests: 1, decided: "body_mismatch", doubts: []string{"mime-inline-unread"}},
	{file: "html-only-inline-qp.eml", requests: 1, decided: decidedApplied},
	{file: "html-with-boundary-param.eml", decided: decidedNoRequest},

	// Content-Transfer-Encodings.
	{file: "base64-malformed.eml", requests: 1, decided: "unverified_content", doubts: []string{"mime-bad-encoding"}},
	{file: "cte-binary.eml", requests: 1, decided: decidedApplied},
	{file: "cte-unknown.eml", requests: 1, decided: "unverified_content", doubts: []string{"mime-unknown-encoding"}},
	{file: "qp-invalid-escape.eml", requests: 1, decided: "unverified_content", doubts: []string{"after-signature", "mime-bad-encoding"}, see: "=ZZ office"},
	{file: "qp-soft-breaks.eml", requests: 1, decided: decidedApplied},
	{file: "uuencode-in-body.eml", requests: 1, decided: "held_by_sender", doubts: []string{"after-signature"}},

	// Charsets.
	{file: "charset-iso-8859-15-qp.eml", requests: 1, decided: "held_by_sender", doubts: []string{"after-signature"}, see: "€ office"},
	{file: "charset-missing-8bit.eml", requests: 1, decided: "held_by_sender", doubts: []string{"after-signature"}, see: "Z\ufffdrich"},
	{file: "charset-param-malformed.eml", requests: 1, decided: "unverified_content", doubts: []string{"mime-charset"}},
	{file: "charset-unknown.eml", requests: 1, decided: "unverified_content", doubts: []string{"mime-charset"}},
	{file: "charset-windows-1250.eml", requests: 1, decided: decidedApplied, see: "Łódź"},
	{file: "html-only-unknown-charset.eml", requests: 1, decided: "unverified_content", doubts: []string{"mime-charset"}},
	{file: "iso-2022-jp-subject.eml", requests: 1, decided: decidedApplied, see: "パーセルパル Parcel Pal"},

	// Encoded-words (RFC 2047) and parameters (RFC 2231).
	{file: "encoded-word-language.eml", requests: 1, decided: "held_by_sender", doubts: []string{"subject"}},
	{file: "encoded-word-malformed.eml", requests: 1, decided: "held_by_sender", doubts: []string{"subject"}},
	{file: "encoded-word-mixed-b-q.eml", requests: 1, decided: decidedApplied, see: "Parcel Pal for The Pines"},
	{file: "filename-8bit.eml", requests: 1, decided: decidedApplied},
	{file: "filename-encoded-word.eml", requests: 1, decided: decidedApplied},
	{file: "rfc2231-filename-continuation.eml", requests: 1, decided: decidedApplied},

	// Boundaries.
	{file: "boundary-close-with-junk.eml", decided: decidedNoRequest, doubts: []string{"mime-boundary-in-text"}},
	{file: "boundary-doubled.eml", requests: 1, decided: "unverified_content", doubts: []string{"mime-readers-differ"}},
	{file: "boundary-indented-in-body.eml", requests: 1, decided: "unverified_content", doubts: []string{"mime-boundary-in-text"}},
	{file: "boundary-mid-line.eml", requests: 1, decided: "unverified_content", doubts: []string{"mime-boundary-in-text", "sentence"}},
	{file: "boundary-missing-close.eml", requests: 1, decided: decidedApplied},
	{file: "boundary-missing-inner-start.eml", decided: decidedNoRequest},
	{file: "boundary-missing-param.eml", decided: decidedNoRequest},
	{file: "boundary-nested-prefix.eml", requests: 1, decided: "unverified_content", doubts: []string{"mime-boundary-in-text", "mime-readers-differ"}},
	{file: "boundary-transport-padding.eml", requests: 1, decided: decidedApplied},
	{file: "boundary-very-long.eml", requests: 1, decided: decidedApplied},
	{file: "boundary-with-space.eml", requests: 1, decided: decidedApplied},
	{file: "content-length-part.eml", requests: 1, decided: decidedApplied},
	{file: "preamble-epilogue-text.eml", decided: decidedNoRequest},

	// Header fields.
	{file: "content-type-double-semicolon.eml", requests: 1, decided: decidedApplied},
	{file: "content-type-invalid-media.eml", requests: 1, decided: "unverified_content", doubts: []string{"mime-readers-differ"}},
	{file: "content-type-missing.eml", requests: 1, decided: decidedApplied},
	{file: "content-type-missing-close-quote.eml", requests: 1, decided: decidedApplied},
	{file: "content-type-params-no-name.eml", requests: 1, decided: decidedApplied},
	{file: "header-bad-wrap.eml", requests: 1, decided: "unauthenticated_sender"},
	{file: "header-blank-line-with-space.eml", requests: 1, decided: "unauthenticated_sender"},
	{file: "header-obsolete-syntax.eml", requests: 1, decided: "unauthenticated_sender"},
	{file: "header-only.eml", decided: decidedNoRequest},
	{file: "header-starts-with-continuation.eml", decided: decidedNoRequest},
	{file: "no-mime-version.eml", requests: 1, decided: decidedApplied},

	// Lines.
	{file: "eol-mixed.eml", requests: 1, decided: decidedApplied},
	{file: "line-over-998.eml", requests: 1, decided: decidedApplied},
}

// TestStructuresOwn runs every message of testdata/structures through the
// parser and the workflow and checks the table row for it.
func TestStructuresOwn(t *testing.T) {
	for _, c := range structureCases {
		t.Run(strings.TrimSuffix(c.file, ".eml"), func(t *testing.T) {
			raw, err := os.ReadFile(filepath.Join(structuresDir, c.file))
			if err != nil {
				t.Fatal(err)
			}
			m, err := parser.ParseBytes(raw, parser.Options{TrustedAuthservID: authservID})
			if err != nil {
				t.Fatalf("parse: %v", err)
			}
			if got := len(m.Requests); got != c.requests {
				t.Errorf("requests = %d, want %d", got, c.requests)
			}
			if got := doubtRules(m); !slices.Equal(got, c.doubts) {
				t.Errorf("doubts = %q, want %q", got, c.doubts)
			}
			if c.see != "" && !strings.Contains(m.Subject+"\n"+m.Body.Text+"\n"+m.Body.Trailer, c.see) {
				t.Errorf("%q is in neither the subject %q, the text %q nor the trailer %q", c.see, m.Subject, m.Body.Text, m.Body.Trailer)
			}
			if got := decided(receive(t, raw)); got != c.decided {
				t.Errorf("decided %q, want %q", got, c.decided)
			}
		})
	}
}

// TestStructuresMboxFromLine reads a message that starts with an mbox
// "From " envelope line, as MIME-tools' test messages do. It is built here,
// not kept as a file, because the header splitter of the mutation tests
// reads every applied file of testdata and rejects the line.
func TestStructuresMboxFromLine(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join(structuresDir, "no-mime-version.eml"))
	if err != nil {
		t.Fatal(err)
	}
	raw = append([]byte("From maria@pines.example Mon Nov 23 10:00:00 2026\n"), raw...)
	m, err := parser.ParseBytes(raw, parser.Options{TrustedAuthservID: authservID})
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	if len(m.Requests) != 1 || m.Subject != "Parcel Pal for The Pines" {
		t.Errorf("requests = %d, subject %q; want 1 and the subject read", len(m.Requests), m.Subject)
	}
	if got := decided(receive(t, raw)); got != decidedApplied {
		t.Errorf("decided %q, want %q", got, decidedApplied)
	}
}

// TestStructuresComplete fails when a file of testdata/structures has no
// row, or a row no file, so that no structure is added untested.
func TestStructuresComplete(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(structuresDir, "*.eml"))
	if err != nil {
		t.Fatal(err)
	}
	var got, want []string
	for _, f := range files {
		got = append(got, filepath.Base(f))
	}
	for _, c := range structureCases {
		want = append(want, c.file)
	}
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("files %q, rows %q", got, want)
	}
}

// doubtRules returns the rules of m's doubts and its body's, sorted and
// without repeats; nil when there are none.
func doubtRules(m *parser.Message) []string {
	var rules []string
	for _, d := range slices.Concat(m.Doubts, m.Body.Doubts) {
		rules = append(rules, d.Rule)
	}
	slices.Sort(rules)
	return slices.Compact(rules)
}

// decided names what the workflow did with the only request of res:
// "no_request" for a message without one, "applied", or the reason it
// is held; any other outcome or number of requests is named as such.
func decided(res *approvals.Result) string {
	if res.Message.Outcome == approvals.OutcomeNoRequest {
		return decidedNoRequest
	}
	if len(res.Requests) != 1 {
		return fmt.Sprintf("%s with %d requests", res.Message.Outcome, len(res.Requests))
	}
	r := res.Requests[0]
	if r.Status == approvals.StatusApplied {
		return decidedApplied
	}
	return string(r.Reason)
}
