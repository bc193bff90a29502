package store

import (
	"database/sql"
	"fmt"

	"intake/approvals"
)

// messageColumns are the columns scanMessage reads, in order.
const messageColumns = `id, message_id, hash, source, sender, subject,
	received_at, outcome, error, evidence`

// MessageByMessageID returns the first message recorded with that
// Message-ID header, or an ENOTFOUND error. Messages without a Message-ID
// never match: "" is always ENOTFOUND.
func (tx *Tx) MessageByMessageID(messageID string) (*approvals.Message, error) {
	if messageID == "" {
		return nil, approvals.Errorf(approvals.ENOTFOUND, "message without Message-ID")
	}
	row := tx.queryRow(`SELECT `+messageColumns+` FROM messages
		WHERE message_id = ? ORDER BY id LIMIT 1`, messageID)
	m, err := scanMessage(row)
	if err != nil {
		return nil, notFound(err, "message with Message-ID", messageID)
	}
	return m, nil
}

// MessageByHash returns the first message recorded with that raw-content
// hash, or an ENOTFOUND error.
func (tx *Tx) MessageByHash(hash string) (*approvals.Message, error) {
	row := tx.queryRow(`SELECT `+messageColumns+` FROM messages
		WHERE hash = ? ORDER BY id LIMIT 1`, hash)
	m, err := scanMessage(row)
	if err != nil {
		return nil, notFound(err, "message with hash", hash)
	}
	return m, nil
}

// Message returns the message with that store id ("m-000123"), or an
// ENOTFOUND error.
func (tx *Tx) Message(id string) (*approvals.Message, error) {
	n, ok := parseID(messagePrefix, id)
	if !ok {
		return nil, approvals.Errorf(approvals.ENOTFOUND, "message %q not found", id)
	}
	row := tx.queryRow(`SELECT `+messageColumns+` FROM messages WHERE id = ?`, n)
	m, err := scanMessage(row)
	if err != nil {
		return nil, notFound(err, "message", id)
	}
	return m, nil
}

// CreateMessage records m and sets m.ID; m.ID on entry is ignored. The raw
// message must already be stored under m.Hash (PutRaw): otherwise, or for
// an unknown outcome, it is EINVALID.
func (tx *Tx) CreateMessage(m *approvals.Message) error {
	if m == nil {
		return approvals.Errorf(approvals.EINVALID, "create message: no message")
	}
	res, err := tx.exec(`INSERT INTO messages (message_id, hash, source, sender, subject,
			received_at, outcome, error, evidence)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		m.MessageID, m.Hash, m.Source, m.Sender, m.Subject,
		nullTime(m.ReceivedAt), string(m.Outcome), m.Error, m.Evidence)
	if err != nil {
		return createError(err, "message", m.MessageID)
	}
	n, err := res.LastInsertId()
	if err != nil {
		return fmt.Errorf("create message: %w", err)
	}
	m.ID = formatID(messagePrefix, n)
	return nil
}

func scanMessage(row *sql.Row) (*approvals.Message, error) {
	var (
		m        approvals.Message
		n        int64
		received sql.NullString
	)
	err := row.Scan(&n, &m.MessageID, &m.Hash, &m.Source, &m.Sender, &m.Subject,
		&received, &m.Outcome, &m.Error, &m.Evidence)
	if err != nil {
		return nil, err
	}
	m.ID = formatID(messagePrefix, n)
	if m.ReceivedAt, err = parseTime(received); err != nil {
		return nil, err
	}
	return &m, nil
}
