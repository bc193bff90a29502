package approvals_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"intake/approvals"
	"intake/parser"
	"intake/store"
)

const inbox = "integrations@door.com"

const directoryJSON = `{
  "partners": [
    {"id": "p-acme", "name": "Acme Deliveries", "aliases": ["Acme"]},
    {"id": "p-parcel", "name": "Parcel Pal"},
    {"id": "p-gw", "name": "Gateway"}
  ],
  "portfolios": [{"id": "pf-west", "name": "Westside Living"}, {"id": "pf-harbor", "name": "Harbor Group"}],
  "properties": [
    {"id": "prop-pines", "name": "The Pines", "portfolio": "pf-west", "aliases": ["Pines Apartments"]},
    {"id": "prop-oak", "name": "Oak Court", "portfolio": "pf-west"},
    {"id": "prop-gateway", "name": "Gateway to the West Lofts", "portfolio": "pf-west"},
    {"id": "prop-lofts", "name": "The West Lofts", "portfolio": "pf-west"},
    {"id": "prop-harbor", "name": "Harbor View", "portfolio": "pf-harbor"}
  ],
  "doors": [
    {"id": "d-pines-main", "property": "prop-pines", "name": "Main Entrance", "kind": "communal", "connected": true, "partner": "p-acme"},
    {"id": "d-pines-garage", "property": "prop-pines", "name": "Garage", "kind": "communal", "connected": false, "partner": "p-acme"},
    {"id": "d-oak-lobby", "property": "prop-oak", "name": "Lobby", "kind": "communal", "connected": true}
  ],
  "managers": [
    {"email": "maria@pines.example", "name": "Maria Lopez", "properties": ["prop-pines"]},
    {"email": "olu@westside.example", "name": "Olu Adeyemi", "properties": [], "portfolios": ["pf-west"]},
    {"email": "hank@harbor.example", "name": "Hank Moody", "properties": ["prop-harbor"]}
  ],
  "enabled": [{"property": "prop-pines", "partner": "p-acme"}]
}`

// env is one service over a fresh database with the directory loaded.
type env struct {
	t   *testing.T
	ctx context.Context
	db  *store.DB
	svc *approvals.Service
	// path is the database file.
	path string
	now  time.Time
	seq  int
}

func newEnv(t *testing.T, policy approvals.Policy) *env {
	t.Helper()
	path := filepath.Join(t.TempDir(), "intake.db")
	db, err := store.Open(path, store.CreateIfMissing())
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	e := &env{t: t, ctx: context.Background(), db: db, path: path, now: time.Date(2025, 3, 10, 12, 0, 0, 0, time.UTC)}
	db.Now = e.clock
	e.svc = approvals.NewService(db, approvals.Config{
		Addresses: []string{"Integrations@door.com"}, Policy: policy, Now: e.clock,
	})
	d, err := approvals.DecodeDirectory(strings.NewReader(directoryJSON))
	if err != nil {
		t.Fatalf("decode directory: %v", err)
	}
	if _, err := e.svc.LoadDirectory(e.ctx, d, ""); err != nil {
		t.Fatalf("load directory: %v", err)
	}
	e.putStaff(reviewer, true)
	return e
}

func (e *env) clock() time.Time { return e.now }

func add(partner, property string) parser.Statement {
	return parser.Statement{Action: parser.ActionAdd, Splits: []parser.Split{{Partners: []string{partner}, Properties: []string{property}}}}
}

func remove(partner, property string) parser.Statement {
	return parser.Statement{Action: parser.ActionRemove, Splits: []parser.Split{{Partners: []string{partner}, Properties: []string{property}}}}
}

// mail returns an authenticated, fresh message to the inbox from sender.
func (e *env) mail(from string, stmts ...parser.Statement) *parser.Message {
	e.seq++
	return &parser.Message{
		MessageID: fmt.Sprintf("msg-%d@test.example", e.seq), Subject: "Partner access",
		Date: e.now.Add(-time.Hour), To: []string{inbox},
		Identity: parser.Identity{From: from, FromDomain: from[strings.IndexByte(from, '@')+1:],
			Authenticated: true, Evidence: "mx.door.com: dmarc=pass header.from=" + from},
		Body:     parser.Body{Source: "text/plain"},
		Requests: stmts,
	}
}

func (e *env) receive(m *parser.Message) *approvals.Result {
	e.t.Helper()
	raw := fmt.Sprintf("Message-ID: <%s>\r\nSubject: x\r\n\r\nbody\r\n", m.MessageID)
	res, err := e.svc.Receive(e.ctx, approvals.Inbound{Raw: []byte(raw), Parsed: m, ReceivedAt: e.now, Source: "file:test"})
	if err != nil {
		e.t.Fatalf("Receive: %v", err)
	}
	return res
}

// one receives m and returns its only request.
func (e *env) one(m *parser.Message) approvals.Request {
	e.t.Helper()
	res := e.receive(m)
	if len(res.Requests) != 1 {
		e.t.Fatalf("got %d requests (outcome %s), want 1", len(res.Requests), res.Message.Outcome)
	}
	return res.Requests[0]
}

func (e *env) request(id string) approvals.Request {
	e.t.Helper()
	d, err := e.svc.Show(e.ctx, id)
	if err != nil {
		e.t.Fatalf("Show(%s): %v", id, err)
	}
	return d.Request
}

func (e *env) enabled(property string) []string {
	e.t.Helper()
	pp, err := e.svc.Partners(e.ctx, property)
	if err != nil {
		e.t.Fatalf("Partners(%s): %v", property, err)
	}
	var ids []string
	for _, p := range pp[0].Partners {
		ids = append(ids, p.ID)
	}
	return ids
}

// verify checks that the ledger chain holds and replays to the current state.
func (e *env) verify() {
	e.t.Helper()
	v, err := e.db.Verify(e.ctx)
	if err != nil {
		e.t.Fatalf("Verify: %v", err)
	}
	if !v.OK {
		e.t.Errorf("ledger verify: first bad %d %s; diff %q", v.FirstBad, v.Problem, v.StateDiff)
	}
}

func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	if got := approvals.ErrorCode(err); got != code {
		t.Errorf("error = %v (code %q), want code %q", err, got, code)
	}
}

func TestReceiveReasons(t *testing.T) {
	const maria, olu, hank = "maria@pines.example", "olu@westside.example", "hank@harbor.example"
	tests := []struct {
		name   string
		policy approvals.Policy
		mail   func(e *env) *parser.Message
		status approvals.Status
		reason approvals.Reason
		ids    [2]string // partner_id, property_id recorded
	}{
		{"applied", "", func(e *env) *parser.Message { return e.mail(maria, add("Parcel Pal", "The Pines")) },
			approvals.StatusApplied, approvals.ReasonNone, [2]string{"p-parcel", "prop-pines"}},
		{"portfolio permission", "", func(e *env) *parser.Message { return e.mail(olu, add("Parcel Pal", "Oak Court")) },
			approvals.StatusApplied, approvals.ReasonNone, [2]string{"p-parcel", "prop-oak"}},
		{"unauthenticated sender and unknown partner", "", func(e *env) *parser.Message {
			m := e.mail(maria, add("Parcel Pall", "The Pines"))
			m.Identity.Authenticated = false
			return m
		}, approvals.StatusPending, approvals.ReasonUnauthenticatedSender, [2]string{"", "prop-pines"}},
		{"stale message", "", func(e *env) *parser.Message {
			m := e.mail(maria, add("Parcel Pal", "The Pines"))
			m.Date = e.now.Add(-721 * time.Hour)
			return m
		}, approvals.StatusPending, approvals.ReasonStaleMessage, [2]string{"p-parcel", "prop-pines"}},
		{"not addressed to inbox", "", func(e *env) *parser.Message {
			m := e.mail(maria, add("Parcel Pal", "The Pines"))
			m.To = []string{"someone@else.example"}
			return m
		}, approvals.StatusPending, approvals.ReasonNotAddressedToInbox, [2]string{"p-parcel", "prop-pines"}},
		{"body mismatch, same requests", "", func(e *env) *parser.Message {
			m := e.mail(maria, add("Parcel Pal", "The Pines"))
			m.Mismatch, m.HTML = true, &parser.Reading{Requests: []parser.Statement{add("parcel  pal", "the pines")}}
			return m
		}, approvals.StatusPending, approvals.ReasonBodyMismatch, [2]string{"p-parcel", "prop-pines"}},
		{"alternatives not compared", "", func(e *env) *parser.Message {
			m := e.mail(maria, add("Parcel Pal", "The Pines"))
			m.Mismatch = true // two text/plain alternatives: no HTML reading
			return m
		}, approvals.StatusPending, approvals.ReasonBodyMismatch, [2]string{"p-parcel", "prop-pines"}},
		{"request only in html", "", func(e *env) *parser.Message {
			m := e.mail(maria)
			m.Mismatch, m.HTML = true, &parser.Reading{Requests: []parser.Statement{add("Parcel Pal", "The Pines")}}
			return m
		}, approvals.StatusPending, approvals.ReasonBodyMismatch, [2]string{"p-parcel", "prop-pines"}},
		{"unknown partner", "", func(e *env) *parser.Message { return e.mail(maria, add("Parcel Pall", "The Pines")) },
			approvals.StatusPending, approvals.ReasonUnknownPartner, [2]string{"", "prop-pines"}},
		{"unknown property", "", func(e *env) *parser.Message { return e.mail(maria, add("Parcel Pal", "The Pine Trees")) },
			approvals.StatusPending, approvals.ReasonUnknownProperty, [2]string{"p-parcel", ""}},
		{"ambiguous", "", func(e *env) *parser.Message {
			return e.mail(olu, parser.Statement{Action: parser.ActionAdd, Splits: []parser.Split{
				{Partners: []string{"Parcel Pal"}, Properties: []string{"Gateway to the West Lofts"}},
				{Partners: []string{"Parcel Pal", "Gateway"}, Properties: []string{"The West Lofts"}},
			}})
		}, approvals.StatusPending, approvals.ReasonAmbiguous, [2]string{"", ""}},
		{"suspicious name", "", func(e *env) *parser.Message { return e.mail(maria, add("P\u0430rcel Pal", "The Pines")) },
			approvals.StatusPending, approvals.ReasonSuspiciousName, [2]string{"", "prop-pines"}},
		{"review required", approvals.PolicyReview, func(e *env) *parser.Message { return e.mail(maria, add("Parcel Pal", "The Pines")) },
			approvals.StatusPending, approvals.ReasonReviewRequired, [2]string{"p-parcel", "prop-pines"}},
		{"no permission", "", func(e *env) *parser.Message { return e.mail(hank, add("Parcel Pal", "The Pines")) },
			approvals.StatusRejected, approvals.ReasonNoPermission, [2]string{"p-parcel", "prop-pines"}},
		{"unknown sender", "", func(e *env) *parser.Message { return e.mail("eve@evil.example", add("Parcel Pal", "The Pines")) },
			approvals.StatusRejected, approvals.ReasonNoPermission, [2]string{"p-parcel", "prop-pines"}},
		{"already enabled", "", func(e *env) *parser.Message { return e.mail(maria, add("Acme", "The Pines")) },
			approvals.StatusNoop, approvals.ReasonAlreadyEnabled, [2]string{"p-acme", "prop-pines"}},
		{"not enabled", "", func(e *env) *parser.Message { return e.mail(maria, remove("Parcel Pal", "The Pines")) },
			approvals.StatusNoop, approvals.ReasonNotEnabled, [2]string{"p-parcel", "prop-pines"}},
		{"partner assigned to doors", "", func(e *env) *parser.Message { return e.mail(maria, remove("Acme Deliveries", "The Pines")) },
			approvals.StatusWaiting, approvals.ReasonPartnerAssignedToDoors, [2]string{"p-acme", "prop-pines"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, tt.policy)
			r := e.one(tt.mail(e))
			if r.Status != tt.status || r.Reason != tt.reason {
				t.Errorf("request = %s/%s, want %s/%s; checks %+v", r.Status, r.Reason, tt.status, tt.reason, r.Checks)
			}
			if got := [2]string{r.PartnerID, r.PropertyID}; got != tt.ids {
				t.Errorf("resolution = %v, want %v", got, tt.ids)
			}
			if stored := e.request(r.ID); stored.Status != r.Status || len(stored.Checks) != len(r.Checks) {
				t.Errorf("stored request = %s with %d checks, want %s with %d", stored.Status, len(stored.Checks), r.Status, len(r.Checks))
			}
			e.verify()
		})
	}
}

// TestReceiveConflictingRequests: a message that adds and removes the
// same partner on the same property applies neither; the other requests
// of the message are decided as usual.
func TestReceiveConflictingRequests(t *testing.T) {
	e := newEnv(t, "")
	res := e.receive(e.mail("maria@pines.example",
		add("Parcel Pal", "The Pines"), remove("Parcel Pal", "The Pines"), remove("Acme", "The Pines")))
	if len(res.Requests) != 3 {
		t.Fatalf("%d requests, want 3", len(res.Requests))
	}
	for _, r := range res.Requests[:2] {
		if r.Status != approvals.StatusPending || r.Reason != approvals.ReasonAmbiguous {
			t.Errorf("%s %s/%s = %s/%s, want pending/ambiguous", r.Action, r.PartnerID, r.PropertyID, r.Status, r.Reason)
		}
	}
	if r := res.Requests[2]; r.Status != approvals.StatusWaiting {
		t.Errorf("the unrelated removal = %s/%s, want waiting", r.Status, r.Reason)
	}
	if got := e.enabled("prop-pines"); !slices.Equal(got, []string{"p-acme"}) {
		t.Errorf("enabled = %v, want it unchanged", got)
	}
	e.verify()
}

func TestReceiveRecordsEvidence(t *testing.T) {
	e := newEnv(t, "")
	m := e.mail("maria@pines.example", add("Parcel Pall", "The Pines"))
	m.Identity.Authenticated = false
	r := e.one(m)
	if !slices.Equal(r.Suggestions, []string{"p-parcel"}) {
		t.Errorf("suggestions = %v, want [p-parcel]", r.Suggestions)
	}
	w := e.one(e.mail("maria@pines.example", remove("Acme", "The Pines")))
	if !slices.Equal(w.Doors, []string{"d-pines-garage", "d-pines-main"}) {
		t.Errorf("doors = %v", w.Doors)
	}
	var perm string
	for _, c := range w.Checks {
		if c.Name == approvals.CheckPermission {
			perm = c.Detail
		}
	}
	if perm != "maria@pines.example has property permission on prop-pines" {
		t.Errorf("permission evidence = %q", perm)
	}
}

func TestDuplicateMessage(t *testing.T) {
	e := newEnv(t, "")
	first := e.receive(e.mail("maria@pines.example", add("Parcel Pal", "The Pines")))
	if first.Message.Outcome != approvals.OutcomeProcessed || first.Requests[0].Status != approvals.StatusApplied {
		t.Fatalf("first = %s / %+v", first.Message.Outcome, first.Requests)
	}
	again := e.mail("maria@pines.example", remove("Parcel Pal", "The Pines"))
	again.MessageID = first.Message.MessageID
	if res := e.receive(again); res.Message.Outcome != approvals.OutcomeDuplicate || len(res.Requests) != 0 {
		t.Errorf("same Message-ID: outcome %s, %d requests; want duplicate, none", res.Message.Outcome, len(res.Requests))
	}
	if got := e.enabled("prop-pines"); !slices.Equal(got, []string{"p-acme", "p-parcel"}) {
		t.Errorf("enabled after duplicate = %v, want it unchanged", got)
	}

	raw := []byte("From: x\r\n\r\nno id\r\n")
	noID := &parser.Message{Identity: parser.Identity{From: "x@y.example"}}
	for i, want := range []approvals.Outcome{approvals.OutcomeNoRequest, approvals.OutcomeDuplicate} {
		res, err := e.svc.Receive(e.ctx, approvals.Inbound{Raw: raw, Parsed: noID, ReceivedAt: e.now})
		if err != nil {
			t.Fatal(err)
		}
		if res.Message.Outcome != want {
			t.Errorf("no Message-ID #%d: outcome %s, want %s", i+1, res.Message.Outcome, want)
		}
	}
	e.verify()
}

func TestIgnoredMessages(t *testing.T) {
	e := newEnv(t, "")
	auto := e.mail("maria@pines.example", add("Parcel Pal", "Oak Court"))
	auto.Auto = "Auto-Submitted: auto-replied"
	own := e.mail(inbox, add("Parcel Pal", "Oak Court"))
	for name, m := range map[string]*parser.Message{"auto": auto, "own address": own} {
		if res := e.receive(m); res.Message.Outcome != approvals.OutcomeIgnored || len(res.Requests) != 0 {
			t.Errorf("%s: outcome %s, %d requests; want ignored, none", name, res.Message.Outcome, len(res.Requests))
		}
	}
	if q, err := e.svc.Queue(e.ctx, approvals.RequestFilter{}); err != nil || len(q) != 0 {
		t.Errorf("queue = %+v, %v; want empty", q, err)
	}
}

func TestUnreadableAndNoRequestQueued(t *testing.T) {
	e := newEnv(t, "")
	e.receive(e.mail("maria@pines.example"))
	res, err := e.svc.Receive(e.ctx, approvals.Inbound{Raw: []byte("garbage"),
		ParseErr: errors.New("read header: malformed"), ReceivedAt: e.now})
	if err != nil {
		t.Fatal(err)
	}
	if res.Message.Outcome != approvals.OutcomeUnreadable || res.Message.Error != "read header: malformed" {
		t.Errorf("unreadable: %+v", res.Message)
	}
	q, err := e.svc.Queue(e.ctx, approvals.RequestFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var outcomes []approvals.Outcome
	for _, it := range q {
		outcomes = append(outcomes, it.Outcome)
		if it.Status != approvals.StatusPending || it.Action != "" || it.Reason != "" {
			t.Errorf("queue item %+v: want a pending message item", it)
		}
	}
	if want := []approvals.Outcome{approvals.OutcomeNoRequest, approvals.OutcomeUnreadable}; !slices.Equal(outcomes, want) {
		t.Fatalf("queued outcomes = %v, want %v", outcomes, want)
	}
	_, err = e.svc.Approve(e.ctx, q[1].ID, "ann@door.com", "")
	wantCode(t, err, approvals.ECONFLICT)
	_, err = e.svc.Resolve(e.ctx, q[1].ID, "ann@door.com", "p-acme", "")
	wantCode(t, err, approvals.ECONFLICT)
	if _, err := e.svc.Reject(e.ctx, q[1].ID, "ann@door.com", "spam"); err != nil {
		t.Errorf("closing the unreadable item: %v", err)
	}
	e.verify()
}
