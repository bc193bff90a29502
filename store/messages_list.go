package store

import (
	"database/sql"
	"fmt"

	"intake/approvals"
)

// Messages returns every message record, oldest (first recorded) first;
// nil when there is none. It scans as scanMessage does, from rows.
func (tx *Tx) Messages() ([]approvals.Message, error) {
	rows, err := tx.query(`SELECT ` + messageColumns + ` FROM messages ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("query messages: %w", err)
	}
	defer rows.Close()
	var out []approvals.Message
	for rows.Next() {
		var (
			m        approvals.Message
			n        int64
			received sql.NullString
		)
		err := rows.Scan(&n, &m.MessageID, &m.Hash, &m.Source, &m.Sender, &m.Subject,
			&received, &m.Outcome, &m.Error, &m.Evidence)
		if err != nil {
			return nil, fmt.Errorf("scan message: %w", err)
		}
		m.ID = formatID(messagePrefix, n)
		if m.ReceivedAt, err = parseTime(received); err != nil {
			return nil, fmt.Errorf("message %s: %w", m.ID, err)
		}
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("query messages: %w", err)
	}
	return out, nil
}
