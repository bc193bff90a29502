package audit

import (
	"fmt"
	"time"
)

// checkDirectoryAge reports a directory not loaded for DirectoryMaxAge:
// the later of the last `intake directory load` (changed or not) and the
// last directory.load ledger entry; never loaded is a finding too.
func checkDirectoryAge(f *facts, o *Options) ([]Finding, error) {
	last := f.loadedAt
	if l := f.lastLoad(); l.After(last) {
		last = l
	}
	if last.IsZero() {
		return []Finding{finding(CheckDirectoryStale, "directory", "the directory was never loaded")}, nil
	}
	if age := f.now.Sub(last); age > o.DirectoryMaxAge {
		return []Finding{finding(CheckDirectoryStale, "directory", fmt.Sprintf(
			"last loaded %s (%s ago, audit.directory_max_age %s)", stamp(last), age.Round(time.Hour), o.DirectoryMaxAge))}, nil
	}
	return nil, nil
}

// BeatInterval is how often `intake serve` records the poller's
// heartbeat; a poller whose last beat is older than BeatStale is taken
// as not running (stopped or killed) and its mailbox is not checked.
const (
	BeatInterval = time.Minute
	BeatStale    = 5 * BeatInterval
)

// checkIMAP reports each mailbox whose running poller has had no
// successful pass for IMAPSilence (counted from its start when it has had
// none).
func checkIMAP(f *facts, o *Options) ([]Finding, error) {
	var out []Finding
	for _, b := range f.beats {
		if f.now.Sub(b.Beat) > BeatStale {
			continue
		}
		last, what := b.LastPass, "last successful pass"
		if last.IsZero() {
			last, what = b.Started, "no successful pass since the poller started"
		}
		if age := f.now.Sub(last); age > o.IMAPSilence {
			out = append(out, finding(CheckIMAPStalled, "mailbox "+b.Mailbox, fmt.Sprintf(
				"%s at %s, %s ago, while the poller runs (last heartbeat %s)", what, stamp(last), age.Round(time.Minute), stamp(b.Beat))))
		}
	}
	return out, nil
}

// ReplyDeliveryLimit is how long a reply may stay undelivered before the
// audit reports it.
const ReplyDeliveryLimit = 24 * time.Hour

// checkReplies reports each reply written more than ReplyDeliveryLimit ago
// that is still queued, or was given up on.
func checkReplies(f *facts, _ *Options) ([]Finding, error) {
	var out []Finding
	for _, r := range f.undelivered {
		detail := fmt.Sprintf("reply to %s written %s, %s ago: %s after %d attempts", r.Recipient, stamp(r.CreatedAt),
			f.now.Sub(r.CreatedAt).Round(time.Minute), r.Status, r.Attempts)
		if r.LastError != "" {
			detail += "; last error: " + r.LastError
		}
		out = append(out, finding(CheckRepliesUndelivered, r.ID, detail))
	}
	return out, nil
}
