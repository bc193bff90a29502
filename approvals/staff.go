package approvals

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"
)

// Staff is a support staff account: the person named by a review action
// and recorded in the ledger as "staff:EMAIL". Only an active account may
// act on the review queue or log in to the console (docs/staff.md).
type Staff struct {
	// Email is the account's address, lowercased (EmailKey).
	Email  string `json:"email"`
	Active bool   `json:"active"`
	// CreatedAt is when the account was first added; UpdatedAt when it
	// was last added again, disabled or given a new password.
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
	// PasswordHash is the argon2id hash of the password (HashPassword).
	// It is never written to the ledger, logs or JSON output.
	PasswordHash string `json:"-"`
}

// StaffStore is the part of Tx that keeps staff accounts.
type StaffStore interface {
	// Staff returns the account with that email (case-insensitive), or
	// an *Error with code ENOTFOUND.
	Staff(email string) (*Staff, error)
	// PutStaff creates the account or replaces the one with its email.
	PutStaff(s *Staff) error
	// StaffList returns every account, ordered by email.
	StaffList() ([]Staff, error)
}

// The ledger entry kinds of staff accounts; their Data is a StaffEvent.
const (
	EntryStaffAdd      EntryKind = "staff.add"
	EntryStaffDisable  EntryKind = "staff.disable"
	EntryStaffPassword EntryKind = "staff.password"
)

// StaffEvent is the Data of the staff.* entries. It never holds the
// password or its hash.
type StaffEvent struct {
	Email string `json:"email"`
}

// ActorOperator is the ledger actor of the staff commands run from a
// shell on the server: whoever can run them can read the database.
const ActorOperator = "operator"

// errLogin is VerifyStaff's one answer to every failed login, so that it
// tells nobody whether an account exists or is disabled.
var errLogin = Errorf(EUNAUTHORIZED, "the email or the password is wrong, or the account is disabled")

// StaffEmail returns email as a staff account key (EmailKey), or an
// *Error with code EINVALID when it is not one plain address: one "@"
// with text on both sides, no spaces, colons or control characters.
func StaffEmail(email string) (string, error) {
	key := EmailKey(email)
	at := strings.IndexByte(key, '@')
	ok := at > 0 && at < len(key)-1 && strings.Count(key, "@") == 1
	for _, r := range key {
		if r <= ' ' || r == ':' || r == 0x7f || (r >= 0x80 && r <= 0x9f) {
			ok = false
		}
	}
	if !ok {
		return "", Errorf(EINVALID, "%q is not an email address", email)
	}
	return key, nil
}

// AddStaff adds an active staff account with password on behalf of actor
// (ActorOperator from a shell), or makes a disabled one active again with
// that password, and records a staff.add entry. It returns an *Error with
// code EINVALID for a bad email or a password outside the bounds
// (MinPasswordLen, MaxPasswordLen) and ECONFLICT when an active account
// has that email.
func (s *Service) AddStaff(ctx context.Context, actor, email, password string) (*Staff, error) {
	return s.changeStaff(ctx, "add staff", actor, email, func(st *Staff, found bool) (EntryKind, error) {
		if found && st.Active {
			return "", Errorf(ECONFLICT, "staff account %s already exists", st.Email)
		}
		if err := setPassword(st, password); err != nil {
			return "", err
		}
		if !found {
			st.CreatedAt = s.now()
		}
		st.Active = true
		return EntryStaffAdd, nil
	})
}

// DisableStaff disables the staff account on behalf of actor and records
// a staff.disable entry: it can no longer log in nor act on the queue,
// and what it did stays in the ledger. It returns an *Error with code
// ENOTFOUND for an unknown account and ECONFLICT for a disabled one.
func (s *Service) DisableStaff(ctx context.Context, actor, email string) (*Staff, error) {
	return s.changeStaff(ctx, "disable staff", actor, email, func(st *Staff, found bool) (EntryKind, error) {
		switch {
		case !found:
			return "", Errorf(ENOTFOUND, "there is no staff account %s", st.Email)
		case !st.Active:
			return "", Errorf(ECONFLICT, "staff account %s is already disabled", st.Email)
		}
		st.Active = false
		return EntryStaffDisable, nil
	})
}

// SetStaffPassword gives the staff account a new password on behalf of
// actor and records a staff.password entry; a disabled account stays
// disabled. It returns an *Error with code ENOTFOUND for an unknown
// account and EINVALID for a password outside the bounds.
func (s *Service) SetStaffPassword(ctx context.Context, actor, email, password string) (*Staff, error) {
	return s.changeStaff(ctx, "set staff password", actor, email, func(st *Staff, found bool) (EntryKind, error) {
		if !found {
			return "", Errorf(ENOTFOUND, "there is no staff account %s", st.Email)
		}
		return EntryStaffPassword, setPassword(st, password)
	})
}

// setPassword checks password against the bounds and stores its hash.
func setPassword(st *Staff, password string) error {
	if err := checkPasswordPolicy(password); err != nil {
		return err
	}
	h, err := HashPassword(password)
	if err != nil {
		return fmt.Errorf("hash password: %w", err)
	}
	st.PasswordHash = h
	return nil
}

// changeStaff runs change on the account (found false and only Email set
// when there is none) and, when it returns an entry kind, saves the
// account and appends the entry, in one transaction. The password is
// hashed before the transaction begins, so that writers do not wait on
// argon2id.
func (s *Service) changeStaff(ctx context.Context, what, actor, email string, change func(*Staff, bool) (EntryKind, error)) (*Staff, error) {
	key, err := StaffEmail(email)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	if actor = strings.TrimSpace(actor); actor == "" {
		return nil, Errorf(EINVALID, "%s: the actor is required", what)
	}
	// Hash outside the transaction: read, change a copy, then write
	// only when the account did not change in between.
	var before Staff
	var found bool
	if err := s.store.View(ctx, func(tx Tx) error {
		st, err := tx.Staff(key)
		switch {
		case ErrorCode(err) == ENOTFOUND:
			before, found = Staff{Email: key}, false
		case err != nil:
			return err
		default:
			before, found = *st, true
		}
		return nil
	}); err != nil {
		return nil, fmt.Errorf("%s %s: %w", what, key, err)
	}
	after := before
	kind, err := change(&after, found)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	after.UpdatedAt = s.now()
	err = s.store.Update(ctx, func(tx Tx) error {
		cur, err := tx.Staff(key)
		switch {
		case ErrorCode(err) == ENOTFOUND && !found:
		case err != nil:
			return err
		case !found || !sameStaff(cur, &before):
			return Errorf(ECONFLICT, "staff account %s changed meanwhile; try again", key)
		}
		if err := tx.PutStaff(&after); err != nil {
			return fmt.Errorf("save staff account: %w", err)
		}
		return s.appendEntry(tx, kind, actor, "staff:"+key, StaffEvent{Email: key})
	})
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w", what, key, err)
	}
	s.log.Info("staff account changed", logActor, actor, logStaff, key, logEntry, kind)
	return &after, nil
}

// sameStaff reports whether a and b are the same version of an account.
func sameStaff(a, b *Staff) bool {
	return a.Email == b.Email && a.Active == b.Active && a.PasswordHash == b.PasswordHash &&
		a.UpdatedAt.Equal(b.UpdatedAt)
}

// StaffList returns every staff account, ordered by email. It returns
// the Store's error wrapped when reading fails.
func (s *Service) StaffList(ctx context.Context) ([]Staff, error) {
	var out []Staff
	err := s.store.View(ctx, func(tx Tx) error {
		var err error
		out, err = tx.StaffList()
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("list staff: %w", err)
	}
	return out, nil
}

// ActiveStaff returns the active staff account with that email. It
// returns an *Error with code EINVALID for a malformed email and
// EUNAUTHORIZED for an unknown or disabled account.
func (s *Service) ActiveStaff(ctx context.Context, email string) (Staff, error) {
	var st Staff
	err := s.store.View(ctx, func(tx Tx) error {
		a, err := activeStaff(tx, email)
		if err == nil {
			st = *a
		}
		return err
	})
	return st, err
}

// VerifyStaff returns the active staff account whose email and password
// match: the console's login. An unknown email, a disabled account and a
// wrong password all return the same *Error with code EUNAUTHORIZED, and
// an unknown email costs the same argon2id work as a known one. It
// returns the Store's error wrapped when reading fails.
func (s *Service) VerifyStaff(ctx context.Context, email, password string) (Staff, error) {
	if len(password) > MaxPasswordLen {
		return Staff{}, errLogin // no account has such a password
	}
	var st *Staff
	key, err := StaffEmail(email)
	if err == nil {
		err = s.store.View(ctx, func(tx Tx) error {
			a, err := tx.Staff(key)
			if ErrorCode(err) != ENOTFOUND {
				st = a
				return err
			}
			return nil
		})
		if err != nil {
			return Staff{}, fmt.Errorf("verify staff: %w", err)
		}
	}
	hash := dummyHash()
	if st != nil {
		hash = st.PasswordHash
	}
	ok, err := CheckPassword(hash, password)
	if err != nil && st != nil {
		return Staff{}, fmt.Errorf("verify staff %s: %w", st.Email, err)
	}
	if st == nil || !ok || !st.Active {
		return Staff{}, errLogin
	}
	return *st, nil
}

// dummyHash is a hash of a random password, checked when the account
// does not exist so that the answer takes as long.
var dummyHash = sync.OnceValue(func() string {
	h, err := HashPassword(fmt.Sprint(time.Now().UnixNano()))
	if err != nil {
		return "$argon2id$v=19$m=65536,t=3,p=2$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
	}
	return h
})

// activeStaff returns the active account actor names ("EMAIL" or
// "staff:EMAIL"), or an *Error: EINVALID for an empty or malformed actor
// or another kind of actor, EUNAUTHORIZED for an unknown or disabled
// account.
func activeStaff(tx Tx, actor string) (*Staff, error) {
	actor = strings.TrimSpace(actor)
	email, _ := strings.CutPrefix(actor, "staff:")
	if email == "" {
		return nil, Errorf(EINVALID, "the staff member is required")
	}
	key, err := StaffEmail(email)
	if err != nil {
		return nil, err
	}
	st, err := tx.Staff(key)
	switch {
	case ErrorCode(err) == ENOTFOUND:
		return nil, Errorf(EUNAUTHORIZED, "%s is not a staff account", key)
	case err != nil:
		return nil, fmt.Errorf("look up staff account: %w", err)
	case !st.Active:
		return nil, Errorf(EUNAUTHORIZED, "staff account %s is disabled", key)
	}
	return st, nil
}

// reviewer returns the ledger actor ("staff:EMAIL") of a review action
// by actor, refusing it unless actor names an active staff account (see
// activeStaff).
func reviewer(tx Tx, actor string) (string, error) {
	st, err := activeStaff(tx, actor)
	if err != nil {
		return "", err
	}
	return "staff:" + st.Email, nil
}
