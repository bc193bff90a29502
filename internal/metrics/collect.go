package metrics

import (
	"context"
	"fmt"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"intake/approvals"
	"intake/mailbox"
)

// scrapeTimeout bounds the database query made during one scrape.
const scrapeTimeout = 5 * time.Second

// WatchPoller registers the series read from the poller's Stats on every
// scrape: seconds since the last successful pass (since started while
// there has been none), reconnects, and whether it is connected and idle.
func (m *Set) WatchPoller(stats func() mailbox.Stats, started time.Time) error {
	f := &promauto{reg: m.reg}
	f.register(prometheus.NewGaugeFunc(prometheus.GaugeOpts{Namespace: metricsNamespace,
		Name: "seconds_since_last_poll",
		Help: "Seconds since the last successful pass over the inbox (since start while there has been none)."},
		func() float64 {
			last := stats().LastPass
			if last.IsZero() {
				last = started
			}
			return m.now().Sub(last).Seconds()
		}))
	f.register(prometheus.NewCounterFunc(prometheus.CounterOpts{Namespace: metricsNamespace,
		Name: "imap_reconnects_total", Help: "IMAP connections made after the first."},
		func() float64 { return float64(stats().Reconnects) }))
	f.register(prometheus.NewGaugeFunc(prometheus.GaugeOpts{Namespace: metricsNamespace,
		Name: "imap_connected", Help: "1 while the poller holds a working IMAP connection."},
		func() float64 { return boolFloat(stats().Connected) }))
	f.register(prometheus.NewGaugeFunc(prometheus.GaugeOpts{Namespace: metricsNamespace,
		Name: "imap_idle", Help: "1 while the poller waits in IDLE (RFC 2177)."},
		func() float64 { return boolFloat(stats().Idle) }))
	if f.err != nil {
		return fmt.Errorf("register poller metrics: %w", f.err)
	}
	return nil
}

func boolFloat(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// QueueDepthFunc counts the open review queue by status.
type QueueDepthFunc func(ctx context.Context) (map[approvals.Status]int, error)

// WatchQueue registers intake_queue_depth{status}, computed by depth on
// every scrape.
func (m *Set) WatchQueue(depth QueueDepthFunc) error {
	c := &queueCollector{depth: depth, desc: prometheus.NewDesc(
		prometheus.BuildFQName(metricsNamespace, "", "queue_depth"),
		"Requests and messages in the review queue, by status (pending, waiting).",
		[]string{"status"}, nil)}
	if err := m.reg.Register(c); err != nil {
		return fmt.Errorf("register queue metric: %w", err)
	}
	return nil
}

// queueCollector reports the queue depth when scraped.
type queueCollector struct {
	desc  *prometheus.Desc
	depth QueueDepthFunc
}

// Describe implements prometheus.Collector.
func (c *queueCollector) Describe(ch chan<- *prometheus.Desc) { ch <- c.desc }

// Collect implements prometheus.Collector. A failed query is reported as
// an invalid metric, which the handler logs and leaves out.
func (c *queueCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), scrapeTimeout)
	defer cancel()
	n, err := c.depth(ctx)
	if err != nil {
		ch <- prometheus.NewInvalidMetric(c.desc, fmt.Errorf("queue depth: %w", err))
		return
	}
	for _, s := range []approvals.Status{approvals.StatusPending, approvals.StatusWaiting} {
		m, err := prometheus.NewConstMetric(c.desc, prometheus.GaugeValue, float64(n[s]), string(s))
		if err != nil {
			m = prometheus.NewInvalidMetric(c.desc, err)
		}
		ch <- m
	}
}
