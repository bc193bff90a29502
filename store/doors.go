package store

import (
	"fmt"
	"strings"

	"intake/approvals"
)

// Door returns the door with that id, or an ENOTFOUND error.
func (tx *Tx) Door(id string) (*approvals.Door, error) {
	if id == "" {
		return nil, approvals.Errorf(approvals.ENOTFOUND, "door %q not found", id)
	}
	ds, err := tx.doors(id)
	if err != nil {
		return nil, err
	}
	if len(ds) == 0 {
		return nil, approvals.Errorf(approvals.ENOTFOUND, "door %q not found", id)
	}
	return &ds[0], nil
}

// Doors returns every door, ordered by property then id; an empty,
// non-nil slice when there are none.
func (tx *Tx) Doors() ([]approvals.Door, error) { return tx.doors("") }

var doorsQuery = keyedQuery{`SELECT id, property_id, name, kind, connected,
		coalesce(partner_id, ''), awaiting_update
	FROM doors {where} ORDER BY property_id, id`, "id"}

// doors returns the door with that id, or all when id is "".
func (tx *Tx) doors(id string) ([]approvals.Door, error) {
	q, args := doorsQuery.with(id)
	rows, err := tx.query(q, args...)
	if err != nil {
		return nil, fmt.Errorf("query doors: %w", err)
	}
	defer rows.Close()
	out := []approvals.Door{}
	for rows.Next() {
		var d approvals.Door
		err := rows.Scan(&d.ID, &d.Property, &d.Name, &d.Kind, &d.Connected,
			&d.Partner, &d.AwaitingUpdate)
		if err != nil {
			return nil, fmt.Errorf("scan door: %w", err)
		}
		out = append(out, d)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("query doors: %w", err)
	}
	return out, nil
}

// AssignedDoors returns the ids of the property's doors assigned to the
// partner, sorted; nil when there are none.
func (tx *Tx) AssignedDoors(propertyID, partnerID string) ([]string, error) {
	ids, err := tx.queryStrings(`SELECT id FROM doors
		WHERE property_id = ? AND partner_id = ? ORDER BY id`, propertyID, partnerID)
	if err != nil {
		return nil, fmt.Errorf("query doors of %s assigned to %s: %w", propertyID, partnerID, err)
	}
	return ids, nil
}

// PutDoor saves d.Partner ("" for none) and d.AwaitingUpdate of the door
// d.ID; its other fields are ignored. An unknown door or partner is
// ENOTFOUND; a partner not enabled on the door's property is ECONFLICT;
// a nil d is EINVALID.
func (tx *Tx) PutDoor(d *approvals.Door) error {
	if d == nil {
		return approvals.Errorf(approvals.EINVALID, "put door: no door")
	}
	cur, err := tx.Door(d.ID)
	if err != nil {
		return err
	}
	if d.Partner != "" {
		if _, err := tx.Partner(d.Partner); err != nil {
			return err
		}
		on, err := tx.Enabled(cur.Property, d.Partner)
		if err != nil {
			return err
		}
		if !on {
			return approvals.Errorf(approvals.ECONFLICT,
				"partner %q is not enabled on property %q of door %q", d.Partner, cur.Property, d.ID)
		}
	}
	_, err = tx.exec(`UPDATE doors SET partner_id = ?, awaiting_update = ? WHERE id = ?`,
		nullString(d.Partner), d.AwaitingUpdate, d.ID)
	if err != nil {
		return fmt.Errorf("update door %q: %w", d.ID, err)
	}
	return nil
}

// Enabled reports whether the partner is enabled on the property; false,
// not an error, when either does not exist.
func (tx *Tx) Enabled(propertyID, partnerID string) (bool, error) {
	ok, err := tx.exists(`SELECT 1 FROM enablements WHERE property_id = ? AND partner_id = ?`,
		propertyID, partnerID)
	if err != nil {
		return false, fmt.Errorf("look up enablement of %s on %s: %w", partnerID, propertyID, err)
	}
	return ok, nil
}

// SetEnabled enables (on) or disables the partner on the property; doing
// what is already so is not an error. An unknown property or partner is
// ENOTFOUND. Disabling a partner still assigned to doors of the property
// is ECONFLICT naming the doors: a partner leaves a property only once no
// door of it is assigned to them.
func (tx *Tx) SetEnabled(propertyID, partnerID string, on bool) error {
	if _, err := tx.Property(propertyID); err != nil {
		return err
	}
	if _, err := tx.Partner(partnerID); err != nil {
		return err
	}
	if on {
		_, err := tx.exec(`INSERT INTO enablements (property_id, partner_id) VALUES (?, ?)
			ON CONFLICT DO NOTHING`, propertyID, partnerID)
		if err != nil {
			return fmt.Errorf("enable %s on %s: %w", partnerID, propertyID, err)
		}
		return nil
	}
	doors, err := tx.AssignedDoors(propertyID, partnerID)
	if err != nil {
		return err
	}
	if len(doors) > 0 {
		return approvals.Errorf(approvals.ECONFLICT, "partner %q is still assigned to doors %s of property %q",
			partnerID, strings.Join(doors, ", "), propertyID)
	}
	_, err = tx.exec(`DELETE FROM enablements WHERE property_id = ? AND partner_id = ?`,
		propertyID, partnerID)
	if err != nil {
		return fmt.Errorf("disable %s on %s: %w", partnerID, propertyID, err)
	}
	return nil
}

// Enablements returns every enablement sorted by property then partner;
// nil when there are none.
func (tx *Tx) Enablements() ([]approvals.Enablement, error) {
	rows, err := tx.query(`SELECT property_id, partner_id FROM enablements
		ORDER BY property_id, partner_id`)
	if err != nil {
		return nil, fmt.Errorf("query enablements: %w", err)
	}
	defer rows.Close()
	var out []approvals.Enablement
	for rows.Next() {
		var e approvals.Enablement
		if err := rows.Scan(&e.Property, &e.Partner); err != nil {
			return nil, fmt.Errorf("scan enablement: %w", err)
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("query enablements: %w", err)
	}
	return out, nil
}
