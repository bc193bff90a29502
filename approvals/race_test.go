package approvals_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"intake/approvals"
	"intake/store"
)

// TestConcurrentReviewActions: two staff act on one pending request at
// once, through two database handles on one real file as two processes
// would. Exactly one action takes effect; the other gets an
// AlreadyDecidedError naming who decided the request and when, and
// changes nothing.
func TestConcurrentReviewActions(t *testing.T) {
	type act func(svc *approvals.Service, ctx context.Context, id, actor string) (*approvals.Request, error)
	approve := func(svc *approvals.Service, ctx context.Context, id, actor string) (*approvals.Request, error) {
		return svc.Approve(ctx, id, actor, "")
	}
	reject := func(svc *approvals.Service, ctx context.Context, id, actor string) (*approvals.Request, error) {
		return svc.Reject(ctx, id, actor, "not now")
	}
	create := func(svc *approvals.Service, ctx context.Context, id, actor string) (*approvals.Request, error) {
		return svc.Create(ctx, id, actor, approvals.NewRequest{Action: approvals.ActionAdd, PartnerID: "p-parcel", PropertyID: "prop-pines"})
	}
	tests := []struct {
		name   string
		item   bool // act on a no_request item instead of a request
		a, b   act
		states []approvals.Status // the statuses the winner may leave
	}{
		{"approve and approve", false, approve, approve, []approvals.Status{approvals.StatusApplied}},
		{"approve and reject", false, approve, reject, []approvals.Status{approvals.StatusApplied, approvals.StatusRejected}},
		{"reject and reject", false, reject, reject, []approvals.Status{approvals.StatusRejected}},
		{"create and create", true, create, create, []approvals.Status{approvals.StatusRejected}},
		{"create and reject", true, create, reject, []approvals.Status{approvals.StatusRejected}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, approvals.PolicyReview)
			e.putStaff("bob@door.com", true)
			// A fresh pending item each round; olu may ask for every
			// property of the portfolio.
			properties := []string{"The Pines", "Oak Court", "The West Lofts", "Gateway to the West Lofts"}
			newItem := func(round int) string {
				if tt.item {
					return e.receive(e.mail("olu@westside.example")).Requests[0].ID
				}
				return e.one(e.mail("olu@westside.example", add("Parcel Pal", properties[round]))).ID
			}
			// A second handle on the same file: the other "process".
			db2, err := store.Open(e.path, store.CreateIfMissing())
			if err != nil {
				t.Fatal(err)
			}
			defer db2.Close()
			svcs := []*approvals.Service{e.svc, approvals.NewService(db2, approvals.Config{Policy: approvals.PolicyReview, Now: e.clock})}
			acts, actors := []act{tt.a, tt.b}, []string{reviewer, "bob@door.com"}
			for round := range properties {
				id := newItem(round)
				errs := make([]error, 2)
				var start, done sync.WaitGroup
				start.Add(1)
				for i := range 2 {
					done.Add(1)
					go func() {
						defer done.Done()
						start.Wait()
						_, errs[i] = acts[i](svcs[i], e.ctx, id, actors[i])
					}()
				}
				start.Done()
				done.Wait()
				winner := -1
				for i, err := range errs {
					if err == nil {
						if winner >= 0 {
							t.Fatalf("round %d: both actions took effect", round)
						}
						winner = i
					}
				}
				if winner < 0 {
					t.Fatalf("round %d: neither action took effect: %v; %v", round, errs[0], errs[1])
				}
				var ad *approvals.AlreadyDecidedError
				if !errors.As(errs[1-winner], &ad) {
					t.Fatalf("round %d: loser error = %v, want AlreadyDecidedError", round, errs[1-winner])
				}
				got := e.request(id)
				if ad.Request != id || ad.By != "staff:"+actors[winner] || !ad.At.Equal(got.DecidedAt) || ad.Status != got.Status {
					t.Errorf("round %d: loser saw %+v, want decided %s by staff:%s at %s", round, ad, got.Status, actors[winner], got.DecidedAt)
				}
				if got.DecidedBy != "staff:"+actors[winner] || !okStatus(got.Status, tt.states) {
					t.Errorf("round %d: request %s by %s, want one of %v by staff:%s", round, got.Status, got.DecidedBy, tt.states, actors[winner])
				}
				if approvals.ErrorCode(ad) != approvals.ECONFLICT {
					t.Errorf("AlreadyDecidedError code = %s, want conflict", approvals.ErrorCode(ad))
				}
			}
			e.verify()
		})
	}
}

func okStatus(s approvals.Status, want []approvals.Status) bool {
	for _, w := range want {
		if s == w {
			return true
		}
	}
	return false
}

// TestAlreadyDecidedMessage: the error says who, when and what.
func TestAlreadyDecidedMessage(t *testing.T) {
	err := &approvals.AlreadyDecidedError{Request: "r-000001", Status: approvals.StatusApplied,
		By: "staff:ann@door.com", At: time.Date(2025, 3, 10, 12, 0, 0, 0, time.UTC)}
	want := "r-000001 was already decided: applied by staff:ann@door.com at 2025-03-10T12:00:00Z"
	if err.Error() != want {
		t.Errorf("Error() = %q, want %q", err.Error(), want)
	}
}

// TestRejectSeenRefusesAChangedStatus: staff A approves a pending removal,
// which then waits for its doors; staff B, who saw it pending, rejects it.
// Reject alone would take effect on the waiting request as well, so that
// both actions would; RejectSeen with the status B saw refuses, naming A,
// and changes nothing. Run at once, through two handles on one file,
// exactly one of the two takes effect.
func TestRejectSeenRefusesAChangedStatus(t *testing.T) {
	e := newEnv(t, "")
	e.putStaff("bob@door.com", true)
	// A removal from an unproven sender waits for staff; approved, it
	// waits for the doors still assigned to Acme at The Pines.
	pendingRemoval := func() approvals.Request {
		m := e.mail("maria@pines.example", remove("Acme", "The Pines"))
		m.Identity.Authenticated = false
		return e.one(m)
	}
	r := pendingRemoval()
	if r.Status != approvals.StatusPending {
		t.Fatalf("status = %s, want pending", r.Status)
	}
	if got, err := e.svc.Approve(e.ctx, r.ID, reviewer, ""); err != nil || got.Status != approvals.StatusWaiting {
		t.Fatalf("approve: %v, %v; want waiting for the doors", got, err)
	}
	_, err := e.svc.RejectSeen(e.ctx, r.ID, "bob@door.com", "not now", approvals.StatusPending)
	var ad *approvals.AlreadyDecidedError
	if !errors.As(err, &ad) || ad.By != "staff:"+reviewer || ad.Status != approvals.StatusWaiting {
		t.Fatalf("reject as seen pending: %v, want AlreadyDecidedError naming staff:%s and waiting", err, reviewer)
	}
	if got := e.request(r.ID); got.Status != approvals.StatusWaiting {
		t.Errorf("after the refused reject: %s, want still waiting", got.Status)
	}
	if _, err := e.svc.RejectSeen(e.ctx, r.ID, "bob@door.com", "cancelled by phone", approvals.StatusWaiting); err != nil {
		t.Errorf("reject as seen waiting: %v, want it to take effect", err)
	}

	// At once: a fresh pending removal, approved by one handle and
	// rejected as seen pending by the other.
	db2, err := store.Open(e.path, store.CreateIfMissing())
	if err != nil {
		t.Fatal(err)
	}
	defer db2.Close()
	other := approvals.NewService(db2, approvals.Config{Now: e.clock})
	for round := range 4 {
		id := pendingRemoval().ID
		errs := make([]error, 2)
		var start, done sync.WaitGroup
		start.Add(1)
		done.Add(2)
		go func() {
			defer done.Done()
			start.Wait()
			_, errs[0] = e.svc.Approve(e.ctx, id, reviewer, "")
		}()
		go func() {
			defer done.Done()
			start.Wait()
			_, errs[1] = other.RejectSeen(e.ctx, id, "bob@door.com", "not now", approvals.StatusPending)
		}()
		start.Done()
		done.Wait()
		if (errs[0] == nil) == (errs[1] == nil) {
			t.Fatalf("round %d: approve %v, reject %v; want exactly one to take effect", round, errs[0], errs[1])
		}
		if got := e.request(id); (errs[0] == nil) != (got.Status == approvals.StatusWaiting) {
			t.Errorf("round %d: request %s after approve %v, reject %v", round, got.Status, errs[0], errs[1])
		}
	}
	e.verify()
}
