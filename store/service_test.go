package store

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"intake/approvals"
	"intake/parser"
)

// TestServiceEndToEnd runs the approvals workflow on this store: a
// directory load, an add, a removal that waits for a door, the door's
// unassignment that applies it, and a duplicate; the ledger then
// verifies and replays to the current state.
func TestServiceEndToEnd(t *testing.T) {
	db, _ := openTest(t)
	svc, receive := workflowService(t, db)
	status := func(res *approvals.Result) approvals.Status {
		t.Helper()
		if len(res.Requests) != 1 {
			t.Fatalf("requests = %+v, want one", res.Requests)
		}
		return res.Requests[0].Status
	}

	if got := status(receive("req-add-basic.eml")); got != approvals.StatusApplied {
		t.Errorf("add: status %q, want applied", got)
	}
	if _, err := svc.AssignDoor(t.Context(), "d-pines-main", "p-acme", ""); err != nil {
		t.Fatalf("AssignDoor: %v", err)
	}
	removal := receive("req-remove-basic.eml")
	if got := status(removal); got != approvals.StatusWaiting {
		t.Errorf("remove: status %q, want waiting", got)
	}
	door, err := svc.UnassignDoor(t.Context(), "d-pines-main", "")
	if err != nil {
		t.Fatalf("UnassignDoor: %v", err)
	}
	if len(door.Rechecked) != 1 || door.Rechecked[0].Status != approvals.StatusApplied {
		t.Errorf("rechecked after unassign = %+v, want the removal applied", door.Rechecked)
	}
	if dup := receive("req-add-basic.eml"); dup.Message.Outcome != approvals.OutcomeDuplicate {
		t.Errorf("second delivery: outcome %q, want duplicate", dup.Message.Outcome)
	}

	view(t, db, func(tx approvals.Tx) error {
		if on, err := tx.Enabled("prop-pines", "p-acme"); on || err != nil {
			t.Errorf("p-acme enabled on prop-pines = %v, %v; want false after the removal", on, err)
		}
		return nil
	})
	v, err := db.Verify(t.Context())
	if err != nil || !v.OK {
		t.Fatalf("Verify = %+v, %v; want OK", v, err)
	}
	t.Logf("ledger: %d entries", v.Entries)
}

// workflowService returns a Service over db at a fixed time, with
// testDirectory loaded but for one enablement (p-acme is not yet enabled
// on prop-pines) and one door assignment, and a function that parses and
// receives a message of testdata/parser.
func workflowService(t *testing.T, db *DB) (*approvals.Service, func(name string) *approvals.Result) {
	t.Helper()
	now := time.Date(2026, 11, 23, 10, 5, 0, 0, time.UTC)
	db.Now = func() time.Time { return now }
	svc := approvals.NewService(db, approvals.Config{
		Addresses: []string{"integrations@door.com"},
		Now:       func() time.Time { return now },
	})
	dir := testDirectory()
	dir.Enabled = dir.Enabled[:1]
	dir.Doors[2].Partner = ""
	if _, err := svc.LoadDirectory(t.Context(), dir, ""); err != nil {
		t.Fatalf("LoadDirectory: %v", err)
	}
	receive := func(name string) *approvals.Result {
		t.Helper()
		raw, err := os.ReadFile(filepath.Join("..", "testdata", "parser", name))
		if err != nil {
			t.Fatal(err)
		}
		m, perr := parser.ParseBytes(raw, parser.Options{TrustedAuthservID: "mx.door.com"})
		res, err := svc.Receive(t.Context(), approvals.Inbound{Raw: raw, Parsed: m, ParseErr: perr, Source: "file:" + name})
		if err != nil {
			t.Fatalf("Receive %s: %v", name, err)
		}
		return res
	}
	return svc, receive
}
