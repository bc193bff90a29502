package e2e

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"intake/approvals"
	"intake/dkimcheck"
	"intake/ingest"
	"intake/parser"
	"intake/store"
)

// The configuration every test runs with: the inbox and trusted
// authserv-id of docs/configuration.md, and a fixed receipt time shortly after
// the fixtures' dates (2026-11-23).
const (
	authservID = "mx.door.com"
	inboxAddr  = "integrations@door.com"
)

var receivedAt = time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)

// The fixture locations, relative to this package.
var (
	sampleDir      = filepath.Join("..", "..", "cmd", "intake", "sample")
	directoryFile  = filepath.Join(sampleDir, "directory.json")
	testdataDir    = filepath.Join("..", "..", "testdata")
	adversarialDir = filepath.Join(testdataDir, "adversarial")
)

// receive runs raw through the ingest pipeline, as `intake ingest` would
// with an IMAP INTERNALDATE of receivedAt and auth.verify_dkim off, on a
// fresh database holding the sample directory, and returns what was
// decided.
func receive(t *testing.T, raw []byte) *approvals.Result {
	t.Helper()
	return receiveWith(t, raw, nil)
}

// receiveWith is receive with intake's own DKIM verifier v (nil: off).
func receiveWith(t *testing.T, raw []byte, v *dkimcheck.Verifier) *approvals.Result {
	t.Helper()
	p, err := ingest.New(ingest.Config{Parser: parserOptions, DKIM: v, Service: newService(t)})
	if err != nil {
		t.Fatal(err)
	}
	res, err := p.Receive(context.Background(), approvals.Inbound{Raw: raw, ReceivedAt: receivedAt, Source: "file:test"})
	if err != nil {
		t.Fatalf("Receive: %v", err)
	}
	return res
}

// parserOptions are the parser options of every test: mx.door.com is the
// trusted authserv-id, the limits are the defaults.
var parserOptions = parser.Options{TrustedAuthservID: authservID}

// template is a database file holding the sample directory, made once by
// TestMain; newService copies it, which is much faster than migrating and
// loading a fresh file for each of the hundreds of messages (every commit
// is fsynced).
var template string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "intake-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	template = filepath.Join(dir, "template.db")
	if err := makeTemplate(template); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.RemoveAll(dir)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// makeTemplate creates the database file at path and loads the sample
// directory into it.
func makeTemplate(path string) error {
	db, err := store.Open(path, store.CreateIfMissing())
	if err != nil {
		return err
	}
	defer db.Close()
	now := func() time.Time { return receivedAt }
	db.Now = now
	svc := approvals.NewService(db, approvals.Config{Addresses: []string{inboxAddr}, Now: now})
	f, err := os.Open(directoryFile)
	if err != nil {
		return err
	}
	defer f.Close()
	d, err := approvals.DecodeDirectory(f)
	if err != nil {
		return fmt.Errorf("decode directory: %w", err)
	}
	if _, err := svc.LoadDirectory(context.Background(), d, ""); err != nil {
		return fmt.Errorf("load directory: %w", err)
	}
	return nil
}

// newService returns a workflow over a copy of the template database in a
// temp dir, with the clock fixed at receivedAt.
func newService(t *testing.T) *approvals.Service {
	t.Helper()
	svc, _ := newServiceDB(t)
	return svc
}

// newServiceDB is newService that also returns the store, to verify its
// ledger.
func newServiceDB(t *testing.T) (*approvals.Service, *store.DB) {
	t.Helper()
	raw, err := os.ReadFile(template)
	if err != nil {
		t.Fatalf("read template: %v", err)
	}
	path := filepath.Join(t.TempDir(), "intake.db")
	if err := os.WriteFile(path, raw, 0o600); err != nil {
		t.Fatalf("copy template: %v", err)
	}
	db, err := store.Open(path, store.CreateIfMissing())
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	now := func() time.Time { return receivedAt }
	db.Now = now
	return approvals.NewService(db, approvals.Config{Addresses: []string{inboxAddr}, Now: now}), db
}

// applied returns the requests of res that were applied.
func applied(res *approvals.Result) []approvals.Request {
	var out []approvals.Request
	for _, r := range res.Requests {
		if r.Status == approvals.StatusApplied {
			out = append(out, r)
		}
	}
	return out
}

// legitimateFiles returns every message of testdata and of the sample,
// relative to the repository, but for the adversarial corpus and the
// structure messages, which TestStructuresOwn decides row by row (many are
// held on purpose, and mutating them would only lengthen the run).
func legitimateFiles(t *testing.T) []string {
	t.Helper()
	dirs, err := filepath.Glob(filepath.Join(testdataDir, "*"))
	if err != nil {
		t.Fatal(err)
	}
	dirs = slices.DeleteFunc(append(dirs, sampleDir), func(d string) bool { return d == adversarialDir || d == structuresDir })
	var files []string
	for _, dir := range dirs {
		fs, err := filepath.Glob(filepath.Join(dir, "*.eml"))
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, fs...)
	}
	slices.Sort(files)
	return files
}
