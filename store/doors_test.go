package store

import (
	"reflect"
	"testing"

	"intake/approvals"
)

func TestDoorChanges(t *testing.T) {
	tests := []struct {
		name     string
		change   func(tx approvals.Tx) error
		wantCode string // "" for success
		check    func(t *testing.T, tx approvals.Tx)
	}{
		{
			name: "unassign sets awaiting update",
			change: func(tx approvals.Tx) error {
				return tx.PutDoor(&approvals.Door{ID: "d-pines-main", AwaitingUpdate: true, Name: "ignored"})
			},
			check: func(t *testing.T, tx approvals.Tx) {
				d, err := tx.Door("d-pines-main")
				if err != nil {
					t.Fatal(err)
				}
				want := approvals.Door{ID: "d-pines-main", Property: "prop-pines", Name: "Main Entrance",
					Kind: approvals.DoorCommunal, Connected: true, AwaitingUpdate: true}
				if !reflect.DeepEqual(*d, want) {
					t.Errorf("door = %+v, want %+v", *d, want)
				}
			},
		},
		{
			name:   "assign enabled partner",
			change: func(tx approvals.Tx) error { return tx.PutDoor(&approvals.Door{ID: "d-oaks-gym", Partner: "p-parcel"}) },
			check: func(t *testing.T, tx approvals.Tx) {
				ids, err := tx.AssignedDoors("prop-oaks", "p-parcel")
				if err != nil || !reflect.DeepEqual(ids, []string{"d-oaks-gym"}) {
					t.Errorf("AssignedDoors = %v, %v; want [d-oaks-gym]", ids, err)
				}
			},
		},
		{
			name:     "assign partner not enabled",
			change:   func(tx approvals.Tx) error { return tx.PutDoor(&approvals.Door{ID: "d-oaks-gym", Partner: "p-acme"}) },
			wantCode: approvals.ECONFLICT,
		},
		{
			name:     "assign unknown partner",
			change:   func(tx approvals.Tx) error { return tx.PutDoor(&approvals.Door{ID: "d-oaks-gym", Partner: "p-none"}) },
			wantCode: approvals.ENOTFOUND,
		},
		{
			name:     "unknown door",
			change:   func(tx approvals.Tx) error { return tx.PutDoor(&approvals.Door{ID: "d-none"}) },
			wantCode: approvals.ENOTFOUND,
		},
		{
			name:   "enable",
			change: func(tx approvals.Tx) error { return tx.SetEnabled("prop-pines", "p-parcel", true) },
			check: func(t *testing.T, tx approvals.Tx) {
				if on, err := tx.Enabled("prop-pines", "p-parcel"); !on || err != nil {
					t.Errorf("Enabled = %v, %v; want true", on, err)
				}
			},
		},
		{
			name:   "enable twice",
			change: func(tx approvals.Tx) error { return tx.SetEnabled("prop-pines", "p-acme", true) },
		},
		{
			name:   "disable",
			change: func(tx approvals.Tx) error { return tx.SetEnabled("prop-oaks", "p-parcel", false) },
			check: func(t *testing.T, tx approvals.Tx) {
				es, err := tx.Enablements()
				want := []approvals.Enablement{{Property: "prop-pines", Partner: "p-acme"}}
				if err != nil || !reflect.DeepEqual(es, want) {
					t.Errorf("Enablements = %v, %v; want %v", es, err, want)
				}
			},
		},
		{
			name:     "disable while assigned to doors",
			change:   func(tx approvals.Tx) error { return tx.SetEnabled("prop-pines", "p-acme", false) },
			wantCode: approvals.ECONFLICT,
		},
		{
			name:     "enable on unknown property",
			change:   func(tx approvals.Tx) error { return tx.SetEnabled("prop-none", "p-acme", true) },
			wantCode: approvals.ENOTFOUND,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db, _ := openTest(t)
			update(t, db, func(tx approvals.Tx) error { return tx.ReplaceDirectory(testDirectory()) })
			err := db.Update(t.Context(), tt.change)
			if got := approvals.ErrorCode(err); got != tt.wantCode {
				t.Fatalf("error = %v (code %q), want code %q", err, got, tt.wantCode)
			}
			if tt.check != nil {
				view(t, db, func(tx approvals.Tx) error { tt.check(t, tx); return nil })
			}
		})
	}
}
