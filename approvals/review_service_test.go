package approvals_test

import (
	"slices"
	"testing"
	"time"

	"intake/approvals"
	"intake/parser"
)

func TestApprove(t *testing.T) {
	e := newEnv(t, approvals.PolicyReview)
	m := e.mail("maria@pines.example", add("Parcel Pal", "The Pines"))
	m.Identity.Authenticated = false
	r := e.one(m)
	if r.Reason != approvals.ReasonUnauthenticatedSender {
		t.Fatalf("reason = %s", r.Reason)
	}
	_, err := e.svc.Approve(e.ctx, r.ID, "", "")
	wantCode(t, err, approvals.EINVALID)
	got, err := e.svc.Approve(e.ctx, r.ID, "ann@door.com", "phoned Maria")
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != approvals.StatusApplied || got.Note != "phoned Maria" {
		t.Errorf("approved = %s note %q, want applied", got.Status, got.Note)
	}
	_, err = e.svc.Approve(e.ctx, r.ID, "ann@door.com", "")
	wantCode(t, err, approvals.ECONFLICT)
	_, err = e.svc.Approve(e.ctx, "r-999999", "ann@door.com", "")
	wantCode(t, err, approvals.ENOTFOUND)

	rm := e.one(e.mail("maria@pines.example", remove("Acme", "The Pines")))
	if rm.Status != approvals.StatusWaiting {
		t.Fatalf("remove = %s, want waiting", rm.Status)
	}
	_, err = e.svc.Approve(e.ctx, rm.ID, "ann@door.com", "")
	wantCode(t, err, approvals.ECONFLICT)

	bad := e.mail("maria@pines.example", remove("Acme", "The Pines"))
	bad.Date = time.Time{}
	stale := e.one(bad)
	if stale.Reason != approvals.ReasonStaleMessage {
		t.Fatalf("reason = %s", stale.Reason)
	}
	got, err = e.svc.Approve(e.ctx, stale.ID, "ann@door.com", "")
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != approvals.StatusWaiting {
		t.Errorf("approved removal = %s, want waiting: approval never bypasses the door rule", got.Status)
	}
	e.mustUnassign("d-pines-main", "d-pines-garage")
	if got := e.request(stale.ID); got.Status != approvals.StatusApplied {
		t.Errorf("approved removal after doors freed = %s, want applied", got.Status)
	}
	if got := e.request(rm.ID); got.Status != approvals.StatusPending || got.Reason != approvals.ReasonReviewRequired {
		t.Errorf("unapproved removal after doors freed = %s/%s, want pending/review_required", got.Status, got.Reason)
	}
	e.verify()
}

func TestApproveUnresolvedRefused(t *testing.T) {
	e := newEnv(t, "")
	r := e.one(e.mail("maria@pines.example", add("Parcel Pall", "The Pines")))
	_, err := e.svc.Approve(e.ctx, r.ID, "ann@door.com", "")
	wantCode(t, err, approvals.ECONFLICT)
	if got := e.request(r.ID); got.Status != approvals.StatusPending {
		t.Errorf("status = %s, want pending", got.Status)
	}
}

func TestReject(t *testing.T) {
	e := newEnv(t, "")
	r := e.one(e.mail("maria@pines.example", add("Parcel Pall", "The Pines")))
	_, err := e.svc.Reject(e.ctx, r.ID, "ann@door.com", "  ")
	wantCode(t, err, approvals.EINVALID)
	got, err := e.svc.Reject(e.ctx, r.ID, "ann@door.com", "not ours")
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != approvals.StatusRejected || got.Note != "not ours" || got.Reason != approvals.ReasonUnknownPartner {
		t.Errorf("rejected = %s/%s note %q", got.Status, got.Reason, got.Note)
	}
	w := e.one(e.mail("maria@pines.example", remove("Acme", "The Pines")))
	if _, err := e.svc.Reject(e.ctx, w.ID, "ann@door.com", "changed their mind"); err != nil {
		t.Errorf("reject waiting: %v", err)
	}
	e.mustUnassign("d-pines-main", "d-pines-garage")
	if got := e.enabled("prop-pines"); !slices.Equal(got, []string{"p-acme"}) {
		t.Errorf("a rejected removal was applied: enabled = %v", got)
	}
	e.verify()
}

func TestResolve(t *testing.T) {
	e := newEnv(t, "")
	r := e.one(e.mail("maria@pines.example", add("Parcel Pall", "The Pines")))
	_, err := e.svc.Resolve(e.ctx, r.ID, "ann@door.com", "p-nope", "")
	wantCode(t, err, approvals.ENOTFOUND)
	_, err = e.svc.Resolve(e.ctx, r.ID, "ann@door.com", "", "")
	wantCode(t, err, approvals.EINVALID)
	got, err := e.svc.Resolve(e.ctx, r.ID, "ann@door.com", "p-parcel", "")
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != approvals.StatusApplied || got.PartnerID != "p-parcel" {
		t.Errorf("resolved = %s partner %q, want applied p-parcel", got.Status, got.PartnerID)
	}

	m := e.mail("olu@westside.example", parser.Statement{Action: parser.ActionAdd, Splits: []parser.Split{
		{Partners: []string{"Parcel Pal"}, Properties: []string{"Gateway to the West Lofts"}},
		{Partners: []string{"Parcel Pal", "Gateway"}, Properties: []string{"The West Lofts"}},
	}})
	m.Identity.Authenticated = false
	amb := e.one(m)
	if amb.Reason != approvals.ReasonUnauthenticatedSender {
		t.Fatalf("reason = %s", amb.Reason)
	}
	got, err = e.svc.Resolve(e.ctx, amb.ID, "ann@door.com", "p-parcel", "prop-gateway")
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != approvals.StatusPending || got.Reason != approvals.ReasonUnauthenticatedSender ||
		got.PropertyID != "prop-gateway" {
		t.Errorf("resolved unauthenticated = %s/%s %q, want pending/unauthenticated_sender prop-gateway", got.Status, got.Reason, got.PropertyID)
	}
	got, err = e.svc.Approve(e.ctx, amb.ID, "ann@door.com", "confirmed by phone")
	if err != nil || got.Status != approvals.StatusApplied {
		t.Errorf("approve after resolve = %v, %v", got, err)
	}
	e.verify()
}

func TestQueueAndShow(t *testing.T) {
	e := newEnv(t, "")
	e.one(e.mail("maria@pines.example", add("Parcel Pal", "The Pines")))
	p := e.one(e.mail("maria@pines.example", add("Parcel Pall", "The Pines")))
	w := e.one(e.mail("maria@pines.example", remove("Acme", "The Pines")))
	q, err := e.svc.Queue(e.ctx, approvals.RequestFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, it := range q {
		ids = append(ids, it.ID)
	}
	if !slices.Equal(ids, []string{p.ID, w.ID}) {
		t.Errorf("queue = %v, want [%s %s]", ids, p.ID, w.ID)
	}
	if q[0].MessageID != "msg-2@test.example" || q[0].Sender != "maria@pines.example" || q[0].Partner != "Parcel Pall" {
		t.Errorf("queue item = %+v", q[0])
	}
	q, err = e.svc.Queue(e.ctx, approvals.RequestFilter{Reason: approvals.ReasonPartnerAssignedToDoors, Status: []approvals.Status{approvals.StatusWaiting}})
	if err != nil || len(q) != 1 || q[0].ID != w.ID {
		t.Errorf("filtered queue = %+v, %v", q, err)
	}
	d, err := e.svc.Show(e.ctx, w.ID)
	if err != nil {
		t.Fatal(err)
	}
	if d.Message.MessageID != "msg-3@test.example" || len(d.Request.Checks) == 0 {
		t.Errorf("detail = %+v", d)
	}
	_, err = e.svc.Show(e.ctx, "r-999999")
	wantCode(t, err, approvals.ENOTFOUND)
}
