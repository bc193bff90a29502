package store

/*
#include <stdlib.h> // defines __GLIBC__ in glibc
#ifdef __GLIBC__
#include <malloc.h>
#define INTAKE_GLIBC 1
#else
#define INTAKE_GLIBC 0
#endif

// intake_tune_malloc sets glibc's thresholds (see tuneMalloc); other C
// libraries keep their own policy.
static void intake_tune_malloc(int mmap_threshold, int trim_threshold) {
#ifdef __GLIBC__
	mallopt(M_MMAP_THRESHOLD, mmap_threshold);
	mallopt(M_TRIM_THRESHOLD, trim_threshold);
#endif
}
*/
import "C"

import "sync"

// glibc reports whether the C library is glibc, the one tuneMalloc tunes.
const glibc = C.INTAKE_GLIBC == 1

// The thresholds tuneMalloc gives glibc's allocator.
const (
	// mallocMmapThreshold is the smallest allocation that glibc maps on
	// its own rather than carving from a heap. Above rawInlineMax, so
	// SQLite's copy of a raw message bound to an INSERT comes from a heap.
	mallocMmapThreshold = 4 << 20
	// mallocTrimThreshold is how much free memory the top of a heap may
	// hold before glibc hands it back to the kernel.
	mallocTrimThreshold = 8 << 20
)

// tuneMalloc stops glibc from handing SQLite's freed memory back to the
// kernel after every statement. The CHECK constraints on messages and
// requests compare a column with lists of more than two values, which
// SQLite evaluates through in-memory tables that it builds and frees at
// every INSERT, each with a page cache allocated in one block of 85 KB.
// glibc trims such a free from the top of a heap at once (madvise), so
// the next INSERT faults the same pages in again, about ten per message:
// a tenth to a fifth of the time of a backlog of small messages. Kept
// below mallocTrimThreshold, the memory is reused instead. The setting is
// process-wide and made once, by Open; where the C library is not glibc,
// nothing changes.
var tuneMalloc = sync.OnceFunc(func() {
	C.intake_tune_malloc(mallocMmapThreshold, mallocTrimThreshold)
})
