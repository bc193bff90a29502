package store

import (
	"testing"
	"time"

	"intake/approvals"
)

// putStaff stores an active staff account with a fixed hash, without a
// ledger entry, for tests that act on the queue.
func putStaff(t *testing.T, db *DB, email string) {
	t.Helper()
	err := db.Update(t.Context(), func(tx approvals.Tx) error {
		return tx.PutStaff(&approvals.Staff{Email: email, Active: true,
			PasswordHash: "$argon2id$v=19$m=65536,t=3,p=2$c2FsdA$a2V5", CreatedAt: time.Now(), UpdatedAt: time.Now()})
	})
	if err != nil {
		t.Fatalf("put staff %s: %v", email, err)
	}
}

func TestStaff(t *testing.T) {
	db, _ := openTest(t)
	created := time.Date(2025, 3, 10, 12, 0, 0, 123456789, time.UTC)
	s := approvals.Staff{Email: "ann@door.com", Active: true, PasswordHash: "$argon2id$v=19$m=65536,t=3,p=2$c2FsdA$a2V5",
		CreatedAt: created, UpdatedAt: created}
	err := db.Update(t.Context(), func(tx approvals.Tx) error {
		if err := tx.PutStaff(&s); err != nil {
			return err
		}
		s2 := s
		s2.Email, s2.Active = "bob@door.com", false
		if err := tx.PutStaff(&s2); err != nil {
			return err
		}
		s.Active, s.UpdatedAt = false, created.Add(time.Hour)
		return tx.PutStaff(&s) // replaces
	})
	if err != nil {
		t.Fatal(err)
	}
	err = db.View(t.Context(), func(tx approvals.Tx) error {
		got, err := tx.Staff("ANN@door.com")
		if err != nil {
			return err
		}
		if *got != s {
			t.Errorf("Staff = %+v, want %+v", *got, s)
		}
		if _, err := tx.Staff("nobody@door.com"); approvals.ErrorCode(err) != approvals.ENOTFOUND {
			t.Errorf("unknown staff: %v, want ENOTFOUND", err)
		}
		list, err := tx.StaffList()
		if err != nil || len(list) != 2 || list[0].Email != "ann@door.com" || list[1].Email != "bob@door.com" {
			t.Errorf("StaffList = %+v, %v", list, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range []approvals.Staff{
		{Email: "Upper@door.com", PasswordHash: s.PasswordHash},
		{Email: "c@door.com", PasswordHash: "plaintext"},
	} {
		err := db.Update(t.Context(), func(tx approvals.Tx) error { return tx.PutStaff(&bad) })
		if approvals.ErrorCode(err) != approvals.EINVALID {
			t.Errorf("PutStaff(%+v) = %v, want EINVALID", bad, err)
		}
	}
}
