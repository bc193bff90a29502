package audit

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	_ "github.com/mattn/go-sqlite3"

	"intake/approvals"
	"intake/parser"
	"intake/store"
)

// base is the fixture's start time: the test messages are dated a few
// minutes before.
var base = time.Date(2026, 11, 23, 10, 5, 0, 0, time.UTC)

// fixture is a database with a directory loaded, the workflow over it
// and an Auditor, all on one clock the test moves.
type fixture struct {
	t    *testing.T
	path string
	db   *store.DB
	svc  *approvals.Service
	now  time.Time
	a    *Auditor
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	f := &fixture{t: t, path: filepath.Join(t.TempDir(), "intake.db"), now: base}
	db, err := store.Open(f.path, store.CreateIfMissing())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	f.db = db
	db.Now = f.clock
	f.svc = approvals.NewService(db, approvals.Config{Addresses: []string{"integrations@door.com"}, Now: f.clock})
	if _, err := f.svc.LoadDirectory(t.Context(), testDirectory(), ""); err != nil {
		t.Fatalf("LoadDirectory: %v", err)
	}
	if err := db.MarkDirectoryLoaded(t.Context(), f.now); err != nil {
		t.Fatal(err)
	}
	f.a = New(db, f.svc, Options{Now: f.clock, Holder: "test"})
	return f
}

func (f *fixture) clock() time.Time { return f.now }

// testDirectory: p-acme is not yet enabled on prop-pines; maria has
// property permission on it, sam portfolio permission through pf-west.
func testDirectory() *approvals.Directory {
	return &approvals.Directory{
		Partners: []approvals.Partner{{ID: "p-acme", Name: "Acme Deliveries"}, {ID: "p-parcel", Name: "Parcel Pal"}},
		Portfolios: []approvals.Portfolio{{ID: "pf-east", Name: "Eastside Homes"},
			{ID: "pf-west", Name: "Westside Living"}},
		Properties: []approvals.Property{
			{ID: "prop-oaks", Name: "The Oaks", Portfolio: "pf-east"},
			{ID: "prop-pines", Name: "The Pines", Portfolio: "pf-west"},
		},
		Doors: []approvals.Door{
			{ID: "d-oaks-gym", Property: "prop-oaks", Name: "Gym", Kind: approvals.DoorCommunal, Partner: "p-parcel"},
			{ID: "d-pines-101", Property: "prop-pines", Name: "Unit 101", Kind: approvals.DoorPrivate},
			{ID: "d-pines-main", Property: "prop-pines", Name: "Main Entrance", Kind: approvals.DoorCommunal, Connected: true},
		},
		Managers: []approvals.Manager{
			{Email: "maria@pines.example", Name: "Maria Lopez", Properties: []string{"prop-pines"}},
			{Email: "sam@west.example", Name: "Sam West", Properties: []string{}, Portfolios: []string{"pf-west"}},
		},
		Enabled: []approvals.Enablement{{Property: "prop-oaks", Partner: "p-parcel"}},
	}
}

// receive parses and receives a message of testdata/parser.
func (f *fixture) receive(name string) *approvals.Request {
	f.t.Helper()
	raw, err := os.ReadFile(filepath.Join("..", "testdata", "parser", name))
	if err != nil {
		f.t.Fatal(err)
	}
	m, perr := parser.ParseBytes(raw, parser.Options{TrustedAuthservID: "mx.door.com"})
	res, err := f.svc.Receive(f.t.Context(), approvals.Inbound{Raw: raw, Parsed: m, ParseErr: perr, Source: "file:" + name})
	if err != nil {
		f.t.Fatalf("Receive %s: %v", name, err)
	}
	if len(res.Requests) != 1 {
		f.t.Fatalf("Receive %s: %d requests, want 1", name, len(res.Requests))
	}
	return &res.Requests[0]
}

// run runs the audit and fails the test on error.
func (f *fixture) run() *Report {
	f.t.Helper()
	r, err := f.a.Run(f.t.Context())
	if err != nil {
		f.t.Fatalf("Run: %v", err)
	}
	return r
}

// rawSQL runs statements on the file through a connection of its own,
// with foreign keys off, as someone editing the file would.
func (f *fixture) rawSQL(stmts ...string) {
	f.t.Helper()
	db, err := sql.Open("sqlite3", "file:"+f.path+"?_fk=0")
	if err != nil {
		f.t.Fatal(err)
	}
	defer db.Close()
	for _, s := range stmts {
		if _, err := db.ExecContext(context.Background(), s); err != nil {
			f.t.Fatalf("%s: %v", s, err)
		}
	}
}

// find returns the findings of check.
func find(r *Report, check string) []Finding {
	var out []Finding
	for _, f := range r.Findings {
		if f.Check == check {
			out = append(out, f)
		}
	}
	return out
}

// subjects returns the subjects of the findings of check.
func subjects(r *Report, check string) []string {
	var out []string
	for _, f := range find(r, check) {
		out = append(out, f.Subject)
	}
	return out
}

// checksOf returns the distinct checks that found something, sorted.
func checksOf(r *Report) []string {
	var out []string
	for _, f := range r.Findings {
		out = append(out, f.Check)
	}
	slices.Sort(out)
	return slices.Compact(out)
}
