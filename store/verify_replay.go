package store

import (
	"intake/approvals"
)

// Sizes of the replay pipeline's batches: a batch is shipped when it
// holds replayBatch entries or its data would outgrow replayBatchBytes.
const (
	replayBatch      = 512
	replayBatchBytes = 256 << 10
	replayBatches    = 4 // in flight, so memory stays flat
)

// replayBatchOf is a run of entries whose Data point into buf.
type replayBatchOf struct {
	entries []approvals.Entry
	buf     []byte
}

// A pipelinedReplay replays entries on a goroutine of its own while the
// caller reads and hashes the next ones: decoding the entries is half of
// the work of Verify, and the two halves run on two cores.
type pipelinedReplay struct {
	cur        *replayBatchOf
	full, free chan *replayBatchOf
	done       chan struct{}
	replayer   *approvals.Replayer
	err        error // the first replay error; the rest are skipped
}

func newPipelinedReplay() *pipelinedReplay {
	p := &pipelinedReplay{full: make(chan *replayBatchOf, replayBatches), free: make(chan *replayBatchOf, replayBatches+1),
		done: make(chan struct{}), replayer: approvals.NewReplayer()}
	for range replayBatches + 1 {
		p.free <- &replayBatchOf{entries: make([]approvals.Entry, 0, replayBatch), buf: make([]byte, 0, replayBatchBytes)}
	}
	p.cur = <-p.free
	go p.run()
	return p
}

func (p *pipelinedReplay) run() {
	defer close(p.done)
	for b := range p.full {
		for i := range b.entries {
			if p.err == nil {
				p.err = p.replayer.Apply(b.entries[i])
			}
		}
		b.entries, b.buf = b.entries[:0], b.buf[:0]
		p.free <- b
	}
}

// add queues a copy of e; e.Data may be reused after it returns.
func (p *pipelinedReplay) add(e *approvals.Entry) {
	if len(p.cur.entries) == replayBatch || len(p.cur.buf)+len(e.Data) > cap(p.cur.buf) && len(p.cur.entries) > 0 {
		p.full <- p.cur
		p.cur = <-p.free
	}
	c := *e
	if len(p.cur.buf)+len(e.Data) <= cap(p.cur.buf) {
		off := len(p.cur.buf)
		p.cur.buf = append(p.cur.buf, e.Data...)
		c.Data = p.cur.buf[off:len(p.cur.buf):len(p.cur.buf)]
	} else {
		c.Data = append([]byte(nil), e.Data...) // one entry larger than a batch
	}
	p.cur.entries = append(p.cur.entries, c)
}

// wait replays what is queued and returns the state, or the first
// replay error.
func (p *pipelinedReplay) wait() (*approvals.State, error) {
	if len(p.cur.entries) > 0 {
		p.full <- p.cur
	}
	close(p.full)
	<-p.done
	if p.err != nil {
		return nil, p.err
	}
	return p.replayer.State(), nil
}
