package approvals

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Settings are the workflow settings that decide a request: the policy,
// the removal wait and intake's own addresses. They are stored in the
// database, so that every process deciding on it (the poller, a door
// event, a staff action) decides alike whatever configuration it was
// started with.
type Settings struct {
	Policy Policy `json:"policy"`
	// RemovalWait is written in JSON as Go duration text ("336h0m0s").
	RemovalWait time.Duration `json:"removal_wait"`
	// Addresses are lowercased, sorted and distinct.
	Addresses []string `json:"addresses"`
}

// settingsJSON is the JSON form of Settings.
type settingsJSON struct {
	Policy      Policy   `json:"policy"`
	RemovalWait string   `json:"removal_wait"`
	Addresses   []string `json:"addresses"`
}

// MarshalJSON writes the removal wait as duration text.
func (s Settings) MarshalJSON() ([]byte, error) {
	return json.Marshal(settingsJSON{Policy: s.Policy, RemovalWait: s.RemovalWait.String(), Addresses: s.Addresses})
}

// UnmarshalJSON reads what MarshalJSON writes.
func (s *Settings) UnmarshalJSON(b []byte) error {
	var j settingsJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	d, err := time.ParseDuration(j.RemovalWait)
	if err != nil {
		return fmt.Errorf("settings: removal_wait: %w", err)
	}
	*s = Settings{Policy: j.Policy, RemovalWait: d, Addresses: j.Addresses}
	return nil
}

// SettingsStore is the part of Tx that keeps the Settings.
type SettingsStore interface {
	// Settings returns the stored settings, or an *Error with code
	// ENOTFOUND when none were ever stored.
	Settings() (*Settings, error)
	// PutSettings stores s in place of the stored settings.
	PutSettings(s Settings) error
}

// EntrySettingsChanged records a change of the stored Settings; its Data
// is a SettingsChange.
const EntrySettingsChanged EntryKind = "settings.changed"

// SettingsChange is the Data of a settings.changed entry. Old is nil for
// the first settings of a database.
type SettingsChange struct {
	Old *Settings `json:"old"`
	New Settings  `json:"new"`
}

// Settings returns the settings c implies, in their normal form (see
// Normal).
func (c Config) Settings() Settings {
	c = c.withDefaults()
	return Settings{Policy: c.Policy, RemovalWait: c.RemovalWait, Addresses: c.Addresses}.Normal()
}

// WithSettings returns c with the policy, removal wait and addresses of s.
func (c Config) WithSettings(s Settings) Config {
	c.Policy, c.RemovalWait, c.Addresses = s.Policy, s.RemovalWait, slices.Clone(s.Addresses)
	return c
}

// Normal returns s with its addresses lowercased, sorted and distinct, a
// policy other than PolicyAuto as PolicyReview, and a zero wait as
// DefaultRemovalWait: the form in which settings are stored and compared.
func (s Settings) Normal() Settings {
	addrs := make([]string, 0, len(s.Addresses))
	for _, a := range s.Addresses {
		addrs = append(addrs, EmailKey(a))
	}
	s.Addresses = slices.Compact(slices.Sorted(slices.Values(addrs)))
	if s.Policy != PolicyAuto {
		s.Policy = PolicyReview
	}
	if s.RemovalWait <= 0 {
		s.RemovalWait = DefaultRemovalWait
	}
	return s
}

// Equal reports whether s and o are the same settings once normal.
func (s Settings) Equal(o Settings) bool {
	s, o = s.Normal(), o.Normal()
	return s.Policy == o.Policy && s.RemovalWait == o.RemovalWait && slices.Equal(s.Addresses, o.Addresses)
}

// settingsIn returns the settings stored in tx, or the Config's when none
// are stored (a database from before they were stored). Every
// transaction that decides or measures a request reads them once, so
// that a change (intake config apply) takes effect at the next
// transaction of every running Service. It returns the Store's error
// wrapped when reading fails.
func (s *Service) settingsIn(tx Tx) (Settings, error) {
	set, err := tx.Settings()
	switch {
	case ErrorCode(err) == ENOTFOUND:
		return s.fallback, nil
	case err != nil:
		return Settings{}, fmt.Errorf("read workflow settings: %w", err)
	}
	return *set, nil
}

// Settings returns the settings the Service decides with now: those
// stored in its database, or its Config's when none are stored. It
// returns the Store's error wrapped when reading fails.
func (s *Service) Settings(ctx context.Context) (Settings, error) {
	var set Settings
	err := s.store.View(ctx, func(tx Tx) (err error) {
		set, err = s.settingsIn(tx)
		return err
	})
	return set, err
}

// isOwnAddress reports whether addr is one of the inbox's addresses.
func (s Settings) isOwnAddress(addr string) bool {
	addr = strings.ToLower(addr)
	return addr != "" && slices.Contains(s.Addresses, addr)
}

// StoredSettings returns the settings stored in st, nil when none were
// ever stored, and the Store's error wrapped when reading fails.
func StoredSettings(ctx context.Context, st Store) (*Settings, error) {
	var out *Settings
	err := st.View(ctx, func(tx Tx) error {
		s, err := tx.Settings()
		if ErrorCode(err) == ENOTFOUND {
			return nil
		}
		out = s
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("read workflow settings: %w", err)
	}
	return out, nil
}

// ApplySettings stores s (in its normal form) as the database's settings
// and records the change in the ledger as actor, in one transaction. It
// returns the settings replaced (nil when none were stored) and whether
// anything changed: storing the settings in place writes nothing. Every
// Service on the database decides with them from its next transaction.
// It returns the Store's error wrapped when the transaction fails.
func (s *Service) ApplySettings(ctx context.Context, set Settings, actor string) (old *Settings, changed bool, err error) {
	set = set.Normal()
	err = s.store.Update(ctx, func(tx Tx) error {
		old, changed = nil, false
		cur, err := tx.Settings()
		switch {
		case ErrorCode(err) == ENOTFOUND:
		case err != nil:
			return err
		default:
			old = cur
		}
		if old != nil && old.Equal(set) {
			return nil
		}
		changed = true
		if err := tx.PutSettings(set); err != nil {
			return fmt.Errorf("store settings: %w", err)
		}
		return s.appendEntry(tx, EntrySettingsChanged, actor, "settings", SettingsChange{Old: old, New: set})
	})
	if err != nil {
		return nil, false, fmt.Errorf("apply settings: %w", err)
	}
	if changed {
		s.log.Info("settings changed", logActor, actor)
	}
	return old, changed, nil
}
