package audit

import (
	"encoding/json"
	"fmt"
	"time"

	"intake/approvals"
	"intake/store"
)

// facts is what the snapshot checks read, gathered in one read
// transaction.
type facts struct {
	now          time.Time
	verification *store.Verification
	ledger       ledgerFacts
	names        *approvals.Directory
	doors        []approvals.Door
	enabled      map[approvals.Enablement]bool
	tx           approvals.Tx
	beats        []store.PollerBeat
	loadedAt     time.Time // last `intake directory load`, changed or not
	hasOutbox    bool
}

// ledgerFacts are what the checks learn from the ledger while it is
// verified, without keeping its entries.
type ledgerFacts struct {
	// lastLoad is the time of the last directory.load entry.
	lastLoad time.Time
	// awaitingSince is, per door, the time of the door entry since which
	// its awaiting-update flag has been set; reset by a directory load.
	awaitingSince map[string]time.Time
}

// visit records what e tells about loads and door updates.
func (l *ledgerFacts) visit(e *approvals.Entry) error {
	switch e.Kind {
	case approvals.EntryDirectoryLoad:
		l.lastLoad = e.Time
		clear(l.awaitingSince)
	case approvals.EntryDoorAssign, approvals.EntryDoorUnassign, approvals.EntryDoorSynced:
		var ev approvals.DoorEvent
		if err := json.Unmarshal(e.Data, &ev); err != nil {
			return nil // Verify's replay reports the entry
		}
		_, was := l.awaitingSince[ev.Door]
		switch {
		case !ev.AwaitingUpdate || e.Kind == approvals.EntryDoorSynced:
			delete(l.awaitingSince, ev.Door)
		case !was:
			l.awaitingSince[ev.Door] = e.Time
		}
	}
	return nil
}

// gather reads the facts from s at now.
func gather(s *store.Snapshot, now time.Time) (*facts, error) {
	f := &facts{now: now, tx: s.Tx(), ledger: ledgerFacts{awaitingSince: map[string]time.Time{}}}
	var err error
	if f.verification, err = s.Verify(f.ledger.visit); err != nil {
		return nil, err
	}
	if f.names, err = f.tx.Names(); err != nil {
		return nil, fmt.Errorf("read directory: %w", err)
	}
	if f.doors, err = f.tx.Doors(); err != nil {
		return nil, fmt.Errorf("read doors: %w", err)
	}
	en, err := f.tx.Enablements()
	if err != nil {
		return nil, fmt.Errorf("read enablements: %w", err)
	}
	f.enabled = make(map[approvals.Enablement]bool, len(en))
	for _, e := range en {
		f.enabled[e] = true
	}
	if f.beats, err = s.PollerBeats(); err != nil {
		return nil, err
	}
	if f.loadedAt, err = s.DirectoryLoadedAt(); err != nil {
		return nil, err
	}
	if f.hasOutbox, err = s.HasTable("outbox"); err != nil {
		return nil, err
	}
	return f, nil
}
