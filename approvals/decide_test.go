package approvals

import (
	"slices"
	"strings"
	"testing"
	"time"

	"intake/parser"
)

// okFacts returns the facts of an add that passes every check.
func okFacts() Facts {
	return Facts{
		Action: ActionAdd,
		Gates: []Check{
			{Name: CheckIdentity, OK: true}, {Name: CheckFreshness, OK: true},
			{Name: CheckAddressing, OK: true}, {Name: CheckBody, OK: true},
			{Name: CheckContent, OK: true}, {Name: CheckIntent, OK: true},
		},
		Partner: "Acme", Property: "The Pines",
		PartnerMatch:  NameMatch{ID: "p-acme", Kind: MatchExact},
		PropertyMatch: NameMatch{ID: "prop-pines", Kind: MatchExact},
		Sender:        "maria@pines.example",
		Manager:       &Manager{Email: "maria@pines.example", Properties: []string{"prop-pines"}},
		Portfolio:     "pf-west",
		Policy:        PolicyAuto,
	}
}

func failGate(name string) func(*Facts) {
	return func(f *Facts) {
		for i := range f.Gates {
			if f.Gates[i].Name == name {
				f.Gates[i].OK = false
			}
		}
	}
}

func TestDecide(t *testing.T) {
	unknown := NameMatch{Kind: MatchUnknown, Suggestions: []string{"p-acme"}}
	tests := []struct {
		name   string
		change []func(*Facts)
		status Status
		reason Reason
	}{
		{"applied", nil, StatusApplied, ReasonNone},
		{"unauthenticated", []func(*Facts){failGate(CheckIdentity)}, StatusPending, ReasonUnauthenticatedSender},
		{"stale", []func(*Facts){failGate(CheckFreshness)}, StatusPending, ReasonStaleMessage},
		{"not addressed", []func(*Facts){failGate(CheckAddressing)}, StatusPending, ReasonNotAddressedToInbox},
		{"body mismatch", []func(*Facts){failGate(CheckBody)}, StatusPending, ReasonBodyMismatch},
		{"unverified content", []func(*Facts){failGate(CheckContent)}, StatusPending, ReasonUnverifiedContent},
		{"held by sender", []func(*Facts){failGate(CheckIntent)}, StatusPending, ReasonHeldBySender},
		{"mismatch before unverified before held", []func(*Facts){failGate(CheckIntent), failGate(CheckContent), failGate(CheckBody)},
			StatusPending, ReasonBodyMismatch},
		{"unverified before held", []func(*Facts){failGate(CheckIntent), failGate(CheckContent)},
			StatusPending, ReasonUnverifiedContent},
		{"not addressed before unverified", []func(*Facts){failGate(CheckContent), failGate(CheckAddressing)},
			StatusPending, ReasonNotAddressedToInbox},
		{"held before resolution", []func(*Facts){failGate(CheckIntent), func(f *Facts) { f.PartnerMatch = unknown }},
			StatusPending, ReasonHeldBySender},
		{"held before no permission", []func(*Facts){failGate(CheckIntent), func(f *Facts) { f.Manager = nil }},
			StatusPending, ReasonHeldBySender},
		{"approval overrides held and unverified", []func(*Facts){failGate(CheckIntent), failGate(CheckContent),
			func(f *Facts) { f.Approval = "staff:ann" }}, StatusApplied, ReasonNone},
		{"unknown partner", []func(*Facts){func(f *Facts) { f.PartnerMatch = unknown }}, StatusPending, ReasonUnknownPartner},
		{"unknown property", []func(*Facts){func(f *Facts) { f.PropertyMatch = NameMatch{Kind: MatchUnknown} }}, StatusPending, ReasonUnknownProperty},
		{"ambiguous name", []func(*Facts){func(f *Facts) { f.PartnerMatch = NameMatch{Kind: MatchAmbiguous} }}, StatusPending, ReasonAmbiguous},
		{"ambiguous reading", []func(*Facts){func(f *Facts) { f.Readings = []string{"reading 1", "reading 2"} }}, StatusPending, ReasonAmbiguous},
		{"suspicious", []func(*Facts){func(f *Facts) { f.PropertyMatch = NameMatch{Kind: MatchSuspicious} }}, StatusPending, ReasonSuspiciousName},
		{"suspicious beats unknown", []func(*Facts){
			func(f *Facts) { f.PartnerMatch = unknown },
			func(f *Facts) { f.PropertyMatch = NameMatch{Kind: MatchSuspicious} },
		}, StatusPending, ReasonSuspiciousName},
		{"unknown partner before unknown property", []func(*Facts){
			func(f *Facts) { f.PartnerMatch = unknown },
			func(f *Facts) { f.PropertyMatch = NameMatch{Kind: MatchUnknown} },
		}, StatusPending, ReasonUnknownPartner},
		{"no manager", []func(*Facts){func(f *Facts) { f.Manager = nil }}, StatusRejected, ReasonNoPermission},
		{"other property", []func(*Facts){func(f *Facts) { f.Manager.Properties = []string{"prop-oak"} }}, StatusRejected, ReasonNoPermission},
		{"portfolio permission", []func(*Facts){func(f *Facts) {
			f.Manager = &Manager{Email: f.Sender, Portfolios: []string{"pf-west"}}
		}}, StatusApplied, ReasonNone},
		{"already enabled", []func(*Facts){func(f *Facts) { f.Enabled = true }}, StatusNoop, ReasonAlreadyEnabled},
		{"remove not enabled", []func(*Facts){func(f *Facts) { f.Action = ActionRemove }}, StatusNoop, ReasonNotEnabled},
		{"remove applied", []func(*Facts){func(f *Facts) { f.Action, f.Enabled = ActionRemove, true }}, StatusApplied, ReasonNone},
		{"remove with doors", []func(*Facts){func(f *Facts) {
			f.Action, f.Enabled, f.Doors = ActionRemove, true, []string{"d1", "d2"}
		}}, StatusWaiting, ReasonPartnerAssignedToDoors},
		{"review policy", []func(*Facts){func(f *Facts) { f.Policy = PolicyReview }}, StatusPending, ReasonReviewRequired},
		{"doors before policy", []func(*Facts){func(f *Facts) {
			f.Action, f.Enabled, f.Doors, f.Policy = ActionRemove, true, []string{"d1"}, PolicyReview
		}}, StatusWaiting, ReasonPartnerAssignedToDoors},
		{"unauthenticated and unknown", []func(*Facts){failGate(CheckIdentity), func(f *Facts) { f.PartnerMatch = unknown }},
			StatusPending, ReasonUnauthenticatedSender},
		{"stale and not addressed", []func(*Facts){failGate(CheckAddressing), failGate(CheckFreshness)},
			StatusPending, ReasonStaleMessage},
		{"unauthenticated and no permission", []func(*Facts){failGate(CheckIdentity), func(f *Facts) { f.Manager = nil }},
			StatusPending, ReasonUnauthenticatedSender},
		{"no permission before state", []func(*Facts){func(f *Facts) { f.Manager, f.Enabled = nil, true }},
			StatusRejected, ReasonNoPermission},
		{"approval overrides gates and policy", []func(*Facts){failGate(CheckIdentity), failGate(CheckBody),
			func(f *Facts) { f.Approval, f.Policy = "staff:ann", PolicyReview }}, StatusApplied, ReasonNone},
		{"approval never bypasses doors", []func(*Facts){func(f *Facts) {
			f.Approval, f.Action, f.Enabled, f.Doors = "staff:ann", ActionRemove, true, []string{"d1"}
		}}, StatusWaiting, ReasonPartnerAssignedToDoors},
		{"approval does not resolve", []func(*Facts){func(f *Facts) { f.Approval, f.PartnerMatch = "staff:ann", unknown }},
			StatusPending, ReasonUnknownPartner},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := okFacts()
			for _, c := range tt.change {
				c(&f)
			}
			d := Decide(f)
			if d.Status != tt.status || d.Reason != tt.reason {
				t.Errorf("Decide() = %s/%s, want %s/%s; checks %+v", d.Status, d.Reason, tt.status, tt.reason, d.Checks)
			}
		})
	}
}

func checkNames(cs []Check) []string {
	var names []string
	for _, c := range cs {
		names = append(names, c.Name)
	}
	return names
}

func TestDecideRecordsEveryCheck(t *testing.T) {
	f := okFacts()
	failGate(CheckIdentity)(&f)
	f.Action, f.Enabled, f.Doors = ActionRemove, true, []string{"d-pines-garage", "d-pines-main"}
	d := Decide(f)
	want := []string{CheckIdentity, CheckFreshness, CheckAddressing, CheckBody, CheckContent, CheckIntent, CheckPartner, CheckProperty,
		CheckPermission, CheckState, CheckDoors, CheckPolicy}
	if got := checkNames(d.Checks); !slices.Equal(got, want) {
		t.Errorf("checks = %v, want %v", got, want)
	}
	if d.Reason != ReasonUnauthenticatedSender || d.Doors != nil {
		t.Errorf("Decide() = %s doors %v, want unauthenticated_sender and no blocking doors", d.Reason, d.Doors)
	}
	perm := d.Checks[8]
	if !perm.OK || perm.Detail != "maria@pines.example has property permission on prop-pines" {
		t.Errorf("permission check = %+v", perm)
	}
	doors := d.Checks[10]
	if doors.OK || !strings.Contains(doors.Detail, "d-pines-garage, d-pines-main") {
		t.Errorf("doors check = %+v", doors)
	}
}

func TestDecideWaitingRecordsDoors(t *testing.T) {
	f := okFacts()
	f.Action, f.Enabled, f.Doors = ActionRemove, true, []string{"d1"}
	f.Manager = &Manager{Email: f.Sender, Portfolios: []string{"pf-west"}}
	d := Decide(f)
	if !slices.Equal(d.Doors, []string{"d1"}) {
		t.Errorf("doors = %v, want [d1]", d.Doors)
	}
	if got := d.Checks[8].Detail; !strings.Contains(got, "portfolio permission on pf-west") {
		t.Errorf("permission detail = %q", got)
	}
}

func TestMessageChecks(t *testing.T) {
	recv := time.Date(2025, 3, 10, 12, 0, 0, 0, time.UTC)
	cfg := Config{Addresses: []string{"integrations@door.com"}}.withDefaults()
	base := func() *parser.Message {
		return &parser.Message{
			Date: recv.Add(-time.Hour), To: []string{"integrations@door.com"},
			Identity: parser.Identity{From: "maria@pines.example", Authenticated: true, Evidence: "dmarc=pass"},
		}
	}
	tests := []struct {
		name   string
		change func(m *parser.Message)
		failed []string
	}{
		{"all pass", func(m *parser.Message) {}, nil},
		{"unauthenticated", func(m *parser.Message) { m.Identity.Authenticated = false }, []string{CheckIdentity}},
		// Proven by some verifier, but with a header the proof may not cover.
		{"repeated header", func(m *parser.Message) { m.Identity.HeaderProblem = "2 Date headers" }, []string{CheckIdentity}},
		{"no date", func(m *parser.Message) { m.Date = time.Time{} }, []string{CheckFreshness}},
		{"too old", func(m *parser.Message) { m.Date = recv.Add(-721 * time.Hour) }, []string{CheckFreshness}},
		{"just fresh", func(m *parser.Message) { m.Date = recv.Add(-720 * time.Hour) }, nil},
		{"future", func(m *parser.Message) { m.Date = recv.Add(25 * time.Hour) }, []string{CheckFreshness}},
		{"cc inbox", func(m *parser.Message) { m.To, m.Cc = []string{"x@y.example"}, []string{"integrations@door.com"} }, nil},
		{"not addressed", func(m *parser.Message) { m.To = []string{"someone@else.example"} }, []string{CheckAddressing}},
		{"mismatch", func(m *parser.Message) { m.Mismatch, m.HTML = true, &parser.Reading{} }, []string{CheckBody}},
		{"unverified", func(m *parser.Message) {
			m.Doubts = []parser.Doubt{{Kind: parser.DoubtUnverified, Rule: "html-allowlist", Evidence: "position: absolute"}}
		}, []string{CheckContent}},
		{"held", func(m *parser.Message) {
			m.Doubts = []parser.Doubt{{Kind: parser.DoubtHeld, Rule: "sentence", Evidence: "Please hold off."}}
		}, []string{CheckIntent}},
		{"both", func(m *parser.Message) {
			m.Doubts = []parser.Doubt{{Kind: parser.DoubtHeld, Rule: "subject"}, {Kind: parser.DoubtUnverified, Rule: "quote-boundary"}}
		}, []string{CheckContent, CheckIntent}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := base()
			tt.change(m)
			var failed []string
			for _, c := range messageChecks(m, recv, cfg.MaxAge, cfg.Addresses) {
				if !c.OK {
					failed = append(failed, c.Name)
				}
			}
			if !slices.Equal(failed, tt.failed) {
				t.Errorf("failed checks = %v, want %v", failed, tt.failed)
			}
		})
	}
}

func TestDoubtCheckNamesEvidence(t *testing.T) {
	ds := []parser.Doubt{
		{Kind: parser.DoubtHeld, Rule: "sentence", Evidence: "Please hold off until Monday.", Why: "reads as a hold: until"},
		{Kind: parser.DoubtUnverified, Rule: "html-allowlist", Evidence: "<div style=\"position: absolute\">"},
		{Kind: parser.DoubtHeld, Rule: "subject", Evidence: strings.Repeat("x", 300)},
	}
	c := doubtCheck(CheckIntent, parser.DoubtHeld, ds, "clean")
	if c.OK {
		t.Fatalf("check passed with held doubts: %+v", c)
	}
	for _, want := range []string{`sentence: "Please hold off until Monday." (reads as a hold: until)`, `subject: "` + strings.Repeat("x", maxEvidence) + `…"`} {
		if !strings.Contains(c.Detail, want) {
			t.Errorf("detail %q lacks %q", c.Detail, want)
		}
	}
	if strings.Contains(c.Detail, "position") {
		t.Errorf("intent check names an unverified doubt: %q", c.Detail)
	}
	if c := doubtCheck(CheckContent, parser.DoubtUnverified, nil, "clean"); !c.OK || c.Detail != "clean" {
		t.Errorf("no doubts: %+v", c)
	}
}

func TestWithStatementHold(t *testing.T) {
	gates := okFacts().Gates
	held := &parser.Doubt{Kind: parser.DoubtHeld, Rule: "request-sentence", Evidence: "only for the lobby"}
	got := withStatementHold(gates, held)
	if d := Decide(Facts{Gates: got}); d.Reason != ReasonHeldBySender {
		t.Errorf("reason = %s, want held_by_sender", d.Reason)
	}
	for _, g := range gates {
		if !g.OK {
			t.Errorf("withStatementHold changed the message's gates: %+v", g)
		}
	}
	if same := withStatementHold(gates, nil); !slices.Equal(checkNames(same), checkNames(gates)) || !same[5].OK {
		t.Errorf("nil hold changed the gates: %+v", same)
	}
}
