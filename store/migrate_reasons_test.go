package store

import (
	"path/filepath"
	"testing"
)

// TestMigrateContentReasons migrates a database written before the content
// reasons (migration 8) and checks that every request row survives with
// its id, that new ids continue after the old ones, and that the new
// reasons are accepted while an unknown one is still refused.
func TestMigrateContentReasons(t *testing.T) {
	p := filepath.Join(t.TempDir(), "intake.db")
	old := openAtMigration(t, p, 7)
	h := hashOf([]byte("m"))
	if _, err := old.Exec(`INSERT INTO raw_messages (hash, bytes, size) VALUES (?, x'6d', 1)`, h); err != nil {
		t.Fatal(err)
	}
	if _, err := old.Exec(`INSERT INTO messages (hash, outcome) VALUES (?, 'processed')`, h); err != nil {
		t.Fatal(err)
	}
	for _, reason := range []string{"body_mismatch", "", "partner_assigned_to_doors"} {
		_, err := old.Exec(`INSERT INTO requests (message, action, status, reason, partner_phrase, checks)
			VALUES (1, 'add', 'pending', ?, 'Acme', '[{"name":"body"}]')`, reason)
		if err != nil {
			t.Fatal(err)
		}
	}
	if _, err := old.Exec(`INSERT INTO requests (message, action, status, reason) VALUES (1, 'add', 'pending', 'held_by_sender')`); err == nil {
		t.Fatal("migration 7 schema accepted held_by_sender; the test does not start from the old schema")
	}
	old.Close()

	db, err := Open(p, CreateIfMissing())
	if err != nil {
		t.Fatalf("Open migrates: %v", err)
	}
	defer db.Close()
	var n, maxID int
	var phrase, checks string
	db.rw.QueryRow(`SELECT count(*), max(id) FROM requests`).Scan(&n, &maxID)
	db.rw.QueryRow(`SELECT partner_phrase, checks FROM requests WHERE id = 2`).Scan(&phrase, &checks)
	if n != 3 || maxID != 3 || phrase != "Acme" || checks != `[{"name":"body"}]` {
		t.Errorf("after migration: %d rows, max id %d, row 2 %q %s; want 3, 3, Acme and its checks", n, maxID, phrase, checks)
	}
	for _, tt := range []struct {
		reason string
		ok     bool
	}{{"unverified_content", true}, {"held_by_sender", true}, {"hidden", false}} {
		res, err := db.rw.Exec(`INSERT INTO requests (message, action, status, reason) VALUES (1, 'add', 'pending', ?)`, tt.reason)
		if (err == nil) != tt.ok {
			t.Errorf("reason %q: %v; want ok %v", tt.reason, err, tt.ok)
		}
		if err == nil {
			if id, _ := res.LastInsertId(); id <= 3 {
				t.Errorf("new request id %d reuses an old one", id)
			}
		}
	}
	var idx int
	db.rw.QueryRow(`SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'requests'`).Scan(&idx)
	if idx != 3 {
		t.Errorf("requests has %d indexes after migration, want 3", idx)
	}
}
