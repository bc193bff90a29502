package store

import (
	"database/sql"
	"fmt"

	"intake/approvals"
)

// OutboundByMessageID returns the reply whose own Message-ID is id, or an
// ENOTFOUND error.
func (tx *Tx) OutboundByMessageID(id string) (*approvals.Outbound, error) {
	o, err := scanOutbound(tx.queryRow(`SELECT `+outboxColumns+` FROM outbox WHERE message_id = ?`, id))
	if err != nil {
		return nil, notFound(err, "reply with Message-ID", id)
	}
	return o, nil
}

// MarkBounced saves o's bounce time and bouncing message; an unknown o.ID
// is ENOTFOUND, an o.Bounce that is not a message id EINVALID.
func (tx *Tx) MarkBounced(o *approvals.Outbound) error {
	n, ok := parseID(outboxPrefix, o.ID)
	if !ok {
		return approvals.Errorf(approvals.ENOTFOUND, "reply %q not found", o.ID)
	}
	from, ok := parseID(messagePrefix, o.Bounce)
	if !ok {
		return approvals.Errorf(approvals.EINVALID, "bounce of reply %s: %q is not a message id", o.ID, o.Bounce)
	}
	res, err := tx.exec(`UPDATE outbox SET bounced_at = ?, bounce = ? WHERE id = ?`, nullNanos(o.BouncedAt), from, n)
	if err != nil {
		return fmt.Errorf("record bounce of reply %s: %w", o.ID, err)
	}
	k, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("record bounce of reply %s: %w", o.ID, err)
	}
	if k == 0 {
		return approvals.Errorf(approvals.ENOTFOUND, "reply %q not found", o.ID)
	}
	return nil
}

// OutboxSummary counts the queued replies and reads the oldest one's
// creation and the last send, through the outbox_due and outbox_sent
// indexes.
func (tx *Tx) OutboxSummary() (approvals.OutboxSummary, error) {
	var (
		sum            approvals.OutboxSummary
		oldest, latest sql.NullInt64
	)
	err := tx.queryRow(`SELECT count(*), min(created_at) FROM outbox WHERE status = 'queued'`).Scan(&sum.Queued, &oldest)
	if err != nil {
		return sum, fmt.Errorf("count queued replies: %w", err)
	}
	if err := tx.queryRow(`SELECT max(sent_at) FROM outbox WHERE sent_at IS NOT NULL`).Scan(&latest); err != nil {
		return sum, fmt.Errorf("read last reply sent: %w", err)
	}
	sum.OldestQueued, sum.LastSent = fromNullNanos(oldest), fromNullNanos(latest)
	return sum, nil
}
