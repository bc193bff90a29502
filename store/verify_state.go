package store

import (
	"fmt"

	"intake/approvals"
)

// currentRecords is approvals.CurrentState read with only the columns
// the ledger must reproduce (approvals.MessageRecord, RequestRecord):
// Verify compares every row, and decoding each request's checks and
// evidence, which no record holds, was most of the time it took.
func (tx *Tx) currentRecords() (*approvals.State, error) {
	st, err := approvals.DirectoryState(tx)
	if err != nil {
		return nil, err
	}
	if st.Messages, err = tx.messageRecords(); err != nil {
		return nil, err
	}
	if st.Requests, err = tx.requestRecords(); err != nil {
		return nil, err
	}
	return st, nil
}

func (tx *Tx) messageRecords() ([]approvals.MessageRecord, error) {
	rows, err := tx.query(`SELECT id, message_id, hash, outcome, sender FROM messages ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("query messages: %w", err)
	}
	defer rows.Close()
	var out []approvals.MessageRecord
	for rows.Next() {
		var (
			m approvals.MessageRecord
			n int64
		)
		if err := rows.Scan(&n, &m.MessageID, &m.Hash, &m.Outcome, &m.Sender); err != nil {
			return nil, fmt.Errorf("scan message: %w", err)
		}
		m.ID = formatID(messagePrefix, n)
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("query messages: %w", err)
	}
	return out, nil
}

func (tx *Tx) requestRecords() ([]approvals.RequestRecord, error) {
	rows, err := tx.query(`SELECT id, message, action, partner_phrase, property_phrase,
		coalesce(partner_id, ''), coalesce(property_id, ''), status, reason, note FROM requests ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("query requests: %w", err)
	}
	defer rows.Close()
	var out []approvals.RequestRecord
	for rows.Next() {
		var (
			r       approvals.RequestRecord
			id, msg int64
		)
		err := rows.Scan(&id, &msg, &r.Action, &r.Partner, &r.Property, &r.PartnerID, &r.PropertyID,
			&r.Status, &r.Reason, &r.Note)
		if err != nil {
			return nil, fmt.Errorf("scan request: %w", err)
		}
		r.ID, r.Message = formatID(requestPrefix, id), formatID(messagePrefix, msg)
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("query requests: %w", err)
	}
	return out, nil
}
