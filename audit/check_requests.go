package audit

import (
	"fmt"
	"slices"
	"time"

	"intake/approvals"
)

// checkPending reports each pending item (a request or a message for
// staff to read) that became pending longer than PendingSLA ago.
func checkPending(f *facts, o *Options) ([]Finding, error) {
	reqs, err := f.tx.Requests(approvals.RequestFilter{Status: []approvals.Status{approvals.StatusPending}})
	if err != nil {
		return nil, fmt.Errorf("read pending requests: %w", err)
	}
	var out []Finding
	for _, r := range reqs {
		since := r.DecidedAt
		if since.IsZero() {
			since = r.ReceivedAt
		}
		age := f.now.Sub(since)
		if since.IsZero() || age <= o.PendingSLA {
			continue
		}
		what := fmt.Sprintf("%s of %s on %s", r.Action, orPhrase(r.PartnerID, r.Partner), orPhrase(r.PropertyID, r.Property))
		if r.Action == "" {
			what = "message " + r.MessageID + " for staff to read"
		}
		out = append(out, finding(CheckPendingOverdue, r.ID, fmt.Sprintf("%s from %s, pending (%s) since %s (%s, audit.pending_sla %s)",
			what, r.Sender, r.Reason, stamp(since), age.Round(time.Minute), o.PendingSLA)))
	}
	return out, nil
}

func orPhrase(id, phrase string) string {
	if id != "" {
		return id
	}
	return fmt.Sprintf("%q", phrase)
}

// checkGrants reports each enablement whose granting manager, the sender
// of the last applied add request for it, no longer has property or
// portfolio permission on the property. Enablements that came with the
// directory from DOOR OS have no granting request and are not checked.
func checkGrants(f *facts, _ *Options) ([]Finding, error) {
	adds, err := f.tx.Requests(approvals.RequestFilter{Status: []approvals.Status{approvals.StatusApplied},
		Action: approvals.ActionAdd})
	if err != nil {
		return nil, fmt.Errorf("read applied adds: %w", err)
	}
	granted := map[approvals.Enablement]approvals.Request{}
	for _, r := range adds { // oldest first: the last one wins
		granted[approvals.Enablement{Property: r.PropertyID, Partner: r.PartnerID}] = r
	}
	managers := map[string]*approvals.Manager{}
	for i := range f.names.Managers {
		managers[approvals.EmailKey(f.names.Managers[i].Email)] = &f.names.Managers[i]
	}
	portfolio := map[string]string{}
	for _, p := range f.names.Properties {
		portfolio[p.ID] = p.Portfolio
	}
	var out []Finding
	for en := range f.enabled {
		r, ok := granted[en]
		if !ok {
			continue
		}
		m := managers[approvals.EmailKey(r.Sender)]
		if m != nil && (slices.Contains(m.Properties, en.Property) || slices.Contains(m.Portfolios, portfolio[en.Property])) {
			continue
		}
		why := "is no longer a manager in the directory"
		if m != nil {
			why = fmt.Sprintf("no longer has property permission on %s nor portfolio permission on %s", en.Property, portfolio[en.Property])
		}
		out = append(out, finding(CheckGrantLost, en.Partner+" on "+en.Property, fmt.Sprintf(
			"%s was enabled on %s by %s from %s, who %s", en.Partner, en.Property, r.ID, r.Sender, why)))
	}
	slices.SortFunc(out, func(a, b Finding) int {
		if a.Subject < b.Subject {
			return -1
		}
		if a.Subject > b.Subject {
			return 1
		}
		return 0
	})
	return out, nil
}
