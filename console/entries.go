package console

import (
	"encoding/json"
	"fmt"
	"strings"

	"intake/approvals"
)

// entryView is one ledger entry as the console shows it.
type entryView struct {
	approvals.Entry
	// Summary says what the entry records in a few words.
	Summary string
	// JSON is the entry's data, indented.
	JSON string
}

func entryViews(es []approvals.Entry) []entryView {
	out := make([]entryView, len(es))
	for i, e := range es {
		out[i] = entryView{Entry: e, Summary: summarize(e), JSON: indent(e.Data)}
	}
	return out
}

func indent(data json.RawMessage) string {
	var v any
	if json.Unmarshal(data, &v) != nil {
		return string(data)
	}
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return string(data)
	}
	return string(b)
}

// summarize describes an entry by its kind's main fields; an entry whose
// data does not decode is described by its kind alone.
func summarize(e approvals.Entry) string {
	switch e.Kind {
	case approvals.EntryDecision:
		var ev approvals.DecisionEvent
		if json.Unmarshal(e.Data, &ev) == nil {
			s := string(ev.Status)
			if ev.Reason != "" {
				s += " (" + reasonLabel(string(ev.Reason)) + ")"
			}
			if ev.Action != "" {
				s = fmt.Sprintf("%s %q on %q: %s", ev.Action, ev.Partner, ev.Property, s)
			}
			return s
		}
	case approvals.EntryReview:
		var ev approvals.ReviewEvent
		if json.Unmarshal(e.Data, &ev) == nil {
			parts := []string{ev.Action}
			if ev.PartnerID != "" || ev.PropertyID != "" {
				parts = append(parts, "to", orDash(ev.PartnerID), "/", orDash(ev.PropertyID))
			}
			if ev.Note != "" {
				parts = append(parts, "— note: "+ev.Note)
			}
			return strings.Join(parts, " ")
		}
	case approvals.EntryMessage:
		var ev approvals.MessageEvent
		if json.Unmarshal(e.Data, &ev) == nil {
			return fmt.Sprintf("message from %s: %s", orDash(ev.Sender), ev.Outcome)
		}
	case approvals.EntryEnable, approvals.EntryDisable:
		var ev approvals.EnablementEvent
		if json.Unmarshal(e.Data, &ev) == nil {
			return fmt.Sprintf("partner %s on property %s", ev.Partner, ev.Property)
		}
	case approvals.EntryDoorAssign, approvals.EntryDoorUnassign, approvals.EntryDoorSynced:
		var ev approvals.DoorEvent
		if json.Unmarshal(e.Data, &ev) == nil {
			return fmt.Sprintf("door %s (property %s) partner %s", ev.Door, ev.Property, orDash(ev.Partner))
		}
	case approvals.EntryDirectoryLoad:
		return "directory loaded"
	}
	return string(e.Kind)
}
