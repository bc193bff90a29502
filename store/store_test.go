package store

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"

	"intake/approvals"
)

// openTest opens a new database in a temporary directory and closes it
// when the test ends.
func openTest(t testing.TB) (*DB, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "intake.db")
	db, err := Open(path, CreateIfMissing())
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() {
		if err := db.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return db, path
}

// rawDB opens a plain connection to the file, for tampering and for
// looking behind the store's back.
func rawDB(t testing.TB, path string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+path+"?_busy_timeout=10000")
	if err != nil {
		t.Fatalf("open raw: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// update runs fn in db.Update and fails the test on error.
func update(t testing.TB, db *DB, fn func(approvals.Tx) error) {
	t.Helper()
	if err := db.Update(context.Background(), fn); err != nil {
		t.Fatalf("Update: %v", err)
	}
}

// view runs fn in db.View and fails the test on error.
func view(t testing.TB, db *DB, fn func(approvals.Tx) error) {
	t.Helper()
	if err := db.View(context.Background(), fn); err != nil {
		t.Fatalf("View: %v", err)
	}
}

// count returns the number of rows of a table, read behind the store.
func count(t testing.TB, path, table string) int {
	t.Helper()
	var n int
	if err := rawDB(t, path).QueryRow(`SELECT count(*) FROM ` + table).Scan(&n); err != nil {
		t.Fatalf("count %s: %v", table, err)
	}
	return n
}

// testDirectory returns a small directory in the order Directory()
// returns it.
func testDirectory() *approvals.Directory {
	return &approvals.Directory{
		Partners: []approvals.Partner{
			{ID: "p-acme", Name: "Acme Deliveries", Aliases: []string{"Acme", "ACME Co"}},
			{ID: "p-parcel", Name: "Parcel Pal"},
		},
		Portfolios: []approvals.Portfolio{
			{ID: "pf-east", Name: "Eastside Homes"},
			{ID: "pf-west", Name: "Westside Living"},
		},
		Properties: []approvals.Property{
			{ID: "prop-gateway", Name: "Gateway to the West Lofts", Portfolio: "pf-west"},
			{ID: "prop-oaks", Name: "The Oaks", Portfolio: "pf-east", Aliases: []string{"Oaks"}},
			{ID: "prop-pines", Name: "The Pines", Portfolio: "pf-west", Aliases: []string{"Pines Apartments"}},
		},
		Doors: []approvals.Door{
			{ID: "d-oaks-gym", Property: "prop-oaks", Name: "Gym", Kind: approvals.DoorCommunal},
			{ID: "d-pines-101", Property: "prop-pines", Name: "Unit 101", Kind: approvals.DoorPrivate,
				AwaitingUpdate: true},
			{ID: "d-pines-main", Property: "prop-pines", Name: "Main Entrance", Kind: approvals.DoorCommunal,
				Connected: true, Partner: "p-acme"},
		},
		Managers: []approvals.Manager{
			{Email: "maria@pines.example", Name: "Maria Lopez", Properties: []string{"prop-pines", "prop-gateway"}},
			{Email: "sam@west.example", Name: "Sam West", Properties: []string{}, Portfolios: []string{"pf-west"}},
		},
		Enabled: []approvals.Enablement{
			{Property: "prop-oaks", Partner: "p-parcel"},
			{Property: "prop-pines", Partner: "p-acme"},
		},
	}
}
