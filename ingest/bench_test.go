package ingest_test

import (
	"fmt"
	"sync/atomic"
	"testing"

	"intake/approvals"
	"intake/parser"
)

// The ingest benchmarks measure parse + decide + commit into a real
// SQLite file (WAL, synchronous=FULL: one fsync per commit), with the
// sample directory loaded and the sample mail given fresh Message-IDs so
// that nothing is a duplicate. Receive commits one transaction per
// message, measured one after the other and from several goroutines at
// once (the store serialises the writers); the IMAP path commits a whole
// fetched chunk at once with ReceiveAll (BenchmarkIngestBatch, and
// cmd/intake's BenchmarkBacklog end to end). A benchmark fails on the
// first error or unreadable message rather than timing it.
//
//	go test ./ingest -run '^$' -bench .

func reportRate(b *testing.B, n int64) {
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "msgs/s")
}

// checkReadable fails b when a message did not parse: the benchmarks
// would time the unreadable path instead of the pipeline.
func checkReadable(b *testing.B, res *approvals.Result) {
	if res.Message.Outcome == approvals.OutcomeUnreadable || res.Message.Outcome == approvals.OutcomeDuplicate {
		b.Fatalf("message %s: %s %s", res.Message.MessageID, res.Message.Outcome, res.Message.Error)
	}
}

// BenchmarkParse is the parse step alone, for comparison.
func BenchmarkParse(b *testing.B) {
	msgs := sampleMessages(b)
	var n int64
	for b.Loop() {
		if _, err := parser.ParseBytes(msgs[n%int64(len(msgs))], parserOptions); err != nil {
			b.Fatal(err)
		}
		n++
	}
	reportRate(b, n)
}

// BenchmarkIngestSequential ingests one message per transaction, one
// after the other.
func BenchmarkIngestSequential(b *testing.B) {
	p, _ := newPipeline(b, nil)
	msgs := sampleMessages(b)
	var n int64
	for b.Loop() {
		res, err := p.ReceiveRaw(b.Context(), "bench", withMessageID(msgs[n%int64(len(msgs))], n))
		if err != nil {
			b.Fatal(err)
		}
		checkReadable(b, res)
		n++
	}
	reportRate(b, n)
}

// BenchmarkIngestBatch ingests batches of messages, each batch parsed in
// parallel (PrepareAll) and committed in one transaction (ReceiveAll), as
// the IMAP poller does with each fetched chunk.
func BenchmarkIngestBatch(b *testing.B) {
	for _, size := range []int{10, 100} {
		b.Run(fmt.Sprintf("batch=%d", size), func(b *testing.B) {
			p, _ := newPipeline(b, nil)
			msgs := sampleMessages(b)
			var n int64
			for b.Loop() {
				ins := make([]approvals.Inbound, size)
				for i := range ins {
					ins[i] = approvals.Inbound{Raw: withMessageID(msgs[n%int64(len(msgs))], n), Source: "bench"}
					n++
				}
				p.PrepareAll(b.Context(), ins)
				res, err := p.Service().ReceiveAll(b.Context(), ins)
				if err != nil {
					b.Fatal(err)
				}
				for _, r := range res {
					checkReadable(b, r)
				}
			}
			reportRate(b, n)
		})
	}
}

// BenchmarkIngestConcurrent ingests with GOMAXPROCS goroutines at once,
// each message its own transaction. The first error stops every
// goroutine and fails the benchmark.
func BenchmarkIngestConcurrent(b *testing.B) {
	p, _ := newPipeline(b, nil)
	msgs := sampleMessages(b)
	var n atomic.Int64
	var failed atomic.Bool
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() && !failed.Load() {
			i := n.Add(1)
			res, err := p.ReceiveRaw(b.Context(), "bench", withMessageID(msgs[i%int64(len(msgs))], i))
			if err == nil && res.Message.Outcome == approvals.OutcomeUnreadable {
				err = fmt.Errorf("message %d unreadable: %s", i, res.Message.Error)
			}
			if err != nil {
				failed.Store(true)
				b.Error(err)
				return
			}
		}
	})
	if failed.Load() {
		b.FailNow()
	}
	reportRate(b, n.Load())
}
