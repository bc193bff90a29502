package main

import (
	"context"
	"log/slog"
	"time"

	"intake/approvals"
)

// settingsCheckInterval is how often `intake serve` looks whether the
// stored workflow settings changed (`intake config apply`), to say so.
const settingsCheckInterval = 30 * time.Second

// Log attribute keys of a settings change.
const (
	logKeyFrom = "from"
	logKeyTo   = "to"
)

// watchSettings logs (INFO), every interval until ctx is done, when the
// workflow settings stored in b's database changed since it last looked,
// naming the old and the new. The workflow reads the stored settings in
// every transaction, so a change already took effect: the line tells the
// operator so; serve does nothing else. A failed read is logged and
// retried. The returned channel is closed when the watch has ended.
func watchSettings(ctx context.Context, b *backend, interval time.Duration, log *slog.Logger) <-chan struct{} {
	done := make(chan struct{})
	go func() {
		defer close(done)
		last := b.stored
		t := time.NewTicker(interval)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
			now, err := approvals.StoredSettings(ctx, b.db)
			switch {
			case err != nil && ctx.Err() == nil:
				log.Warn("check the stored workflow settings", logKeyError, err)
			case err == nil && now != nil && (last == nil || !last.Equal(*now)):
				log.Info("the workflow settings stored in the database changed; deciding with them",
					logKeyFrom, describeStored(last), logKeyTo, describeSettings(*now))
				last = now
			}
		}
	}()
	return done
}

// describeStored is describeSettings of s, or "none" for nil.
func describeStored(s *approvals.Settings) string {
	if s == nil {
		return "none"
	}
	return describeSettings(*s)
}
