package store

import (
	"fmt"
	"runtime"
	"syscall"
	"testing"

	"intake/approvals"
)

// TestInsertsReuseMemory checks the effect of Open's tuneMalloc:
// recording a message and its request must not fault fresh pages in.
// Untuned, glibc hands the memory of SQLite's per-INSERT tables back to
// the kernel every time, and each message costs 8-17 page faults.
func TestInsertsReuseMemory(t *testing.T) {
	if !glibc {
		t.Skip("SKIP: glibc absent: tuneMalloc tunes glibc only, and this C library is another")
	}
	db, _ := openTest(t)
	// Count the faults of this thread only: the statements run on it,
	// and other tests and the garbage collector run on others.
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	const n = 500
	var faults int64
	update(t, db, func(tx approvals.Tx) error {
		// Fill the page cache first: its own pages are faulted in once.
		for i := range 2 * n {
			createMessageAndRequest(t, tx, fmt.Sprintf("<warm-%d@x>", i), approvals.ActionAdd)
		}
		before := threadFaults(t)
		for i := range n {
			createMessageAndRequest(t, tx, fmt.Sprintf("<%d@x>", i), approvals.ActionAdd)
		}
		faults = threadFaults(t) - before
		return nil
	})
	t.Logf("%d page faults for %d messages", faults, n)
	if faults > 2*n {
		t.Errorf("recording %d messages faulted %d pages in; want at most two per message", n, faults)
	}
}

// threadFaults returns the minor page faults of the calling thread.
func threadFaults(t *testing.T) int64 {
	var ru syscall.Rusage
	const rusageThread = 1 // RUSAGE_THREAD, Linux's
	if err := syscall.Getrusage(rusageThread, &ru); err != nil {
		t.Fatalf("getrusage: %v", err)
	}
	return ru.Minflt
}
