package main

import (
	"database/sql"
	"encoding/json"
	"strings"
	"sync"
	"testing"

	_ "github.com/mattn/go-sqlite3" // the "sqlite3" driver, to tamper with the file
)

// rawDB opens the workspace's database file directly, behind intake's back.
func rawDB(t *testing.T, w *workspace) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+w.db+"?_busy_timeout=10000")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func sqlExec(t *testing.T, db *sql.DB, stmts ...string) {
	t.Helper()
	for _, s := range stmts {
		if _, err := db.Exec(s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
}

func TestLedgerVerify(t *testing.T) {
	tests := []struct {
		name    string
		tamper  []string
		want    string // in stderr
		wantOut string // in stdout; "" for anything
	}{
		{"entry edited", []string{
			`DROP TRIGGER ledger_no_update`,
			`UPDATE ledger SET actor = 'mallory' WHERE seq = 3`,
		}, "entry 3 of", ""},
		{"entry deleted", []string{
			`DROP TRIGGER ledger_no_delete`,
			`DELETE FROM ledger WHERE seq = 2`,
		}, "entry 3 of", ""},
		{"state changed behind the ledger", []string{
			`INSERT INTO enablements VALUES ('prop-harbor', 'p-acme')`,
		}, "does not reproduce the current state", `enabled "p-acme" on "prop-harbor"`},
		{"request edited to applied", []string{
			`UPDATE requests SET status = 'applied', reason = ''
			 WHERE id = (SELECT min(id) FROM requests WHERE status <> 'applied')`,
		}, "does not reproduce the current state", `request "r-`},
		{"message sender edited", []string{
			`UPDATE messages SET sender = 'evil@x'`,
		}, "does not reproduce the current state", `message "m-000001"`},
		{"request deleted", []string{
			`DELETE FROM requests WHERE id = (SELECT max(id) FROM requests)`,
		}, "does not reproduce the current state", `only in the replayed state`},
		{"raw message edited", []string{
			`UPDATE raw_messages SET bytes = CAST('forged' AS BLOB), size = 6
			 WHERE hash = (SELECT hash FROM messages WHERE id = 1)`,
		}, "stored raw messages are missing or do not match their hash", `stored message differs: raw message`},
		{"last entry deleted", []string{
			`DROP TRIGGER ledger_no_delete`,
			`DELETE FROM ledger WHERE seq = (SELECT max(seq) FROM ledger)`,
		}, "the ledger ends early: entries after seq", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := loaded(t)
			ingestIDs(t, w, "01", "03", "04")
			w.ok("doors", "unassign", "d-pines-main")
			if r := w.ok("ledger", "verify"); !strings.Contains(r.stdout, "ok") {
				t.Fatalf("verify before tampering: %v", r)
			}
			sqlExec(t, rawDB(t, w), tt.tamper...)
			r := w.run("ledger", "verify")
			if r.code != exitProblem || !strings.Contains(r.stderr, tt.want) || !strings.Contains(r.stdout, tt.wantOut) {
				t.Errorf("got %v\nwant exit 1 naming %q, stdout naming %q", r, tt.want, tt.wantOut)
			}
		})
	}
}

// TestConcurrentIngest runs several `intake ingest` processes on one
// database at once, each with every sample message in its own order: each
// Message-ID must be decided exactly once and the ledger must verify.
func TestConcurrentIngest(t *testing.T) {
	const procs = 4
	w := loaded(t)
	files := samples(t, "01", "02", "03", "04", "05", "06", "07", "08", "09", "10")
	outs := make([]result, procs)
	var wg sync.WaitGroup
	for p := range procs {
		order := append(append([]string{}, files[p*2:]...), files[:p*2]...)
		wg.Go(func() { outs[p] = w.run(append([]string{"ingest", "--json"}, order...)...) })
	}
	wg.Wait()
	decided := map[string]int{}
	for p, r := range outs {
		if r.code != exitOK {
			t.Fatalf("process %d: %v", p, r)
		}
		var got []map[string]any
		if err := json.Unmarshal([]byte(r.stdout), &got); err != nil {
			t.Fatalf("process %d: %v", p, err)
		}
		for _, m := range got {
			if m["outcome"] != "duplicate" {
				decided[str(m["message_id"])]++
			}
		}
	}
	if len(decided) != 9 {
		t.Errorf("%d Message-IDs decided, want the samples' 9: %v", len(decided), decided)
	}
	for id, n := range decided {
		if n != 1 {
			t.Errorf("Message-ID %s decided %d times, want once", id, n)
		}
	}
	checkOnceInDB(t, w)
	if r := w.ok("ledger", "verify"); !strings.Contains(r.stdout, "ok") {
		t.Errorf("verify: %v", r)
	}
}

// checkOnceInDB checks the file itself: one non-duplicate message row per
// Message-ID and one request set.
func checkOnceInDB(t *testing.T, w *workspace) {
	t.Helper()
	db := rawDB(t, w)
	var doubled, requests int
	err := db.QueryRow(`SELECT count(*) FROM (SELECT message_id FROM messages
		WHERE outcome <> 'duplicate' GROUP BY message_id HAVING count(*) > 1)`).Scan(&doubled)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.QueryRow(`SELECT count(*) FROM requests`).Scan(&requests); err != nil {
		t.Fatal(err)
	}
	// 01-05, 09 and 10 have one request each; 06 (no_request) one review item.
	if doubled != 0 || requests != 8 {
		t.Errorf("%d Message-IDs with several decided rows and %d requests; want 0 and 8", doubled, requests)
	}
}
