package store

import (
	"database/sql"
	"errors"
	"fmt"

	"intake/approvals"
)

// Staff returns the staff account with that email (case-insensitive), or
// an ENOTFOUND error.
func (tx *Tx) Staff(email string) (*approvals.Staff, error) {
	rows, err := tx.query(`SELECT email, active, password_hash, created_at, updated_at
		FROM staff WHERE email = ?`, approvals.EmailKey(email))
	if err != nil {
		return nil, fmt.Errorf("query staff: %w", err)
	}
	list, err := scanStaff(rows)
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, approvals.Errorf(approvals.ENOTFOUND, "staff account %q not found", approvals.EmailKey(email))
	}
	return &list[0], nil
}

// PutStaff creates the account s or replaces the one with its email. An
// email that is not lowercase, or a hash that is not argon2id, is
// EINVALID.
func (tx *Tx) PutStaff(s *approvals.Staff) error {
	if s == nil {
		return approvals.Errorf(approvals.EINVALID, "put staff: no account")
	}
	_, err := tx.exec(`INSERT INTO staff (email, active, password_hash, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (email) DO UPDATE SET active = excluded.active,
			password_hash = excluded.password_hash, created_at = excluded.created_at,
			updated_at = excluded.updated_at`,
		s.Email, s.Active, s.PasswordHash, formatTime(s.CreatedAt), formatTime(s.UpdatedAt))
	if err != nil {
		return createError(err, "staff account", s.Email)
	}
	return nil
}

// StaffList returns every staff account, ordered by email; nil when
// there is none.
func (tx *Tx) StaffList() ([]approvals.Staff, error) {
	rows, err := tx.query(`SELECT email, active, password_hash, created_at, updated_at
		FROM staff ORDER BY email`)
	if err != nil {
		return nil, fmt.Errorf("query staff: %w", err)
	}
	return scanStaff(rows)
}

// scanStaff reads and closes rows of staff accounts.
func scanStaff(rows *sql.Rows) ([]approvals.Staff, error) {
	defer rows.Close()
	var out []approvals.Staff
	for rows.Next() {
		var (
			s                approvals.Staff
			created, updated sql.NullString
		)
		if err := rows.Scan(&s.Email, &s.Active, &s.PasswordHash, &created, &updated); err != nil {
			return nil, fmt.Errorf("scan staff: %w", err)
		}
		var err error
		if s.CreatedAt, err = parseTime(created); err != nil {
			return nil, err
		}
		if s.UpdatedAt, err = parseTime(updated); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("query staff: %w", err)
	}
	return out, nil
}
