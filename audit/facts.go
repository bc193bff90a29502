package audit

import (
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
	names        *approvals.Directory
	doors        []approvals.Door
	enabled      map[approvals.Enablement]bool
	tx           approvals.Tx
	beats        []store.PollerBeat
	loadedAt     time.Time // last `intake directory load`, changed or not
	hasOutbox    bool
	undelivered  []store.UndeliveredReply // written over a day ago, not sent
}

// gather reads the facts from s at now.
func gather(s *store.Snapshot, now time.Time) (*facts, error) {
	f := &facts{now: now, tx: s.Tx()}
	var err error
	if f.verification, err = s.Verify(); err != nil {
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
	if f.hasOutbox {
		if f.undelivered, err = s.UndeliveredReplies(now.Add(-ReplyDeliveryLimit)); err != nil {
			return nil, err
		}
	}
	return f, nil
}
