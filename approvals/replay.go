package approvals

import (
	"encoding/json"
	"fmt"
	"slices"
)

// State is the part of the current state that the ledger must reproduce:
// the directory (partners, portfolios, properties and managers; its Doors
// and Enabled are left nil), the door assignments, the enablements, the
// message records and the requests (see MessageRecord, RequestRecord).
type State struct {
	Directory   *Directory
	Enablements []Enablement
	Doors       []Door
	Messages    []MessageRecord
	Requests    []RequestRecord

	// msgAt and reqAt index Messages and Requests by id during Replay.
	msgAt, reqAt map[string]int
}

// stateOf returns the state a directory load sets up.
func stateOf(d *Directory) *State {
	st := &State{Enablements: slices.Clone(d.Enabled), Doors: slices.Clone(d.Doors)}
	dir := *d
	dir.Doors, dir.Enabled = nil, nil
	st.Directory = &dir
	return st
}

// DirectoryState reads through tx the directory, door and enablement part
// of the current state; its Messages and Requests are nil. It returns the
// Tx's error wrapped when a read fails.
func DirectoryState(tx Tx) (*State, error) {
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

// CurrentState reads the current state through tx: the directory state
// (see DirectoryState), every message record and every request. It
// returns the Tx's error wrapped when a read fails.
func CurrentState(tx Tx) (*State, error) {
	st, err := DirectoryState(tx)
	if err != nil {
		return nil, err
	}
	msgs, err := tx.Messages()
	if err != nil {
		return nil, fmt.Errorf("read messages: %w", err)
	}
	for i := range msgs {
		st.Messages = append(st.Messages, messageRecord(&msgs[i]))
	}
	reqs, err := tx.Requests(RequestFilter{})
	if err != nil {
		return nil, fmt.Errorf("read requests: %w", err)
	}
	for i := range reqs {
		st.Requests = append(st.Requests, requestRecord(&reqs[i]))
	}
	return st, nil
}

// Replay rebuilds the State from ledger entries in order: a
// directory.load replaces the directory, doors and enablements, door
// entries set a door's partner and awaiting-update flag, enable and
// disable entries change the enablements, a message entry records a
// message, a decision entry sets its request's resolution, status and
// reason, and an approve, reject or create review entry of a known request sets
// its note; other kinds are ignored. No entries give the empty state.
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
		loaded := stateOf(&d)
		st.Directory, st.Enablements, st.Doors = loaded.Directory, loaded.Enablements, loaded.Doors
	case EntryMessage:
		var ev MessageEvent
		if err := json.Unmarshal(e.Data, &ev); err != nil {
			return fmt.Errorf("decode message: %w", err)
		}
		st.putMessage(recordOfMessageEvent(ev))
	case EntryDecision:
		var ev DecisionEvent
		if err := json.Unmarshal(e.Data, &ev); err != nil {
			return fmt.Errorf("decode decision: %w", err)
		}
		st.putRequest(recordOfDecisionEvent(ev))
	case EntryReview:
		if _, ok := st.reqAt[e.Subject]; !ok {
			return nil // the subject is the request: none to note on
		}
		var ev ReviewEvent
		if err := json.Unmarshal(e.Data, &ev); err != nil {
			return fmt.Errorf("decode review: %w", err)
		}
		st.setNote(ev)
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

// putMessage adds m, or replaces the record with its id.
func (st *State) putMessage(m MessageRecord) {
	if st.msgAt == nil {
		st.msgAt = map[string]int{}
	}
	if i, ok := st.msgAt[m.ID]; ok {
		st.Messages[i] = m
		return
	}
	st.msgAt[m.ID] = len(st.Messages)
	st.Messages = append(st.Messages, m)
}

// putRequest adds r, or replaces the record with its id keeping its note.
func (st *State) putRequest(r RequestRecord) {
	if st.reqAt == nil {
		st.reqAt = map[string]int{}
	}
	if i, ok := st.reqAt[r.ID]; ok {
		r.Note = st.Requests[i].Note
		st.Requests[i] = r
		return
	}
	st.reqAt[r.ID] = len(st.Requests)
	st.Requests = append(st.Requests, r)
}

// setNote records the note of an approve, reject or create review entry
// on its request (Approve, Reject and Create set the request's note to
// it). An entry about a request that no decision entry created yet is
// ignored.
func (st *State) setNote(ev ReviewEvent) {
	if ev.Action != ReviewApprove && ev.Action != ReviewReject && ev.Action != ReviewCreate {
		return
	}
	if i, ok := st.reqAt[ev.Request]; ok {
		st.Requests[i].Note = ev.Note
	}
}
