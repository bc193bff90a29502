package store

import (
	"testing"

	"intake/approvals"
)

// TestDirectoryVersion checks that the directory's version token changes
// with every change to a table Names reads, whoever makes it (loads and
// raw SQL alike), that a rolled-back change leaves the token it found,
// and that a door or enablement change, which Names does not read,
// leaves it.
func TestDirectoryVersion(t *testing.T) {
	db, p := openTest(t)
	version := func() string {
		t.Helper()
		var v string
		view(t, db, func(tx approvals.Tx) (err error) {
			v, err = tx.DirectoryVersion()
			return err
		})
		if len(v) != 32 {
			t.Fatalf("version %q: want 16 random bytes in hex", v)
		}
		return v
	}
	v := version()
	update(t, db, func(tx approvals.Tx) error { return tx.ReplaceDirectory(testDirectory()) })
	if next := version(); next == v {
		t.Fatal("loading a directory left the version")
	} else {
		v = next
	}

	raw := rawDB(t, p)
	for table, column := range map[string]string{"partners": "name", "partner_aliases": "alias",
		"portfolios": "name", "properties": "name", "property_aliases": "alias", "managers": "name",
		"manager_properties": "position", "manager_portfolios": "position"} {
		change := "UPDATE " + table + " SET " + column + " = " + column
		tx, err := raw.Begin()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := tx.Exec(change); err != nil {
			t.Fatalf("%s: %v", change, err)
		}
		if err := tx.Rollback(); err != nil {
			t.Fatal(err)
		}
		if next := version(); next != v {
			t.Errorf("%s, rolled back, changed the version", change)
		}
		if _, err := raw.Exec(change); err != nil {
			t.Fatalf("%s: %v", change, err)
		}
		if next := version(); next == v {
			t.Errorf("%s left the version", change)
		} else {
			v = next
		}
	}
	for _, change := range []string{`UPDATE doors SET partner_id = 'p-acme'`, `DELETE FROM enablements`} {
		if _, err := raw.Exec(change); err != nil {
			t.Fatalf("%s: %v", change, err)
		}
		if next := version(); next != v {
			t.Errorf("%s changed the version: Names does not read doors or enablements", change)
		}
	}
}
