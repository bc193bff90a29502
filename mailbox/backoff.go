package mailbox

import (
	"math/rand/v2"
	"time"
)

// Bounds of DefaultBackoff.
const (
	backoffBase = time.Second
	backoffMax  = 2 * time.Minute
)

// DefaultBackoff returns the wait before retry number attempt (0 for the
// first): capped exponential backoff, min(2m, 1s·2^attempt), with equal
// jitter, so the result lies in [d/2, d). Jitter keeps many pollers that lost
// the same server from reconnecting in step.
func DefaultBackoff(attempt int) time.Duration {
	d := backoffMax
	if attempt < 8 {
		d = min(backoffBase<<max(attempt, 0), backoffMax)
	}
	half := d / 2
	return half + rand.N(half)
}
