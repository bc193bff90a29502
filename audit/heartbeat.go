package audit

import (
	"context"
	"log/slog"
	"time"

	"intake/store"
)

// Heartbeat records, every BeatInterval until ctx is done, that the
// poller of mailbox runs and when its last successful pass was (lastPass,
// zero before the first), for checkIMAP. The first beat is written at
// once. A failed write is logged and retried at the next beat. It returns
// a channel closed when it has stopped writing.
func Heartbeat(ctx context.Context, db *store.DB, mailbox string, lastPass func() time.Time,
	now func() time.Time, log *slog.Logger) <-chan struct{} {
	done := make(chan struct{})
	started := now()
	go func() {
		defer close(done)
		t := time.NewTicker(BeatInterval)
		defer t.Stop()
		for {
			b := store.PollerBeat{Mailbox: mailbox, Started: started, Beat: now(), LastPass: lastPass()}
			if err := db.BeatPoller(ctx, b); err != nil && ctx.Err() == nil {
				log.Warn("poller heartbeat not recorded", logKeyError, err)
			}
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
		}
	}()
	return done
}
