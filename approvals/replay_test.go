package approvals

import (
	"encoding/json"
	"slices"
	"testing"
)

func entry(t *testing.T, seq int64, kind EntryKind, data any) Entry {
	t.Helper()
	raw, err := json.Marshal(data)
	if err != nil {
		t.Fatal(err)
	}
	return Entry{Seq: seq, Kind: kind, Data: raw}
}

// review returns a review entry about ev's request, as Service writes it.
func review(t *testing.T, seq int64, ev ReviewEvent) Entry {
	t.Helper()
	e := entry(t, seq, EntryReview, ev)
	e.Subject = ev.Request
	return e
}

func TestReplay(t *testing.T) {
	d := testDirectory()
	entries := []Entry{
		entry(t, 1, EntryDirectoryLoad, d),
		entry(t, 2, EntryMessage, MessageEvent{ID: "m-1"}),
		entry(t, 3, EntryEnable, EnablementEvent{Property: "prop-oak", Partner: "p-parcel", Request: "r-1"}),
		entry(t, 4, EntryDoorAssign, DoorEvent{Door: "d-oak-lobby", Partner: "p-parcel", Property: "prop-oak"}),
		entry(t, 5, EntryDoorUnassign, DoorEvent{Door: "d-pines-garage", Partner: "p-acme", Property: "prop-pines", AwaitingUpdate: true}),
		entry(t, 6, EntryDoorUnassign, DoorEvent{Door: "d-pines-main", Partner: "p-acme", Property: "prop-pines"}),
		entry(t, 7, EntryDisable, EnablementEvent{Property: "prop-pines", Partner: "p-acme", Request: "r-2"}),
	}
	got, err := Replay(entries)
	if err != nil {
		t.Fatalf("Replay: %v", err)
	}
	want := stateOf(testDirectory())
	want.Enablements = []Enablement{{Property: "prop-oak", Partner: "p-parcel"}}
	want.Doors[0].Partner = ""
	want.Doors[1].Partner, want.Doors[1].AwaitingUpdate = "", true
	want.Doors[2].Partner = "p-parcel"
	want.Messages = []MessageRecord{{ID: "m-1"}}
	if diff := got.Diff(want); len(diff) > 0 {
		t.Errorf("Replay differs:\n%v", diff)
	}

	synced := append(slices.Clone(entries), entry(t, 8, EntryDoorSynced, DoorEvent{Door: "d-pines-garage", Property: "prop-pines"}))
	got, err = Replay(synced)
	if err != nil {
		t.Fatalf("Replay: %v", err)
	}
	if got.Doors[1].AwaitingUpdate {
		t.Errorf("door still awaiting update after door.synced")
	}
}

func TestReplayErrors(t *testing.T) {
	tests := []struct {
		name    string
		entries []Entry
	}{
		{"door before load", []Entry{entry(t, 1, EntryDoorAssign, DoorEvent{Door: "d-x"})}},
		{"bad data", []Entry{{Seq: 1, Kind: EntryDirectoryLoad, Data: json.RawMessage(`[1]`)}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := Replay(tt.entries); err == nil {
				t.Errorf("Replay() = nil error, want one")
			}
		})
	}
}

func TestDiff(t *testing.T) {
	base := stateOf(testDirectory())
	tests := []struct {
		name   string
		change func(s *State)
		want   []string
	}{
		{"equal", func(s *State) {}, nil},
		{"reordered is equal", func(s *State) {
			slices.Reverse(s.Doors)
			slices.Reverse(s.Directory.Partners)
			s.Directory.Managers[0].Email = "MARIA@pines.example"
		}, nil},
		{"door partner", func(s *State) { s.Doors[0].Partner = "" }, []string{
			`door "d-pines-main": first {"id":"d-pines-main","property":"prop-pines","name":"Main Entrance","kind":"communal","connected":true,"partner":"p-acme"}, second {"id":"d-pines-main","property":"prop-pines","name":"Main Entrance","kind":"communal","connected":true}`,
		}},
		{"extra enablement", func(s *State) {
			s.Enablements = append(s.Enablements, Enablement{Property: "prop-oak", Partner: "p-acme"})
		}, []string{`enabled "p-acme" on "prop-oak": only in the second state`}},
		{"missing partner", func(s *State) { s.Directory.Partners = s.Directory.Partners[1:] }, []string{
			`partner "p-acme": only in the first state`,
		}},
		{"extra message", func(s *State) { s.Messages = []MessageRecord{{ID: "m-1", Sender: "a@x"}} }, []string{
			`message "m-1": only in the second state`,
		}},
		{"extra request", func(s *State) { s.Requests = []RequestRecord{{ID: "r-1", Status: StatusApplied}} }, []string{
			`request "r-1": only in the second state`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			other := stateOf(testDirectory())
			tt.change(other)
			if got := base.Diff(other); !slices.Equal(got, tt.want) {
				t.Errorf("Diff() = %q, want %q", got, tt.want)
			}
		})
	}
}

// TestReplayRecords replays message and decision entries: the latest
// decision of a request wins, and a directory load keeps the records.
func TestReplayRecords(t *testing.T) {
	msg := MessageEvent{ID: "m-1", MessageID: "<a@x>", Hash: "h1", Source: "file:a.eml",
		Outcome: OutcomeProcessed, Sender: "maria@pines.example"}
	first := DecisionEvent{Request: "r-1", Message: "m-1", Action: ActionAdd, Partner: "Acme",
		Property: "Oak Court", PropertyID: "prop-oak", Status: StatusPending, Reason: ReasonUnknownPartner}
	second := first
	second.PartnerID, second.Status, second.Reason = "p-acme", StatusRejected, ReasonNoPermission
	entries := []Entry{
		entry(t, 1, EntryDirectoryLoad, testDirectory()),
		entry(t, 2, EntryMessage, msg),
		entry(t, 3, EntryDecision, first),
		review(t, 4, ReviewEvent{Request: "r-1", Action: ReviewResolve, PartnerID: "p-acme"}),
		review(t, 5, ReviewEvent{Request: "r-1", Action: ReviewReject, Note: "not now"}),
		entry(t, 6, EntryDecision, second),
		entry(t, 7, EntryDirectoryLoad, testDirectory()),
		review(t, 8, ReviewEvent{Request: "r-9", Action: ReviewReject, Note: "unknown request"}),
	}
	got, err := Replay(entries)
	if err != nil {
		t.Fatalf("Replay: %v", err)
	}
	want := stateOf(testDirectory())
	want.Messages = []MessageRecord{{ID: "m-1", MessageID: "<a@x>", Hash: "h1", Outcome: OutcomeProcessed,
		Sender: "maria@pines.example"}}
	want.Requests = []RequestRecord{{ID: "r-1", Message: "m-1", Action: ActionAdd, Partner: "Acme",
		Property: "Oak Court", PartnerID: "p-acme", PropertyID: "prop-oak", Status: StatusRejected,
		Reason: ReasonNoPermission, Note: "not now"}}
	if diff := got.DiffLabeled(want, "replayed", "want"); len(diff) > 0 {
		t.Errorf("Replay differs:\n%v", diff)
	}
	want.Requests[0].Status, want.Requests[0].Reason = StatusApplied, ReasonNone
	wantDiff := []string{`request "r-1": replayed {"id":"r-1","message":"m-1","action":"add","partner":"Acme",` +
		`"property":"Oak Court","partner_id":"p-acme","property_id":"prop-oak","status":"rejected","reason":"no_permission","note":"not now"}, ` +
		`want {"id":"r-1","message":"m-1","action":"add","partner":"Acme","property":"Oak Court",` +
		`"partner_id":"p-acme","property_id":"prop-oak","status":"applied","reason":"","note":"not now"}`}
	if diff := got.DiffLabeled(want, "replayed", "want"); !slices.Equal(diff, wantDiff) {
		t.Errorf("Diff = %q, want %q", diff, wantDiff)
	}
}
