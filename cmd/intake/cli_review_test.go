package main

import (
	"slices"
	"strings"
	"testing"
	"time"
)

// The keys of docs/commands.md's queue and partners shapes.
var (
	queueKeys    = []string{"id", "status", "reason", "action", "partner", "property", "sender", "message_id", "received_at"}
	partnersKeys = []string{"property_id", "property", "partners"}
)

// ingestIDs ingests the sample messages and returns the id of each one's
// request (or review item) by prefix.
func ingestIDs(t *testing.T, w *workspace, prefixes ...string) map[string]string {
	t.Helper()
	var got []map[string]any
	w.jsonOf(&got, append([]string{"ingest", "--json"}, samples(t, prefixes...)...)...)
	ids := map[string]string{}
	for i, m := range got {
		if reqs := m["requests"].([]any); len(reqs) > 0 {
			ids[prefixes[i]] = str(reqs[0].(map[string]any)["id"])
		} else if id := str(m["review_id"]); id != "" {
			ids[prefixes[i]] = id
		}
	}
	return ids
}

// queueIDs returns the ids `queue list` gives with args.
func queueIDs(t *testing.T, w *workspace, args ...string) []string {
	t.Helper()
	var items []map[string]any
	w.jsonOf(&items, append([]string{"queue", "list", "--json"}, args...)...)
	var ids []string
	for _, it := range items {
		checkKeys(t, "queue item", it, queueKeys...)
		if _, err := time.Parse(time.RFC3339, str(it["received_at"])); err != nil {
			t.Errorf("received_at: %v", err)
		}
		ids = append(ids, str(it["id"]))
	}
	return ids
}

func partnerIDs(pp map[string]any) []string {
	var ids []string
	for _, p := range pp["partners"].([]any) {
		ids = append(ids, str(p.(map[string]any)["id"]))
	}
	return ids
}

func TestQueueReview(t *testing.T) {
	w := loaded(t)
	ids := ingestIDs(t, w, "01", "02", "03", "04", "05", "06", "07", "08", "09", "10")
	w.addStaff("sam@door.com")
	staff := []string{"--as", "sam@door.com"}

	if got, want := queueIDs(t, w), []string{ids["03"], ids["05"], ids["06"], ids["09"], ids["10"]}; !slices.Equal(got, want) {
		t.Errorf("queue = %v, want pending and waiting %v", got, want)
	}
	if got := queueIDs(t, w, "--status", "waiting"); !slices.Equal(got, []string{ids["03"]}) {
		t.Errorf("--status waiting = %v, want [%s]", got, ids["03"])
	}
	if got := queueIDs(t, w, "--reason", "unknown_partner"); !slices.Equal(got, []string{ids["05"]}) {
		t.Errorf("--reason unknown_partner = %v, want [%s]", got, ids["05"])
	}
	if r := w.ok("queue", "show", ids["05"]); !strings.Contains(r.stdout, "unknown_partner") || !strings.Contains(r.stdout, "Checks:") {
		t.Errorf("queue show: %v", r)
	}
	if r := w.ok("queue", "show", ids["10"]); !strings.Contains(r.stdout, "unverified_content") || !strings.Contains(r.stdout, "display") {
		t.Errorf("queue show of an unverified request does not name what could not be verified: %v", r)
	}

	steps := []struct {
		name string
		args []string
		code int
		want string // in stdout for exit 0, in stderr otherwise
	}{
		{"approve unresolved", append([]string{"queue", "approve", ids["05"]}, staff...), exitProblem, "resolve it first"},
		{"resolve", append([]string{"queue", "resolve", ids["05"], "--partner", "p-parcel"}, staff...), exitOK, "now noop (already_enabled)"},
		{"approve unauthenticated", append([]string{"queue", "approve", ids["09"], "--note", "confirmed by phone"}, staff...), exitOK, "now applied"},
		{"approve unverified content", append([]string{"queue", "approve", ids["10"], "--note", "read in a mail client: the visible consent"}, staff...), exitOK, "now applied"},
		{"approve waiting", append([]string{"queue", "approve", ids["03"]}, staff...), exitProblem, "already decided by intake at "},
		{"reject waiting as if pending", append([]string{"queue", "reject", ids["03"], "--note", "no"}, staff...), exitProblem, "it is waiting; nothing changed (to cancel a waiting removal"},
		{"close message item", append([]string{"queue", "reject", ids["06"], "--note", "read: nothing to do"}, staff...), exitOK, "now rejected"},
		{"reject rejected", append([]string{"queue", "reject", ids["04"], "--note", "again"}, staff...), exitProblem, "it is rejected; nothing changed"},
		{"approve unknown", append([]string{"queue", "approve", "r-999999"}, staff...), exitProblem, "r-999999"},
		{"show unknown", []string{"queue", "show", "r-999999"}, exitProblem, "r-999999"},
	}
	for _, s := range steps {
		r := w.run(s.args...)
		out := r.stdout
		if s.code != exitOK {
			out = r.stderr
		}
		if r.code != s.code || !strings.Contains(out, s.want) {
			t.Errorf("%s: got %v\nwant exit %d with %q", s.name, r, s.code, s.want)
		}
	}
	if got := queueIDs(t, w); !slices.Equal(got, []string{ids["03"]}) {
		t.Errorf("queue after review = %v, want only the waiting removal %s", got, ids["03"])
	}
	if r := w.run(append([]string{"queue", "reject", ids["03"], "--waiting", "--note", "cancelled by phone"}, staff...)...); r.code != exitOK || !strings.Contains(r.stdout, "now rejected") {
		t.Errorf("reject --waiting: got %v, want the waiting removal rejected", r)
	}
	var pp []map[string]any
	w.jsonOf(&pp, "partners", "--json", "Harbor View")
	if got := partnerIDs(pp[0]); !slices.Equal(got, []string{"p-parcel", "p-smith"}) {
		t.Errorf("Harbor View partners = %v, want [p-parcel p-smith]", got)
	}
}

// TestDoorsReleaseWaiting: the door event that frees the last door
// applies the waiting removal; the unconnected door awaits an update.
func TestDoorsReleaseWaiting(t *testing.T) {
	w := loaded(t)
	ids := ingestIDs(t, w, "01", "03")
	if r := w.ok("doors", "unassign", "d-pines-main"); !strings.Contains(r.stdout, "now waiting") ||
		!strings.Contains(r.stdout, "d-pines-garage") {
		t.Errorf("first unassign: %v", r)
	}
	r := w.ok("doors", "unassign", "d-pines-garage")
	if !strings.Contains(r.stdout, ids["03"]) || !strings.Contains(r.stdout, "now applied") || !strings.Contains(r.stdout, "awaiting door update") {
		t.Errorf("last unassign: %v", r)
	}
	if garage := doorByID(t, w, "d-pines-garage"); garage["awaiting_update"] != true || garage["partner"] != "" {
		t.Errorf("garage after unassign = %v, want no partner, awaiting update", garage)
	}
	if r := w.ok("doors", "list"); !strings.Contains(r.stdout, "AWAITING DOOR UPDATE") {
		t.Errorf("doors list does not show the door awaiting an update:\n%s", r.stdout)
	}
	w.ok("doors", "synced", "d-pines-garage")
	if garage := doorByID(t, w, "d-pines-garage"); garage["awaiting_update"] != false {
		t.Errorf("garage after synced = %v, want not awaiting", garage)
	}
	if r := w.run("doors", "assign", "d-pines-main", "p-acme"); r.code != exitProblem || !strings.Contains(r.stderr, "not enabled") {
		t.Errorf("assign to a disabled partner: %v", r)
	}
	if r := w.run("doors", "unassign", "d-nowhere"); r.code != exitProblem || !strings.Contains(r.stderr, "d-nowhere") {
		t.Errorf("unassign unknown door: %v", r)
	}
	w.ok("doors", "assign", "d-pines-main", "p-parcel", "--as", "sam@door.com")
	var pp []map[string]any
	w.jsonOf(&pp, "partners", "--json")
	for _, p := range pp {
		checkKeys(t, "partners", p, partnersKeys...)
		if p["property_id"] == "prop-pines" && !slices.Equal(partnerIDs(p), []string{"p-parcel"}) {
			t.Errorf("prop-pines partners = %v, want [p-parcel]", partnerIDs(p))
		}
	}
	if r := w.run("partners", "Nowhere"); r.code != exitProblem {
		t.Errorf("partners of an unknown property: %v", r)
	}
}

func doorByID(t *testing.T, w *workspace, id string) map[string]any {
	t.Helper()
	var doors []map[string]any
	w.jsonOf(&doors, "doors", "list", "--json")
	for _, d := range doors {
		if d["id"] == id {
			return d
		}
	}
	t.Fatalf("door %s not listed", id)
	return nil
}

// TestApprovalKeepsDoorRule: approving a removal re-runs the door check,
// so a door assigned after the message arrived makes it wait.
func TestApprovalKeepsDoorRule(t *testing.T) {
	w := newWorkspace(t, testConfig+"\n[workflow]\npolicy = \"review\"\n")
	w.ok("directory", "load", abs(t, sampleDirJSON))
	w.ok("doors", "unassign", "d-pines-main")
	w.ok("doors", "unassign", "d-pines-garage")
	ids := ingestIDs(t, w, "03")
	if got := queueIDs(t, w, "--reason", "review_required"); !slices.Equal(got, []string{ids["03"]}) {
		t.Fatalf("review_required = %v, want [%s]", got, ids["03"])
	}
	w.ok("doors", "assign", "d-pines-main", "p-acme")
	w.addStaff("sam@door.com")
	r := w.ok("queue", "approve", ids["03"], "--as", "sam@door.com")
	if !strings.Contains(r.stdout, "now waiting (partner_assigned_to_doors)") || !strings.Contains(r.stdout, "d-pines-main") {
		t.Errorf("approve: %v\nwant waiting on d-pines-main", r)
	}
}
