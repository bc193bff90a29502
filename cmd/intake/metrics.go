package main

import (
	"context"
	"fmt"

	"intake/approvals"
	"intake/internal/metrics"
)

// metricsHooks returns what serve adds to its poller: handler calls timed
// and counted, and content FETCHes observed.
func metricsHooks(m *metrics.Set) pollerHooks {
	return pollerHooks{wrap: m.Wrap, onFetch: m.FetchedContent}
}

// queueDepth counts the pending and waiting requests (message review
// items included) in one read transaction.
func (b *backend) queueDepth(ctx context.Context) (map[approvals.Status]int, error) {
	n := map[approvals.Status]int{}
	err := b.db.View(ctx, func(tx approvals.Tx) error {
		reqs, err := tx.Requests(approvals.RequestFilter{Status: []approvals.Status{approvals.StatusPending, approvals.StatusWaiting}})
		if err != nil {
			return fmt.Errorf("list open requests: %w", err)
		}
		for _, r := range reqs {
			n[r.Status]++
		}
		return nil
	})
	return n, err
}
