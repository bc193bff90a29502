package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"intake/approvals"
)

// An AuditRun is one completed audit run as stored.
type AuditRun struct {
	// ID is the row id, set by RecordAuditRun.
	ID                    int64
	StartedAt, FinishedAt time.Time
	// Critical, Warning and Info count the findings per severity.
	Critical, Warning, Info int
	// Report is the run's report, JSON.
	Report []byte
	// LedgerSeq is the seq of the ledger entry that records the run.
	LedgerSeq int64
}

// RecordAuditRun stores run, appends to the ledger the entry that
// entry returns for the run's id, and releases the audit lock of holder
// ("" for none), in one write transaction. It sets run.ID and
// run.LedgerSeq. It returns an error, and stores nothing, when run.Report
// is not JSON or the transaction fails.
func (db *DB) RecordAuditRun(ctx context.Context, run *AuditRun, holder string, entry func(id int64) approvals.Entry) error {
	return db.update(ctx, func(tx *Tx) error {
		res, err := tx.exec(`INSERT INTO audit_runs (started_at, finished_at, critical, warning, info, report, ledger_seq)
			VALUES (?, ?, ?, ?, ?, ?, 0)`, formatTime(run.StartedAt), formatTime(run.FinishedAt),
			run.Critical, run.Warning, run.Info, string(run.Report))
		if err != nil {
			return fmt.Errorf("record audit run: %w", err)
		}
		if run.ID, err = res.LastInsertId(); err != nil {
			return fmt.Errorf("record audit run: %w", err)
		}
		e, err := tx.Append(entry(run.ID))
		if err != nil {
			return fmt.Errorf("record audit run %d: %w", run.ID, err)
		}
		run.LedgerSeq = e.Seq
		if _, err := tx.exec(`UPDATE audit_runs SET ledger_seq = ? WHERE id = ?`, e.Seq, run.ID); err != nil {
			return fmt.Errorf("record audit run %d: %w", run.ID, err)
		}
		return tx.unlockAudit(holder)
	})
}

// LastAuditRun returns the most recently recorded audit run, an
// *approvals.Error with code ENOTFOUND when there is none.
func (db *DB) LastAuditRun(ctx context.Context) (*AuditRun, error) {
	var run *AuditRun
	err := db.Snapshot(ctx, func(s *Snapshot) error {
		var err error
		run, err = s.tx.lastAuditRun()
		return err
	})
	return run, err
}

func (tx *Tx) lastAuditRun() (*AuditRun, error) {
	var (
		run           AuditRun
		start, finish sql.NullString
		report        string
	)
	err := tx.queryRow(`SELECT id, started_at, finished_at, critical, warning, info, report, ledger_seq
		FROM audit_runs ORDER BY id DESC LIMIT 1`).Scan(&run.ID, &start, &finish,
		&run.Critical, &run.Warning, &run.Info, &report, &run.LedgerSeq)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, approvals.Errorf(approvals.ENOTFOUND, "no audit run recorded yet")
	}
	if err != nil {
		return nil, fmt.Errorf("read last audit run: %w", err)
	}
	run.Report = []byte(report)
	if run.StartedAt, err = parseTime(start); err != nil {
		return nil, fmt.Errorf("audit run %d: %w", run.ID, err)
	}
	if run.FinishedAt, err = parseTime(finish); err != nil {
		return nil, fmt.Errorf("audit run %d: %w", run.ID, err)
	}
	return &run, nil
}

// update runs fn in one write transaction on the store's own Tx.
func (db *DB) update(ctx context.Context, fn func(*Tx) error) error {
	return db.Update(ctx, func(t approvals.Tx) error { return fn(t.(*Tx)) })
}
