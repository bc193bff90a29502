package main

import (
	"context"
	"testing"
	"time"

	"intake/approvals"
)

// The chunk benchmarks split BenchmarkBacklog's work on one chunk of 100
// small backlog messages (the same mix of consents, a removal and mail
// without a request, 2-20 KB, text and multipart/alternative) into its
// two CPU-bound steps, without Dovecot and on one goroutine, so that a
// change to either can be measured on its own:
//
//	go test ./cmd/intake -run '^$' -bench '^BenchmarkChunk'

// backlogChunk returns the n small backlog messages from number first.
func backlogChunk(first, n int) [][]byte {
	out := make([][]byte, n)
	at := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	for i := range out {
		k := first + i
		out[i] = backlogMessage(k, 2<<10+int(uint32(k*2654435761)%(18<<10)), 0, at)
	}
	return out
}

// BenchmarkChunkPrepare is what the poller's Prepare hook does to each
// message: parse it and prove its sender.
func BenchmarkChunkPrepare(b *testing.B) {
	be := benchBackend(b)
	msgs := backlogChunk(0, 100)
	var n int64
	for b.Loop() {
		for _, raw := range msgs {
			in := approvals.Inbound{Raw: raw, Source: "bench"}
			be.prepare(b.Context(), &in)
		}
		n += int64(len(msgs))
	}
	reportRate(b, n)
}

// BenchmarkChunkCommit is what the poller's handler does with a prepared
// chunk: decide every message and commit them in one transaction
// (ReceiveAll, one fsync), with a context that is never cancelled, as the
// handler's.
func BenchmarkChunkCommit(b *testing.B) {
	be := benchBackend(b)
	var n int64
	for b.Loop() {
		b.StopTimer()
		msgs := backlogChunk(int(n), 100) // fresh Message-IDs: none is a duplicate
		ins := make([]approvals.Inbound, len(msgs))
		for i := range ins {
			ins[i] = approvals.Inbound{Raw: msgs[i], Source: "bench", Hash: approvals.Hash(msgs[i])}
			be.prepare(b.Context(), &ins[i])
		}
		b.StartTimer()
		if _, err := be.svc.ReceiveAll(context.Background(), ins); err != nil {
			b.Fatal(err)
		}
		n += int64(len(ins))
	}
	reportRate(b, n)
}
