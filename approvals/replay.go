package approvals

import (
	"encoding/json"
	"fmt"
	"slices"
	"time"
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

	// msgAt, reqAt and doorAt index Messages, Requests and Doors by id
	// during Replay; doorAt is rebuilt after a directory load.
	msgAt, reqAt, doorAt map[string]int
	// lastLoad is the time of the last directory.load entry replayed;
	// awaitingSince the time of the entry since which each door awaiting
	// its door update has been awaiting it.
	lastLoad      time.Time
	awaitingSince map[string]time.Time
}

// LastLoad returns the time of the last directory.load entry replayed,
// zero when none was.
func (st *State) LastLoad() time.Time { return st.lastLoad }

// AwaitingSince returns the time of the replayed entry since which the
// door has awaited its door update (a door entry, or the directory load
// that carried the flag); false when the door does not await one.
func (st *State) AwaitingSince(door string) (time.Time, bool) {
	t, ok := st.awaitingSince[door]
	return t, ok
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
	r := NewReplayer()
	for _, e := range entries {
		if err := r.Apply(e); err != nil {
			return nil, err
		}
	}
	return r.State(), nil
}

// A Replayer is Replay one entry at a time, for a caller that streams the
// ledger and keeps only the state it replays to, never the entries.
type Replayer struct{ st *State }

// NewReplayer returns a Replayer at the empty state.
func NewReplayer() *Replayer { return &Replayer{st: &State{Directory: &Directory{}}} }

// Apply applies the next entry as Replay does. Its error names the entry;
// the state is then undefined and further entries should not be applied.
func (r *Replayer) Apply(e Entry) error {
	if err := r.st.apply(e); err != nil {
		return fmt.Errorf("replay entry %d (%s): %w", e.Seq, e.Kind, err)
	}
	return nil
}

// State returns the state replayed so far; it changes with later Applys.
func (r *Replayer) State() *State { return r.st }

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
		st.doorAt, st.lastLoad, st.awaitingSince = nil, e.Time, map[string]time.Time{}
		for _, d := range st.Doors {
			if d.AwaitingUpdate {
				st.awaitingSince[d.ID] = e.Time
			}
		}
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
		return st.applyDoor(e, ev)
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

func (st *State) applyDoor(e Entry, ev DoorEvent) error {
	if st.doorAt == nil {
		st.doorAt = make(map[string]int, len(st.Doors))
		for i, d := range st.Doors {
			st.doorAt[d.ID] = i
		}
	}
	i, ok := st.doorAt[ev.Door]
	if !ok {
		return fmt.Errorf("unknown door %q", ev.Door)
	}
	d := &st.Doors[i]
	was := d.AwaitingUpdate
	switch e.Kind {
	case EntryDoorAssign:
		d.Partner, d.AwaitingUpdate = ev.Partner, ev.AwaitingUpdate
	case EntryDoorUnassign:
		d.Partner, d.AwaitingUpdate = "", ev.AwaitingUpdate
	case EntryDoorSynced:
		d.AwaitingUpdate = false
	}
	switch {
	case !d.AwaitingUpdate:
		delete(st.awaitingSince, d.ID)
	case !was:
		if st.awaitingSince == nil {
			st.awaitingSince = map[string]time.Time{}
		}
		st.awaitingSince[d.ID] = e.Time
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
