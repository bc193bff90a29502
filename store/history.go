package store

import (
	"context"
	"fmt"
	"strings"

	"intake/approvals"
)

// EntriesAbout returns the ledger entries whose subject is one of
// subjects (request, message or door ids), in seq order, at most limit of
// them (the last ones) when limit > 0. It reads the ledger_subject index.
func (db *DB) EntriesAbout(ctx context.Context, subjects []string, limit int) ([]approvals.Entry, error) {
	if len(subjects) == 0 {
		return nil, nil
	}
	if limit <= 0 {
		limit = -1
	}
	marks := strings.TrimSuffix(strings.Repeat("?, ", len(subjects)), ", ")
	args := make([]any, 0, len(subjects)+1)
	for _, s := range subjects {
		args = append(args, s)
	}
	args = append(args, limit)
	out, err := db.queryEntries(ctx, `SELECT * FROM (SELECT seq, time, kind, actor, subject, data, prev, hash
		FROM ledger WHERE subject IN (`+marks+`) ORDER BY seq DESC LIMIT ?) ORDER BY seq`, args...)
	if err != nil {
		return nil, fmt.Errorf("read history: %w", err)
	}
	return out, nil
}

// RecentEntries returns the last limit ledger entries (all when limit <=
// 0), newest first.
func (db *DB) RecentEntries(ctx context.Context, limit int) ([]approvals.Entry, error) {
	if limit <= 0 {
		limit = -1
	}
	out, err := db.queryEntries(ctx, `SELECT seq, time, kind, actor, subject, data, prev, hash
		FROM ledger ORDER BY seq DESC LIMIT ?`, limit)
	if err != nil {
		return nil, fmt.Errorf("read recent ledger entries: %w", err)
	}
	return out, nil
}

// queryEntries runs a ledger query in a read transaction and scans its
// rows.
func (db *DB) queryEntries(ctx context.Context, query string, args ...any) ([]approvals.Entry, error) {
	if err := db.sameFile(); err != nil {
		return nil, err
	}
	tx, err := db.beginRead(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("query ledger: %w", err)
	}
	return scanEntries(rows)
}
