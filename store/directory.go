package store

import (
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"intake/approvals"
)

// Directory returns the whole directory. Partners, portfolios, properties
// and managers are sorted by id (email); doors by property then id;
// enablements by property then partner; aliases and grants keep the order
// they were loaded in. Top-level lists and Manager.Properties are never
// nil; empty optional lists (aliases, portfolio grants, enablements) are.
func (tx *Tx) Directory() (*approvals.Directory, error) {
	d := &approvals.Directory{}
	var err error
	if d.Partners, err = tx.partners(""); err != nil {
		return nil, err
	}
	if d.Portfolios, err = tx.portfolios(); err != nil {
		return nil, err
	}
	if d.Properties, err = tx.properties(""); err != nil {
		return nil, err
	}
	if d.Doors, err = tx.doors(""); err != nil {
		return nil, err
	}
	if d.Managers, err = tx.managers(""); err != nil {
		return nil, err
	}
	if d.Enabled, err = tx.Enablements(); err != nil {
		return nil, err
	}
	return d, nil
}

// Partner returns the partner with that id, or an ENOTFOUND error.
func (tx *Tx) Partner(id string) (*approvals.Partner, error) {
	if id == "" {
		return nil, approvals.Errorf(approvals.ENOTFOUND, "partner %q not found", id)
	}
	ps, err := tx.partners(id)
	if err != nil {
		return nil, err
	}
	if len(ps) == 0 {
		return nil, approvals.Errorf(approvals.ENOTFOUND, "partner %q not found", id)
	}
	return &ps[0], nil
}

// Property returns the property with that id, or an ENOTFOUND error.
func (tx *Tx) Property(id string) (*approvals.Property, error) {
	if id == "" {
		return nil, approvals.Errorf(approvals.ENOTFOUND, "property %q not found", id)
	}
	ps, err := tx.properties(id)
	if err != nil {
		return nil, err
	}
	if len(ps) == 0 {
		return nil, approvals.Errorf(approvals.ENOTFOUND, "property %q not found", id)
	}
	return &ps[0], nil
}

// Manager returns the manager with that address, compared
// case-insensitively, or an ENOTFOUND error. The returned Email is
// lowercase.
func (tx *Tx) Manager(email string) (*approvals.Manager, error) {
	key := normalEmail(email)
	if key == "" {
		return nil, approvals.Errorf(approvals.ENOTFOUND, "manager %q not found", email)
	}
	ms, err := tx.managers(key)
	if err != nil {
		return nil, err
	}
	if len(ms) == 0 {
		return nil, approvals.Errorf(approvals.ENOTFOUND, "manager %q not found", email)
	}
	return &ms[0], nil
}

// normalEmail is the key managers are stored under.
func normalEmail(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// partners returns the partner with that id, or all when id is "".
func (tx *Tx) partners(id string) ([]approvals.Partner, error) {
	rows, err := tx.query(`SELECT id, name FROM partners
		WHERE ? = '' OR id = ? ORDER BY id`, id, id)
	if err != nil {
		return nil, fmt.Errorf("query partners: %w", err)
	}
	defer rows.Close()
	out := []approvals.Partner{}
	for rows.Next() {
		var p approvals.Partner
		if err := rows.Scan(&p.ID, &p.Name); err != nil {
			return nil, fmt.Errorf("scan partner: %w", err)
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("query partners: %w", err)
	}
	aliases, err := tx.groups(`SELECT partner_id, alias FROM partner_aliases
		WHERE ? = '' OR partner_id = ? ORDER BY partner_id, position`, id)
	if err != nil {
		return nil, fmt.Errorf("query partner aliases: %w", err)
	}
	for i := range out {
		out[i].Aliases = aliases[out[i].ID]
	}
	return out, nil
}

// portfolios returns every portfolio.
func (tx *Tx) portfolios() ([]approvals.Portfolio, error) {
	rows, err := tx.query(`SELECT id, name FROM portfolios ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("query portfolios: %w", err)
	}
	defer rows.Close()
	out := []approvals.Portfolio{}
	for rows.Next() {
		var p approvals.Portfolio
		if err := rows.Scan(&p.ID, &p.Name); err != nil {
			return nil, fmt.Errorf("scan portfolio: %w", err)
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("query portfolios: %w", err)
	}
	return out, nil
}

// properties returns the property with that id, or all when id is "".
func (tx *Tx) properties(id string) ([]approvals.Property, error) {
	rows, err := tx.query(`SELECT id, name, portfolio_id FROM properties
		WHERE ? = '' OR id = ? ORDER BY id`, id, id)
	if err != nil {
		return nil, fmt.Errorf("query properties: %w", err)
	}
	defer rows.Close()
	out := []approvals.Property{}
	for rows.Next() {
		var p approvals.Property
		if err := rows.Scan(&p.ID, &p.Name, &p.Portfolio); err != nil {
			return nil, fmt.Errorf("scan property: %w", err)
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("query properties: %w", err)
	}
	aliases, err := tx.groups(`SELECT property_id, alias FROM property_aliases
		WHERE ? = '' OR property_id = ? ORDER BY property_id, position`, id)
	if err != nil {
		return nil, fmt.Errorf("query property aliases: %w", err)
	}
	for i := range out {
		out[i].Aliases = aliases[out[i].ID]
	}
	return out, nil
}

// managers returns the manager with that lowercase email, or all when
// email is "".
func (tx *Tx) managers(email string) ([]approvals.Manager, error) {
	rows, err := tx.query(`SELECT email, name FROM managers
		WHERE ? = '' OR email = ? ORDER BY email`, email, email)
	if err != nil {
		return nil, fmt.Errorf("query managers: %w", err)
	}
	defer rows.Close()
	out := []approvals.Manager{}
	for rows.Next() {
		m := approvals.Manager{Properties: []string{}}
		if err := rows.Scan(&m.Email, &m.Name); err != nil {
			return nil, fmt.Errorf("scan manager: %w", err)
		}
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("query managers: %w", err)
	}
	return out, tx.managerGrants(out, email)
}

// managerGrants fills in the property and portfolio grants of ms.
func (tx *Tx) managerGrants(ms []approvals.Manager, email string) error {
	props, err := tx.groups(`SELECT email, property_id FROM manager_properties
		WHERE ? = '' OR email = ? ORDER BY email, position`, email)
	if err != nil {
		return fmt.Errorf("query property grants: %w", err)
	}
	folios, err := tx.groups(`SELECT email, portfolio_id FROM manager_portfolios
		WHERE ? = '' OR email = ? ORDER BY email, position`, email)
	if err != nil {
		return fmt.Errorf("query portfolio grants: %w", err)
	}
	for i := range ms {
		if p := props[ms[i].Email]; p != nil {
			ms[i].Properties = p
		}
		ms[i].Portfolios = folios[ms[i].Email]
	}
	return nil
}

// groups runs a two-column (key, value) query with the filter argument
// bound twice and groups the values by key.
func (tx *Tx) groups(query, filter string) (map[string][]string, error) {
	rows, err := tx.query(query, filter, filter)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string][]string{}
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return nil, err
		}
		out[k] = append(out[k], v)
	}
	return out, rows.Err()
}

// notFound maps sql.ErrNoRows to an ENOTFOUND error and wraps others.
func notFound(err error, what, id string) error {
	if errors.Is(err, sql.ErrNoRows) {
		return approvals.Errorf(approvals.ENOTFOUND, "%s %q not found", what, id)
	}
	return fmt.Errorf("look up %s %q: %w", what, id, err)
}
