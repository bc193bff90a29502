package store

import (
	"io/fs"
	"path"
	"slices"
	"testing"
)

func TestMigrations(t *testing.T) {
	db, p := openTest(t)
	files, err := fs.Glob(migrationFS, "migration/*.sql")
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, f := range files {
		want = append(want, path.Base(f))
	}
	slices.Sort(want)

	applied := func() []string {
		rows, err := rawDB(t, p).Query(`SELECT name FROM migrations ORDER BY name`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var got []string
		for rows.Next() {
			var n string
			if err := rows.Scan(&n); err != nil {
				t.Fatal(err)
			}
			got = append(got, n)
		}
		return got
	}
	t.Run("applied and recorded", func(t *testing.T) {
		if got := applied(); !slices.Equal(got, want) {
			t.Errorf("migrations = %v, want %v", got, want)
		}
	})
	t.Run("reopen applies nothing twice", func(t *testing.T) {
		if err := db.Close(); err != nil {
			t.Fatal(err)
		}
		for range 2 {
			db2, err := Open(p, CreateIfMissing())
			if err != nil {
				t.Fatalf("reopen: %v", err)
			}
			db2.Close()
		}
		if got := applied(); !slices.Equal(got, want) {
			t.Errorf("migrations = %v, want %v", got, want)
		}
	})
	t.Run("pragmas", func(t *testing.T) {
		db2, err := Open(p, CreateIfMissing())
		if err != nil {
			t.Fatal(err)
		}
		defer db2.Close()
		var mode string
		var fk, sync int
		conn := db2.rw
		if err := conn.QueryRow(`PRAGMA journal_mode`).Scan(&mode); err != nil {
			t.Fatal(err)
		}
		if err := conn.QueryRow(`PRAGMA foreign_keys`).Scan(&fk); err != nil {
			t.Fatal(err)
		}
		if err := conn.QueryRow(`PRAGMA synchronous`).Scan(&sync); err != nil {
			t.Fatal(err)
		}
		if mode != "wal" || fk != 1 || sync != 2 {
			t.Errorf("journal_mode=%s foreign_keys=%d synchronous=%d, want wal 1 2 (FULL)", mode, fk, sync)
		}
	})
}
