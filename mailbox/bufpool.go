package mailbox

// A bufPool keeps the download buffers of large messages for the chunks
// after, within one pass. A fresh 20 MB buffer costs more than copying 20
// MB into it: the runtime zeroes it, the kernel faults in and clears each
// of its pages, and under the memory limit the scavenger hands the pages
// back soon after, so that the next buffer pays again. Profiles of a
// backlog with 1% of 20 MB messages put that at about 8% of the poller's
// CPU.
//
// A buffer comes back only from a chunk the handler accepted, once it is
// marked (pipeline.drainOne): then Prepare and the handler have returned
// for it, and the contract of Handler and BatchHandler says nothing keeps
// Message.Raw past the handler's return. The buffers that come back are
// those the chunk was downloaded into, noted before Prepare saw them,
// whatever Raw holds by then. A chunk that was not accepted keeps its buffers; the
// garbage collector takes them.
//
// The pool is used by the pass's goroutine alone (downloads and marking),
// so it needs no lock. The buffers alive are never more than the most that
// were ever downloading or in the pipeline at once: get takes a free buffer
// when one is large enough, and when none is, it drops the free ones
// before allocating.
type bufPool struct {
	free [][]byte // len 0, cap at least poolMin
}

const (
	// poolMin is the smallest message whose buffer is pooled: below it
	// (almost all mail) a fresh allocation is cheap.
	poolMin = 1 << 20
	// poolKeep bounds the free buffers: enough for a run of large
	// messages, two chunks in the pipeline and one downloading (see
	// pipelineBytes).
	poolKeep = 3
	// poolRound rounds a new buffer's capacity up, so that a buffer can
	// serve later messages of about the same size.
	poolRound = 1 << 20
)

// get returns a buffer of length n, from the pool when n is at least
// poolMin and a free buffer is large enough (the smallest such). Its
// content is whatever it held before: the caller overwrites all n bytes.
// Its capacity may exceed n, by what an earlier message left there;
// nothing reads a message past its length. A nil pool allocates.
func (p *bufPool) get(n int64) []byte {
	if p == nil || n < poolMin {
		return make([]byte, n)
	}
	best := -1
	for i, b := range p.free {
		if int64(cap(b)) >= n && (best < 0 || cap(b) < cap(p.free[best])) {
			best = i
		}
	}
	if best < 0 {
		clear(p.free) // too small for this message, and likely for the next
		p.free = p.free[:0]
		c := (n + poolRound - 1) / poolRound * poolRound
		return make([]byte, n, c)
	}
	b := p.free[best]
	last := len(p.free) - 1
	p.free[best], p.free[last] = p.free[last], nil
	p.free = p.free[:last]
	return b[:n]
}

// put gives b back for reuse; the caller must hold no other reference to
// its memory. A buffer smaller than poolMin is left to the garbage
// collector, and so is the smallest when poolKeep are already free.
func (p *bufPool) put(b []byte) {
	if p == nil || cap(b) < poolMin {
		return
	}
	b = b[:0]
	if len(p.free) < poolKeep {
		p.free = append(p.free, b)
		return
	}
	small := 0
	for i, f := range p.free {
		if cap(f) < cap(p.free[small]) {
			small = i
		}
	}
	if cap(b) > cap(p.free[small]) {
		p.free[small] = b
	}
}
