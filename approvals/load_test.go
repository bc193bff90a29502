package approvals_test

import (
	"strings"
	"testing"

	"intake/approvals"
)

// loadedDirectory returns the directory newEnv loads, to change and load again.
func (e *env) loadedDirectory() *approvals.Directory {
	e.t.Helper()
	d, err := approvals.DecodeDirectory(strings.NewReader(directoryJSON))
	if err != nil {
		e.t.Fatal(err)
	}
	return d
}

func (e *env) ledgerLen() int {
	e.t.Helper()
	es, err := e.db.Entries(e.ctx, 0, 1<<30)
	if err != nil {
		e.t.Fatal(err)
	}
	return len(es)
}

func kindOf(res *approvals.LoadResult, kind string) approvals.KindChanges {
	for _, k := range res.Kinds {
		if k.Kind == kind {
			return k
		}
	}
	return approvals.KindChanges{}
}

func TestLoadDryRunWritesNothing(t *testing.T) {
	e := newEnv(t, "")
	d := e.loadedDirectory()
	d.Partners = append(d.Partners, approvals.Partner{ID: "p-new", Name: "Newco"})
	d.Properties[1].Name = "Oak Court East"
	before := e.ledgerLen()
	res, err := e.svc.LoadDirectoryWith(e.ctx, d, approvals.LoadOptions{DryRun: true})
	if err != nil {
		t.Fatal(err)
	}
	if !res.DryRun || !res.Changed || len(res.Changes) != 2 {
		t.Errorf("result = %+v, want a dry run with 2 changes", res)
	}
	if got, want := kindOf(res, "partner"), (approvals.KindChanges{Kind: "partner", Before: 3, Added: 1}); got != want {
		t.Errorf("partner counts = %+v, want %+v", got, want)
	}
	if got, want := kindOf(res, "property"), (approvals.KindChanges{Kind: "property", Before: 5, Changed: 1}); got != want {
		t.Errorf("property counts = %+v, want %+v", got, want)
	}
	if got := e.ledgerLen(); got != before {
		t.Errorf("ledger has %d entries after a dry run, want %d", got, before)
	}
	err = e.db.View(e.ctx, func(tx approvals.Tx) error {
		_, err := tx.Partner("p-new")
		return err
	})
	if approvals.ErrorCode(err) != approvals.ENOTFOUND {
		t.Errorf("partner p-new after a dry run: err = %v, want not found", err)
	}
}

func TestLoadRefusesLargeRemovals(t *testing.T) {
	tests := []struct {
		name   string
		change func(d *approvals.Directory)
		opt    approvals.LoadOptions
		want   string // "" for a load that goes through
	}{
		{"empty export", func(d *approvals.Directory) { *d = approvals.Directory{} }, approvals.LoadOptions{},
			"the load removes every partner entry (3 of 3); refused without force"},
		{"every door", func(d *approvals.Directory) { d.Doors = nil }, approvals.LoadOptions{MaxRemoval: 1},
			"the load removes every door entry (3 of 3); refused without force"},
		{"one of five properties", func(d *approvals.Directory) { d.Properties = append(d.Properties[:3], d.Properties[4]) }, approvals.LoadOptions{}, ""},
		{"two of five properties", func(d *approvals.Directory) {
			d.Properties = append(d.Properties[:2], d.Properties[4])
		}, approvals.LoadOptions{}, "the load removes 2 of 5 property entries, more than 20%; refused without force"},
		{"two of five properties under 50%", func(d *approvals.Directory) {
			d.Properties = append(d.Properties[:2], d.Properties[4])
		}, approvals.LoadOptions{MaxRemoval: 0.5}, ""},
		{"empty export forced", func(d *approvals.Directory) { *d = approvals.Directory{} }, approvals.LoadOptions{Force: true}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, "")
			d := e.loadedDirectory()
			tt.change(d)
			before := e.ledgerLen()
			_, err := e.svc.LoadDirectoryWith(e.ctx, d, tt.opt)
			if tt.want == "" {
				if err != nil {
					t.Fatalf("load: %v", err)
				}
				return
			}
			wantCode(t, err, approvals.ECONFLICT)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want %q", err, tt.want)
			}
			if got := e.ledgerLen(); got != before {
				t.Errorf("ledger has %d entries after a refused load, want %d", got, before)
			}
		})
	}
}

func TestLoadKeepsDoorState(t *testing.T) {
	e := newEnv(t, "")
	if _, err := e.svc.UnassignDoor(e.ctx, "d-pines-garage", ""); err != nil {
		t.Fatal(err)
	}
	// The export does not carry the awaiting state: reloading it keeps it.
	d := e.loadedDirectory()
	d.Doors[1].Partner = ""
	res, err := e.svc.LoadDirectory(e.ctx, d, "")
	if err != nil {
		t.Fatal(err)
	}
	if res.Changed {
		t.Errorf("reload changed %v, want nothing", res.Changes)
	}
	if got := e.door("d-pines-garage"); !got.AwaitingUpdate {
		t.Errorf("door after reload = %+v, want awaiting its update", got)
	}

	// A load that unassigns an unconnected door marks it awaiting; a
	// connected one does not.
	e2 := newEnv(t, "")
	d = e2.loadedDirectory()
	d.Doors[0].Partner, d.Doors[1].Partner = "", ""
	if _, err := e2.svc.LoadDirectory(e2.ctx, d, ""); err != nil {
		t.Fatal(err)
	}
	if got := e2.door("d-pines-garage"); !got.AwaitingUpdate {
		t.Errorf("unconnected door unassigned by a load = %+v, want awaiting its update", got)
	}
	if got := e2.door("d-pines-main"); got.AwaitingUpdate {
		t.Errorf("connected door unassigned by a load = %+v, want not awaiting", got)
	}
	e2.verify()
	e.verify()
}

func (e *env) door(id string) approvals.Door {
	e.t.Helper()
	var d *approvals.Door
	err := e.db.View(e.ctx, func(tx approvals.Tx) error {
		var err error
		d, err = tx.Door(id)
		return err
	})
	if err != nil {
		e.t.Fatal(err)
	}
	return *d
}
