// Package metrics holds the Prometheus series `intake serve` exports on
// /metrics: messages fetched, handled and failed, outcomes and requests by
// status and reason, decide and delivery-to-decision latencies, content
// FETCH durations and bytes, scheduled job runs, the poller's state and
// the review queue's depth, replies by kind and result with the outbox's
// depth and oldest queued reply, and Go's process series.
package metrics

import (
	"context"
	"fmt"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	dto "github.com/prometheus/client_model/go"

	"intake/approvals"
	"intake/mailbox"
)

// metricsNamespace prefixes every series.
const metricsNamespace = "intake"

// Label values used where the workflow has none.
const (
	OutcomeKnown = "known" // a redelivery of bytes already recorded
	reasonNone   = "none"  // a request decided without a reason code
)

// Set is the Prometheus series of `intake serve`, on a private registry
// (never the global one), so that tests and embedders get exactly these.
// The counters start at zero with each process. Its methods are safe for
// concurrent use.
type Set struct {
	reg *prometheus.Registry
	now func() time.Time

	fetched  prometheus.Counter
	handled  prometheus.Counter
	failed   prometheus.Counter
	outcomes *prometheus.CounterVec
	requests *prometheus.CounterVec
	jobs     *prometheus.CounterVec
	expired  prometheus.Counter
	decide   prometheus.Histogram
	delivery prometheus.Histogram
	fetch    prometheus.Histogram
	bytes    prometheus.Counter
	audit    auditSeries
	replies  *prometheus.CounterVec

	lastHandled atomic.Int64 // Unix nanoseconds of the last committed decision
}

// New registers the message, request, job, audit and process series on a
// new registry; now is the clock the latencies are measured with. It
// returns an error only when two series clash, a programming error.
func New(now func() time.Time) (*Set, error) {
	m := &Set{reg: prometheus.NewRegistry(), now: now}
	f := &promauto{reg: m.reg}
	m.fetched = f.counter("messages_fetched_total", "Messages downloaded from the inbox and handed to the workflow.")
	m.handled = f.counter("messages_handled_total", "Messages whose decision and cursor were committed.")
	m.failed = f.counter("messages_failed_total", "Messages whose decision failed; the poller retries them.")
	m.outcomes = f.counterVec("message_outcomes_total", "Committed messages by outcome (known: a redelivery already recorded).", "outcome")
	m.requests = f.counterVec("requests_total", "Requests decided, by status and reason.", "status", "reason")
	m.jobs = f.counterVec("job_runs_total", "Scheduled job runs by job and result (ok, error).", "job", "result")
	m.expired = f.counter("waiting_expired_total", "Waiting removals expired by the scheduled job.")
	m.decide = f.histogram("decide_duration_seconds",
		"Time to decide a message and commit the decision, with the others of its batch (it was parsed and its sender proved before, while the batch before committed).", prometheus.DefBuckets)
	m.delivery = f.histogram("delivery_to_decision_seconds",
		"Time from the server's INTERNALDATE of a message to its committed decision (fetch latency included).",
		[]float64{.1, .25, .5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600, 6 * 3600, 24 * 3600})
	m.fetch = f.histogram("fetch_duration_seconds",
		"Time of one content FETCH command (the bodies of one fetched chunk, or the headers of its oversized messages), from sending it to the server's completion.",
		[]float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30, 60})
	m.bytes = f.counter("fetched_bytes_total", "Message bytes downloaded by content FETCH commands (headers only for oversized messages).")
	m.audit = newAuditSeries(f)
	m.replies = newReplies(f)
	f.register(collectors.NewGoCollector())
	f.register(collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	if f.err != nil {
		return nil, fmt.Errorf("register metrics: %w", f.err)
	}
	return m, nil
}

// Wrap returns h timed and counted per message: every message of a call
// is a fetched message, and when h returns nil a handled one whose decide
// time is the call's (the time it waited for its batch's commit).
func (m *Set) Wrap(h mailbox.BatchHandler) mailbox.BatchHandler {
	return func(ctx context.Context, msgs []*mailbox.Message) error {
		n := float64(len(msgs))
		m.fetched.Add(n)
		start := m.now()
		err := h(ctx, msgs)
		end := m.now()
		if err != nil {
			m.failed.Add(n)
			return err
		}
		for _, msg := range msgs {
			m.decide.Observe(end.Sub(start).Seconds())
			if !msg.InternalDate.IsZero() {
				m.delivery.Observe(max(0, end.Sub(msg.InternalDate).Seconds()))
			}
		}
		m.handled.Add(n)
		m.lastHandled.Store(end.UnixNano())
		return nil
	}
}

// FetchedContent observes one completed content FETCH; it is the poller's
// mailbox.Options.OnFetch and, like it, runs on the poller's goroutine
// and never blocks. The message count is not used: messages are counted
// when handed to the workflow (Wrap).
func (m *Set) FetchedContent(_ int, bytes int64, d time.Duration) {
	m.fetch.Observe(d.Seconds())
	m.bytes.Add(float64(bytes))
}

// Decided counts the outcome of a committed message, the status and
// reason of each request it carried, and the reply written with it. A
// Known redelivery counts as "known" and its requests, counted before,
// are not counted again.
func (m *Set) Decided(res *approvals.Result) {
	m.ReplyQueued(res.Reply)
	if res.Known {
		m.outcomes.WithLabelValues(OutcomeKnown).Inc()
		return
	}
	m.outcomes.WithLabelValues(string(res.Message.Outcome)).Inc()
	for _, r := range res.Requests {
		if r.IsMessageItem() {
			continue // the message's outcome says why it is queued
		}
		reason := string(r.Reason)
		if reason == "" {
			reason = reasonNone
		}
		m.requests.WithLabelValues(string(r.Status), reason).Inc()
	}
}

// LastDecision returns when the last decision was committed; zero before.
func (m *Set) LastDecision() time.Time {
	n := m.lastHandled.Load()
	if n == 0 {
		return time.Time{}
	}
	return time.Unix(0, n)
}

// Handler serves the registry in the Prometheus text format. A collector
// that fails (the queue depth when the database does not answer) is left
// out and the rest is still served.
func (m *Set) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{ErrorHandling: promhttp.ContinueOnError})
}

// promauto creates metrics in metricsNamespace and registers them,
// keeping the first registration error.
type promauto struct {
	reg *prometheus.Registry
	err error
}

func (f *promauto) register(c prometheus.Collector) {
	if err := f.reg.Register(c); err != nil && f.err == nil {
		f.err = err
	}
}

func (f *promauto) counter(name, help string) prometheus.Counter {
	c := prometheus.NewCounter(prometheus.CounterOpts{Namespace: metricsNamespace, Name: name, Help: help})
	f.register(c)
	return c
}

func (f *promauto) counterVec(name, help string, labels ...string) *prometheus.CounterVec {
	c := prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: metricsNamespace, Name: name, Help: help}, labels)
	f.register(c)
	return c
}

func (f *promauto) histogram(name, help string, buckets []float64) prometheus.Histogram {
	h := prometheus.NewHistogram(prometheus.HistogramOpts{Namespace: metricsNamespace, Name: name, Help: help, Buckets: buckets})
	f.register(h)
	return h
}

// JobRan counts one run of the scheduled job named job: result "ok", or
// "error" when err is not nil.
func (m *Set) JobRan(job string, err error) {
	result := "ok"
	if err != nil {
		result = "error"
	}
	m.jobs.WithLabelValues(job, result).Inc()
}

// Expired counts n waiting removals the expiry job closed.
func (m *Set) Expired(n int) { m.expired.Add(float64(n)) }

// Gather returns the current value of every series (prometheus.Gatherer).
func (m *Set) Gather() ([]*dto.MetricFamily, error) { return m.reg.Gather() }
