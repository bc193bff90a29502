package main

import (
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"os"
	osexec "os/exec"
	"path/filepath"
	"sync/atomic"
	"testing"

	"intake/approvals"
	"intake/parser"
)

// The ingest benchmarks measure parse + decide + commit into a real
// SQLite file (WAL, synchronous=FULL: one fsync per commit), with the
// sample directory loaded and the sample mail given fresh Message-IDs so
// that nothing is a duplicate. These use Receive, one transaction per
// message, measured as several goroutines calling Receive at once (the
// store serialises the writers); the IMAP path commits a whole fetched
// batch at once with ReceiveAll (see BenchmarkBacklog).
//
//	go test -run '^$' -bench . -skip '^BenchmarkBacklog$' ./cmd/intake

// benchMessages returns the sample messages other than the duplicate.
func benchMessages(b *testing.B) [][]byte {
	b.Helper()
	names, err := fs.Glob(sample, "sample/*.eml")
	if err != nil {
		b.Fatal(err)
	}
	var out [][]byte
	for _, n := range names {
		if filepath.Base(n) == "08-duplicate.eml" {
			continue
		}
		raw, err := sample.ReadFile(n)
		if err != nil {
			b.Fatal(err)
		}
		out = append(out, raw)
	}
	return out
}

// withMessageID returns raw with its Message-ID replaced by a unique one.
func withMessageID(raw []byte, n int64) []byte {
	i := bytes.Index(raw, []byte("Message-ID: <"))
	j := bytes.IndexByte(raw[i:], '>')
	out := append([]byte{}, raw[:i]...)
	out = fmt.Appendf(out, "Message-ID: <bench-%d@bench.example", n)
	return append(out, raw[i+j:]...)
}

// benchBackend opens a fresh database with the sample directory loaded.
func benchBackend(b testing.TB) *backend {
	b.Helper()
	cfg, err := demoConfig(filepath.Join(b.TempDir(), "intake.db"))
	if err != nil {
		b.Fatal(err)
	}
	be, err := openBackend(cfg, dbCreate, io.Discard)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { be.Close() })
	d, err := sampleDirectory()
	if err != nil {
		b.Fatal(err)
	}
	if _, err := be.svc.LoadDirectory(b.Context(), d, ""); err != nil {
		b.Fatal(err)
	}
	return be
}

func reportRate(b *testing.B, n int64) {
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "msgs/s")
}

// BenchmarkParse is the parse step alone, for comparison.
func BenchmarkParse(b *testing.B) {
	msgs := benchMessages(b)
	var n int64
	for b.Loop() {
		if _, err := parser.ParseBytes(msgs[n%int64(len(msgs))], parser.Options{TrustedAuthservID: "mx.door.com"}); err != nil {
			b.Fatal(err)
		}
		n++
	}
	reportRate(b, n)
}

// BenchmarkIngestSequential ingests one message per transaction, one
// after the other.
func BenchmarkIngestSequential(b *testing.B) {
	be := benchBackend(b)
	msgs := benchMessages(b)
	var n int64
	for b.Loop() {
		raw := withMessageID(msgs[n%int64(len(msgs))], n)
		if _, err := be.receiveRaw(b.Context(), "bench", raw); err != nil {
			b.Fatal(err)
		}
		n++
	}
	reportRate(b, n)
}

// BenchmarkIngestBatch ingests batches of messages, each batch parsed in
// parallel and committed in one transaction (ReceiveAll), as the IMAP
// poller does with each fetched chunk.
func BenchmarkIngestBatch(b *testing.B) {
	for _, size := range []int{10, 100} {
		b.Run(fmt.Sprintf("batch=%d", size), func(b *testing.B) {
			be := benchBackend(b)
			msgs := benchMessages(b)
			var n int64
			for b.Loop() {
				ins := make([]approvals.Inbound, size)
				for i := range ins {
					ins[i] = approvals.Inbound{Raw: withMessageID(msgs[n%int64(len(msgs))], n), Source: "bench"}
					n++
				}
				be.prepareAll(b.Context(), ins)
				if _, err := be.svc.ReceiveAll(b.Context(), ins); err != nil {
					b.Fatal(err)
				}
			}
			reportRate(b, n)
		})
	}
}

// BenchmarkIngestConcurrent ingests with GOMAXPROCS goroutines at once,
// each message its own transaction.
func BenchmarkIngestConcurrent(b *testing.B) {
	be := benchBackend(b)
	msgs := benchMessages(b)
	var n atomic.Int64
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			i := n.Add(1)
			raw := withMessageID(msgs[i%int64(len(msgs))], i)
			if _, err := be.receiveRaw(b.Context(), "bench", raw); err != nil {
				b.Error(err)
				return
			}
		}
	})
	reportRate(b, n.Load())
}

// BenchmarkIngestCLI runs `intake ingest` processes on one database:
// one file per process, and batches of 100 files per process (each
// message still its own transaction). It includes process start,
// configuration and database open.
func BenchmarkIngestCLI(b *testing.B) {
	for _, batch := range []int{1, 100} {
		b.Run(fmt.Sprintf("files=%d", batch), func(b *testing.B) {
			dir := b.TempDir()
			cfg := filepath.Join(dir, "intake.toml")
			if err := os.WriteFile(cfg, []byte(testConfig), 0o600); err != nil {
				b.Fatal(err)
			}
			args := []string{"--config", cfg, "--db", filepath.Join(dir, "intake.db")}
			cliBench(b, dir, append(args, "directory", "load", abs(b, sampleDirJSON)))
			msgs := benchMessages(b)
			var n int64
			for b.Loop() {
				b.StopTimer()
				files := make([]string, batch)
				for i := range files {
					files[i] = filepath.Join(dir, fmt.Sprintf("m%d.eml", n))
					if err := os.WriteFile(files[i], withMessageID(msgs[n%int64(len(msgs))], n), 0o600); err != nil {
						b.Fatal(err)
					}
					n++
				}
				b.StartTimer()
				cliBench(b, dir, append(append(args, "ingest"), files...))
			}
			reportRate(b, n)
		})
	}
}

// cliBench runs the binary and fails the benchmark unless it exits 0.
func cliBench(b *testing.B, dir string, args []string) {
	cmd := osexec.Command(intakeBin, args...)
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		b.Fatalf("intake %v: %v\n%s", args, err, out)
	}
}
