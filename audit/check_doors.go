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
// door update longer than DoorUpdateSLA: since the ledger entry that set
// its flag (a door entry, or the directory load that carried it).
func checkDoorUpdates(f *facts, o *Options) ([]Finding, error) {
	var out []Finding
	for _, d := range f.doors {
		if !d.AwaitingUpdate || d.Connected {
			continue
		}
		since := f.awaitingSince(d.ID)
		if age := f.now.Sub(since); age > o.DoorUpdateSLA {
			out = append(out, finding(CheckDoorAwaitingUpdate, "door "+d.ID, fmt.Sprintf(
				"%s (%s, property %s) has awaited its DOOR App door update since %s (%s, audit.door_update_sla %s)",
				d.ID, d.Name, d.Property, stamp(since), age.Round(time.Minute), o.DoorUpdateSLA)))
		}
	}
	return out, nil
}

func stamp(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// awaitingSince returns since when the ledger says the door has awaited
// its door update; when the ledger does not say (the flag was set without
// an entry, or the replay failed), since the last directory load, the
// latest time the flag can be dated to.
func (f *facts) awaitingSince(door string) time.Time {
	if st := f.verification.Replayed; st != nil {
		if t, ok := st.AwaitingSince(door); ok {
			return t
		}
	}
	return f.lastLoad()
}

// lastLoad returns the time of the last directory.load entry replayed.
func (f *facts) lastLoad() time.Time {
	if st := f.verification.Replayed; st != nil {
		return st.LastLoad()
	}
	return time.Time{}
}
