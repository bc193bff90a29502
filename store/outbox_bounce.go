package store

import (
	"database/sql"
	"fmt"
	"time"

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

// OutboxSummary counts the queued replies, reads when the one queued
// longest was last queued (queuedSince) and the last send, through the
// outbox_due and outbox_sent indexes.
func (tx *Tx) OutboxSummary() (approvals.OutboxSummary, error) {
	var (
		sum    approvals.OutboxSummary
		latest sql.NullInt64
	)
	err := tx.queryRow(`SELECT count(*) FROM outbox WHERE status = 'queued'`).Scan(&sum.Queued)
	if err != nil {
		return sum, fmt.Errorf("count queued replies: %w", err)
	}
	if sum.Queued > 0 {
		if sum.OldestQueued, err = tx.queuedSince(); err != nil {
			return sum, err
		}
	}
	if err := tx.queryRow(`SELECT max(sent_at) FROM outbox WHERE sent_at IS NOT NULL`).Scan(&latest); err != nil {
		return sum, fmt.Errorf("read last reply sent: %w", err)
	}
	sum.LastSent = fromNullNanos(latest)
	return sum, nil
}

// queuedSince returns the earliest time a queued reply was last queued:
// its creation, or the latest staff retry of it (a reply.retry entry by
// anyone but intake, whose own reply.retry entries record a failed
// attempt, not a new queueing), so that a staff retry of an old failed
// reply counts from the retry. The replies are read oldest first and the
// scan stops at the first created after the earliest time found, so in
// the usual case (no staff retry) it reads one row and one index range of
// the ledger.
func (tx *Tx) queuedSince() (time.Time, error) {
	rows, err := tx.query(`SELECT o.id, o.created_at,
			(SELECT l.time FROM ledger l WHERE l.subject = printf('o-%06d', o.id)
				AND l.kind = ? AND l.actor <> ? ORDER BY l.seq DESC LIMIT 1)
		FROM outbox o WHERE o.status = 'queued' ORDER BY o.created_at, o.id`,
		string(approvals.EntryReplyRetry), approvals.ActorIntake)
	if err != nil {
		return time.Time{}, fmt.Errorf("read queued replies: %w", err)
	}
	defer rows.Close()
	var since time.Time
	for rows.Next() {
		var (
			id, created int64
			retried     sql.NullString
		)
		if err := rows.Scan(&id, &created, &retried); err != nil {
			return time.Time{}, fmt.Errorf("read queued replies: %w", err)
		}
		at := time.Unix(0, created).UTC()
		if !since.IsZero() && !at.Before(since) {
			break
		}
		r, err := parseTime(retried)
		if err != nil {
			return time.Time{}, fmt.Errorf("read retry of reply %s: %w", formatID(outboxPrefix, id), err)
		}
		if r.After(at) {
			at = r
		}
		if since.IsZero() || at.Before(since) {
			since = at
		}
	}
	if err := rows.Err(); err != nil {
		return time.Time{}, fmt.Errorf("read queued replies: %w", err)
	}
	return since, nil
}
