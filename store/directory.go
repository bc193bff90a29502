package store

import (
	"database/sql"
	"encoding/hex"
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
	d, err := tx.Names()
	if err != nil {
		return nil, err
	}
	if d.Doors, err = tx.doors(""); err != nil {
		return nil, err
	}
	if d.Enabled, err = tx.Enablements(); err != nil {
		return nil, err
	}
	return d, nil
}

// Names returns the directory without its doors and enablements, which
// are most of a large directory: what a batch of decisions reads.
func (tx *Tx) Names() (*approvals.Directory, error) {
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
	if d.Managers, err = tx.managers(""); err != nil {
		return nil, err
	}
	return d, nil
}

// DirectoryVersion returns the token of the directory's current version
// (see migration 0007): it changes with every change to what Names reads.
func (tx *Tx) DirectoryVersion() (string, error) {
	var token []byte
	if err := tx.queryRow(`SELECT token FROM directory_version WHERE id = 1`).Scan(&token); err != nil {
		return "", fmt.Errorf("read directory version: %w", err)
	}
	return hex.EncodeToString(token), nil
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
	key := approvals.EmailKey(email)
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

// The directory's queries that read one row by key, or every row.
var (
	partnersQuery        = keyedQuery{`SELECT id, name FROM partners {where} ORDER BY id`, "id"}
	partnerAliasesQuery  = keyedQuery{`SELECT partner_id, alias FROM partner_aliases {where} ORDER BY partner_id, position`, "partner_id"}
	propertiesQuery      = keyedQuery{`SELECT id, name, portfolio_id FROM properties {where} ORDER BY id`, "id"}
	propertyAliasesQuery = keyedQuery{`SELECT property_id, alias FROM property_aliases {where} ORDER BY property_id, position`, "property_id"}
	managersQuery        = keyedQuery{`SELECT email, name FROM managers {where} ORDER BY email`, "email"}
	propertyGrantsQuery  = keyedQuery{`SELECT email, property_id FROM manager_properties {where} ORDER BY email, position`, "email"}
	portfolioGrantsQuery = keyedQuery{`SELECT email, portfolio_id FROM manager_portfolios {where} ORDER BY email, position`, "email"}
)

// partners returns the partner with that id, or all when id is "".
func (tx *Tx) partners(id string) ([]approvals.Partner, error) {
	q, args := partnersQuery.with(id)
	rows, err := tx.query(q, args...)
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
	aliases, err := tx.groups(partnerAliasesQuery.with(id))
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
	q, args := propertiesQuery.with(id)
	rows, err := tx.query(q, args...)
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
	aliases, err := tx.groups(propertyAliasesQuery.with(id))
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
	q, args := managersQuery.with(email)
	rows, err := tx.query(q, args...)
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
	props, err := tx.groups(propertyGrantsQuery.with(email))
	if err != nil {
		return fmt.Errorf("query property grants: %w", err)
	}
	folios, err := tx.groups(portfolioGrantsQuery.with(email))
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

// A keyedQuery reads the rows whose column is a key, or every row: its
// query's "{where}" becomes "WHERE column = ?" or nothing. (One query for
// both, "WHERE ? = ” OR column = ?", cannot use column's index: it
// scanned the whole table for every message's manager.)
type keyedQuery struct {
	query, column string
}

// with returns the query for key, every row when key is "", and its
// arguments.
func (k keyedQuery) with(key string) (string, []any) {
	if key == "" {
		return strings.Replace(k.query, "{where}", "", 1), nil
	}
	return strings.Replace(k.query, "{where}", "WHERE "+k.column+" = ?", 1), []any{key}
}

// groups runs a two-column (key, value) query and groups the values by
// key.
func (tx *Tx) groups(query string, args []any) (map[string][]string, error) {
	rows, err := tx.query(query, args...)
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
