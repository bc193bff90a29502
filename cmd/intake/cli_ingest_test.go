package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// sampleRequest is the expected decision of a sample request.
type sampleRequest struct {
	action, partner, property, partnerID, propertyID, status, reason string
}

// sampleWant is the expected outcome of every sample message, ingested in
// name order into a database holding the sample directory.
var sampleWant = []struct {
	prefix  string
	outcome string
	req     *sampleRequest // the message's one request; nil for none
}{
	{"01", "processed", &sampleRequest{"add", "Parcel Pal", "The Pines", "p-parcel", "prop-pines", "applied", ""}},
	{"02", "processed", &sampleRequest{"add", "Acme Deliveries", "Gateway to the West Lofts", "p-acme", "prop-gateway", "applied", ""}},
	{"03", "processed", &sampleRequest{"remove", "Acme Deliveries", "The Pines", "p-acme", "prop-pines", "waiting", "partner_assigned_to_doors"}},
	{"04", "processed", &sampleRequest{"add", "Acme Deliveries", "Oak Court", "p-acme", "prop-oak", "rejected", "no_permission"}},
	{"05", "processed", &sampleRequest{"add", "Parcel Pals", "Pines Apartments", "", "prop-pines", "pending", "unknown_partner"}},
	{"06", "no_request", nil},
	{"07", "ignored", nil},
	{"08", "duplicate", nil},
	{"09", "processed", &sampleRequest{"add", "Smith and Sons Movers", "Harbor View", "p-smith", "prop-harbor", "pending", "unauthenticated_sender"}},
	{"10", "processed", &sampleRequest{"add", "Parcel Pal", "Harbor View", "p-parcel", "prop-harbor", "pending", "unverified_content"}},
}

// The keys of docs/commands.md's ingest shape.
var (
	ingestKeys  = []string{"file", "message_id", "outcome", "requests"}
	requestKeys = []string{"id", "action", "partner", "property", "partner_id", "property_id", "status", "reason"}
)

func TestIngestSampleJSON(t *testing.T) {
	w := loaded(t)
	var prefixes []string
	for _, s := range sampleWant {
		prefixes = append(prefixes, s.prefix)
	}
	var got []map[string]any
	w.jsonOf(&got, append([]string{"ingest", "--json"}, samples(t, prefixes...)...)...)
	if len(got) != len(sampleWant) {
		t.Fatalf("ingest gave %d messages, want %d", len(got), len(sampleWant))
	}
	for i, want := range sampleWant {
		m := got[i]
		t.Run(want.prefix, func(t *testing.T) {
			checkKeys(t, "message", m, ingestKeys...)
			if !strings.HasPrefix(m["file"].(string), want.prefix+"-") || m["outcome"] != want.outcome {
				t.Errorf("file %v outcome %v, want %s-* %s", m["file"], m["outcome"], want.prefix, want.outcome)
			}
			reqs, ok := m["requests"].([]any)
			if !ok {
				t.Fatalf("requests = %#v, want an array", m["requests"])
			}
			if want.req == nil {
				if len(reqs) != 0 {
					t.Errorf("requests = %v, want none", reqs)
				}
				return
			}
			if len(reqs) != 1 {
				t.Fatalf("requests = %v, want one", reqs)
			}
			checkRequest(t, reqs[0].(map[string]any), *want.req)
		})
	}
	if s := got[4]["requests"].([]any)[0].(map[string]any)["suggestions"]; !slices.Contains(toStrings(s), "p-parcel") {
		t.Errorf("05 suggestions = %v, want p-parcel among them", s)
	}
	if d := got[2]["requests"].([]any)[0].(map[string]any)["doors"]; !slices.Equal(toStrings(d), []string{"d-pines-garage", "d-pines-main"}) {
		t.Errorf("03 doors = %v, want [d-pines-garage d-pines-main]", d)
	}
	if got[5]["review_id"] == nil {
		t.Errorf("06 (no_request) has no review_id: %v", got[5])
	}
}

func checkRequest(t *testing.T, r map[string]any, want sampleRequest) {
	t.Helper()
	checkKeys(t, "request", r, requestKeys...)
	got := sampleRequest{str(r["action"]), str(r["partner"]), str(r["property"]), str(r["partner_id"]),
		str(r["property_id"]), str(r["status"]), str(r["reason"])}
	if got != want {
		t.Errorf("request = %+v\nwant      %+v", got, want)
	}
	if !strings.HasPrefix(str(r["id"]), "r-") {
		t.Errorf("id = %v, want r-…", r["id"])
	}
}

func str(v any) string {
	s, _ := v.(string)
	return s
}

func toStrings(v any) []string {
	l, _ := v.([]any)
	out := make([]string, 0, len(l))
	for _, x := range l {
		out = append(out, str(x))
	}
	return out
}

func TestIngestTwiceIsDuplicate(t *testing.T) {
	w := loaded(t)
	file := samples(t, "01")[0]
	var first, second []map[string]any
	w.jsonOf(&first, "ingest", "--json", file)
	w.jsonOf(&second, "ingest", file, "--json") // flags may follow the files
	if first[0]["outcome"] != "processed" || second[0]["outcome"] != "duplicate" {
		t.Errorf("outcomes %v then %v, want processed then duplicate", first[0]["outcome"], second[0]["outcome"])
	}
	if n := len(second[0]["requests"].([]any)); n != 0 {
		t.Errorf("the duplicate has %d requests, want 0", n)
	}
	var pp []map[string]any
	w.jsonOf(&pp, "partners", "--json", "prop-pines")
	if got := partnerIDs(pp[0]); !slices.Equal(got, []string{"p-acme", "p-parcel"}) {
		t.Errorf("prop-pines partners = %v, want [p-acme p-parcel] (changed once)", got)
	}
}

func TestIngestText(t *testing.T) {
	w := loaded(t)
	r := w.ok(append([]string{"ingest"}, samples(t, "03", "06")...)...)
	for _, want := range []string{"FILE", "03-remove-acme-pines.eml", `remove "Acme Deliveries" from "The Pines"`,
		"waiting", "partner_assigned_to_doors", "no_request", "review item"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("output lacks %q:\n%s", want, r.stdout)
		}
	}
}

// TestIngestUnreadable: a message the parser refuses is stored and
// queued with its error, never dropped.
func TestIngestUnreadable(t *testing.T) {
	w := newWorkspace(t, strings.Replace(testConfig, "[imap]\n", "[imap]\nmax_message_size = \"1KB\"\n", 1))
	w.ok("directory", "load", abs(t, sampleDirJSON))
	big := filepath.Join(w.dir, "big.eml")
	body := "From: maria@pines.example\r\nMessage-ID: <big@pines.example>\r\n\r\n" + strings.Repeat("x", 2048) + "\r\n"
	if err := os.WriteFile(big, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	var got []map[string]any
	w.jsonOf(&got, "ingest", "--json", big)
	if got[0]["outcome"] != "unreadable" || got[0]["error"] == nil || got[0]["review_id"] == nil {
		t.Fatalf("got %v, want unreadable with its error and review item", got[0])
	}
	var queue []map[string]any
	w.jsonOf(&queue, "queue", "list", "--json")
	if len(queue) != 1 || queue[0]["id"] != got[0]["review_id"] || queue[0]["outcome"] != "unreadable" {
		t.Errorf("queue = %v, want the unreadable message's review item", queue)
	}
}

func TestIngestMissingFile(t *testing.T) {
	w := loaded(t)
	r := w.run("ingest", samples(t, "01")[0], filepath.Join(w.dir, "nope.eml"))
	if r.code != exitProblem || !strings.Contains(r.stderr, "nope.eml") {
		t.Fatalf("got %v, want exit 1 naming nope.eml", r)
	}
	var queue []map[string]any
	w.jsonOf(&queue, "queue", "list", "--json", "--status", "all")
	if len(queue) != 0 {
		t.Errorf("a missing file let %d requests in; want none before any file is read", len(queue))
	}
}
