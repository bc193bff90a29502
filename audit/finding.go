package audit

import "time"

// Severity says how urgent a finding is.
type Severity string

// The severities, most urgent first.
const (
	SeverityCritical Severity = "critical"
	SeverityWarning  Severity = "warning"
	SeverityInfo     Severity = "info"
)

// Severities lists the severities, most urgent first.
var Severities = []Severity{SeverityCritical, SeverityWarning, SeverityInfo}

// A Finding is one thing a check found. Its JSON form is the SPEC's
// audit shape.
type Finding struct {
	Check    string   `json:"check"`
	Severity Severity `json:"severity"`
	// Subject is what the finding is about: a ledger entry, a door, a
	// request, an enablement, a mailbox.
	Subject string `json:"subject"`
	Detail  string `json:"detail"`
}

// A Skip is a check that did not run, and why.
type Skip struct {
	Check  string `json:"check"`
	Reason string `json:"reason"`
}

// A Report is the result of one run. Its JSON form is the SPEC's audit
// shape (ok, findings) plus the run's times and what was skipped.
type Report struct {
	// OK is true when there are no findings, of any severity.
	OK bool `json:"ok"`
	// Findings are ordered by severity, then check, then as the check
	// lists them (by id); never nil, so that the JSON holds [] rather
	// than null.
	Findings   []Finding `json:"findings"`
	StartedAt  time.Time `json:"started_at"`
	FinishedAt time.Time `json:"finished_at"`
	// Run is the id of the stored run; 0 before it is stored.
	Run int64 `json:"run,omitempty"`
	// LedgerEntries is the number of ledger entries verified.
	LedgerEntries int    `json:"ledger_entries"`
	Skipped       []Skip `json:"skipped,omitempty"`
}

// Count returns the number of findings of severity s.
func (r *Report) Count(s Severity) int {
	n := 0
	for _, f := range r.Findings {
		if f.Severity == s {
			n++
		}
	}
	return n
}
