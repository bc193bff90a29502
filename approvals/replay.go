package approvals

import (
	"encoding/json"
	"fmt"
	"slices"
)

// State is the part of the current state that the ledger must reproduce:
// the directory (partners, portfolios, properties and managers; its Doors
// and Enabled are left nil), the door assignments and the enablements.
type State struct {
	Directory   *Directory
	Enablements []Enablement
	Doors       []Door
}

// stateOf returns the state a directory load sets up.
func stateOf(d *Directory) *State {
	st := &State{Enablements: slices.Clone(d.Enabled), Doors: slices.Clone(d.Doors)}
	dir := *d
	dir.Doors, dir.Enabled = nil, nil
	st.Directory = &dir
	return st
}

// CurrentState reads the current state through tx. It returns the Tx's
// error wrapped when a read fails.
func CurrentState(tx Tx) (*State, error) {
	d, err := tx.Directory()
	if err != nil {
		return nil, fmt.Errorf("read directory: %w", err)
	}
	st := stateOf(d)
	if st.Enablements, err = tx.Enablements(); err != nil {
		return nil, fmt.Errorf("read enablements: %w", err)
	}
	if st.Doors, err = tx.Doors(); err != nil {
		return nil, fmt.Errorf("read doors: %w", err)
	}
	return st, nil
}

// Replay rebuilds the State from ledger entries in order: a
// directory.load replaces everything, door entries set a door's partner
// and awaiting-update flag, enable and disable entries change the
// enablements; other kinds are ignored. No entries give the empty state.
// It returns an error naming the entry when an entry's data cannot be
// decoded or a door event names a door that is not in the directory.
func Replay(entries []Entry) (*State, error) {
	st := &State{Directory: &Directory{}}
	for _, e := range entries {
		if err := st.apply(e); err != nil {
			return nil, fmt.Errorf("replay entry %d (%s): %w", e.Seq, e.Kind, err)
		}
	}
	return st, nil
}

// apply applies one ledger entry to st.
func (st *State) apply(e Entry) error {
	switch e.Kind {
	case EntryDirectoryLoad:
		var d Directory
		if err := json.Unmarshal(e.Data, &d); err != nil {
			return fmt.Errorf("decode directory: %w", err)
		}
		*st = *stateOf(&d)
	case EntryDoorAssign, EntryDoorUnassign, EntryDoorSynced:
		var ev DoorEvent
		if err := json.Unmarshal(e.Data, &ev); err != nil {
			return fmt.Errorf("decode door event: %w", err)
		}
		return st.applyDoor(e.Kind, ev)
	case EntryEnable, EntryDisable:
		var ev EnablementEvent
		if err := json.Unmarshal(e.Data, &ev); err != nil {
			return fmt.Errorf("decode enablement: %w", err)
		}
		en := Enablement{Property: ev.Property, Partner: ev.Partner}
		st.Enablements = slices.DeleteFunc(st.Enablements, func(x Enablement) bool { return x == en })
		if e.Kind == EntryEnable {
			st.Enablements = append(st.Enablements, en)
		}
	}
	return nil
}

func (st *State) applyDoor(kind EntryKind, ev DoorEvent) error {
	i := slices.IndexFunc(st.Doors, func(d Door) bool { return d.ID == ev.Door })
	if i < 0 {
		return fmt.Errorf("unknown door %q", ev.Door)
	}
	d := &st.Doors[i]
	switch kind {
	case EntryDoorAssign:
		d.Partner, d.AwaitingUpdate = ev.Partner, ev.AwaitingUpdate
	case EntryDoorUnassign:
		d.Partner, d.AwaitingUpdate = "", ev.AwaitingUpdate
	case EntryDoorSynced:
		d.AwaitingUpdate = false
	}
	return nil
}
