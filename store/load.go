package store

import (
	"errors"
	"fmt"

	"github.com/mattn/go-sqlite3"

	"intake/approvals"
)

// directoryTables are deleted by ReplaceDirectory, children first.
var directoryTables = []string{
	"manager_portfolios", "manager_properties", "managers",
	"doors", "enablements",
	"property_aliases", "properties",
	"partner_aliases", "partners",
	"portfolios",
}

// ReplaceDirectory replaces the directory tables (partners, portfolios,
// properties, aliases, doors, managers, grants, enablements) with d in
// this transaction. Messages, requests and the ledger are not touched.
// Manager emails are stored lowercase. A dangling reference, a duplicate
// id or a door assigned to a partner not enabled on its property is an
// EINVALID error naming the entry; validating d with clearer messages
// beforehand is the caller's job. A nil d is EINVALID.
func (tx *Tx) ReplaceDirectory(d *approvals.Directory) error {
	if d == nil {
		return approvals.Errorf(approvals.EINVALID, "replace directory: no directory")
	}
	for _, t := range directoryTables {
		if _, err := tx.exec(`DELETE FROM ` + t); err != nil {
			return fmt.Errorf("replace directory: clear %s: %w", t, err)
		}
	}
	steps := []func(*approvals.Directory) error{
		tx.insertPortfolios, tx.insertPartners, tx.insertProperties,
		tx.insertEnablements, tx.insertDoors, tx.insertManagers,
	}
	for _, step := range steps {
		if err := step(d); err != nil {
			return fmt.Errorf("replace directory: %w", err)
		}
	}
	return nil
}

func (tx *Tx) insertPortfolios(d *approvals.Directory) error {
	for _, p := range d.Portfolios {
		_, err := tx.exec(`INSERT INTO portfolios (id, name) VALUES (?, ?)`, p.ID, p.Name)
		if err != nil {
			return loadError(err, "portfolio", p.ID)
		}
	}
	return nil
}

func (tx *Tx) insertPartners(d *approvals.Directory) error {
	for _, p := range d.Partners {
		_, err := tx.exec(`INSERT INTO partners (id, name) VALUES (?, ?)`, p.ID, p.Name)
		if err != nil {
			return loadError(err, "partner", p.ID)
		}
		err = tx.insertList(`INSERT INTO partner_aliases (partner_id, alias, position)
			VALUES (?, ?, ?)`, p.ID, p.Aliases)
		if err != nil {
			return loadError(err, "aliases of partner", p.ID)
		}
	}
	return nil
}

func (tx *Tx) insertProperties(d *approvals.Directory) error {
	for _, p := range d.Properties {
		_, err := tx.exec(`INSERT INTO properties (id, name, portfolio_id) VALUES (?, ?, ?)`,
			p.ID, p.Name, p.Portfolio)
		if err != nil {
			return loadError(err, "property", p.ID)
		}
		err = tx.insertList(`INSERT INTO property_aliases (property_id, alias, position)
			VALUES (?, ?, ?)`, p.ID, p.Aliases)
		if err != nil {
			return loadError(err, "aliases of property", p.ID)
		}
	}
	return nil
}

func (tx *Tx) insertEnablements(d *approvals.Directory) error {
	for _, e := range d.Enabled {
		_, err := tx.exec(`INSERT INTO enablements (property_id, partner_id) VALUES (?, ?)`,
			e.Property, e.Partner)
		if err != nil {
			return loadError(err, "enablement", e.Property+"/"+e.Partner)
		}
	}
	return nil
}

func (tx *Tx) insertDoors(d *approvals.Directory) error {
	for _, dr := range d.Doors {
		_, err := tx.exec(`INSERT INTO doors
			(id, property_id, name, kind, connected, partner_id, awaiting_update)
			VALUES (?, ?, ?, ?, ?, ?, ?)`,
			dr.ID, dr.Property, dr.Name, string(dr.Kind), dr.Connected,
			nullString(dr.Partner), dr.AwaitingUpdate)
		if err != nil {
			return loadError(err, "door", dr.ID)
		}
	}
	return nil
}

func (tx *Tx) insertManagers(d *approvals.Directory) error {
	for _, m := range d.Managers {
		email := approvals.EmailKey(m.Email)
		_, err := tx.exec(`INSERT INTO managers (email, name) VALUES (?, ?)`, email, m.Name)
		if err != nil {
			return loadError(err, "manager", m.Email)
		}
		err = tx.insertList(`INSERT INTO manager_properties (email, property_id, position)
			VALUES (?, ?, ?)`, email, m.Properties)
		if err != nil {
			return loadError(err, "property grants of manager", m.Email)
		}
		err = tx.insertList(`INSERT INTO manager_portfolios (email, portfolio_id, position)
			VALUES (?, ?, ?)`, email, m.Portfolios)
		if err != nil {
			return loadError(err, "portfolio grants of manager", m.Email)
		}
	}
	return nil
}

// insertList inserts (owner, value, position) for each value.
func (tx *Tx) insertList(query, owner string, values []string) error {
	for i, v := range values {
		if _, err := tx.exec(query, owner, v, i); err != nil {
			return fmt.Errorf("%q: %w", v, err)
		}
	}
	return nil
}

// loadError names the entry that could not be inserted; constraint
// violations are EINVALID.
func loadError(err error, what, id string) error {
	var se sqlite3.Error
	switch {
	case isConstraint(err, sqlite3.ErrConstraintPrimaryKey),
		isConstraint(err, sqlite3.ErrConstraintUnique):
		return approvals.Errorf(approvals.EINVALID, "%s %q: duplicate (%v)", what, id, err)
	case isConstraint(err, sqlite3.ErrConstraintForeignKey):
		return approvals.Errorf(approvals.EINVALID,
			"%s %q: refers to a missing entry or to a partner not enabled there (%v)", what, id, err)
	case errors.As(err, &se) && se.Code == sqlite3.ErrConstraint:
		return approvals.Errorf(approvals.EINVALID, "%s %q: invalid (%v)", what, id, err)
	}
	return fmt.Errorf("insert %s %q: %w", what, id, err)
}
