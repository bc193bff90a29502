package approvals_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"intake/approvals"
)

func TestApplySettings(t *testing.T) {
	e := newEnv(t, "")
	got, err := approvals.StoredSettings(e.ctx, e.db)
	if err != nil || got != nil {
		t.Fatalf("StoredSettings of a new database = %v, %v; want none", got, err)
	}
	first := approvals.Settings{Policy: approvals.PolicyReview, RemovalWait: time.Hour,
		Addresses: []string{"B@door.com", "a@door.com", "b@door.com"}}
	old, changed, err := e.svc.ApplySettings(e.ctx, first, "operator")
	if err != nil || old != nil || !changed {
		t.Fatalf("first ApplySettings = %v, %v, %v; want no old settings, changed", old, changed, err)
	}
	want := approvals.Settings{Policy: approvals.PolicyReview, RemovalWait: time.Hour, Addresses: []string{"a@door.com", "b@door.com"}}
	got, err = approvals.StoredSettings(e.ctx, e.db)
	if err != nil || got == nil || !got.Equal(want) || got.Addresses[0] != "a@door.com" {
		t.Fatalf("stored = %+v, %v; want %+v", got, err, want)
	}
	before := e.ledgerLen()
	if _, changed, err := e.svc.ApplySettings(e.ctx, want, "operator"); err != nil || changed {
		t.Errorf("ApplySettings of the settings in place: changed %v, %v; want nothing written", changed, err)
	}
	if n := e.ledgerLen(); n != before {
		t.Errorf("ledger grew from %d to %d on an unchanged apply", before, n)
	}
	old, changed, err = e.svc.ApplySettings(e.ctx, approvals.Settings{Policy: approvals.PolicyAuto}, "staff:ann@door.com")
	if err != nil || !changed || old == nil || !old.Equal(want) {
		t.Fatalf("second ApplySettings = %+v, %v, %v; want the first settings replaced", old, changed, err)
	}
	es, err := e.db.Entries(e.ctx, 0, 1<<30)
	if err != nil {
		t.Fatal(err)
	}
	last := es[len(es)-1]
	var ch approvals.SettingsChange
	if err := json.Unmarshal(last.Data, &ch); err != nil {
		t.Fatal(err)
	}
	if last.Kind != approvals.EntrySettingsChanged || last.Actor != "staff:ann@door.com" || ch.Old == nil || !ch.Old.Equal(want) ||
		!ch.New.Equal(approvals.Settings{Policy: approvals.PolicyAuto, RemovalWait: approvals.DefaultRemovalWait}) {
		t.Errorf("last entry = %s %s %s, want settings.changed from the first settings to auto", last.Kind, last.Actor, last.Data)
	}
	e.verify()
}

func TestConfigWithSettings(t *testing.T) {
	c := approvals.Config{Policy: approvals.PolicyAuto, Addresses: []string{"x@door.com"}, MaxAge: time.Hour}
	s := approvals.Settings{Policy: approvals.PolicyReview, RemovalWait: 2 * time.Hour, Addresses: []string{"y@door.com"}}
	got := c.WithSettings(s)
	if !got.Settings().Equal(s) || got.MaxAge != time.Hour {
		t.Errorf("WithSettings = %+v, want the settings of %+v and the rest of c", got, s)
	}
}

// applySettings stores set as the database's settings, as `intake config
// apply` does from another process.
func (e *env) applySettings(set approvals.Settings) {
	e.t.Helper()
	other := approvals.NewService(e.db, approvals.Config{Now: e.clock})
	if _, _, err := other.ApplySettings(e.ctx, set, approvals.ActorOperator); err != nil {
		e.t.Fatalf("apply settings: %v", err)
	}
}

func TestStoredPolicyDecides(t *testing.T) {
	e := newEnv(t, approvals.PolicyAuto)
	e.applySettings(approvals.Settings{Policy: approvals.PolicyReview, Addresses: []string{inbox}})
	r := e.one(e.mail("maria@pines.example", add("Parcel Pal", "The Pines")))
	if r.Status != approvals.StatusPending || r.Reason != approvals.ReasonReviewRequired {
		t.Errorf("under a stored review policy on an auto Service: %s/%s, want pending/review_required", r.Status, r.Reason)
	}

	e.applySettings(approvals.Settings{Policy: approvals.PolicyAuto, Addresses: []string{inbox}})
	r = e.one(e.mail("maria@pines.example", add("Acme", "Oak Court")))
	if r.Status == approvals.StatusPending && r.Reason == approvals.ReasonReviewRequired {
		t.Errorf("after the stored policy became auto: still review_required")
	}
	e.verify()
}

func TestStoredSettingsChangeBetweenReceives(t *testing.T) {
	e := newEnv(t, approvals.PolicyAuto)
	if r := e.one(e.mail("maria@pines.example", add("Parcel Pal", "The Pines"))); r.Status != approvals.StatusApplied {
		t.Fatalf("first request under auto = %s/%s, want applied", r.Status, r.Reason)
	}
	e.applySettings(approvals.Settings{Policy: approvals.PolicyReview, Addresses: []string{inbox}})
	r := e.one(e.mail("maria@pines.example", remove("Parcel Pal", "The Pines")))
	if r.Status != approvals.StatusPending || r.Reason != approvals.ReasonReviewRequired {
		t.Errorf("second request after the stored policy became review = %s/%s, want pending/review_required", r.Status, r.Reason)
	}

	// The inbox's addresses too: a message from an address stored as the
	// inbox's own is ignored, and a request to an address no longer stored
	// fails the addressing check.
	e.applySettings(approvals.Settings{Policy: approvals.PolicyAuto, Addresses: []string{"maria@pines.example"}})
	res := e.receive(e.mail("maria@pines.example", add("Acme", "The Pines")))
	if res.Message.Outcome != approvals.OutcomeIgnored {
		t.Errorf("a message from a stored own address: outcome %s, want ignored", res.Message.Outcome)
	}
	r = e.one(e.mail("olu@oak.example", add("Parcel Pal", "Oak Court")))
	if r.Status != approvals.StatusPending || r.Reason != approvals.ReasonNotAddressedToInbox {
		t.Errorf("a request to an address no longer stored = %s/%s, want pending/not_addressed_to_inbox", r.Status, r.Reason)
	}
	e.verify()
}

func TestStoredRemovalWaitExpires(t *testing.T) {
	e := newEnv(t, "")
	r := e.one(e.mail("maria@pines.example", remove("Acme", "The Pines")))
	if r.Status != approvals.StatusWaiting {
		t.Fatalf("status = %s, want waiting", r.Status)
	}
	e.now = e.now.Add(2 * time.Hour)
	if n, err := e.svc.ExpireWaiting(e.ctx); err != nil || n != 0 {
		t.Fatalf("ExpireWaiting under the configured 336h wait = %d, %v; want 0", n, err)
	}
	if d := e.svc.Deadline(&r); !d.Equal(r.DecidedAt.Add(approvals.DefaultRemovalWait)) {
		t.Errorf("Deadline = %s, want the configured wait after %s", d, r.DecidedAt)
	}
	e.applySettings(approvals.Settings{Policy: approvals.PolicyAuto, RemovalWait: time.Hour, Addresses: []string{inbox}})
	if d := e.svc.Deadline(&r); !d.Equal(r.DecidedAt.Add(time.Hour)) {
		t.Errorf("Deadline = %s, want the stored 1h after %s", d, r.DecidedAt)
	}
	items, err := e.svc.Queue(e.ctx, approvals.RequestFilter{})
	if err != nil || len(items) != 1 || items[0].Deadline == nil || !items[0].Deadline.Equal(r.DecidedAt.Add(time.Hour)) {
		t.Errorf("Queue = %+v, %v; want one item with the stored deadline", items, err)
	}
	if n, err := e.svc.ExpireWaiting(e.ctx); err != nil || n != 1 {
		t.Fatalf("ExpireWaiting under the stored 1h wait = %d, %v; want 1", n, err)
	}
	got := e.request(r.ID)
	if got.Status != approvals.StatusExpired || !strings.Contains(got.Checks[len(got.Checks)-1].Detail, "workflow.removal_wait 1h0m0s") {
		t.Errorf("request = %s, last check %+v; want expired naming the stored 1h wait", got.Status, got.Checks[len(got.Checks)-1])
	}
	e.verify()
}
