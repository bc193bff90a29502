package main

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"intake/approvals"
)

// settingsCheckInterval is how often `intake serve` looks whether the
// stored workflow settings changed (`intake config apply`).
const settingsCheckInterval = 30 * time.Second

// watchSettings checks every interval, until ctx is done, whether the
// settings stored in b's database are still those b was opened with. A
// running Service keeps the settings it was created with, so when they
// changed the returned channel receives an error naming both and the
// watch ends: serve then stops, and its service manager restarts it with
// the stored settings. A failed read is logged and retried.
func watchSettings(ctx context.Context, b *backend, interval time.Duration, log *slog.Logger) <-chan error {
	changed := make(chan error, 1)
	go func() {
		t := time.NewTicker(interval)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
			now, err := approvals.StoredSettings(ctx, b.db)
			if err != nil {
				log.Warn("check the stored workflow settings", logKeyError, err)
				continue
			}
			if err := settingsMoved(b.stored, now); err != nil {
				changed <- err
				return
			}
		}
	}()
	return changed
}

// settingsMoved returns an error naming both when the settings stored now
// are not those stored at start (nil for none).
func settingsMoved(start, now *approvals.Settings) error {
	switch {
	case now == nil:
		return nil
	case start == nil:
		return fmt.Errorf("workflow settings were stored in the database since start (%s); restart to use them", describeSettings(*now))
	case !start.Equal(*now):
		return fmt.Errorf("the workflow settings stored in the database changed since start, from %s to %s; restart to use them",
			describeSettings(*start), describeSettings(*now))
	}
	return nil
}
