package store

import (
	"database/sql"
	"fmt"
	"strings"
	"time"

	"intake/approvals"
)

// outboxPrefix is the prefix of outbox store ids ("o-000001").
const outboxPrefix = "o-"

// outboxColumns are the columns scanOutbound reads, in order.
const outboxColumns = `id, message_id, source, recipient, subject, body, kind, status, reason,
	attempts, next_attempt_at, last_error, created_at, sent_at, bounced_at, bounce`

// CreateOutbound records o and sets o.ID; o.ID on entry is ignored. An
// unknown source message or status, or a Message-ID already in the outbox,
// is EINVALID.
func (tx *Tx) CreateOutbound(o *approvals.Outbound) error {
	if o == nil {
		return approvals.Errorf(approvals.EINVALID, "create reply: no reply")
	}
	src, ok := parseID(messagePrefix, o.Source)
	if !ok {
		return approvals.Errorf(approvals.EINVALID, "create reply %q: source %q is not a message id", o.MessageID, o.Source)
	}
	res, err := tx.exec(`INSERT INTO outbox (message_id, source, recipient, subject, body, kind,
			status, reason, attempts, next_attempt_at, last_error, created_at, sent_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		o.MessageID, src, o.To, o.Subject, o.Body, o.Kind, string(o.Status), o.Reason,
		o.Attempts, nullNanos(o.NextAttemptAt), o.LastError, o.CreatedAt.UnixNano(), nullNanos(o.SentAt))
	if err != nil {
		return createError(err, "reply", o.MessageID)
	}
	n, err := res.LastInsertId()
	if err != nil {
		return fmt.Errorf("create reply: %w", err)
	}
	o.ID = formatID(outboxPrefix, n)
	return nil
}

// Outbound returns the reply with that store id, or an ENOTFOUND error.
func (tx *Tx) Outbound(id string) (*approvals.Outbound, error) {
	n, ok := parseID(outboxPrefix, id)
	if !ok {
		return nil, approvals.Errorf(approvals.ENOTFOUND, "reply %q not found", id)
	}
	o, err := scanOutbound(tx.queryRow(`SELECT `+outboxColumns+` FROM outbox WHERE id = ?`, n))
	if err != nil {
		return nil, notFound(err, "reply", id)
	}
	return o, nil
}

// LatestReply returns the newest queued or sent reply to the message
// with that store id, or an ENOTFOUND error: the reply a later one
// threads under. Suppressed and failed replies never reached the sender.
func (tx *Tx) LatestReply(source string) (*approvals.Outbound, error) {
	src, ok := parseID(messagePrefix, source)
	if !ok {
		return nil, approvals.Errorf(approvals.ENOTFOUND, "no reply to message %q", source)
	}
	o, err := scanOutbound(tx.queryRow(`SELECT `+outboxColumns+` FROM outbox
		WHERE source = ? AND status IN ('queued', 'sent') ORDER BY id DESC LIMIT 1`, src))
	if err != nil {
		return nil, notFound(err, "reply to message", source)
	}
	return o, nil
}

// RepliesTo counts the replies to addr (case-insensitive) created at or
// after since, suppressed ones excepted: those were never sent.
func (tx *Tx) RepliesTo(addr string, since time.Time) (int, error) {
	var n int
	err := tx.queryRow(`SELECT count(*) FROM outbox
		WHERE lower(recipient) = ? AND created_at >= ? AND status <> 'suppressed'`,
		strings.ToLower(addr), since.UnixNano()).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("count replies: %w", err)
	}
	return n, nil
}

// scanner is a *sql.Row or *sql.Rows.
type scanner interface{ Scan(dest ...any) error }

func scanOutbound(row scanner) (*approvals.Outbound, error) {
	var (
		o                         approvals.Outbound
		n, src, created           int64
		next, sent, bounced, from sql.NullInt64
	)
	err := row.Scan(&n, &o.MessageID, &src, &o.To, &o.Subject, &o.Body, &o.Kind, &o.Status, &o.Reason,
		&o.Attempts, &next, &o.LastError, &created, &sent, &bounced, &from)
	if err != nil {
		return nil, err
	}
	o.ID, o.Source = formatID(outboxPrefix, n), formatID(messagePrefix, src)
	o.CreatedAt, o.NextAttemptAt, o.SentAt = fromNanos(created), fromNullNanos(next), fromNullNanos(sent)
	o.BouncedAt = fromNullNanos(bounced)
	if from.Valid {
		o.Bounce = formatID(messagePrefix, from.Int64)
	}
	return &o, nil
}

// nullNanos stores a time as Unix nanoseconds, the zero time as NULL.
func nullNanos(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UnixNano()
}

func fromNanos(n int64) time.Time { return time.Unix(0, n).UTC() }

func fromNullNanos(n sql.NullInt64) time.Time {
	if !n.Valid {
		return time.Time{}
	}
	return fromNanos(n.Int64)
}

// DueReplies returns up to limit queued replies due at or before now,
// the earliest due first (every one when limit is not positive).
func (tx *Tx) DueReplies(now time.Time, limit int) ([]approvals.Outbound, error) {
	if limit <= 0 {
		limit = -1
	}
	rows, err := tx.query(`SELECT `+outboxColumns+` FROM outbox
		WHERE status = 'queued' AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?`,
		now.UnixNano(), limit)
	if err != nil {
		return nil, fmt.Errorf("read due replies: %w", err)
	}
	defer rows.Close()
	var out []approvals.Outbound
	for rows.Next() {
		o, err := scanOutbound(rows)
		if err != nil {
			return nil, fmt.Errorf("read due replies: %w", err)
		}
		out = append(out, *o)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read due replies: %w", err)
	}
	return out, nil
}

// Outbox returns the replies with that status, every one when status is
// "", the newest first.
func (tx *Tx) Outbox(status approvals.OutboxStatus) ([]approvals.Outbound, error) {
	rows, err := tx.query(`SELECT `+outboxColumns+` FROM outbox
		WHERE ? = '' OR status = ? ORDER BY id DESC`, string(status), string(status))
	if err != nil {
		return nil, fmt.Errorf("read outbox: %w", err)
	}
	defer rows.Close()
	var out []approvals.Outbound
	for rows.Next() {
		o, err := scanOutbound(rows)
		if err != nil {
			return nil, fmt.Errorf("read outbox: %w", err)
		}
		out = append(out, *o)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read outbox: %w", err)
	}
	return out, nil
}

// UpdateOutbound saves o's status, attempts, next attempt, last error and
// sent time; an unknown o.ID is ENOTFOUND, an unknown status EINVALID.
func (tx *Tx) UpdateOutbound(o *approvals.Outbound) error {
	n, ok := parseID(outboxPrefix, o.ID)
	if !ok {
		return approvals.Errorf(approvals.ENOTFOUND, "reply %q not found", o.ID)
	}
	res, err := tx.exec(`UPDATE outbox SET status = ?, attempts = ?, next_attempt_at = ?, last_error = ?, sent_at = ?
		WHERE id = ?`, string(o.Status), o.Attempts, nullNanos(o.NextAttemptAt), o.LastError, nullNanos(o.SentAt), n)
	if err != nil {
		return createError(err, "reply", o.ID)
	}
	k, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("update reply %s: %w", o.ID, err)
	}
	if k == 0 {
		return approvals.Errorf(approvals.ENOTFOUND, "reply %q not found", o.ID)
	}
	return nil
}
