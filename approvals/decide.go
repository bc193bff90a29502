package approvals

import (
	"fmt"
	"slices"
	"strings"
)

// Facts are everything the decision on one request depends on, gathered
// beforehand so that Decide is a pure function.
type Facts struct {
	Action Action
	// Gates are the message-level checks (identity, freshness,
	// addressing, body) already evaluated, in that order.
	Gates []Check
	// Approval is the actor of a staff approval; when set, failed gates
	// and the policy do not count (they are still recorded).
	Approval string
	// Partner and Property are the names as written, with their matches.
	Partner, Property string
	PartnerMatch      NameMatch
	PropertyMatch     NameMatch
	// Readings, when non-empty, make the request ambiguous: the
	// sentence it came from reads several ways.
	Readings []string
	// Sender is the From address; Manager the directory manager with
	// that address, nil when there is none.
	Sender  string
	Manager *Manager
	// Portfolio is the portfolio of the resolved property.
	Portfolio string
	// Enabled reports whether the partner is enabled on the property;
	// Doors are the property's doors assigned to the partner. Both are
	// meaningful only when partner and property resolved.
	Enabled bool
	Doors   []string
	Policy  Policy
}

// A Decision is the outcome of Decide for one request.
type Decision struct {
	Status Status
	// Reason is the first failing check's reason; ReasonNone when applied.
	Reason Reason
	// Checks are every check run, in order, with its evidence.
	Checks []Check
	// Doors are the doors that keep a removal waiting.
	Doors []string
}

// Decide takes the decision on one request (docs/decisions.md). It runs
// every check it has the facts for, records each, and takes the first
// failing one, in the order sender identity, freshness, addressing, body
// agreement, resolution, permission, current state, door assignments,
// policy, as the reason. Resolution failures rank suspicious_name, then
// ambiguous, then unknown_partner, then unknown_property. Permission needs
// the property resolved; state and doors need both names resolved; doors
// are checked for removals only. A decision with no failing check is
// StatusApplied; staff approval (Facts.Approval) can never bypass the
// door rule.
func Decide(f Facts) Decision {
	var b decisionBuilder
	if f.Approval != "" {
		b.record(Check{Name: CheckApproval, OK: true, Detail: "approved by " + f.Approval +
			"; overrides the identity, freshness, addressing, body and policy checks"}, ReasonNone)
	}
	for _, g := range f.Gates {
		reason := gateReasons[g.Name]
		if f.Approval != "" {
			reason = ReasonNone
		}
		b.record(g, reason)
	}
	b.resolution(f)
	resolved := f.PartnerMatch.Kind == MatchExact && f.PropertyMatch.Kind == MatchExact && len(f.Readings) == 0
	if f.PropertyMatch.Kind == MatchExact {
		b.record(permissionCheck(f), ReasonNoPermission)
	}
	if resolved {
		b.state(f)
	}
	b.policy(f)
	return b.decision()
}

// decisionBuilder collects checks and remembers the first failure.
type decisionBuilder struct {
	checks []Check
	reason Reason
	doors  []string
}

// record appends c; when it failed and reason is set, reason becomes the
// decision's reason unless an earlier check already failed.
func (b *decisionBuilder) record(c Check, reason Reason) {
	b.checks = append(b.checks, c)
	if !c.OK && reason != ReasonNone && b.reason == ReasonNone {
		b.reason = reason
	}
}

// resolution records the reading, partner and property checks and the
// resolution reason, ranked within the stage.
func (b *decisionBuilder) resolution(f Facts) {
	if len(f.Readings) > 0 {
		b.checks = append(b.checks, Check{Name: CheckReading, Detail: strings.Join(f.Readings, "; ")})
	}
	pc := nameCheck(CheckPartner, f.Partner, f.PartnerMatch)
	qc := nameCheck(CheckProperty, f.Property, f.PropertyMatch)
	b.checks = append(b.checks, pc, qc)
	kinds := []MatchKind{f.PartnerMatch.Kind, f.PropertyMatch.Kind}
	var reason Reason
	switch {
	case slices.Contains(kinds, MatchSuspicious):
		reason = ReasonSuspiciousName
	case len(f.Readings) > 0 || slices.Contains(kinds, MatchAmbiguous):
		reason = ReasonAmbiguous
	case f.PartnerMatch.Kind != MatchExact:
		reason = ReasonUnknownPartner
	case f.PropertyMatch.Kind != MatchExact:
		reason = ReasonUnknownProperty
	}
	if b.reason == ReasonNone {
		b.reason = reason
	}
}

func nameCheck(name, written string, m NameMatch) Check {
	return Check{Name: name, OK: m.Kind == MatchExact, Detail: fmt.Sprintf("%q %s", written, m.Detail)}
}

// permissionCheck passes when the sender's manager record has property
// permission on the property or portfolio permission on its portfolio.
func permissionCheck(f Facts) Check {
	c := Check{Name: CheckPermission}
	property := f.PropertyMatch.ID
	switch {
	case f.Manager == nil && f.Sender == "":
		c.Detail = "the message has no usable From address"
	case f.Manager == nil:
		c.Detail = fmt.Sprintf("%s is not a manager in the directory", f.Sender)
	case slices.Contains(f.Manager.Properties, property):
		c.OK, c.Detail = true, fmt.Sprintf("%s has property permission on %s", f.Sender, property)
	case f.Portfolio != "" && slices.Contains(f.Manager.Portfolios, f.Portfolio):
		c.OK, c.Detail = true, fmt.Sprintf("%s has portfolio permission on %s (property %s)", f.Sender, f.Portfolio, property)
	default:
		c.Detail = fmt.Sprintf("%s has no property permission on %s nor portfolio permission on %s", f.Sender, property, f.Portfolio)
	}
	return c
}

// state records the current-state check and, for removals, the doors.
func (b *decisionBuilder) state(f Facts) {
	partner, property := f.PartnerMatch.ID, f.PropertyMatch.ID
	switch f.Action {
	case ActionAdd:
		c := Check{Name: CheckState, OK: !f.Enabled, Detail: fmt.Sprintf("%s is not yet enabled on %s", partner, property)}
		if f.Enabled {
			c.Detail = fmt.Sprintf("%s is already enabled on %s", partner, property)
		}
		b.record(c, ReasonAlreadyEnabled)
	case ActionRemove:
		c := Check{Name: CheckState, OK: f.Enabled, Detail: fmt.Sprintf("%s is enabled on %s", partner, property)}
		if !f.Enabled {
			c.Detail = fmt.Sprintf("%s is not enabled on %s", partner, property)
		}
		b.record(c, ReasonNotEnabled)
		d := Check{Name: CheckDoors, OK: len(f.Doors) == 0, Detail: fmt.Sprintf("no door of %s is assigned to %s", property, partner)}
		if len(f.Doors) > 0 {
			d.Detail = fmt.Sprintf("%s still assigned to doors %s", partner, strings.Join(f.Doors, ", "))
			if b.reason == ReasonNone {
				b.doors = slices.Clone(f.Doors)
			}
		}
		b.record(d, ReasonPartnerAssignedToDoors)
	}
}

func (b *decisionBuilder) policy(f Facts) {
	c := Check{Name: CheckPolicy, OK: f.Policy == PolicyAuto, Detail: "workflow.policy = " + string(f.Policy)}
	switch {
	case f.Approval != "":
		c.OK, c.Detail = true, fmt.Sprintf("workflow.policy = %s; approved by %s", f.Policy, f.Approval)
	case f.Policy != PolicyAuto:
		c.Detail = "workflow.policy = review: staff approve every request"
	}
	b.record(c, ReasonReviewRequired)
}

func (b *decisionBuilder) decision() Decision {
	return Decision{Status: statusFor(b.reason), Reason: b.reason, Checks: b.checks, Doors: b.doors}
}

// statusFor returns the status a primary reason gives (docs/decisions.md).
func statusFor(r Reason) Status {
	switch r {
	case ReasonNone:
		return StatusApplied
	case ReasonNoPermission:
		return StatusRejected
	case ReasonAlreadyEnabled, ReasonNotEnabled:
		return StatusNoop
	case ReasonPartnerAssignedToDoors:
		return StatusWaiting
	}
	return StatusPending
}
