package metrics

import (
	"time"

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

// auditSeries are the audit's series.
type auditSeries struct {
	last     prometheus.Gauge
	findings *prometheus.GaugeVec
	runs     *prometheus.CounterVec
}

// newAuditSeries creates the audit's series through f, every result of
// intake_audit_runs_total present from the start.
func newAuditSeries(f *promauto) auditSeries {
	a := auditSeries{
		last: prometheus.NewGauge(prometheus.GaugeOpts{Namespace: metricsNamespace, Name: "audit_last_run_timestamp_seconds",
			Help: "When the last stored audit run finished (Unix time); 0 before the first."}),
		findings: prometheus.NewGaugeVec(prometheus.GaugeOpts{Namespace: metricsNamespace, Name: "audit_findings",
			Help: "Findings of the last audit run by this process, by check and severity."}, []string{"check", "severity"}),
		runs: f.counterVec("audit_runs_total", "Audit runs started by this process, by result (ok, findings, skipped, error).", "result"),
	}
	f.register(a.last)
	f.register(a.findings)
	for _, r := range []string{auditResultOK, auditResultFindings, auditResultSkipped, auditResultError} {
		a.runs.WithLabelValues(r)
	}
	return a
}

// AuditRan records one audit run's outcome: its report, or its error (a
// run refused because another held the lock counts as skipped).
func (m *Set) AuditRan(r *audit.Report, err error) {
	a := m.audit
	switch {
	case audit.IsBusy(err):
		a.runs.WithLabelValues(auditResultSkipped).Inc()
		return
	case err != nil:
		a.runs.WithLabelValues(auditResultError).Inc()
		return
	case r.OK:
		a.runs.WithLabelValues(auditResultOK).Inc()
	default:
		a.runs.WithLabelValues(auditResultFindings).Inc()
	}
	a.last.Set(float64(r.FinishedAt.UnixNano()) / 1e9)
	a.findings.Reset()
	for _, f := range r.Findings {
		a.findings.WithLabelValues(f.Check, string(f.Severity)).Inc()
	}
}

// AuditStored sets the last-run time from the run stored before this
// process started, so that the series is right before its first run.
func (m *Set) AuditStored(finished time.Time) {
	m.audit.last.Set(float64(finished.UnixNano()) / 1e9)
}
