package audit

import (
	"fmt"
	"io"
	"strings"
	"time"
)

// WriteText writes r for a reader: a summary line, then the findings
// grouped by severity, most urgent first, each check's findings under
// what it means and what to do about it, then the skipped checks.
func WriteText(w io.Writer, r *Report) error {
	var b strings.Builder
	fmt.Fprintf(&b, "audit run %d, %s to %s: ", r.Run, r.StartedAt.Format(time.RFC3339), r.FinishedAt.Format(time.RFC3339))
	if r.OK {
		fmt.Fprintf(&b, "ok, nothing found (%d ledger entries verified)\n", r.LedgerEntries)
	} else {
		fmt.Fprintf(&b, "%d findings: %d critical, %d warning, %d info (%d ledger entries verified)\n", len(r.Findings),
			r.Count(SeverityCritical), r.Count(SeverityWarning), r.Count(SeverityInfo), r.LedgerEntries)
	}
	for _, sev := range Severities {
		check := ""
		for _, f := range r.Findings {
			if f.Severity != sev {
				continue
			}
			if check == "" {
				fmt.Fprintf(&b, "\n%s\n", strings.ToUpper(string(sev)))
			}
			if f.Check != check {
				check = f.Check
				info := checks[check]
				fmt.Fprintf(&b, "  %s: %s\n    what to do: %s\n", check, info.title, info.todo)
			}
			fmt.Fprintf(&b, "    - %s: %s\n", f.Subject, f.Detail)
		}
	}
	for i, s := range r.Skipped {
		if i == 0 {
			b.WriteString("\nskipped\n")
		}
		fmt.Fprintf(&b, "  %s: %s\n", s.Check, s.Reason)
	}
	_, err := io.WriteString(w, b.String())
	return err
}
