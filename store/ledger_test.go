package store

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"intake/approvals"
)

// reviewEntry is an entry that does not change the state Replay rebuilds.
func reviewEntry(i int) approvals.Entry {
	data := fmt.Sprintf(`{ "request": "r-%06d", "action": "approve",
		"note": "<b>ok</b> & \u00e9 %d" }`, i, i)
	return approvals.Entry{Kind: approvals.EntryReview, Actor: "staff:maria@pines.example",
		Subject: fmt.Sprintf("r-%06d", i), Data: json.RawMessage(data)}
}

// appendN appends n review entries in one transaction.
func appendN(t testing.TB, db *DB, n int) {
	t.Helper()
	update(t, db, func(tx approvals.Tx) error {
		for i := range n {
			if _, err := tx.Append(reviewEntry(i + 1)); err != nil {
				return err
			}
		}
		return nil
	})
}

func TestAppend(t *testing.T) {
	db, _ := openTest(t)
	at := time.Date(2025, 3, 1, 10, 0, 0, 5, time.FixedZone("EST", -5*3600))
	db.Now = func() time.Time { return at }
	var got []*approvals.Entry
	update(t, db, func(tx approvals.Tx) error {
		for _, e := range []approvals.Entry{
			reviewEntry(1),
			{Kind: approvals.EntryReview, Time: at.Add(time.Hour), Data: nil},
		} {
			out, err := tx.Append(e)
			if err != nil {
				return err
			}
			got = append(got, out)
		}
		return nil
	})
	t.Run("chain fields", func(t *testing.T) {
		if got[0].Seq != 1 || got[1].Seq != 2 {
			t.Errorf("seqs = %d, %d; want 1, 2", got[0].Seq, got[1].Seq)
		}
		if got[0].Prev != genesis || got[1].Prev != got[0].Hash || len(got[1].Hash) != 64 {
			t.Errorf("prev/hash not chained: %+v", got)
		}
	})
	t.Run("time", func(t *testing.T) {
		if !got[0].Time.Equal(at) || got[0].Time.Location() != time.UTC {
			t.Errorf("Time = %v, want Now %v in UTC", got[0].Time, at)
		}
	})
	t.Run("data compacted", func(t *testing.T) {
		want := `{"request":"r-000001","action":"approve","note":"<b>ok</b> & \u00e9 1"}`
		if string(got[0].Data) != want || string(got[1].Data) != "null" {
			t.Errorf("Data = %s, %s; want %s, null", got[0].Data, got[1].Data, want)
		}
	})
	t.Run("entries read back", func(t *testing.T) {
		es, err := db.Entries(t.Context(), 0, 0)
		if err != nil || len(es) != 2 {
			t.Fatalf("Entries = %d, %v; want 2", len(es), err)
		}
		for i, e := range es {
			w := *got[i]
			if !e.Time.Equal(w.Time) || string(e.Data) != string(w.Data) || e.Hash != w.Hash ||
				e.Prev != w.Prev || e.Seq != w.Seq || e.Kind != w.Kind || e.Actor != w.Actor || e.Subject != w.Subject {
				t.Errorf("entry %d = %+v, want %+v", i, e, w)
			}
		}
		page, err := db.Entries(t.Context(), 1, 5)
		if err != nil || len(page) != 1 || page[0].Seq != 2 {
			t.Errorf("Entries(after 1) = %+v, %v; want entry 2", page, err)
		}
	})
	t.Run("invalid", func(t *testing.T) {
		for _, e := range []approvals.Entry{{}, {Kind: approvals.EntryReview, Data: []byte(`{"a":`)}} {
			err := db.Update(t.Context(), func(tx approvals.Tx) error { _, err := tx.Append(e); return err })
			if approvals.ErrorCode(err) != approvals.EINVALID {
				t.Errorf("Append(%+v) error = %v, want EINVALID", e, err)
			}
		}
	})
}

// dropGuards drops the ledger's append-only triggers, as a tamperer would.
func dropGuards(t testing.TB, raw *sql.DB) {
	t.Helper()
	for _, name := range []string{"ledger_no_update", "ledger_no_delete", "ledger_chain"} {
		if _, err := raw.Exec(`DROP TRIGGER ` + name); err != nil {
			t.Fatalf("drop trigger %s: %v", name, err)
		}
	}
}

func TestLedgerGuards(t *testing.T) {
	db, p := openTest(t)
	appendN(t, db, 3)
	raw := rawDB(t, p)
	tests := []struct {
		name, stmt, want string
	}{
		{"update", `UPDATE ledger SET actor = 'eve' WHERE seq = 2`, "append-only"},
		{"delete", `DELETE FROM ledger WHERE seq = 3`, "append-only"},
		{"delete all", `DELETE FROM ledger`, "append-only"},
		{"insert with seq gap", `INSERT INTO ledger SELECT seq + 5, time, kind, actor, subject, data, hash,
			substr(hash, 2) || 'x' FROM ledger WHERE seq = 3`, "does not extend"},
		{"insert with wrong prev", `INSERT INTO ledger SELECT 4, time, kind, actor, subject, data, prev,
			substr(hash, 2) || 'x' FROM ledger WHERE seq = 3`, "does not extend"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := raw.Exec(tt.stmt)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %v, want %q", err, tt.want)
			}
		})
	}
	v, err := db.Verify(t.Context())
	if err != nil || !v.OK || v.Entries != 3 {
		t.Errorf("Verify after refused tampering = %+v, %v; want OK with 3 entries", v, err)
	}
}

func TestVerifyTampered(t *testing.T) {
	const n = 10
	tests := []struct {
		name     string
		tamper   func(t *testing.T, raw *sql.DB)
		firstBad int64
		problem  string
	}{
		{"intact", func(*testing.T, *sql.DB) {}, 0, ""},
		{"edited data", sqlExec(`UPDATE ledger SET data = '{"request":"r-000005","action":"reject"}' WHERE seq = 5`),
			5, "edited"},
		{"edited time", sqlExec(`UPDATE ledger SET time = '2020-01-01T00:00:00Z' WHERE seq = 7`), 7, "edited"},
		{"edited actor of the first", sqlExec(`UPDATE ledger SET actor = 'eve' WHERE seq = 1`), 1, "edited"},
		{"edited and rehashed", rehash(5, `{"request":"r-000005","action":"reject"}`), 6, "not the hash"},
		{"deleted", sqlExec(`DELETE FROM ledger WHERE seq = 5`), 6, "missing"},
		{"deleted first", sqlExec(`DELETE FROM ledger WHERE seq = 1`), 2, "missing"},
		{"deleted and renumbered", sqlExec(`DELETE FROM ledger WHERE seq = 5;
			UPDATE ledger SET seq = seq - 1 WHERE seq > 5`), 5, "not the hash"},
		{"swapped", sqlExec(`UPDATE ledger SET seq = 1003 WHERE seq = 3;
			UPDATE ledger SET seq = 3 WHERE seq = 4; UPDATE ledger SET seq = 4 WHERE seq = 1003`), 3, "not the hash"},
		{"inserted", sqlExec(`UPDATE ledger SET seq = seq + 1000 WHERE seq > 5;
			UPDATE ledger SET seq = seq - 999 WHERE seq > 1000;
			INSERT INTO ledger SELECT 6, time, kind, 'eve', subject, data, hash,
			  substr(hash, 3) || 'ee' FROM ledger WHERE seq = 5`), 6, "edited"},
		{"prev not hex", sqlExec(`UPDATE ledger SET prev = replace(prev, substr(prev, 1, 1), 'z') WHERE seq = 1`),
			1, "genesis"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db, p := openTest(t)
			appendN(t, db, n)
			raw := rawDB(t, p)
			dropGuards(t, raw)
			tt.tamper(t, raw)
			v, err := db.Verify(t.Context())
			if err != nil {
				t.Fatalf("Verify: %v", err)
			}
			t.Logf("FirstBad %d: %s", v.FirstBad, v.Problem)
			if v.FirstBad != tt.firstBad || !strings.Contains(v.Problem, tt.problem) || v.OK != (tt.firstBad == 0) {
				t.Errorf("Verify = %+v; want FirstBad %d with problem %q", v, tt.firstBad, tt.problem)
			}
		})
	}
}

// sqlExec returns a tamper function running the statements.
func sqlExec(stmts string) func(*testing.T, *sql.DB) {
	return func(t *testing.T, raw *sql.DB) {
		t.Helper()
		if _, err := raw.Exec(stmts); err != nil {
			t.Fatalf("tamper: %v", err)
		}
	}
}

// rehash returns a tamper function that edits an entry's data and
// recomputes its hash, as a careful tamperer would.
func rehash(seq int64, data string) func(*testing.T, *sql.DB) {
	return func(t *testing.T, raw *sql.DB) {
		t.Helper()
		var ts, kind, actor, subject, prev string
		err := raw.QueryRow(`SELECT time, kind, actor, subject, prev FROM ledger WHERE seq = ?`, seq).
			Scan(&ts, &kind, &actor, &subject, &prev)
		if err != nil {
			t.Fatal(err)
		}
		h, err := newHasher().sum(prev, seq, ts, kind, actor, subject, []byte(data))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := raw.Exec(`UPDATE ledger SET data = ?, hash = ? WHERE seq = ?`, data, h, seq); err != nil {
			t.Fatal(err)
		}
	}
}
