package store

import (
	"testing"

	"intake/approvals"
)

// TestCurrentRecords checks Verify's narrow read of the current state
// against approvals.CurrentState, the definition it shortcuts.
func TestCurrentRecords(t *testing.T) {
	db, _ := openTest(t)
	_, receive := workflowService(t, db)
	receive("req-add-basic.eml")
	receive("req-remove-basic.eml")
	receive("id-spf-only.eml")
	view(t, db, func(tx approvals.Tx) error {
		want, err := approvals.CurrentState(tx)
		if err != nil {
			t.Fatal(err)
		}
		got, err := tx.(*Tx).currentRecords()
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Requests) != 3 || len(got.Messages) != 3 {
			t.Fatalf("%d messages, %d requests; want 3 of each", len(got.Messages), len(got.Requests))
		}
		if d := got.Diff(want); len(d) != 0 {
			t.Errorf("currentRecords differs from CurrentState: %v", d)
		}
		return nil
	})
}
