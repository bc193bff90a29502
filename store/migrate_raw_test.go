package store

import (
	"bytes"
	"database/sql"
	"io/fs"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"intake/approvals"
)

// openAtMigration creates a database at path with only the first n
// migrations applied, as an older intake left it, and returns a plain
// handle on it with foreign keys on.
func openAtMigration(t *testing.T, path string, n int) *sql.DB {
	t.Helper()
	names, err := fs.Glob(migrationFS, "migration/*.sql")
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(names)
	rw, err := sql.Open("sqlite3", dsn(path, false))
	if err != nil {
		t.Fatal(err)
	}
	rw.SetMaxOpenConns(1)
	t.Cleanup(func() { rw.Close() })
	old := &DB{rw: rw, path: path, Now: time.Now}
	if err := old.enableWAL(t.Context()); err != nil {
		t.Fatal(err)
	}
	for _, name := range names[:n] {
		if err := old.migrateFile(t.Context(), name); err != nil {
			t.Fatalf("migration %s: %v", name, err)
		}
	}
	return rw
}

// TestMigrateRawFiles migrates a database written before raw messages
// could be files (migration 5) and checks that every row survives, the
// foreign keys hold and a large message can then be stored as a file.
func TestMigrateRawFiles(t *testing.T) {
	p := filepath.Join(t.TempDir(), "intake.db")
	old := openAtMigration(t, p, 5)
	raws := [][]byte{nil, []byte("Message-ID: <a@x>\r\n\r\nsmall\r\n"), largeRaw("old-inline", 2<<20)}
	for i, raw := range raws {
		if raw == nil {
			raw = []byte{}
		}
		h := hashOf(raw)
		if _, err := old.Exec(`INSERT INTO raw_messages (hash, bytes, size) VALUES (?, ?, ?)`, h, raw, len(raw)); err != nil {
			t.Fatal(err)
		}
		for range 2 { // two messages per raw message, one request each
			res, err := old.Exec(`INSERT INTO messages (hash, outcome) VALUES (?, 'processed')`, h)
			if err != nil {
				t.Fatal(err)
			}
			id, _ := res.LastInsertId()
			_, err = old.Exec(`INSERT INTO requests (message, action, status) VALUES (?, 'add', 'pending')`, id)
			if err != nil {
				t.Fatalf("request of raw %d: %v", i, err)
			}
		}
	}
	if _, err := old.Exec(`UPDATE raw_messages SET bytes = NULL`); err == nil {
		t.Fatal("migration 5 schema accepted bytes NULL; the test does not start from the old schema")
	}
	old.Close()

	db, err := Open(p, CreateIfMissing())
	if err != nil {
		t.Fatalf("Open migrates: %v", err)
	}
	defer db.Close()
	check := rawDB(t, p)
	var fkProblems int
	if err := check.QueryRow(`SELECT count(*) FROM pragma_foreign_key_check`).Scan(&fkProblems); err != nil {
		t.Fatal(err)
	}
	var messages, requests, applied int
	check.QueryRow(`SELECT count(*) FROM messages`).Scan(&messages)
	check.QueryRow(`SELECT count(*) FROM requests`).Scan(&requests)
	check.QueryRow(`SELECT count(*) FROM migrations WHERE name = '0006_raw_files.sql'`).Scan(&applied)
	if fkProblems != 0 || messages != 6 || requests != 6 || applied != 1 {
		t.Errorf("after migration: %d foreign key problems, %d messages, %d requests, 0006 applied %d; want 0, 6, 6, 1",
			fkProblems, messages, requests, applied)
	}
	view(t, db, func(tx approvals.Tx) error {
		for _, raw := range raws {
			got, err := tx.Raw(hashOf(raw))
			if err != nil || !bytes.Equal(got, raw) {
				t.Errorf("Raw(%.12s) = %d bytes, %v; want the %d bytes kept inline", hashOf(raw), len(got), err, len(raw))
			}
		}
		return nil
	})
	for _, raw := range raws {
		if isNull, size := rawRow(t, p, hashOf(raw)); isNull || size != int64(len(raw)) {
			t.Errorf("row %.12s: bytes NULL=%v size=%d; want inline, %d", hashOf(raw), isNull, size, len(raw))
		}
	}

	t.Run("constraints", func(t *testing.T) {
		h := hashOf([]byte("x"))
		for _, tt := range []struct {
			name string
			sql  string
			ok   bool
		}{
			{"file row", `INSERT INTO raw_messages (hash, bytes, size) VALUES ('` + h + `', NULL, 5)`, true},
			{"size of a blob", `INSERT INTO raw_messages (hash, bytes, size) VALUES ('` + hashOf(nil)[:63] + `1', x'00', 2)`, false},
			{"negative size", `INSERT INTO raw_messages (hash, bytes, size) VALUES ('` + hashOf(nil)[:63] + `2', NULL, -1)`, false},
			{"short hash", `INSERT INTO raw_messages (hash, bytes, size) VALUES ('abc', NULL, 1)`, false},
			{"message of an unknown raw", `INSERT INTO messages (hash, outcome) VALUES ('` + hashOf(nil)[:63] + `3', 'processed')`, false},
		} {
			_, err := db.rw.Exec(tt.sql)
			if (err == nil) != tt.ok {
				t.Errorf("%s: %v; want ok %v", tt.name, err, tt.ok)
			}
		}
	})
	t.Run("large message stored as a file", func(t *testing.T) {
		raw := largeRaw("after-migration", 2<<20)
		update(t, db, func(tx approvals.Tx) error { return tx.PutRaw(hashOf(raw), raw) })
		if isNull, _ := rawRow(t, p, hashOf(raw)); !isNull {
			t.Errorf("new large message is inline, want a file")
		}
	})
}
