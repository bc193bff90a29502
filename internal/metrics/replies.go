package metrics

import (
	"context"
	"fmt"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"intake/approvals"
)

// The result label of intake_replies_total.
const (
	ReplyQueued     = "queued"
	ReplySuppressed = "suppressed"
	ReplySent       = "sent"
	ReplyRetry      = "retry"
	ReplyFailed     = "failed"
)

// newReplies registers intake_replies_total.
func newReplies(f *promauto) *prometheus.CounterVec {
	return f.counterVec("replies_total",
		"Replies by kind and result: queued or suppressed when written, sent, retry or failed per delivery attempt.",
		"kind", "result")
}

// ReplyQueued counts the reply written with a decision: queued, or
// suppressed by the rate limit. A nil o counts nothing.
func (m *Set) ReplyQueued(o *approvals.Outbound) {
	if o == nil {
		return
	}
	result := ReplyQueued
	if o.Status == approvals.OutboxSuppressed {
		result = ReplySuppressed
	}
	m.replies.WithLabelValues(o.Kind, result).Inc()
}

// Delivered counts each delivery attempt of d: sent, failed, or retry
// (queued again).
func (m *Set) Delivered(d approvals.Delivery) {
	for _, o := range d.Replies {
		result := ReplyRetry
		switch o.Status {
		case approvals.OutboxSent:
			result = ReplySent
		case approvals.OutboxFailed:
			result = ReplyFailed
		}
		m.replies.WithLabelValues(o.Kind, result).Inc()
	}
}

// OutboxFunc reads the outbox's summary.
type OutboxFunc func(ctx context.Context) (approvals.OutboxSummary, error)

// WatchOutbox registers intake_outbox_depth (queued replies) and
// intake_outbox_oldest_seconds (how long the oldest queued reply has
// been queued, see approvals.OutboxSummary; 0 when none), read with sum on every scrape.
func (m *Set) WatchOutbox(sum OutboxFunc) error {
	c := &outboxCollector{sum: sum, now: m.now,
		depth: prometheus.NewDesc(prometheus.BuildFQName(metricsNamespace, "", "outbox_depth"),
			"Replies queued and not yet sent.", nil, nil),
		oldest: prometheus.NewDesc(prometheus.BuildFQName(metricsNamespace, "", "outbox_oldest_seconds"),
			"Seconds since the oldest queued reply was queued (written, or retried by staff); 0 when none is queued.", nil, nil)}
	if err := m.reg.Register(c); err != nil {
		return fmt.Errorf("register outbox metrics: %w", err)
	}
	return nil
}

// outboxCollector reports the outbox when scraped.
type outboxCollector struct {
	depth, oldest *prometheus.Desc
	sum           OutboxFunc
	now           func() time.Time
}

// Describe implements prometheus.Collector.
func (c *outboxCollector) Describe(ch chan<- *prometheus.Desc) { ch <- c.depth; ch <- c.oldest }

// Collect implements prometheus.Collector. A failed query is reported as
// invalid metrics, which the handler logs and leaves out.
func (c *outboxCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), scrapeTimeout)
	defer cancel()
	s, err := c.sum(ctx)
	if err != nil {
		ch <- prometheus.NewInvalidMetric(c.depth, err)
		ch <- prometheus.NewInvalidMetric(c.oldest, err)
		return
	}
	age := 0.0
	if !s.OldestQueued.IsZero() {
		age = max(0, c.now().Sub(s.OldestQueued).Seconds())
	}
	ch <- prometheus.MustNewConstMetric(c.depth, prometheus.GaugeValue, float64(s.Queued))
	ch <- prometheus.MustNewConstMetric(c.oldest, prometheus.GaugeValue, age)
}
