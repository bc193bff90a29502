package main

import (
	"fmt"

	"github.com/prometheus/client_golang/prometheus"

	"intake/audit"
)

// The results counted by intake_audit_runs_total.
const (
	auditResultOK       = "ok"       // nothing found
	auditResultFindings = "findings" // the run found something
	auditResultSkipped  = "skipped"  // another run held the lock
	auditResultError    = "error"    // the run failed
)

// auditMetrics are the audit's series of `intake serve`.
type auditMetrics struct {
	last     prometheus.Gauge
	findings *prometheus.GaugeVec
	runs     *prometheus.CounterVec
}

// newAuditMetrics registers the audit series on reg.
func newAuditMetrics(reg *prometheus.Registry) (*auditMetrics, error) {
	m := &auditMetrics{
		last: prometheus.NewGauge(prometheus.GaugeOpts{Namespace: metricsNamespace, Name: "audit_last_run_timestamp_seconds",
			Help: "When the last stored audit run finished (Unix time); 0 before the first."}),
		findings: prometheus.NewGaugeVec(prometheus.GaugeOpts{Namespace: metricsNamespace, Name: "audit_findings",
			Help: "Findings of the last audit run by this process, by check and severity."}, []string{"check", "severity"}),
		runs: prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: metricsNamespace, Name: "audit_runs_total",
			Help: "Audit runs started by this process, by result (ok, findings, skipped, error)."}, []string{"result"}),
	}
	for _, c := range []prometheus.Collector{m.last, m.findings, m.runs} {
		if err := reg.Register(c); err != nil {
			return nil, fmt.Errorf("register audit metrics: %w", err)
		}
	}
	for _, r := range []string{auditResultOK, auditResultFindings, auditResultSkipped, auditResultError} {
		m.runs.WithLabelValues(r)
	}
	return m, nil
}

// observe records one run's outcome: its report, or its error.
func (m *auditMetrics) observe(r *audit.Report, err error) {
	switch {
	case audit.IsBusy(err):
		m.runs.WithLabelValues(auditResultSkipped).Inc()
		return
	case err != nil:
		m.runs.WithLabelValues(auditResultError).Inc()
		return
	case r.OK:
		m.runs.WithLabelValues(auditResultOK).Inc()
	default:
		m.runs.WithLabelValues(auditResultFindings).Inc()
	}
	m.last.Set(float64(r.FinishedAt.UnixNano()) / 1e9)
	m.findings.Reset()
	for _, f := range r.Findings {
		m.findings.WithLabelValues(f.Check, string(f.Severity)).Inc()
	}
}
