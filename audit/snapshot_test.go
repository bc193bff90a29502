package audit

import (
	"context"
	"log/slog"
	"testing"
	"time"

	"intake/store"
)

// TestSnapshotDoesNotBlockWriters: while the audit reads its snapshot,
// a door event (as the poller's decisions) commits at once, and the
// snapshot does not see it.
func TestSnapshotDoesNotBlockWriters(t *testing.T) {
	f := newFixture(t)
	err := f.db.Snapshot(t.Context(), func(s *store.Snapshot) error {
		if _, err := s.Verify(); err != nil {
			return err
		}
		ctx, cancel := context.WithTimeout(t.Context(), time.Second) // far below the 10 s busy timeout
		defer cancel()
		if _, err := f.svc.UnassignDoor(ctx, "d-oaks-gym", ""); err != nil {
			t.Fatalf("a write during the snapshot: %v", err)
		}
		d, err := s.Tx().Door("d-oaks-gym")
		if err != nil || d.Partner != "p-parcel" {
			t.Errorf("the snapshot sees door %+v, %v; want it still assigned to p-parcel", d, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if r := f.run(); !r.OK {
		t.Errorf("after the write: %+v", r.Findings)
	}
}

func TestHeartbeat(t *testing.T) {
	f := newFixture(t)
	ctx, cancel := context.WithCancel(t.Context())
	pass := base.Add(-time.Minute)
	done := Heartbeat(ctx, f.db, "INBOX", func() time.Time { return pass }, f.clock, slog.New(slog.DiscardHandler))
	var beats []store.PollerBeat
	for deadline := time.Now().Add(5 * time.Second); len(beats) == 0 && time.Now().Before(deadline); {
		time.Sleep(10 * time.Millisecond)
		err := f.db.Snapshot(t.Context(), func(s *store.Snapshot) error {
			var err error
			beats, err = s.PollerBeats()
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	cancel()
	<-done
	if len(beats) != 1 || beats[0].Mailbox != "INBOX" || !beats[0].LastPass.Equal(pass) ||
		!beats[0].Beat.Equal(base) || !beats[0].Started.Equal(base) {
		t.Fatalf("beats = %+v, want INBOX beaten at %s, last pass %s", beats, base, pass)
	}
}
