//go:build !unix

package store

import "os"

// tryLock takes no lock: flock is Unix's, and intake runs as a service
// only there (see the Unix version). Every LockInstance succeeds.
func tryLock(f *os.File) (held bool, err error) { return false, nil }
