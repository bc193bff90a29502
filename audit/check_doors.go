package audit

import (
	"fmt"
	"time"

	"intake/approvals"
)

// checkDoorsEnabled reports each door assigned to a partner that is not
// enabled on the door's property.
func checkDoorsEnabled(f *facts, _ *Options) ([]Finding, error) {
	var out []Finding
	for _, d := range f.doors {
		if d.Partner == "" || f.enabled[approvals.Enablement{Property: d.Property, Partner: d.Partner}] {
			continue
		}
		out = append(out, finding(CheckDoorNotEnabled, "door "+d.ID, fmt.Sprintf(
			"%s (%s) is assigned to %s, which is not enabled on %s", d.ID, d.Name, d.Partner, d.Property)))
	}
	return out, nil
}

// checkDoorUpdates reports each unconnected door that has awaited its
// door update longer than DoorUpdateSLA. It has awaited since the door
// entry that set its flag, or since the last directory load when no
// entry since did (the load carried the flag).
func checkDoorUpdates(f *facts, o *Options) ([]Finding, error) {
	var out []Finding
	for _, d := range f.doors {
		if !d.AwaitingUpdate || d.Connected {
			continue
		}
		since, ok := f.ledger.awaitingSince[d.ID]
		if !ok {
			since = f.ledger.lastLoad
		}
		if age := f.now.Sub(since); age > o.DoorUpdateSLA {
			out = append(out, finding(CheckDoorAwaitingUpdate, "door "+d.ID, fmt.Sprintf(
				"%s (%s, property %s) has awaited its DOOR App door update since %s (%s, audit.door_update_sla %s)",
				d.ID, d.Name, d.Property, stamp(since), age.Round(time.Minute), o.DoorUpdateSLA)))
		}
	}
	return out, nil
}

func stamp(t time.Time) string { return t.UTC().Format(time.RFC3339) }
