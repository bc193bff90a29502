package store

import (
	"encoding/json"
	"reflect"
	"testing"

	"intake/approvals"
)

func TestDirectoryRoundTrip(t *testing.T) {
	db, _ := openTest(t)
	want := testDirectory()
	update(t, db, func(tx approvals.Tx) error { return tx.ReplaceDirectory(want) })

	var got *approvals.Directory
	view(t, db, func(tx approvals.Tx) (err error) {
		got, err = tx.Directory()
		return err
	})
	if !reflect.DeepEqual(got, want) {
		g, _ := json.MarshalIndent(got, "", "  ")
		w, _ := json.MarshalIndent(want, "", "  ")
		t.Errorf("Directory() =\n%s\nwant\n%s", g, w)
	}
}

// TestNames checks that Names is the directory without its doors and
// enablements.
func TestNames(t *testing.T) {
	db, _ := openTest(t)
	dir := testDirectory()
	if len(dir.Doors) == 0 || len(dir.Enabled) == 0 {
		t.Fatal("testDirectory has no doors or no enablements: nothing to leave out")
	}
	update(t, db, func(tx approvals.Tx) error { return tx.ReplaceDirectory(dir) })
	want := *dir
	want.Doors, want.Enabled = nil, nil
	var got *approvals.Directory
	view(t, db, func(tx approvals.Tx) (err error) {
		got, err = tx.Names()
		return err
	})
	if !reflect.DeepEqual(got, &want) {
		g, _ := json.MarshalIndent(got, "", "  ")
		w, _ := json.MarshalIndent(&want, "", "  ")
		t.Errorf("Names() =\n%s\nwant\n%s", g, w)
	}
}

func TestDirectoryLookups(t *testing.T) {
	db, _ := openTest(t)
	dir := testDirectory()
	update(t, db, func(tx approvals.Tx) error { return tx.ReplaceDirectory(dir) })

	tests := []struct {
		name string
		get  func(tx approvals.Tx) (any, error)
		want any // nil: ENOTFOUND
	}{
		{"partner", func(tx approvals.Tx) (any, error) { return tx.Partner("p-acme") }, &dir.Partners[0]},
		{"partner missing", func(tx approvals.Tx) (any, error) { return tx.Partner("p-none") }, nil},
		{"property", func(tx approvals.Tx) (any, error) { return tx.Property("prop-pines") }, &dir.Properties[2]},
		{"property missing", func(tx approvals.Tx) (any, error) { return tx.Property("") }, nil},
		{"manager", func(tx approvals.Tx) (any, error) { return tx.Manager("maria@pines.example") }, &dir.Managers[0]},
		{"manager any case", func(tx approvals.Tx) (any, error) { return tx.Manager(" Maria@PINES.example") }, &dir.Managers[0]},
		{"manager portfolio grant", func(tx approvals.Tx) (any, error) { return tx.Manager("sam@west.example") }, &dir.Managers[1]},
		{"manager missing", func(tx approvals.Tx) (any, error) { return tx.Manager("eve@pines.example") }, nil},
		{"door", func(tx approvals.Tx) (any, error) { return tx.Door("d-pines-main") }, &dir.Doors[2]},
		{"door missing", func(tx approvals.Tx) (any, error) { return tx.Door("d-none") }, nil},
		{"doors", func(tx approvals.Tx) (any, error) { return tx.Doors() }, dir.Doors},
		{"assigned doors", func(tx approvals.Tx) (any, error) { return tx.AssignedDoors("prop-pines", "p-acme") },
			[]string{"d-pines-main"}},
		{"assigned doors none", func(tx approvals.Tx) (any, error) { return tx.AssignedDoors("prop-oaks", "p-parcel") },
			[]string(nil)},
		{"enabled", func(tx approvals.Tx) (any, error) { return tx.Enabled("prop-pines", "p-acme") }, true},
		{"not enabled", func(tx approvals.Tx) (any, error) { return tx.Enabled("prop-pines", "p-parcel") }, false},
		{"enablements", func(tx approvals.Tx) (any, error) { return tx.Enablements() }, dir.Enabled},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			view(t, db, func(tx approvals.Tx) error {
				got, err := tt.get(tx)
				if tt.want == nil {
					if code := approvals.ErrorCode(err); code != approvals.ENOTFOUND {
						t.Errorf("error = %v (code %q), want ENOTFOUND", err, code)
					}
					return nil
				}
				if err != nil {
					t.Fatalf("error: %v", err)
				}
				if !reflect.DeepEqual(got, tt.want) {
					t.Errorf("got %#v, want %#v", got, tt.want)
				}
				return nil
			})
		})
	}
}

func TestReplaceDirectoryInvalid(t *testing.T) {
	tests := []struct {
		name   string
		modify func(d *approvals.Directory)
	}{
		{"duplicate partner", func(d *approvals.Directory) { d.Partners = append(d.Partners, d.Partners[0]) }},
		{"dangling portfolio", func(d *approvals.Directory) { d.Properties[0].Portfolio = "pf-none" }},
		{"door of unknown property", func(d *approvals.Directory) { d.Doors[0].Property = "prop-none" }},
		{"door assigned to partner not enabled", func(d *approvals.Directory) { d.Doors[0].Partner = "p-acme" }},
		{"bad door kind", func(d *approvals.Directory) { d.Doors[0].Kind = "garage" }},
		{"grant of unknown property", func(d *approvals.Directory) { d.Managers[0].Properties = []string{"prop-none"} }},
		{"managers differing in case", func(d *approvals.Directory) {
			m := d.Managers[0]
			m.Email = "MARIA@pines.example"
			d.Managers = append(d.Managers, m)
		}},
		{"enablement of unknown partner", func(d *approvals.Directory) {
			d.Enabled = append(d.Enabled, approvals.Enablement{Property: "prop-oaks", Partner: "p-none"})
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db, _ := openTest(t)
			old := testDirectory()
			update(t, db, func(tx approvals.Tx) error { return tx.ReplaceDirectory(old) })
			d := testDirectory()
			tt.modify(d)
			err := db.Update(t.Context(), func(tx approvals.Tx) error { return tx.ReplaceDirectory(d) })
			if code := approvals.ErrorCode(err); code != approvals.EINVALID {
				t.Errorf("error = %v (code %q), want EINVALID", err, code)
			}
			var got *approvals.Directory
			view(t, db, func(tx approvals.Tx) (err error) { got, err = tx.Directory(); return err })
			if !reflect.DeepEqual(got, old) {
				t.Errorf("directory changed by a refused load")
			}
		})
	}
}

func TestReloadKeepsHistory(t *testing.T) {
	db, p := openTest(t)
	update(t, db, func(tx approvals.Tx) error {
		if err := tx.ReplaceDirectory(testDirectory()); err != nil {
			return err
		}
		_, r := createMessageAndRequest(t, tx, "<a@x>", "add")
		r.PartnerID, r.PropertyID = "p-acme", "prop-pines"
		if err := tx.UpdateRequest(r); err != nil {
			return err
		}
		_, err := tx.Append(approvals.Entry{Kind: approvals.EntryDirectoryLoad, Data: []byte(`{}`)})
		return err
	})
	// The new directory drops p-acme and prop-pines.
	d := &approvals.Directory{
		Partners:   []approvals.Partner{{ID: "p-parcel", Name: "Parcel Pal"}},
		Portfolios: []approvals.Portfolio{{ID: "pf-east", Name: "Eastside Homes"}},
		Properties: []approvals.Property{{ID: "prop-oaks", Name: "The Oaks", Portfolio: "pf-east"}},
		Doors:      []approvals.Door{},
		Managers:   []approvals.Manager{},
	}
	update(t, db, func(tx approvals.Tx) error { return tx.ReplaceDirectory(d) })

	view(t, db, func(tx approvals.Tx) error {
		got, err := tx.Directory()
		if err != nil {
			return err
		}
		if !reflect.DeepEqual(got, d) {
			t.Errorf("Directory() = %+v, want %+v", got, d)
		}
		rs, err := tx.Requests(approvals.RequestFilter{PartnerID: "p-acme"})
		if err != nil {
			return err
		}
		if len(rs) != 1 || rs[0].PropertyID != "prop-pines" {
			t.Errorf("requests of p-acme after reload = %+v, want the one request", rs)
		}
		return nil
	})
	for table, want := range map[string]int{"messages": 1, "raw_messages": 1, "requests": 1, "ledger": 1} {
		if got := count(t, p, table); got != want {
			t.Errorf("%s rows = %d, want %d", table, got, want)
		}
	}
}
