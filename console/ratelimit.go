package console

import (
	"sync"
	"time"
)

// The sign-in limits. An account is locked after accountFailures failed
// sign-ins within failureWindow, a client address after addrFailures (an
// address may hold several staff members behind one NAT); either lock
// lasts lockout from the last failure. A successful sign-in clears the
// account's failures, not the address's. The counts are kept in memory:
// a restart forgets them, which an attacker cannot cause from outside.
const (
	accountFailures = 5
	addrFailures    = 20
	failureWindow   = 15 * time.Minute
	lockout         = 15 * time.Minute
	// maxTracked bounds the keys kept; past it, stale keys are dropped.
	maxTracked = 10000
)

// failures are the recent failed sign-ins of one key.
type failures struct {
	n           int
	first, last time.Time
}

// limiter counts failed sign-ins per key ("account:EMAIL",
// "addr:IP"). It is safe for concurrent use.
type limiter struct {
	mu   sync.Mutex
	now  func() time.Time
	keys map[string]*failures
}

func newLimiter(now func() time.Time) *limiter {
	return &limiter{now: now, keys: map[string]*failures{}}
}

// locked returns how long key stays locked, 0 when it is not.
func (l *limiter) locked(key string, max int) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	f := l.keys[key]
	if f == nil || f.n < max {
		return 0
	}
	return max0(f.last.Add(lockout).Sub(l.now()))
}

func max0(d time.Duration) time.Duration { return max(d, 0) }

// fail records a failed sign-in of key.
func (l *limiter) fail(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	if len(l.keys) >= maxTracked {
		l.dropStale(now)
	}
	f := l.keys[key]
	if f == nil || now.Sub(f.first) > failureWindow && now.Sub(f.last) > lockout {
		f = &failures{first: now}
		l.keys[key] = f
	}
	f.n++
	f.last = now
}

// reset forgets key's failures.
func (l *limiter) reset(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.keys, key)
}

// dropStale drops the keys whose window and lockout have passed.
func (l *limiter) dropStale(now time.Time) {
	for k, f := range l.keys {
		if now.Sub(f.first) > failureWindow && now.Sub(f.last) > lockout {
			delete(l.keys, k)
		}
	}
}
