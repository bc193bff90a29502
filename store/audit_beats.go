package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// A PollerBeat is the last heartbeat of the poller of one mailbox.
type PollerBeat struct {
	Mailbox string
	// Started is when the poller started; Beat when it last reported.
	Started, Beat time.Time
	// LastPass is when its last pass over the mailbox succeeded; zero
	// when none has since Started.
	LastPass time.Time
}

// BeatPoller records b, replacing the mailbox's earlier beat.
func (db *DB) BeatPoller(ctx context.Context, b PollerBeat) error {
	return db.update(ctx, func(tx *Tx) error {
		_, err := tx.exec(`INSERT INTO poller_beats (mailbox, started, beat, last_pass) VALUES (?, ?, ?, ?)
			ON CONFLICT (mailbox) DO UPDATE SET started = excluded.started, beat = excluded.beat,
				last_pass = excluded.last_pass`,
			b.Mailbox, formatTime(b.Started), formatTime(b.Beat), nullTime(b.LastPass))
		if err != nil {
			return fmt.Errorf("record poller heartbeat: %w", err)
		}
		return nil
	})
}

// PollerBeats returns the last beat of every mailbox's poller, by mailbox.
func (s *Snapshot) PollerBeats() ([]PollerBeat, error) {
	rows, err := s.tx.query(`SELECT mailbox, started, beat, last_pass FROM poller_beats ORDER BY mailbox`)
	if err != nil {
		return nil, fmt.Errorf("read poller heartbeats: %w", err)
	}
	defer rows.Close()
	var out []PollerBeat
	for rows.Next() {
		var (
			b                    PollerBeat
			started, beat, lastP sql.NullString
		)
		if err := rows.Scan(&b.Mailbox, &started, &beat, &lastP); err != nil {
			return nil, fmt.Errorf("read poller heartbeats: %w", err)
		}
		for _, f := range []struct {
			dst *time.Time
			src sql.NullString
		}{{&b.Started, started}, {&b.Beat, beat}, {&b.LastPass, lastP}} {
			if *f.dst, err = parseTime(f.src); err != nil {
				return nil, fmt.Errorf("poller heartbeat of %s: %w", b.Mailbox, err)
			}
		}
		out = append(out, b)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read poller heartbeats: %w", err)
	}
	return out, nil
}

// MarkDirectoryLoaded records that the directory was loaded at t,
// changed or not.
func (db *DB) MarkDirectoryLoaded(ctx context.Context, t time.Time) error {
	return db.update(ctx, func(tx *Tx) error {
		_, err := tx.exec(`INSERT INTO directory_loads (id, loaded_at) VALUES (1, ?)
			ON CONFLICT (id) DO UPDATE SET loaded_at = excluded.loaded_at`, formatTime(t))
		if err != nil {
			return fmt.Errorf("record directory load: %w", err)
		}
		return nil
	})
}

// DirectoryLoadedAt returns when MarkDirectoryLoaded last recorded a
// load; the zero time when it never did.
func (s *Snapshot) DirectoryLoadedAt() (time.Time, error) {
	var at sql.NullString
	err := s.tx.queryRow(`SELECT loaded_at FROM directory_loads WHERE id = 1`).Scan(&at)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return time.Time{}, fmt.Errorf("read directory load time: %w", err)
	}
	return parseTime(at)
}
