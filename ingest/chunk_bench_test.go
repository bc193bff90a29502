package ingest_test

import (
	"context"
	"testing"

	"intake/approvals"
	"intake/internal/backlog"
)

// The chunk benchmarks split the poller's work on one chunk of 100 small
// backlog messages (internal/backlog: the mix of consents, a removal and
// mail without a request, 2-20 KB, text and multipart/alternative) into
// its two CPU-bound steps, without an IMAP server and on one goroutine,
// so that a change to either can be measured on its own:
//
//	go test ./ingest -run '^$' -bench '^BenchmarkChunk'

// BenchmarkChunkPrepare is what PrepareChunk does to each message: parse
// it and prove its sender.
func BenchmarkChunkPrepare(b *testing.B) {
	p, _ := newPipeline(b, nil)
	msgs := backlog.Chunk(0, 100)
	var n int64
	for b.Loop() {
		for _, raw := range msgs {
			in := approvals.Inbound{Raw: raw, Source: "bench"}
			p.Prepare(b.Context(), &in)
			if in.ParseErr != nil {
				b.Fatal(in.ParseErr)
			}
		}
		n += int64(len(msgs))
	}
	reportRate(b, n)
}

// BenchmarkChunkCommit is what Handler does with a prepared chunk: decide
// every message and commit them in one transaction (ReceiveAll, one
// fsync), with a context that is never cancelled, as the handler's.
func BenchmarkChunkCommit(b *testing.B) {
	p, _ := newPipeline(b, nil)
	var n int64
	for b.Loop() {
		b.StopTimer()
		msgs := backlog.Chunk(int(n), 100) // fresh Message-IDs: none is a duplicate
		ins := make([]approvals.Inbound, len(msgs))
		for i := range ins {
			ins[i] = approvals.Inbound{Raw: msgs[i], Source: "bench", Hash: approvals.Hash(msgs[i])}
			p.Prepare(b.Context(), &ins[i])
			if ins[i].ParseErr != nil {
				b.Fatal(ins[i].ParseErr)
			}
		}
		b.StartTimer()
		res, err := p.Service().ReceiveAll(context.Background(), ins)
		if err != nil {
			b.Fatal(err)
		}
		for _, r := range res {
			checkReadable(b, r)
		}
		n += int64(len(ins))
	}
	reportRate(b, n)
}
