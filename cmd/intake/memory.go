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
// The poller holds the chunk being downloaded and those in its pipeline:
// two, or more while they hold at most 32 MiB (see
// mailbox.pipelineBytes). A chunk holds at most 16 MiB or one larger
// message, so the limit is memoryBase plus three of the larger of the
// two (the buffers of large messages are reused within a pass, see
// mailbox.bufPool, and count among those three). Under the limit the
// collector runs as the default GOGC=100 would; near it, it runs more
// often instead of letting garbage double the heap.
func limitMemory(maxMessage int64) {
	if os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	debug.SetMemoryLimit(memoryBase + 3*max(maxMessage, 16<<20))
}
