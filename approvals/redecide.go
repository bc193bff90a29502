package approvals

import (
	"fmt"
	"strings"
)

// rerun says how to re-run the decision on a stored request.
type rerun struct {
	// approval is the approving actor; "" keeps a recorded approval.
	approval string
	// partnerID and propertyID are ids pinned by staff; "" keeps the
	// request's current resolution.
	partnerID, propertyID string
	// resolvedBy is the staff actor who pinned the ids.
	resolvedBy string
	// confirmedBy is the sender who confirmed the request with a code in
	// message confirmedIn: its failed body, content and intent checks
	// pass, with the old detail kept.
	confirmedBy, confirmedIn string
}

// redecide re-runs the decision on a stored request. The message-level
// checks cannot change, so they are taken from its recorded checks, as is
// a recorded approval and a recorded ambiguous reading (dropped when staff
// pin both ids). A name is taken from a pinned id, else from the request's
// resolved id while that still exists, else resolved again from the
// phrase against the current directory. The decision is made under
// policy, the one stored when the transaction began (settingsIn).
func (s *Service) redecide(tx Tx, r *Request, o rerun, policy Policy) (Facts, Decision, error) {
	f := Facts{Action: r.Action, Partner: r.Partner, Property: r.Property,
		Sender: r.Sender, Policy: policy, Approval: o.approval}
	for _, c := range r.Checks {
		switch {
		case gateReasons[c.Name] != ReasonNone:
			f.Gates = append(f.Gates, o.lift(c))
		case c.Name == CheckApproval && f.Approval == "":
			f.Approval = approvalActor(c)
		case c.Name == CheckReading && (o.partnerID == "" || o.propertyID == ""):
			f.Readings = []string{c.Detail}
		}
	}
	resolver := (&txResolver{tx: tx, cache: &s.dirs}).resolver // read when first needed
	var err error
	f.PartnerMatch, err = rematch(tx, "partner", r.Partner, r.PartnerID, o.partnerID, o.resolvedBy, resolver)
	if err != nil {
		return f, Decision{}, err
	}
	f.PropertyMatch, err = rematch(tx, "property", r.Property, r.PropertyID, o.propertyID, o.resolvedBy, resolver)
	if err != nil {
		return f, Decision{}, err
	}
	if err := gatherFacts(tx, tx, &f); err != nil {
		return f, Decision{}, err
	}
	return f, Decide(f), nil
}

// lift returns c passed when it is a failed intent check of a request
// its sender confirmed, c otherwise.
func (o rerun) lift(c Check) Check {
	if o.confirmedBy == "" || c.OK || !intentChecks[c.Name] {
		return c
	}
	detail := fmt.Sprintf("confirmed by %s in message %s with a one-time code; was: %s", o.confirmedBy, o.confirmedIn, c.Detail)
	return Check{Name: c.Name, OK: true, Detail: detail}
}

// approvalActor returns the actor recorded in an approval check.
func approvalActor(c Check) string {
	a := strings.TrimPrefix(c.Detail, "approved by ")
	if i := strings.IndexByte(a, ';'); i >= 0 {
		a = a[:i]
	}
	if a == "" {
		return "staff"
	}
	return a
}

// rematch resolves one name of a stored request (see redecide).
func rematch(tx Tx, kind, written, current, pinned, by string, resolver func() (*Resolver, error)) (NameMatch, error) {
	id, how := current, "as resolved before"
	if pinned != "" {
		id, how = pinned, "resolved by "+by
	}
	if id != "" {
		ok, err := exists(tx, kind, id)
		switch {
		case err != nil:
			return NameMatch{}, err
		case ok:
			return NameMatch{ID: id, Kind: MatchExact, Detail: fmt.Sprintf("is %s %s (%s)", kind, id, how)}, nil
		case pinned != "":
			return NameMatch{}, Errorf(ENOTFOUND, "%s %q is not in the directory", kind, id)
		}
	}
	rv, err := resolver()
	if err != nil {
		return NameMatch{}, err
	}
	if kind == "partner" {
		return rv.Partner(written), nil
	}
	return rv.Property(written), nil
}

// exists reports whether the partner or property id is in the directory.
func exists(tx Tx, kind, id string) (bool, error) {
	var err error
	if kind == "partner" {
		_, err = tx.Partner(id)
	} else {
		_, err = tx.Property(id)
	}
	switch {
	case ErrorCode(err) == ENOTFOUND:
		return false, nil
	case err != nil:
		return false, fmt.Errorf("look up %s: %w", kind, err)
	}
	return true, nil
}
