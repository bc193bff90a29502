package store

import (
	"database/sql"
	"fmt"
	"time"
)

// An UndeliveredReply is a reply the audit reports: still queued, or
// given up on, since before a time.
type UndeliveredReply struct {
	ID        string // "o-000001"
	Recipient string
	Status    string // queued or failed
	Attempts  int
	LastError string
	CreatedAt time.Time
}

// UndeliveredReplies returns the replies written before before that are
// still queued or were given up on (failed), oldest first.
func (s *Snapshot) UndeliveredReplies(before time.Time) ([]UndeliveredReply, error) {
	rows, err := s.tx.query(`SELECT id, recipient, status, attempts, last_error, created_at FROM outbox
		WHERE status IN ('queued', 'failed') AND created_at < ? ORDER BY created_at, id`, before.UnixNano())
	if err != nil {
		return nil, fmt.Errorf("read undelivered replies: %w", err)
	}
	defer rows.Close()
	var out []UndeliveredReply
	for rows.Next() {
		var (
			r       UndeliveredReply
			id      int64
			created int64
			lastErr sql.NullString
		)
		if err := rows.Scan(&id, &r.Recipient, &r.Status, &r.Attempts, &lastErr, &created); err != nil {
			return nil, fmt.Errorf("read undelivered replies: %w", err)
		}
		r.ID, r.LastError, r.CreatedAt = formatID(outboxPrefix, id), lastErr.String, time.Unix(0, created).UTC()
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read undelivered replies: %w", err)
	}
	return out, nil
}
