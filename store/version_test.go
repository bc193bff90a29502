package store

import (
	"testing"

	"intake/approvals"
)

// TestDirectoryVersion checks that the directory's version token changes
// with every insert, update and delete in each table Names reads, whoever
// makes it (loads and raw SQL alike), that a rolled-back change leaves the
// token it found, and that a door or enablement change, which Names does
// not read, leaves it.
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
	changes := []struct{ table, insert, update, delete string }{
		{"portfolios", `INSERT INTO portfolios VALUES ('pf-x', 'X')`, `UPDATE portfolios SET name = name`,
			`DELETE FROM portfolios WHERE id = 'pf-x'`},
		{"partners", `INSERT INTO partners VALUES ('p-x', 'X')`, `UPDATE partners SET name = name`,
			`DELETE FROM partners WHERE id = 'p-x'`},
		{"partner_aliases", `INSERT INTO partner_aliases VALUES ('p-acme', 'Acme X', 9)`,
			`UPDATE partner_aliases SET position = position`, `DELETE FROM partner_aliases WHERE alias = 'Acme X'`},
		{"properties", `INSERT INTO properties VALUES ('prop-x', 'X', 'pf-west')`, `UPDATE properties SET name = name`,
			`DELETE FROM properties WHERE id = 'prop-x'`},
		{"property_aliases", `INSERT INTO property_aliases VALUES ('prop-pines', 'Pines X', 9)`,
			`UPDATE property_aliases SET position = position`, `DELETE FROM property_aliases WHERE alias = 'Pines X'`},
		{"managers", `INSERT INTO managers VALUES ('x@x.example', 'X')`, `UPDATE managers SET name = name`,
			`DELETE FROM managers WHERE email = 'x@x.example'`},
		{"manager_properties", `INSERT INTO manager_properties VALUES ('maria@pines.example', 'prop-oaks', 9)`,
			`UPDATE manager_properties SET position = position`,
			`DELETE FROM manager_properties WHERE property_id = 'prop-oaks'`},
		{"manager_portfolios", `INSERT INTO manager_portfolios VALUES ('maria@pines.example', 'pf-west', 9)`,
			`UPDATE manager_portfolios SET position = position`,
			`DELETE FROM manager_portfolios WHERE email = 'maria@pines.example'`},
	}
	for _, c := range changes {
		tx, err := raw.Begin()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := tx.Exec(c.update); err != nil {
			t.Fatalf("%s: %v", c.update, err)
		}
		if err := tx.Rollback(); err != nil {
			t.Fatal(err)
		}
		if next := version(); next != v {
			t.Errorf("%s, rolled back, changed the version", c.update)
		}
		for _, change := range []string{c.insert, c.update, c.delete} {
			res, err := raw.Exec(change)
			if err != nil {
				t.Fatalf("%s: %v", change, err)
			}
			if n, _ := res.RowsAffected(); n == 0 {
				t.Fatalf("%s changed no row of %s", change, c.table)
			}
			if next := version(); next == v {
				t.Errorf("%s left the version", change)
			} else {
				v = next
			}
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
