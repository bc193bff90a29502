package ingest_test

import (
	"bytes"
	"context"
	"testing"

	"intake/approvals"
	"intake/dkimcheck"
	"intake/dkimcheck/dkimtest"
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

// BenchmarkChunkPrepareDKIM is BenchmarkChunkPrepare with auth.verify_dkim
// on: the same chunk without its Authentication-Results header, each
// message signed (Ed25519) for its From domain, verified by intake's own
// DKIM against keys served from memory. A message its verification does
// not prove fails the run.
func BenchmarkChunkPrepareDKIM(b *testing.B) {
	resolver := &dkimtest.Resolver{}
	keys := map[string]*dkimtest.Key{}
	for _, s := range backlog.Senders {
		if keys[s.Domain] != nil {
			continue
		}
		k, err := dkimtest.NewEd25519Key(s.Domain, "bench")
		if err != nil {
			b.Fatal(err)
		}
		keys[s.Domain] = k
		resolver.PublishKey(k)
	}
	var msgs [][]byte
	for i, raw := range backlog.Chunk(0, 100) {
		unproven := withoutAuthResults(raw)
		signed, err := keys[backlog.Senders[i%len(backlog.Senders)].Domain].Sign(unproven)
		if err != nil {
			b.Fatal(err)
		}
		msgs = append(msgs, signed)
	}
	p, _ := newPipeline(b, &dkimcheck.Verifier{Resolver: resolver})
	var n int64
	for b.Loop() {
		for _, raw := range msgs {
			in := approvals.Inbound{Raw: raw, Source: "bench"}
			p.Prepare(b.Context(), &in)
			if in.ParseErr != nil {
				b.Fatal(in.ParseErr)
			}
			if !in.Parsed.Identity.Authenticated {
				b.Fatalf("%s not proven: %s", in.Parsed.MessageID, in.Parsed.Identity.Evidence)
			}
		}
		n += int64(len(msgs))
	}
	reportRate(b, n)
}

// withoutAuthResults returns raw without its Authentication-Results field
// (the first, with its folded lines).
func withoutAuthResults(raw []byte) []byte {
	start := bytes.Index(raw, []byte("Authentication-Results:"))
	if start < 0 {
		return raw
	}
	end := start
	for {
		nl := bytes.IndexByte(raw[end:], '\n')
		end += nl + 1
		if nl < 0 || end >= len(raw) || (raw[end] != ' ' && raw[end] != '\t') {
			break
		}
	}
	return append(append([]byte{}, raw[:start]...), raw[end:]...)
}
