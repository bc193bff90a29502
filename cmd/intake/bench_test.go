package main

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	osexec "os/exec"
	"path/filepath"
	"testing"
)

// BenchmarkIngestCLI measures `intake ingest` as a process; the pipeline
// itself is measured by the ingest package's benchmarks:
//
//	go test -run '^$' -bench . -skip '^BenchmarkBacklog$' ./cmd/intake ./ingest

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
			b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "msgs/s")
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
