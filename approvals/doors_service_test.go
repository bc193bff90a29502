package approvals_test

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"intake/approvals"
	"intake/store"
)

func TestWaitingRemovalReleasedByDoorEvents(t *testing.T) {
	e := newEnv(t, "")
	r := e.one(e.mail("maria@pines.example", remove("Acme", "The Pines")))
	if r.Status != approvals.StatusWaiting {
		t.Fatalf("status = %s, want waiting", r.Status)
	}
	_, err := e.svc.AssignDoor(e.ctx, "d-oak-lobby", "p-acme", "")
	wantCode(t, err, approvals.ECONFLICT)

	e.now = e.now.Add(time.Hour)
	res, err := e.svc.UnassignDoor(e.ctx, "d-pines-main", "")
	if err != nil {
		t.Fatal(err)
	}
	if got := e.request(r.ID); got.Status != approvals.StatusWaiting || !slices.Equal(got.Doors, []string{"d-pines-garage"}) {
		t.Errorf("after first door: %s doors %v, want waiting on d-pines-garage", got.Status, got.Doors)
	}
	if res.Door.AwaitingUpdate {
		t.Errorf("connected door awaits an update")
	}

	res, err = e.svc.UnassignDoor(e.ctx, "d-pines-garage", "staff:ann@door.com")
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Rechecked) != 1 || res.Rechecked[0].Status != approvals.StatusApplied {
		t.Fatalf("rechecked = %+v, want the removal applied", res.Rechecked)
	}
	if !res.Door.AwaitingUpdate {
		t.Errorf("unconnected door does not await an update")
	}
	if got := e.enabled("prop-pines"); len(got) != 0 {
		t.Errorf("enabled on prop-pines = %v, want none", got)
	}
	if res, err = e.svc.DoorSynced(e.ctx, "d-pines-garage", ""); err != nil || res.Door.AwaitingUpdate {
		t.Errorf("DoorSynced = %+v, %v", res, err)
	}
	_, err = e.svc.Reject(e.ctx, r.ID, "ann@door.com", "too late")
	wantCode(t, err, approvals.ECONFLICT)
	e.verify()
}

func TestWaitingRemovalExpires(t *testing.T) {
	t.Run("ExpireWaiting", func(t *testing.T) {
		e := newEnv(t, "")
		r := e.one(e.mail("maria@pines.example", remove("Acme", "The Pines")))
		e.now = e.now.Add(335 * time.Hour)
		if n, err := e.svc.ExpireWaiting(e.ctx); err != nil || n != 0 {
			t.Errorf("ExpireWaiting before the wait = %d, %v", n, err)
		}
		e.now = e.now.Add(2 * time.Hour)
		if n, err := e.svc.ExpireWaiting(e.ctx); err != nil || n != 1 {
			t.Errorf("ExpireWaiting = %d, %v; want 1", n, err)
		}
		if got := e.request(r.ID); got.Status != approvals.StatusExpired || got.Reason != approvals.ReasonPartnerAssignedToDoors {
			t.Errorf("request = %s/%s, want expired/partner_assigned_to_doors", got.Status, got.Reason)
		}
		e.verify()
	})
	t.Run("lazily on door event", func(t *testing.T) {
		e := newEnv(t, "")
		r := e.one(e.mail("maria@pines.example", remove("Acme", "The Pines")))
		e.now = e.now.Add(337 * time.Hour)
		e.mustUnassign("d-pines-main", "d-pines-garage")
		if got := e.request(r.ID); got.Status != approvals.StatusExpired {
			t.Errorf("status = %s, want expired", got.Status)
		}
		if got := e.enabled("prop-pines"); !slices.Equal(got, []string{"p-acme"}) {
			t.Errorf("enabled = %v, want p-acme still enabled", got)
		}
		e.verify()
	})
}

func (e *env) mustUnassign(doors ...string) {
	e.t.Helper()
	for _, d := range doors {
		if _, err := e.svc.UnassignDoor(e.ctx, d, ""); err != nil {
			e.t.Fatalf("UnassignDoor(%s): %v", d, err)
		}
	}
}

// TestLoadDirectoryFirst checks that the first load into an empty
// database is reported as such, without a change list.
func TestLoadDirectoryFirst(t *testing.T) {
	db, err := store.Open(filepath.Join(t.TempDir(), "intake.db"), store.CreateIfMissing())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	svc := approvals.NewService(db, approvals.Config{})
	d, err := approvals.DecodeDirectory(strings.NewReader(directoryJSON))
	if err != nil {
		t.Fatal(err)
	}
	res, err := svc.LoadDirectory(context.Background(), d, "")
	if err != nil || !res.Changed || !res.First || res.Changes != nil {
		t.Errorf("first load = %+v, %v; want changed, first, no change list", res, err)
	}
}

func TestLoadDirectory(t *testing.T) {
	e := newEnv(t, "")
	w := e.one(e.mail("maria@pines.example", remove("Acme", "The Pines")))
	d, err := approvals.DecodeDirectory(strings.NewReader(directoryJSON))
	if err != nil {
		t.Fatal(err)
	}
	res, err := e.svc.LoadDirectory(e.ctx, d, "")
	if err != nil || res.Changed || res.Changes != nil {
		t.Errorf("same directory again = %+v, %v; want unchanged", res, err)
	}
	bad := *d
	bad.Doors = append(slices.Clone(d.Doors), approvals.Door{ID: "d-x", Property: "prop-oak", Name: "X", Kind: "gate"})
	_, err = e.svc.LoadDirectory(e.ctx, &bad, "")
	wantCode(t, err, approvals.EINVALID)

	freed := *d
	freed.Doors = slices.Clone(d.Doors)
	freed.Doors[0].Partner, freed.Doors[1].Partner = "", ""
	res, err = e.svc.LoadDirectory(e.ctx, &freed, "")
	if err != nil || !res.Changed || len(res.Rechecked) != 1 {
		t.Fatalf("reload = %+v, %v; want the waiting removal rechecked", res, err)
	}
	if res.First || len(res.Changes) != 2 || !strings.HasPrefix(res.Changes[0], "door ") ||
		!strings.Contains(res.Changes[0], "loaded") || !strings.Contains(res.Changes[0], "previous") {
		t.Errorf("reload changes = %q (first %v), want the two freed doors, loaded against previous", res.Changes, res.First)
	}
	if got := e.request(w.ID); got.Status != approvals.StatusApplied {
		t.Errorf("waiting removal after reload = %s, want applied", got.Status)
	}
	e.verify()
}

func TestPartners(t *testing.T) {
	e := newEnv(t, "")
	e.one(e.mail("maria@pines.example", add("Parcel Pal", "Pines Apartments")))
	all, err := e.svc.Partners(e.ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 5 || all[0].Property != "Gateway to the West Lofts" || all[0].Partners == nil {
		t.Errorf("partners = %+v", all)
	}
	if got := e.enabled("The Pines"); !slices.Equal(got, []string{"p-acme", "p-parcel"}) {
		t.Errorf("partners of The Pines = %v", got)
	}
	_, err = e.svc.Partners(e.ctx, "Nowhere")
	wantCode(t, err, approvals.ENOTFOUND)
}
