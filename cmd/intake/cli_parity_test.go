package main

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestQueueListFilters: every reason the list prints is accepted, and
// the sender, partner, property, age and limit filters select.
func TestQueueListFilters(t *testing.T) {
	w := loaded(t)
	ids := ingestIDs(t, w, "03", "05", "06", "09", "10")
	tests := []struct {
		args []string
		want []string
	}{
		{[]string{"--reason", "no_request"}, []string{ids["06"]}},
		{[]string{"--reason", "unreadable"}, nil},
		{[]string{"--sender", "MARIA@pines.example"}, []string{ids["03"], ids["05"], ids["06"]}},
		{[]string{"--sender", "@nowhere.example"}, nil},
		{[]string{"--property", "prop-pines", "--partner", "p-acme"}, []string{ids["03"]}},
		{[]string{"--since", "48h"}, nil}, // the samples are dated 2026-11
		{[]string{"--since", "2000-01-01"}, []string{ids["03"], ids["05"], ids["06"], ids["09"], ids["10"]}},
		{[]string{"--limit", "2"}, []string{ids["03"], ids["05"]}},
	}
	for _, tt := range tests {
		if got := queueIDs(t, w, tt.args...); !slices.Equal(got, tt.want) {
			t.Errorf("queue list %v = %v, want %v", tt.args, got, tt.want)
		}
	}
	// Every word the REASON column prints is accepted by --reason.
	var items []map[string]any
	w.jsonOf(&items, "queue", "list", "--json", "--status", "all")
	printed := w.ok("queue", "list", "--status", "all").stdout
	for _, it := range items {
		reason := str(it["reason"]) + str(it["outcome"])
		if reason == "" {
			continue
		}
		if !strings.Contains(printed, " "+reason+" ") {
			t.Errorf("queue list does not print %s:\n%s", reason, printed)
		}
		if rr := w.run("queue", "list", "--status", "all", "--reason", reason); rr.code != exitOK {
			t.Errorf("--reason %s, printed by queue list, is refused: %v", reason, rr)
		}
	}
	for _, bad := range [][]string{{"--since", "yesterday"}, {"--since", "-2h"}, {"--sender", "x"}, {"--limit", "-1"}, {"--reason", "nope"}} {
		if rr := w.run(append([]string{"queue", "list"}, bad...)...); rr.code != exitUsage {
			t.Errorf("queue list %v: %v, want exit 2", bad, rr)
		}
	}
}

// TestQueueShowText: queue show prints the visible new text and what
// intake removed, --raw the message as received, --json everything; a
// waiting removal shows when it expires.
func TestQueueShowText(t *testing.T) {
	w := loaded(t)
	ids := ingestIDs(t, w, "03", "06")
	r := w.ok("queue", "show", ids["06"])
	for _, want := range []string{"Review item:", "Text (text/plain)", "| Thanks, I'll check with Hank first.", "Removed by intake: quote", "Removed quoted or forwarded text", "| > We give DOOR permission", "ok    identity"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("queue show of a no_request item lacks %q:\n%s", want, r.stdout)
		}
	}
	raw := w.ok("queue", "show", "--raw", ids["06"])
	if !strings.Contains(raw.stdout, "From: Maria Lopez <maria@pines.example>") || !strings.Contains(raw.stdout, "> We give DOOR permission") {
		t.Errorf("queue show --raw:\n%s", raw.stdout)
	}
	var out struct {
		Request  map[string]any `json:"request"`
		Message  map[string]any `json:"message"`
		Deadline *time.Time     `json:"deadline"`
		Text     struct {
			Source  string   `json:"source"`
			Text    string   `json:"text"`
			Removed []string `json:"removed"`
			Quoted  string   `json:"quoted"`
		} `json:"text"`
	}
	w.jsonOf(&out, "queue", "show", "--json", ids["06"])
	if out.Request["id"] != ids["06"] || out.Text.Source != "text/plain" || !strings.Contains(out.Text.Text, "check with Hank") ||
		!slices.Contains(out.Text.Removed, "quote") || !strings.Contains(out.Text.Quoted, "wrote:\n> We give DOOR permission") || out.Deadline != nil {
		t.Errorf("queue show --json = %+v", out)
	}
	w.jsonOf(&out, "queue", "show", "--json", ids["03"])
	decided, _ := time.Parse(time.RFC3339Nano, str(out.Request["decided_at"]))
	if out.Deadline == nil || !out.Deadline.Equal(decided.Add(336*time.Hour)) {
		t.Errorf("waiting removal deadline = %v, want decided_at %s + 336h", out.Deadline, decided)
	}
	if r := w.ok("queue", "show", ids["03"]); !strings.Contains(r.stdout, "Waiting:      since ") || !strings.Contains(r.stdout, "expires "+out.Deadline.UTC().Format(time.RFC3339)) {
		t.Errorf("queue show of a waiting removal lacks its deadline:\n%s", r.stdout)
	}
	if r := w.ok("queue", "list"); !strings.Contains(r.stdout, "EXPIRES") || !strings.Contains(r.stdout, out.Deadline.UTC().Format(time.DateTime)) {
		t.Errorf("queue list lacks the deadline:\n%s", r.stdout)
	}
	if r := w.run("queue", "show", "--raw", "--json", ids["06"]); r.code != exitUsage {
		t.Errorf("--raw --json: %v, want exit 2", r)
	}
}

// TestQueueCreate: a no_request item becomes the request staff read in
// it, approved by them, and the item is closed; the door rule holds.
func TestQueueCreate(t *testing.T) {
	w := loaded(t)
	ids := ingestIDs(t, w, "06")
	w.addStaff("sam@door.com")
	steps := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"no action", []string{"--partner", "p-acme", "--property", "prop-pines"}, exitUsage, "--action"},
		{"no partner", []string{"--action", "remove", "--property", "prop-pines"}, exitUsage, "--partner"},
		{"unknown partner", []string{"--action", "remove", "--partner", "p-nope", "--property", "prop-pines"}, exitProblem, "p-nope"},
		{"stranger", []string{"--action", "remove", "--partner", "p-acme", "--property", "prop-pines", "--as", "x@nowhere.example"}, exitUsage, "not a staff account"},
		{"create", []string{"--action", "remove", "--partner", "p-acme", "--property", "prop-pines", "--note", "she asked by phone"}, exitOK, "now waiting (partner_assigned_to_doors)"},
		{"again", []string{"--action", "remove", "--partner", "p-acme", "--property", "prop-pines"}, exitProblem, "already decided by staff:sam@door.com"},
	}
	for _, s := range steps {
		args := append([]string{"queue", "create", ids["06"]}, s.args...)
		if !slices.Contains(s.args, "--as") {
			args = append(args, "--as", "sam@door.com")
		}
		r := w.run(args...)
		out := r.stdout
		if s.code != exitOK {
			out = r.stderr
		}
		if r.code != s.code || !strings.Contains(out, s.want) {
			t.Errorf("%s: got %v\nwant exit %d with %q", s.name, r, s.code, s.want)
		}
	}
	var items []map[string]any
	w.jsonOf(&items, "queue", "list", "--json", "--status", "all")
	var got []string
	for _, it := range items {
		got = append(got, str(it["id"])+" "+str(it["status"])+" "+str(it["action"])+" "+str(it["decided_by"]))
	}
	want := []string{ids["06"] + " rejected  staff:sam@door.com", "r-000002 waiting remove staff:sam@door.com"}
	if !slices.Equal(got, want) {
		t.Errorf("after create: %q, want %q", got, want)
	}
	w.ok("ledger", "verify")
	db := w.openDB()
	var data string
	if err := db.QueryRow(`SELECT data FROM ledger WHERE kind = 'review' AND subject = 'r-000002'`).Scan(&data); err != nil {
		t.Fatal(err)
	}
	var ev map[string]any
	if err := json.Unmarshal([]byte(data), &ev); err != nil || ev["action"] != "create" || ev["from"] != ids["06"] {
		t.Errorf("review entry of the created request = %s", data)
	}
}
