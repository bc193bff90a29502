package store

import (
	"reflect"
	"testing"
	"time"

	"intake/approvals"
)

func TestRequestCreateUpdate(t *testing.T) {
	db, _ := openTest(t)
	var r *approvals.Request
	update(t, db, func(tx approvals.Tx) error {
		_, r = createMessageAndRequest(t, tx, "<1@x>", approvals.ActionRemove)
		return nil
	})
	if r.ID != "r-000001" || r.MessageID != "m-000001" {
		t.Fatalf("ids = %q of %q, want r-000001 of m-000001", r.ID, r.MessageID)
	}
	decided := time.Date(2025, 3, 2, 10, 0, 0, 0, time.UTC)
	r.PartnerID, r.PropertyID = "p-acme", "prop-pines"
	r.Suggestions = []string{"p-acme", "p-ace"}
	r.Status, r.Reason = approvals.StatusWaiting, approvals.ReasonPartnerAssignedToDoors
	r.Checks = []approvals.Check{{Name: "doors", OK: false, Detail: "d-pines-main"}}
	r.Doors = []string{"d-pines-main"}
	r.DecidedAt, r.Note = decided, "waiting for DOOR OS"
	r.Sender = "ignored@x" // not saved by UpdateRequest
	update(t, db, func(tx approvals.Tx) error { return tx.UpdateRequest(r) })

	view(t, db, func(tx approvals.Tx) error {
		got, err := tx.Request(r.ID)
		if err != nil {
			t.Fatal(err)
		}
		want := *r
		want.Sender = ""
		if !reflect.DeepEqual(*got, want) {
			t.Errorf("Request =\n%+v\nwant\n%+v", *got, want)
		}
		return nil
	})

	tests := []struct {
		name string
		fn   func(tx approvals.Tx) error
		code string
	}{
		{"update unknown", func(tx approvals.Tx) error {
			return tx.UpdateRequest(&approvals.Request{ID: "r-000042", Status: approvals.StatusPending})
		}, approvals.ENOTFOUND},
		{"get unknown", func(tx approvals.Tx) error { _, err := tx.Request("r-x"); return err }, approvals.ENOTFOUND},
		{"bad status", func(tx approvals.Tx) error {
			bad := *r
			bad.Status = "lost"
			return tx.UpdateRequest(&bad)
		}, approvals.EINVALID},
		{"bad reason", func(tx approvals.Tx) error {
			bad := *r
			bad.Reason = "because"
			return tx.UpdateRequest(&bad)
		}, approvals.EINVALID},
		{"unknown message", func(tx approvals.Tx) error {
			return tx.CreateRequest(&approvals.Request{MessageID: "m-000099", Action: approvals.ActionAdd, Status: approvals.StatusPending})
		}, approvals.EINVALID},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := db.Update(t.Context(), tt.fn)
			if got := approvals.ErrorCode(err); got != tt.code {
				t.Errorf("error = %v (code %q), want %q", err, got, tt.code)
			}
		})
	}
}

func TestRequestFilter(t *testing.T) {
	db, _ := openTest(t)
	// r-1 add pending unknown_partner (m-1); r-2 remove pending (m-2);
	// r-3 add applied acme@pines (m-3); r-4 remove waiting acme@pines (m-3).
	update(t, db, func(tx approvals.Tx) error {
		createMessageAndRequest(t, tx, "<1@x>", approvals.ActionAdd)
		createMessageAndRequest(t, tx, "<2@x>", approvals.ActionRemove)
		m, r3 := createMessageAndRequest(t, tx, "<3@x>", approvals.ActionAdd)
		r3.PartnerID, r3.PropertyID, r3.Status, r3.Reason = "p-acme", "prop-pines", approvals.StatusApplied, ""
		if err := tx.UpdateRequest(r3); err != nil {
			return err
		}
		r4 := &approvals.Request{MessageID: m.ID, Action: approvals.ActionRemove, PartnerID: "p-acme",
			PropertyID: "prop-pines", Status: approvals.StatusWaiting, Reason: approvals.ReasonPartnerAssignedToDoors}
		return tx.CreateRequest(r4)
	})
	tests := []struct {
		name string
		f    approvals.RequestFilter
		want []string
	}{
		{"all", approvals.RequestFilter{}, []string{"r-000001", "r-000002", "r-000003", "r-000004"}},
		{"status", approvals.RequestFilter{Status: []approvals.Status{approvals.StatusPending}}, []string{"r-000001", "r-000002"}},
		{"statuses", approvals.RequestFilter{Status: []approvals.Status{approvals.StatusApplied, approvals.StatusWaiting}},
			[]string{"r-000003", "r-000004"}},
		{"reason", approvals.RequestFilter{Reason: approvals.ReasonPartnerAssignedToDoors}, []string{"r-000004"}},
		{"message", approvals.RequestFilter{MessageID: "m-000003"}, []string{"r-000003", "r-000004"}},
		{"malformed message", approvals.RequestFilter{MessageID: "<3@x>"}, nil},
		{"property partner status", approvals.RequestFilter{PropertyID: "prop-pines", PartnerID: "p-acme",
			Status: []approvals.Status{approvals.StatusWaiting}}, []string{"r-000004"}},
		{"action", approvals.RequestFilter{Action: approvals.ActionRemove}, []string{"r-000002", "r-000004"}},
		{"none", approvals.RequestFilter{PartnerID: "p-none"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			view(t, db, func(tx approvals.Tx) error {
				rs, err := tx.Requests(tt.f)
				if err != nil {
					t.Fatal(err)
				}
				var got []string
				for _, r := range rs {
					got = append(got, r.ID)
				}
				if !reflect.DeepEqual(got, tt.want) {
					t.Errorf("Requests = %v, want %v", got, tt.want)
				}
				return nil
			})
		})
	}
}
