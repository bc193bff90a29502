package store

import (
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"intake/approvals"
)

// Settings returns the stored workflow settings, or an ENOTFOUND error
// when none were ever stored.
func (tx *Tx) Settings() (*approvals.Settings, error) {
	var (
		s     approvals.Settings
		wait  int64
		addrs string
	)
	err := tx.queryRow(`SELECT policy, removal_wait, addresses FROM settings WHERE id = 1`).Scan(&s.Policy, &wait, &addrs)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return nil, approvals.Errorf(approvals.ENOTFOUND, "no workflow settings are stored")
	case err != nil:
		return nil, fmt.Errorf("read settings: %w", err)
	}
	if err := json.Unmarshal([]byte(addrs), &s.Addresses); err != nil {
		return nil, fmt.Errorf("read settings: addresses: %w", err)
	}
	s.RemovalWait = time.Duration(wait)
	return &s, nil
}

// PutSettings stores s, in its normal form, in place of the stored
// settings.
func (tx *Tx) PutSettings(s approvals.Settings) error {
	s = s.Normal()
	addrs, err := json.Marshal(s.Addresses)
	if err != nil {
		return fmt.Errorf("store settings: %w", err)
	}
	_, err = tx.exec(`INSERT INTO settings (id, policy, removal_wait, addresses) VALUES (1, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET policy = excluded.policy,
			removal_wait = excluded.removal_wait, addresses = excluded.addresses`,
		string(s.Policy), int64(s.RemovalWait), string(addrs))
	if err != nil {
		return fmt.Errorf("store settings: %w", err)
	}
	return nil
}
