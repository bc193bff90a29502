package smtpout

import "time"

// The retry schedule: the first retry after BackoffBase, doubling up to
// BackoffMax.
const (
	BackoffBase = time.Minute
	BackoffMax  = time.Hour
)

// Backoff returns how long to wait before the next attempt after
// attempts failed ones (1 for the first failure): BackoffBase doubled
// per earlier failure, capped at BackoffMax, then scaled by a factor in
// [0.8, 1.2) that jitter (a value in [0, 1), math/rand/v2's Float64 say)
// chooses, so that replies failing together do not retry together.
// attempts below 1 count as 1; a nil jitter means no jitter.
func Backoff(attempts int, jitter func() float64) time.Duration {
	d := BackoffBase
	for i := 1; i < attempts && d < BackoffMax; i++ {
		d *= 2
	}
	d = min(d, BackoffMax)
	if jitter == nil {
		return d
	}
	return time.Duration(float64(d) * (0.8 + 0.4*jitter()))
}
