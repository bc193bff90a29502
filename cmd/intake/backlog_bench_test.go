package main

import (
	"database/sql"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"

	"intake/internal/backlog"
	"intake/internal/imaptest"
	"intake/internal/procmem"
	"intake/mailbox"
)

// BenchmarkBacklog is issue 4 item 7, end to end on Dovecot (loopback):
//
//  1. seed INBOX over IMAP (pipelined APPENDs) with INTAKE_BENCH_MESSAGES
//     messages (default 10000) from internal/backlog, 2-20 KB each, 1% of
//     them with a 20 MB attachment (INTAKE_BENCH_LARGE overrides);
//  2. (a) download the whole mailbox with plain go-imap: UID FETCH
//     BODY.PEEK[] of 200 UIDs at a time, bodies discarded;
//  3. (b) run the built binary's `intake poll --once` on a fresh database
//     with the sample directory loaded, then check that every message
//     has exactly one record and one ledger entry and is marked;
//  4. (c) start `intake serve` and append INTAKE_BENCH_IDLE messages
//     (default 50) one at a time, each after the last one's decision,
//     timing APPEND to the decision's appearance in the database (polled
//     every 10 ms).
//
// Metrics: plain-msg/s, intake-msg/s, ratio (intake/plain; target >=
// 0.7), intake-peak-RSS-MB (the poll process's VmHWM; target < 150),
// idle-p50-ms and idle-p95-ms (target p50 < 1000); and, to tell whether
// the run was bound by the CPUs, intake-CPU-s (what the poll process
// used) and busy-% (how busy all the machine's CPUs were meanwhile,
// Dovecot's included). Seeding takes minutes, so `make bench` skips it;
// run it alone:
//
//	make bench-imap
//	go test ./cmd/intake -run '^$' -bench '^BenchmarkBacklog$' -benchtime 1x -timeout 60m
func BenchmarkBacklog(b *testing.B) {
	n := envInt(b, "INTAKE_BENCH_MESSAGES", 10000)
	large := envInt(b, "INTAKE_BENCH_LARGE", n/100)
	idle := envInt(b, "INTAKE_BENCH_IDLE", 50)
	s := imaptest.StartDovecot(b, nil)
	start := time.Now()
	total := seedBacklog(b, s, n, large)
	b.Logf("seeded %d messages (%d with 20 MB), %.0f MB, in %s", n, large, float64(total)/1e6, time.Since(start).Round(time.Second))
	b.ResetTimer()
	for i := range b.N {
		if i > 0 {
			s.RemoveFlags(b, "INBOX", mailbox.DoneKeyword)
		}
		plainLoad, plainCPU0 := startLoad(), selfCPU()
		plain := plainFetchAll(b, s)
		plainBusy, plainCPU := plainLoad.busy(), selfCPU()-plainCPU0
		w := newBenchWorkspace(b, s)
		intakeLoad := startLoad()
		took, rss, cpu := w.pollOnce(b)
		busy := intakeLoad.busy()
		checkBacklogOnce(b, s, w, n)
		if b.Failed() {
			b.FailNow() // no figures for a run that lost or repeated messages
		}
		lat := w.idleLatencies(b, s, n, idle)
		ratio := plain.Seconds() / took.Seconds()
		b.ReportMetric(float64(n)/plain.Seconds(), "plain-msg/s")
		b.ReportMetric(float64(n)/took.Seconds(), "intake-msg/s")
		b.ReportMetric(ratio, "ratio")
		b.ReportMetric(float64(rss)/1024, "intake-peak-RSS-MB")
		b.ReportMetric(cpu.Seconds(), "intake-CPU-s")
		if !math.IsNaN(busy) {
			b.ReportMetric(100*busy, "busy-%")
		}
		b.ReportMetric(percentile(lat, 50).Seconds()*1000, "idle-p50-ms")
		b.ReportMetric(percentile(lat, 95).Seconds()*1000, "idle-p95-ms")
		b.Logf("plain %s, intake poll --once %s (ratio %.2f), peak RSS %.0f MB, IDLE p50 %s p95 %s",
			plain.Round(time.Millisecond), took.Round(time.Millisecond), ratio, float64(rss)/1024,
			percentile(lat, 50).Round(time.Millisecond), percentile(lat, 95).Round(time.Millisecond))
		b.Logf("CPU: %d cores; the plain download used %.1f CPU-s, the machine %.0f%% busy meanwhile; intake used %.1f CPU-s, the machine %.0f%% busy",
			runtime.NumCPU(), plainCPU.Seconds(), 100*plainBusy, cpu.Seconds(), 100*busy)
	}
}

// selfCPU returns the CPU time this process has used so far.
func selfCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// A cpuLoad measures how busy the machine's CPUs are, all processes
// together, from /proc/stat.
type cpuLoad struct{ busy0, total0 int64 }

// startLoad starts measuring.
func startLoad() cpuLoad {
	busy, total := cpuTicks()
	return cpuLoad{busy, total}
}

// busy returns the fraction of the machine's CPU time since startLoad
// that was spent running something, or NaN where /proc/stat is absent.
func (l cpuLoad) busy() float64 {
	busy, total := cpuTicks()
	if total <= l.total0 {
		return math.NaN()
	}
	return float64(busy-l.busy0) / float64(total-l.total0)
}

// cpuTicks returns the machine's busy and total CPU time since boot, in
// clock ticks, from the first line of /proc/stat (proc(5)): user, nice,
// system, idle, iowait, irq, softirq and steal, of which idle and iowait
// are not busy. Where it cannot be read, both are 0.
func cpuTicks() (busy, total int64) {
	data, err := os.ReadFile("/proc/stat")
	if err != nil {
		return 0, 0
	}
	line, _, _ := strings.Cut(string(data), "\n")
	fields := strings.Fields(line)
	if len(fields) < 9 || fields[0] != "cpu" {
		return 0, 0
	}
	for i, f := range fields[1:9] {
		n, err := strconv.ParseInt(f, 10, 64)
		if err != nil {
			return 0, 0
		}
		total += n
		if i != 3 && i != 4 {
			busy += n
		}
	}
	return busy, total
}

// envInt returns the integer in environment variable name, or def.
func envInt(b *testing.B, name string, def int) int {
	v := os.Getenv(name)
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		b.Fatalf("%s=%q: want a count", name, v)
	}
	return n
}

// appendWindow is how many APPENDs seedBacklog keeps in flight: Dovecot
// has LITERAL+ (RFC 7888), so they are pipelined on one connection.
const appendWindow = 64

// seedBacklog appends n backlog messages to INBOX, large of them (spread
// evenly) with a 20 MB attachment, and returns their total size.
func seedBacklog(b *testing.B, s *imaptest.Server, n, large int) int64 {
	c := s.Dial(b)
	defer c.Close()
	var pending []*imapclient.AppendCommand
	wait := func(k int) {
		for _, cmd := range pending[:k] {
			if _, err := cmd.Wait(); err != nil {
				b.Fatalf("append: %v", err)
			}
		}
		pending = slices.Delete(pending, 0, k)
	}
	var total int64
	every := 0
	if large > 0 {
		every = n / large
	}
	for i := range n {
		size, attach := 2<<10+int(uint32(i*2654435761)%(18<<10)), 0
		if every > 0 && i%every == every/2 && i/every < large {
			attach = 20 << 20
		}
		raw := backlog.Message(i, size, attach, time.Now())
		total += int64(len(raw))
		cmd := c.Append("INBOX", int64(len(raw)), &imap.AppendOptions{Time: time.Now()})
		if _, err := cmd.Write(raw); err != nil {
			b.Fatalf("append %d: %v", i, err)
		}
		if err := cmd.Close(); err != nil {
			b.Fatalf("append %d: %v", i, err)
		}
		if pending = append(pending, cmd); len(pending) >= appendWindow || attach > 0 {
			wait(len(pending))
		}
	}
	wait(len(pending))
	return total
}

// plainFetchAll downloads every message of INBOX as a plain go-imap
// client would, from connect to logout: SELECT, UID SEARCH ALL, then UID
// FETCH BODY.PEEK[] of 200 UIDs at a time, each body read and discarded.
func plainFetchAll(b *testing.B, s *imaptest.Server) time.Duration {
	start := time.Now()
	c := s.Dial(b)
	defer c.Close()
	if _, err := c.Select("INBOX", nil).Wait(); err != nil {
		b.Fatalf("select: %v", err)
	}
	data, err := c.UIDSearch(&imap.SearchCriteria{}, nil).Wait()
	if err != nil {
		b.Fatalf("search: %v", err)
	}
	uids := data.AllUIDs()
	section := &imap.FetchItemBodySection{Peek: true}
	opts := &imap.FetchOptions{UID: true, BodySection: []*imap.FetchItemBodySection{section}}
	for batch := range slices.Chunk(uids, 200) {
		cmd := c.Fetch(imap.UIDSetNum(batch...), opts)
		for msg := cmd.Next(); msg != nil; msg = cmd.Next() {
			for item := msg.Next(); item != nil; item = msg.Next() {
				if body, ok := item.(imapclient.FetchItemDataBodySection); ok {
					if _, err := io.Copy(io.Discard, body.Literal); err != nil {
						b.Fatalf("read body: %v", err)
					}
				}
			}
		}
		if err := cmd.Close(); err != nil {
			b.Fatalf("fetch: %v", err)
		}
	}
	if err := c.Logout().Wait(); err != nil {
		b.Fatalf("logout: %v", err)
	}
	return time.Since(start)
}

// benchWorkspace is a fresh database with the sample directory loaded and
// a configuration for s.
type benchWorkspace struct {
	dir, config, db string
	env             []string
}

func newBenchWorkspace(b *testing.B, s *imaptest.Server) *benchWorkspace {
	dir := b.TempDir()
	w := &benchWorkspace{dir: dir, config: filepath.Join(dir, "intake.toml"), db: filepath.Join(dir, "intake.db"),
		env: append(os.Environ(), "INTAKE_CONFIG=", pollPasswordEnv+"="+s.Password())}
	if err := os.WriteFile(w.config, []byte(serveConfig(s, "127.0.0.1:0")), 0o600); err != nil {
		b.Fatal(err)
	}
	if out, err := w.command("directory", "load", abs(b, sampleDirJSON)).CombinedOutput(); err != nil {
		b.Fatalf("directory load: %v\n%s", err, out)
	}
	return w
}

// command is the binary run in w with args.
func (w *benchWorkspace) command(args ...string) *exec.Cmd {
	cmd := exec.Command(intakeBin, append([]string{"--config", w.config, "--db", w.db}, args...)...)
	cmd.Dir, cmd.Env = w.dir, w.env
	return cmd
}

// pollOnce runs `intake poll --once` and returns how long it took, from
// process start to exit, its peak RSS in KiB (see peakRSS), and the CPU
// time it used.
func (w *benchWorkspace) pollOnce(b *testing.B) (took time.Duration, rss int64, cpu time.Duration) {
	cmd := w.command("poll", "--once")
	var stderr strings.Builder
	cmd.Stdout, cmd.Stderr = io.Discard, &stderr
	start := time.Now()
	if err := cmd.Start(); err != nil {
		b.Fatalf("poll --once: %v", err)
	}
	exited := make(chan struct{})
	peak := make(chan int64, 1)
	go func() { peak <- peakRSS(cmd.Process.Pid, exited) }()
	err := cmd.Wait()
	took = time.Since(start)
	close(exited)
	if err != nil {
		b.Fatalf("poll --once: %v\n%s", err, stderr.String())
	}
	return took, <-peak, cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
}

// peakRSS follows the peak RSS of process pid (VmHWM in /proc/PID/status,
// proc(5)), every 10 ms until exited is closed, and returns the last
// value read, in KiB; 0 where there is no /proc. The peak grows only
// while the process runs; what it reaches in the last 10 ms, as it exits,
// is missed. The maxrss of getrusage is no use here: os/exec starts a
// child that shares its parent's memory until exec (CLONE_VM), and Linux
// counts the parent's peak as the child's, so the figure was this
// benchmark process's own whenever that was the higher.
func peakRSS(pid int, exited <-chan struct{}) int64 {
	var kib int64
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for {
		kib = max(kib, procmem.PeakRSS(strconv.Itoa(pid)))
		select {
		case <-exited:
			return kib
		case <-tick.C:
		}
	}
}

// openDB opens w's database read-only.
func (w *benchWorkspace) openDB(b *testing.B) *sql.DB {
	db, err := sql.Open("sqlite3", "file:"+w.db+"?mode=ro&_busy_timeout=5000")
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	return db
}

// checkBacklogOnce fails b unless each of the n backlog messages has
// exactly one message record and one ledger message entry, nothing else
// is recorded, and every message of INBOX is marked.
func checkBacklogOnce(b *testing.B, s *imaptest.Server, w *benchWorkspace, n int) {
	db := w.openDB(b)
	records := countBy(b, db, `SELECT trim(message_id, '<>') FROM messages`)
	entries := countBy(b, db, `SELECT trim(json_extract(data, '$.message_id'), '<>') FROM ledger WHERE kind = 'message'`)
	for i := range n {
		id := strings.Trim(backlog.MessageID(i), "<>")
		if records[id] != 1 || entries[id] != 1 {
			b.Errorf("%s: %d records, %d ledger entries; want 1 and 1", id, records[id], entries[id])
		}
	}
	if len(records) != n || len(entries) != n {
		b.Errorf("%d distinct records, %d ledger message ids; want %d", len(records), len(entries), n)
	}
	msgs, _ := s.Contents(b, "INBOX")
	for _, m := range msgs {
		if !m.Has(mailbox.DoneKeyword) {
			b.Errorf("uid %d not marked", m.UID)
		}
	}
	outcomes := countBy(b, db, `SELECT outcome FROM messages`)
	b.Logf("exactly once: %d messages, %d marked; outcomes %v", n, len(msgs), outcomes)
}

// countBy counts the rows of query (one text column) by value.
func countBy(b *testing.B, db *sql.DB, query string) map[string]int {
	rows, err := db.Query(query)
	if err != nil {
		b.Fatalf("%s: %v", query, err)
	}
	defer rows.Close()
	out := make(map[string]int)
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			b.Fatal(err)
		}
		out[v]++
	}
	if err := rows.Err(); err != nil {
		b.Fatal(err)
	}
	return out
}
