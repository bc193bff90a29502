package console

import (
	"context"
	"net/http"
	"time"
)

// AuditRun is the last stored run of the nightly audit, as the audit page
// shows it.
type AuditRun struct {
	Run                   int64
	StartedAt, FinishedAt time.Time
	OK                    bool
	LedgerEntries         int
	// Findings are ordered by severity (critical, warning, info).
	Findings []AuditFinding
	// Skipped are the checks that did not run, and why.
	Skipped []AuditSkip
}

// AuditFinding is one finding with what the audit says about its check.
type AuditFinding struct {
	Check, Severity, Subject, Detail string
	// Title names the problem; Todo says what to do about it.
	Title, Todo string
}

// AuditSkip is a check that did not run.
type AuditSkip struct{ Check, Reason string }

// An AuditReader reads the last stored audit run: nil, with a nil error,
// before the first.
type AuditReader interface {
	LastAudit(ctx context.Context) (*AuditRun, error)
}

// LastAudit implements Backend through the AuditReader; nil when the
// Adapter has none.
func (a *Adapter) LastAudit(ctx context.Context) (*AuditRun, error) {
	if a.Audit == nil {
		return nil, nil
	}
	return a.Audit.LastAudit(ctx)
}

// auditGroup is the findings of one severity.
type auditGroup struct {
	Severity string
	Findings []AuditFinding
}

// auditData is the audit page's data: the run (nil before the first) and
// its findings grouped by severity, in order.
type auditData struct {
	Run    *AuditRun
	Groups []auditGroup
}

func (h *Handler) auditPage(w http.ResponseWriter, r *http.Request, s *Session) {
	run, err := h.b.LastAudit(r.Context())
	if err != nil {
		h.fail(w, r, s, err)
		return
	}
	d := &auditData{Run: run}
	if run != nil {
		for _, f := range run.Findings {
			if n := len(d.Groups); n == 0 || d.Groups[n-1].Severity != f.Severity {
				d.Groups = append(d.Groups, auditGroup{Severity: f.Severity})
			}
			g := &d.Groups[len(d.Groups)-1]
			g.Findings = append(g.Findings, f)
		}
	}
	h.render(w, r, http.StatusOK, "audit", signedPage(s, "audit", "Audit", d))
}
