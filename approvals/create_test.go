package approvals_test

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"intake/approvals"
	"intake/parser"
)

func TestCreateFromNoRequest(t *testing.T) {
	e := newEnv(t, "")
	m := e.mail("maria@pines.example")
	m.Identity.Authenticated = false
	item := e.receive(m).Requests[0]
	if !item.IsMessageItem() || !hasCheck(item, approvals.CheckIdentity) {
		t.Fatalf("no_request item %+v: want a message item with the message checks", item)
	}
	nr := approvals.NewRequest{Action: approvals.ActionAdd, PartnerID: "p-parcel", PropertyID: "prop-pines", Note: "she wrote it in the subject"}
	for _, tt := range []struct {
		name string
		nr   approvals.NewRequest
		code string
	}{
		{"no action", approvals.NewRequest{PartnerID: "p-parcel", PropertyID: "prop-pines"}, approvals.EINVALID},
		{"unknown partner", approvals.NewRequest{Action: approvals.ActionAdd, PartnerID: "p-nope", PropertyID: "prop-pines"}, approvals.ENOTFOUND},
		{"unknown property", approvals.NewRequest{Action: approvals.ActionAdd, PartnerID: "p-parcel", PropertyID: "prop-nope"}, approvals.ENOTFOUND},
	} {
		_, err := e.svc.Create(e.ctx, item.ID, reviewer, tt.nr)
		if approvals.ErrorCode(err) != tt.code {
			t.Errorf("%s: %v, want %s", tt.name, err, tt.code)
		}
	}
	r, err := e.svc.Create(e.ctx, item.ID, reviewer, nr)
	if err != nil {
		t.Fatal(err)
	}
	// Staff approval overrides the failed identity check, as Approve does.
	if r.Status != approvals.StatusApplied || r.MessageID != item.MessageID || r.Note != nr.Note || r.DecidedBy != "staff:"+reviewer {
		t.Errorf("created %+v, want applied on message %s by staff:%s", r, item.MessageID, reviewer)
	}
	if !hasCheck(*r, approvals.CheckApproval) || !hasCheck(*r, approvals.CheckIdentity) {
		t.Errorf("created request checks %+v: want the approval and the recorded identity check", r.Checks)
	}
	if got := e.enabled("prop-pines"); !slices.Contains(got, "p-parcel") {
		t.Errorf("enabled on prop-pines = %v, want p-parcel", got)
	}
	closed := e.request(item.ID)
	if closed.Status != approvals.StatusRejected || !strings.Contains(closed.Note, r.ID) {
		t.Errorf("source item %s note %q, want rejected naming %s", closed.Status, closed.Note, r.ID)
	}
	var ad *approvals.AlreadyDecidedError
	if _, err := e.svc.Create(e.ctx, item.ID, reviewer, nr); !errors.As(err, &ad) {
		t.Errorf("second Create: %v, want AlreadyDecidedError", err)
	}
	e.verify()
}

func TestCreateNeverBypassesDoors(t *testing.T) {
	e := newEnv(t, "")
	item := e.receive(e.mail("maria@pines.example")).Requests[0]
	r, err := e.svc.Create(e.ctx, item.ID, reviewer, approvals.NewRequest{Action: approvals.ActionRemove, PartnerID: "p-acme", PropertyID: "prop-pines"})
	if err != nil {
		t.Fatal(err)
	}
	if r.Status != approvals.StatusWaiting || r.Reason != approvals.ReasonPartnerAssignedToDoors {
		t.Errorf("created removal = %s/%s, want waiting for its doors", r.Status, r.Reason)
	}
	d, err := e.svc.Show(e.ctx, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	if want := r.DecidedAt.Add(approvals.DefaultRemovalWait); !d.Deadline.Equal(want) {
		t.Errorf("deadline = %s, want %s", d.Deadline, want)
	}
	// A sender without permission is still refused.
	item = e.receive(e.mail("hank@harbor.example")).Requests[0]
	r, err = e.svc.Create(e.ctx, item.ID, reviewer, approvals.NewRequest{Action: approvals.ActionAdd, PartnerID: "p-parcel", PropertyID: "prop-oak"})
	if err != nil || r.Status != approvals.StatusRejected || r.Reason != approvals.ReasonNoPermission {
		t.Errorf("created for a sender without permission = %+v, %v; want rejected no_permission", r, err)
	}
	e.verify()
}

func TestCreateRefusesOtherItems(t *testing.T) {
	e := newEnv(t, "")
	unknown := e.one(e.mail("maria@pines.example", add("Parcel Pall", "The Pines")))
	nr := approvals.NewRequest{Action: approvals.ActionAdd, PartnerID: "p-parcel", PropertyID: "prop-pines"}
	_, err := e.svc.Create(e.ctx, unknown.ID, reviewer, nr)
	wantCode(t, err, approvals.ECONFLICT)
	res, err := e.svc.Receive(e.ctx, approvals.Inbound{Raw: []byte("garbage"), ParseErr: errors.New("malformed"), ReceivedAt: e.now})
	if err != nil {
		t.Fatal(err)
	}
	_, err = e.svc.Create(e.ctx, res.Requests[0].ID, reviewer, nr)
	wantCode(t, err, approvals.ECONFLICT)
	_, err = e.svc.Create(e.ctx, "r-999999", reviewer, nr)
	wantCode(t, err, approvals.ENOTFOUND)
}

// TestBodyMismatchKeepsBothReadings: when text/plain and HTML name
// different requests, each reading becomes a pending body_mismatch
// request; staff approve one and reject, or create from, the other.
func TestBodyMismatchKeepsBothReadings(t *testing.T) {
	e := newEnv(t, "")
	m := e.mail("maria@pines.example", add("Parcel Pal", "The Pines"))
	m.Mismatch, m.HTML = true, &parser.Reading{Requests: []parser.Statement{add("Parcel Pal", "The Pines"), add("Acme", "Oak Court")}}
	res := e.receive(m)
	var got [][3]string
	for _, r := range res.Requests {
		got = append(got, [3]string{r.PartnerID, r.PropertyID, string(r.Status) + "/" + string(r.Reason)})
	}
	want := [][3]string{{"p-parcel", "prop-pines", "pending/body_mismatch"}, {"p-acme", "prop-oak", "pending/body_mismatch"}}
	if !slices.Equal(got, want) {
		t.Fatalf("requests = %v, want %v", got, want)
	}
	if _, err := e.svc.Approve(e.ctx, res.Requests[0].ID, reviewer, "plain is right"); err != nil {
		t.Fatal(err)
	}
	created, err := e.svc.Create(e.ctx, res.Requests[1].ID, reviewer,
		approvals.NewRequest{Action: approvals.ActionAdd, PartnerID: "p-gw", PropertyID: "prop-pines", Note: "phoned Maria"})
	if err != nil {
		t.Fatal(err)
	}
	if created.Status != approvals.StatusApplied {
		t.Errorf("created = %s/%s, want applied", created.Status, created.Reason)
	}
	if got := e.request(res.Requests[1].ID); got.Status != approvals.StatusRejected {
		t.Errorf("replaced reading = %s, want rejected", got.Status)
	}
	e.verify()
}

func TestQueueFilters(t *testing.T) {
	e := newEnv(t, approvals.PolicyReview)
	e.one(e.mail("maria@pines.example", add("Parcel Pal", "The Pines")))
	e.now = e.now.Add(48 * time.Hour)
	e.one(e.mail("Olu@Westside.example", add("Parcel Pal", "Oak Court")))
	e.receive(e.mail("maria@pines.example"))
	tests := []struct {
		name string
		f    approvals.RequestFilter
		want []string
	}{
		{"all", approvals.RequestFilter{}, []string{"r-000001", "r-000002", "r-000003"}},
		{"sender", approvals.RequestFilter{Sender: "OLU@westside.example"}, []string{"r-000002"}},
		{"sender domain", approvals.RequestFilter{Sender: "@pines.example"}, []string{"r-000001", "r-000003"}},
		{"sender domain wildcard is literal", approvals.RequestFilter{Sender: "@%"}, nil},
		{"since", approvals.RequestFilter{Since: e.now.Add(-time.Hour)}, []string{"r-000002", "r-000003"}},
		{"property", approvals.RequestFilter{PropertyID: "prop-oak"}, []string{"r-000002"}},
		{"no_request", approvals.RequestFilter{Outcome: approvals.OutcomeNoRequest}, []string{"r-000003"}},
		{"limit", approvals.RequestFilter{Limit: 2}, []string{"r-000001", "r-000002"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			items, err := e.svc.Queue(e.ctx, tt.f)
			if err != nil {
				t.Fatal(err)
			}
			var ids []string
			for _, it := range items {
				ids = append(ids, it.ID)
			}
			if !slices.Equal(ids, tt.want) {
				t.Errorf("ids = %v, want %v", ids, tt.want)
			}
		})
	}
}

func hasCheck(r approvals.Request, name string) bool {
	return slices.ContainsFunc(r.Checks, func(c approvals.Check) bool { return c.Name == name })
}
