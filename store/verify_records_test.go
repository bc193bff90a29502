package store

import (
	"strings"
	"testing"
)

// receiveWorkflow runs the workflow on db: a directory load, an add that
// is applied (m-000001, r-000001), a door assignment and a removal that
// waits for it (m-000002, r-000002) and that staff reject with a note,
// then a copy of the add (m-000003, duplicate). The ledger then has 10
// entries.
func receiveWorkflow(t *testing.T, db *DB) {
	t.Helper()
	svc, receive := workflowService(t, db)
	receive("req-add-basic.eml")
	if _, err := svc.AssignDoor(t.Context(), "d-pines-main", "p-acme", ""); err != nil {
		t.Fatalf("AssignDoor: %v", err)
	}
	receive("req-remove-basic.eml")
	putStaff(t, db, "staff@door.com")
	if _, err := svc.Reject(t.Context(), "r-000002", "staff@door.com", "wait for the board"); err != nil {
		t.Fatalf("Reject: %v", err)
	}
	receive("req-add-basic.eml")
}

// TestVerifyRecords tampers with the message and request tables, and
// with the tail of the ledger, behind the ledger's back.
func TestVerifyRecords(t *testing.T) {
	tests := []struct {
		name    string
		tamper  string
		problem string // in Problem; "" when the chain stays intact
		diff    string // in StateDiff; "" for none
	}{
		{"intact", ``, "", ""},
		{"request edited to applied",
			`UPDATE requests SET status = 'applied', reason = '' WHERE id = 2`, "", `request "r-000002": replayed`},
		{"request note edited",
			`UPDATE requests SET note = 'approved by phone' WHERE id = 2`, "", `request "r-000002": replayed`},
		{"request resolution edited",
			`UPDATE requests SET partner_id = 'p-parcel' WHERE id = 1`, "", `request "r-000001": replayed`},
		{"request deleted", `DELETE FROM requests WHERE id = 2`, "", `request "r-000002": only in the replayed state`},
		{"request inserted", `INSERT INTO requests (message, action, status) VALUES (1, 'add', 'applied')`,
			"", `request "r-000003": only in the current state`},
		{"message sender edited", `UPDATE messages SET sender = 'evil@x'`, "", `message "m-000001": replayed`},
		{"message outcome edited", `UPDATE messages SET outcome = 'processed' WHERE id = 3`, "",
			`message "m-000003": replayed`},
		{"last entries deleted", `DELETE FROM ledger WHERE seq > 6`, "entries after seq 6 are missing", ""},
		{"last entry deleted", `DELETE FROM ledger WHERE seq = (SELECT max(seq) FROM ledger)`,
			"are missing", `message "m-000003": only in the current state`},
		{"high-water mark deleted", `DROP TRIGGER ledger_head_no_delete; DELETE FROM ledger_head`,
			"high-water mark", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db, p := openTest(t)
			receiveWorkflow(t, db)
			if tt.tamper != "" {
				raw := rawDB(t, p)
				dropGuards(t, raw)
				sqlExec(tt.tamper)(t, raw)
			}
			v, err := db.Verify(t.Context())
			if err != nil {
				t.Fatalf("Verify: %v", err)
			}
			diff := strings.Join(v.StateDiff, "\n")
			t.Logf("FirstBad %d %s; StateDiff: %s", v.FirstBad, v.Problem, diff)
			intact := tt.problem == "" && tt.diff == ""
			switch {
			case v.OK != intact:
				t.Errorf("OK = %v, want %v", v.OK, intact)
			case (v.FirstBad == 0) != (tt.problem == "") || !strings.Contains(v.Problem, tt.problem):
				t.Errorf("FirstBad %d, Problem %q; want problem %q", v.FirstBad, v.Problem, tt.problem)
			case !strings.Contains(diff, tt.diff) || (tt.diff == "" && tt.problem == "" && diff != ""):
				t.Errorf("StateDiff = %q; want it to contain %q", diff, tt.diff)
			}
		})
	}
}

// TestLedgerHeadGuards checks that the high-water mark refuses to move
// back through the SQL interface while its triggers are in place.
func TestLedgerHeadGuards(t *testing.T) {
	db, p := openTest(t)
	appendN(t, db, 3)
	raw := rawDB(t, p)
	for _, stmt := range []string{`UPDATE ledger_head SET seq = 2`, `DELETE FROM ledger_head`} {
		if _, err := raw.Exec(stmt); err == nil {
			t.Errorf("%s: no error, want it refused", stmt)
		}
	}
	var seq int64
	if err := raw.QueryRow(`SELECT seq FROM ledger_head`).Scan(&seq); err != nil || seq != 3 {
		t.Errorf("ledger_head seq = %d, %v; want 3", seq, err)
	}
}
