package store

import (
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"intake/approvals"
)

// confirmationPrefix is the prefix of confirmation store ids ("c-000001").
const confirmationPrefix = "c-"

// confirmationColumns are the columns scanConfirmation reads, in order.
const confirmationColumns = `id, code_hash, request, partner_id, property_id, sender, reply_message_id,
	created_at, expires_at, used_at, used_by_message`

// CreateConfirmation records c and sets c.ID; c.ID, UsedAt and UsedBy on
// entry are ignored. An unknown request or reply Message-ID, a sender not
// in lower case or an expiry not after creation is EINVALID.
func (tx *Tx) CreateConfirmation(c *approvals.Confirmation) error {
	req, ok := parseID(requestPrefix, c.Request)
	if !ok {
		return approvals.Errorf(approvals.EINVALID, "create confirmation: %q is not a request id", c.Request)
	}
	res, err := tx.exec(`INSERT INTO confirmations (code_hash, request, partner_id, property_id, sender,
			reply_message_id, created_at, expires_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		c.CodeHash, req, c.PartnerID, c.PropertyID, c.Sender, c.ReplyMessageID,
		c.CreatedAt.UnixNano(), c.ExpiresAt.UnixNano())
	if err != nil {
		return createError(err, "confirmation for request", c.Request)
	}
	n, err := res.LastInsertId()
	if err != nil {
		return fmt.Errorf("create confirmation: %w", err)
	}
	c.ID = formatID(confirmationPrefix, n)
	return nil
}

// ConfirmationsByCode returns the codes with that hash, oldest first.
func (tx *Tx) ConfirmationsByCode(hash string) ([]approvals.Confirmation, error) {
	return tx.confirmations(`code_hash = ?`, hash)
}

// ConfirmationsByReply returns the codes carried by the replies with
// those Message-IDs, oldest first; none for no ids.
func (tx *Tx) ConfirmationsByReply(messageIDs []string) ([]approvals.Confirmation, error) {
	if len(messageIDs) == 0 {
		return nil, nil
	}
	args := make([]any, len(messageIDs))
	for i, id := range messageIDs {
		args[i] = id
	}
	marks := strings.TrimSuffix(strings.Repeat("?, ", len(args)), ", ")
	return tx.confirmations(`reply_message_id IN (`+marks+`)`, args...)
}

// confirmations returns the rows matching where, oldest first.
func (tx *Tx) confirmations(where string, args ...any) ([]approvals.Confirmation, error) {
	rows, err := tx.query(`SELECT `+confirmationColumns+` FROM confirmations WHERE `+where+` ORDER BY id`, args...)
	if err != nil {
		return nil, fmt.Errorf("read confirmations: %w", err)
	}
	defer rows.Close()
	var out []approvals.Confirmation
	for rows.Next() {
		c, err := scanConfirmation(rows)
		if err != nil {
			return nil, fmt.Errorf("read confirmations: %w", err)
		}
		out = append(out, *c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read confirmations: %w", err)
	}
	return out, nil
}

// UseConfirmation records c.UsedAt and c.UsedBy on the code c.ID unless
// it was used before (ECONFLICT); an unknown code is ENOTFOUND.
func (tx *Tx) UseConfirmation(c *approvals.Confirmation) error {
	n, ok := parseID(confirmationPrefix, c.ID)
	msg, okMsg := parseID(messagePrefix, c.UsedBy)
	if !ok || !okMsg || c.UsedAt.IsZero() {
		return approvals.Errorf(approvals.EINVALID, "use confirmation %q by message %q: not a confirmation, message and time", c.ID, c.UsedBy)
	}
	res, err := tx.exec(`UPDATE confirmations SET used_at = ?, used_by_message = ?
		WHERE id = ? AND used_at IS NULL`, c.UsedAt.UnixNano(), msg, n)
	if err != nil {
		return fmt.Errorf("use confirmation %s: %w", c.ID, err)
	}
	if k, err := res.RowsAffected(); err != nil || k == 1 {
		return err
	}
	var used sql.NullInt64
	err = tx.queryRow(`SELECT used_at FROM confirmations WHERE id = ?`, n).Scan(&used)
	if errors.Is(err, sql.ErrNoRows) {
		return approvals.Errorf(approvals.ENOTFOUND, "confirmation %q not found", c.ID)
	}
	if err != nil {
		return fmt.Errorf("use confirmation %s: %w", c.ID, err)
	}
	return approvals.Errorf(approvals.ECONFLICT, "confirmation %s was used before", c.ID)
}

func scanConfirmation(row scanner) (*approvals.Confirmation, error) {
	var (
		c                    approvals.Confirmation
		n, req, created, exp int64
		used, usedBy         sql.NullInt64
	)
	err := row.Scan(&n, &c.CodeHash, &req, &c.PartnerID, &c.PropertyID, &c.Sender, &c.ReplyMessageID,
		&created, &exp, &used, &usedBy)
	if err != nil {
		return nil, err
	}
	c.ID, c.Request = formatID(confirmationPrefix, n), formatID(requestPrefix, req)
	c.CreatedAt, c.ExpiresAt, c.UsedAt = fromNanos(created), fromNanos(exp), fromNullNanos(used)
	if usedBy.Valid {
		c.UsedBy = formatID(messagePrefix, usedBy.Int64)
	}
	return &c, nil
}
