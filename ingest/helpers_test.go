package ingest_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"intake/approvals"
	"intake/dkimcheck"
	"intake/ingest"
	"intake/parser"
	"intake/store"
)

// The sample directory and mail of `intake demo`, relative to this
// package.
var sampleDir = filepath.Join("..", "cmd", "intake", "sample")

// parserOptions are intake's defaults for the sample mail: mx.door.com is
// the trusted authserv-id.
var parserOptions = parser.Options{TrustedAuthservID: "mx.door.com"}

// newPipeline returns a pipeline over a fresh database in a temp dir
// holding the sample directory, with intake's own DKIM verifier dkim (nil
// for none), and the database.
func newPipeline(tb testing.TB, dkim *dkimcheck.Verifier) (*ingest.Pipeline, *store.DB) {
	tb.Helper()
	db, err := store.Open(filepath.Join(tb.TempDir(), "intake.db"), store.CreateIfMissing())
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	svc := approvals.NewService(db, approvals.Config{Addresses: []string{"integrations@door.com"}})
	f, err := os.Open(filepath.Join(sampleDir, "directory.json"))
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	d, err := approvals.DecodeDirectory(f)
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := svc.LoadDirectory(tb.Context(), d, ""); err != nil {
		tb.Fatal(err)
	}
	p, err := ingest.New(ingest.Config{Parser: parserOptions, DKIM: dkim, Service: svc, Stager: db, MaxMessageSize: 25 << 20})
	if err != nil {
		tb.Fatal(err)
	}
	return p, db
}

// sampleMessages returns the sample messages other than the duplicate.
func sampleMessages(tb testing.TB) [][]byte {
	tb.Helper()
	names, err := filepath.Glob(filepath.Join(sampleDir, "*.eml"))
	if err != nil {
		tb.Fatal(err)
	}
	var out [][]byte
	for _, n := range names {
		if filepath.Base(n) == "08-duplicate.eml" {
			continue
		}
		raw, err := os.ReadFile(n)
		if err != nil {
			tb.Fatal(err)
		}
		out = append(out, raw)
	}
	if len(out) == 0 {
		tb.Fatalf("no sample mail in %s", sampleDir)
	}
	return out
}

// withMessageID returns raw with its Message-ID replaced by a unique one.
func withMessageID(raw []byte, n int64) []byte {
	i := bytes.Index(raw, []byte("Message-ID: <"))
	j := bytes.IndexByte(raw[i:], '>')
	out := append([]byte{}, raw[:i]...)
	out = fmt.Appendf(out, "Message-ID: <bench-%d@bench.example", n)
	return append(out, raw[i+j:]...)
}
