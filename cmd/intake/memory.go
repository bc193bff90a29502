package main

import (
	"os"
	"runtime/debug"
)

// memoryBase is the heap the poller needs besides the messages it holds:
// the directory, parse state, SQLite's Go side, buffers.
const memoryBase = 32 << 20

// limitMemory sets the Go runtime's soft memory limit for a poller that
// downloads messages of up to maxMessage bytes, unless GOMEMLIMIT is set.
// The poller holds at most three chunks at once (one being downloaded,
// one prepared, one committed; see mailbox.pipelineDepth), each at most
// one message larger than 16 MiB, so the limit is memoryBase plus three
// of the larger of the two. Under the limit the collector runs as the
// default GOGC=100 would; near it, it runs more often instead of letting
// the garbage of three 20 MB messages double the heap.
func limitMemory(maxMessage int64) {
	if os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	debug.SetMemoryLimit(memoryBase + 3*max(maxMessage, 16<<20))
}
