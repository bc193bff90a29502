package store

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"intake/approvals"
)

// loadAndRemove records a directory load, the unassignment of
// d-pines-main and the removal of p-acme from prop-pines, each with its
// ledger entry, as the workflow does: entries 1 to 3.
func loadAndRemove(t testing.TB, db *DB) {
	t.Helper()
	dir := testDirectory()
	dir.Managers[0].Email = "Maria@Pines.example"
	appendJSON := func(tx approvals.Tx, kind approvals.EntryKind, subject string, v any) error {
		data, err := json.Marshal(v)
		if err != nil {
			return err
		}
		_, err = tx.Append(approvals.Entry{Kind: kind, Actor: approvals.ActorDoorOS, Subject: subject, Data: data})
		return err
	}
	update(t, db, func(tx approvals.Tx) error {
		if err := tx.ReplaceDirectory(dir); err != nil {
			return err
		}
		return appendJSON(tx, approvals.EntryDirectoryLoad, "directory", dir)
	})
	update(t, db, func(tx approvals.Tx) error {
		if err := tx.PutDoor(&approvals.Door{ID: "d-pines-main"}); err != nil {
			return err
		}
		return appendJSON(tx, approvals.EntryDoorUnassign, "d-pines-main",
			approvals.DoorEvent{Door: "d-pines-main", Property: "prop-pines", Partner: "p-acme"})
	})
	update(t, db, func(tx approvals.Tx) error {
		if err := tx.SetEnabled("prop-pines", "p-acme", false); err != nil {
			return err
		}
		return appendJSON(tx, approvals.EntryDisable, "r-000001",
			approvals.EnablementEvent{Property: "prop-pines", Partner: "p-acme", Request: "r-000001"})
	})
}

func TestVerifyState(t *testing.T) {
	tests := []struct {
		name   string
		tamper func(t *testing.T, db *DB, p string)
		want   string // in StateDiff; "" for OK
		tail   bool   // the chain reports missing last entries
	}{
		{"intact", func(*testing.T, *DB, string) {}, "", false},
		{"door edited behind the ledger", func(t *testing.T, _ *DB, p string) {
			sqlExec(`UPDATE doors SET awaiting_update = 1 WHERE id = 'd-oaks-gym'`)(t, rawDB(t, p))
		}, `door "d-oaks-gym"`, false},
		{"enablement added behind the ledger", func(t *testing.T, _ *DB, p string) {
			sqlExec(`INSERT INTO enablements VALUES ('prop-gateway', 'p-parcel')`)(t, rawDB(t, p))
		}, `enabled "p-parcel" on "prop-gateway"`, false},
		{"last entry deleted", func(t *testing.T, _ *DB, p string) {
			raw := rawDB(t, p)
			dropGuards(t, raw)
			sqlExec(`DELETE FROM ledger WHERE seq = 3`)(t, raw)
		}, `enabled "p-acme" on "prop-pines"`, true},
		{"entry that does not replay", func(t *testing.T, db *DB, _ string) {
			update(t, db, func(tx approvals.Tx) error {
				_, err := tx.Append(approvals.Entry{Kind: approvals.EntryDoorSynced, Data: []byte(`{"door":"d-none"}`)})
				return err
			})
		}, `replay: `, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db, p := openTest(t)
			loadAndRemove(t, db)
			tt.tamper(t, db, p)
			v, err := db.Verify(t.Context())
			if err != nil {
				t.Fatalf("Verify: %v", err)
			}
			diff := strings.Join(v.StateDiff, "\n")
			t.Logf("StateDiff: %s", diff)
			if tt.tail != strings.Contains(v.Problem, "entries after seq 2 are missing") {
				t.Errorf("Problem = %q; want the missing tail reported: %v", v.Problem, tt.tail)
			}
			if (v.FirstBad != 0) != tt.tail || v.OK != (tt.want == "") || !strings.Contains(diff, tt.want) ||
				(tt.want == "" && diff != "") {
				t.Errorf("Verify = %+v; want chain intact and state diff containing %q", v, tt.want)
			}
		})
	}
}

// TestVerifyFileEdited edits the bytes of the database file itself, as
// someone without SQLite at hand would.
func TestVerifyFileEdited(t *testing.T) {
	path := filepath.Join(t.TempDir(), "intake.db")
	db, err := Open(path, CreateIfMissing())
	if err != nil {
		t.Fatal(err)
	}
	appendN(t, db, 10)
	if err := db.Close(); err != nil { // checkpoints the WAL into the file
		t.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	old := []byte(`"r-000007","action":"approve"`)
	if bytes.Count(b, old) != 1 {
		t.Fatalf("entry 7 appears %d times in the file, want 1", bytes.Count(b, old))
	}
	b = bytes.Replace(b, old, []byte(`"r-000007","action":"rejects"`), 1)
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	db, err = Open(path, CreateIfMissing())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	v, err := db.Verify(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if v.OK || v.FirstBad != 7 || !strings.Contains(v.Problem, "edited") || v.Entries != 10 {
		t.Errorf("Verify = %+v; want FirstBad 7 edited of 10 entries", v)
	}
}
