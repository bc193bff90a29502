package approvals_test

import (
	"encoding/json"
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
