package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"intake/approvals"
)

// LockAudit takes the audit lock for holder at now, unless another holder
// took it less than stale ago: then it returns an *approvals.Error with
// code ECONFLICT naming that holder and since when it runs. A lock older
// than stale is taken over (its run died without releasing it).
// RecordAuditRun or UnlockAudit releases it.
func (db *DB) LockAudit(ctx context.Context, holder string, now time.Time, stale time.Duration) error {
	return db.update(ctx, func(tx *Tx) error {
		var who, since string
		err := tx.queryRow(`SELECT holder, since FROM audit_lock WHERE id = 1`).Scan(&who, &since)
		switch {
		case errors.Is(err, sql.ErrNoRows):
		case err != nil:
			return fmt.Errorf("read audit lock: %w", err)
		default:
			t, err := parseTime(sql.NullString{String: since, Valid: true})
			if err != nil {
				return fmt.Errorf("read audit lock: %w", err)
			}
			if now.Sub(t) < stale {
				return approvals.Errorf(approvals.ECONFLICT,
					"another audit (%s) has been running since %s", who, t.Format(time.RFC3339))
			}
		}
		_, err = tx.exec(`INSERT INTO audit_lock (id, holder, since) VALUES (1, ?, ?)
			ON CONFLICT (id) DO UPDATE SET holder = excluded.holder, since = excluded.since`,
			holder, formatTime(now))
		if err != nil {
			return fmt.Errorf("take audit lock: %w", err)
		}
		return nil
	})
}

// UnlockAudit releases the audit lock if holder holds it.
func (db *DB) UnlockAudit(ctx context.Context, holder string) error {
	return db.update(ctx, func(tx *Tx) error { return tx.unlockAudit(holder) })
}

func (tx *Tx) unlockAudit(holder string) error {
	if holder == "" {
		return nil
	}
	if _, err := tx.exec(`DELETE FROM audit_lock WHERE id = 1 AND holder = ?`, holder); err != nil {
		return fmt.Errorf("release audit lock: %w", err)
	}
	return nil
}
