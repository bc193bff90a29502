package approvals_test

import (
	"errors"
	"strings"
	"sync"
	"testing"

	"intake/approvals"
)

// reviewer is the active staff account every env has.
const reviewer = "ann@door.com"

// testHash is one argon2id hash, made once: accounts put straight into
// the store share it so that tests do not pay argon2id for each.
var testHash = sync.OnceValue(func() string {
	h, err := approvals.HashPassword("correct horse battery")
	if err != nil {
		panic(err)
	}
	return h
})

// putStaff stores a staff account directly (no ledger entry).
func (e *env) putStaff(email string, active bool) {
	e.t.Helper()
	err := e.db.Update(e.ctx, func(tx approvals.Tx) error {
		return tx.PutStaff(&approvals.Staff{Email: email, Active: active, PasswordHash: testHash(),
			CreatedAt: e.now, UpdatedAt: e.now})
	})
	if err != nil {
		e.t.Fatalf("put staff %s: %v", email, err)
	}
}

func TestPasswordHash(t *testing.T) {
	h, err := approvals.HashPassword("correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=65536,t=3,p=2$") {
		t.Errorf("hash %q does not record the parameters", h)
	}
	if h2, _ := approvals.HashPassword("correct horse battery"); h2 == h {
		t.Error("two hashes of one password are equal: the salt is not random")
	}
	for _, tt := range []struct {
		password string
		want     bool
	}{{"correct horse battery", true}, {"correct horse batterY", false}, {"", false}} {
		ok, err := approvals.CheckPassword(h, tt.password)
		if err != nil || ok != tt.want {
			t.Errorf("CheckPassword(%q) = %v, %v, want %v", tt.password, ok, err, tt.want)
		}
	}
	// A hash with other parameters is checked with its own.
	parts := strings.Split(h, "$")
	for _, bad := range []string{"", "plain", "$argon2i$v=19$m=65536,t=3,p=2$" + parts[4] + "$" + parts[5],
		"$argon2id$v=18$m=65536,t=3,p=2$" + parts[4] + "$" + parts[5],
		"$argon2id$v=19$m=0,t=3,p=2$" + parts[4] + "$" + parts[5],
		"$argon2id$v=19$m=65536,t=3,p=2$!!$" + parts[5]} {
		if _, err := approvals.CheckPassword(bad, "correct horse battery"); err == nil {
			t.Errorf("CheckPassword(%q): no error", bad)
		}
	}
}

func TestStaffAccounts(t *testing.T) {
	e := newEnv(t, "")
	const pw = "a long enough secret"
	_, err := e.svc.AddStaff(e.ctx, approvals.ActorOperator, "Sam@Door.com", "short")
	wantCode(t, err, approvals.EINVALID)
	_, err = e.svc.AddStaff(e.ctx, approvals.ActorOperator, "not an address", pw)
	wantCode(t, err, approvals.EINVALID)
	st, err := e.svc.AddStaff(e.ctx, approvals.ActorOperator, "Sam@Door.com", pw)
	if err != nil {
		t.Fatal(err)
	}
	if st.Email != "sam@door.com" || !st.Active || st.CreatedAt.IsZero() {
		t.Errorf("added %+v", st)
	}
	_, err = e.svc.AddStaff(e.ctx, approvals.ActorOperator, "sam@door.com", pw)
	wantCode(t, err, approvals.ECONFLICT)

	if got, err := e.svc.VerifyStaff(e.ctx, "SAM@door.com", pw); err != nil || got.Email != "sam@door.com" {
		t.Errorf("VerifyStaff = %+v, %v", got, err)
	}
	if _, err := e.svc.ActiveStaff(e.ctx, "sam@door.com"); err != nil {
		t.Errorf("ActiveStaff: %v", err)
	}
	// A wrong password, an unknown account and a disabled account give
	// the same error.
	_, wrong := e.svc.VerifyStaff(e.ctx, "sam@door.com", pw+"!")
	_, unknown := e.svc.VerifyStaff(e.ctx, "nobody@door.com", pw)
	if _, err := e.svc.DisableStaff(e.ctx, approvals.ActorOperator, "sam@door.com"); err != nil {
		t.Fatal(err)
	}
	_, disabled := e.svc.VerifyStaff(e.ctx, "sam@door.com", pw)
	for _, err := range []error{wrong, unknown, disabled} {
		wantCode(t, err, approvals.EUNAUTHORIZED)
		if err == nil || err.Error() != wrong.Error() {
			t.Errorf("login error %v differs from %v", err, wrong)
		}
	}
	_, err = e.svc.ActiveStaff(e.ctx, "sam@door.com")
	wantCode(t, err, approvals.EUNAUTHORIZED)
	_, err = e.svc.DisableStaff(e.ctx, approvals.ActorOperator, "sam@door.com")
	wantCode(t, err, approvals.ECONFLICT)
	_, err = e.svc.DisableStaff(e.ctx, approvals.ActorOperator, "nobody@door.com")
	wantCode(t, err, approvals.ENOTFOUND)

	// A new password keeps the account disabled; adding it again
	// enables it with the password given then.
	if _, err := e.svc.SetStaffPassword(e.ctx, approvals.ActorOperator, "sam@door.com", "another long secret"); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.VerifyStaff(e.ctx, "sam@door.com", "another long secret"); err == nil {
		t.Error("a disabled account logged in after a password change")
	}
	if _, err := e.svc.AddStaff(e.ctx, approvals.ActorOperator, "sam@door.com", "a third long secret"); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.VerifyStaff(e.ctx, "sam@door.com", "a third long secret"); err != nil {
		t.Errorf("VerifyStaff after re-adding: %v", err)
	}
	_, err = e.svc.SetStaffPassword(e.ctx, approvals.ActorOperator, "nobody@door.com", pw)
	wantCode(t, err, approvals.ENOTFOUND)

	list, err := e.svc.StaffList(e.ctx)
	if err != nil || len(list) != 2 || list[0].Email != reviewer || list[1].Email != "sam@door.com" {
		t.Errorf("StaffList = %+v, %v", list, err)
	}
	entries, err := e.db.Entries(e.ctx, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for _, en := range entries {
		if strings.HasPrefix(string(en.Kind), "staff.") {
			kinds = append(kinds, string(en.Kind)+" "+en.Actor+" "+en.Subject)
		}
		for _, secret := range []string{"secret", "$argon2id", "short"} {
			if strings.Contains(string(en.Data), secret) {
				t.Errorf("ledger entry %d holds %q: %s", en.Seq, secret, en.Data)
			}
		}
	}
	want := []string{"staff.add operator staff:sam@door.com", "staff.disable operator staff:sam@door.com",
		"staff.password operator staff:sam@door.com", "staff.add operator staff:sam@door.com"}
	if strings.Join(kinds, "\n") != strings.Join(want, "\n") {
		t.Errorf("staff entries:\n%s\nwant:\n%s", strings.Join(kinds, "\n"), strings.Join(want, "\n"))
	}
	e.verify()
}

// TestReviewNeedsActiveStaff: every review action names an active staff
// account; an unknown or disabled one is refused and nothing changes.
func TestReviewNeedsActiveStaff(t *testing.T) {
	e := newEnv(t, approvals.PolicyReview)
	e.putStaff("gone@door.com", false)
	r := e.one(e.mail("maria@pines.example", add("Parcel Pal", "The Pines")))
	item := e.receive(e.mail("maria@pines.example")).Requests[0]
	actions := map[string]func(actor string) error{
		"approve": func(a string) error { _, err := e.svc.Approve(e.ctx, r.ID, a, ""); return err },
		"reject":  func(a string) error { _, err := e.svc.Reject(e.ctx, r.ID, a, "no"); return err },
		"resolve": func(a string) error { _, err := e.svc.Resolve(e.ctx, r.ID, a, "p-parcel", ""); return err },
		"create": func(a string) error {
			_, err := e.svc.Create(e.ctx, item.ID, a, approvals.NewRequest{Action: approvals.ActionAdd, PartnerID: "p-parcel", PropertyID: "prop-oak"})
			return err
		},
	}
	for name, act := range actions {
		for _, actor := range []string{"stranger@nowhere.example", "gone@door.com", "staff:gone@door.com"} {
			wantCode(t, act(actor), approvals.EUNAUTHORIZED)
		}
		for _, actor := range []string{"", "door-os:x", "no address"} {
			if err := act(actor); approvals.ErrorCode(err) != approvals.EINVALID {
				t.Errorf("%s as %q: %v, want EINVALID", name, actor, err)
			}
		}
	}
	if got := e.request(r.ID); got.Status != approvals.StatusPending {
		t.Errorf("request = %s after refused actions, want pending", got.Status)
	}
	if got := e.request(item.ID); got.Status != approvals.StatusPending {
		t.Errorf("item = %s after refused actions, want pending", got.Status)
	}
	got, err := e.svc.Approve(e.ctx, r.ID, "staff:"+reviewer, "")
	if err != nil || got.Status != approvals.StatusApplied || got.DecidedBy != "staff:"+reviewer {
		t.Errorf("Approve as staff:%s = %+v, %v", reviewer, got, err)
	}
	var ad *approvals.AlreadyDecidedError
	if _, err := e.svc.Reject(e.ctx, r.ID, reviewer, "late"); !errors.As(err, &ad) || ad.By != "staff:"+reviewer {
		t.Errorf("Reject after approval: %v, want AlreadyDecidedError by staff:%s", err, reviewer)
	}
	e.verify()
}
