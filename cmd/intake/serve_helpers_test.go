package main

import (
	"bytes"
	"database/sql"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"sync"
	"syscall"
	"testing"
	"time"

	_ "github.com/mattn/go-sqlite3"

	"intake/internal/imaptest"
)

// serveConfig is pollConfig plus a one-second poll interval and
// serve.listen, and the console on a free port.
func serveConfig(s *imaptest.Server, listen string) string {
	return pollConfig(s, `poll_interval = "1s"`) + fmt.Sprintf("\n[serve]\nlisten = %q\n\n[console]\nlisten = \"127.0.0.1:0\"\n", listen)
}

// freeListen returns a 127.0.0.1 address that was free a moment ago.
func freeListen(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// syncBuffer is a bytes.Buffer safe for the process's writer and the test.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// serveProc is a running `intake serve`.
type serveProc struct {
	cmd    *exec.Cmd
	stderr *syncBuffer
	done   chan struct{} // closed when the process has exited
	code   int
}

// startServe starts `intake serve` in w with the IMAP password of s.
func (w *workspace) startServe(s *imaptest.Server) *serveProc {
	w.t.Helper()
	cmd := exec.Command(intakeBin, "--config", w.config, "--db", w.db, "serve")
	cmd.Dir = w.dir
	cmd.Env = append(os.Environ(), "INTAKE_CONFIG=", pollPasswordEnv+"="+s.Password())
	p := &serveProc{cmd: cmd, stderr: &syncBuffer{}, done: make(chan struct{})}
	cmd.Stdout, cmd.Stderr = io.Discard, p.stderr
	if err := cmd.Start(); err != nil {
		w.t.Fatalf("start intake serve: %v", err)
	}
	go func() {
		_ = cmd.Wait()
		p.code = cmd.ProcessState.ExitCode()
		close(p.done)
	}()
	w.t.Cleanup(func() { p.kill() })
	return p
}

// pollOnce runs `intake poll --once` in w with the IMAP password of s.
func (w *workspace) pollOnce(s *imaptest.Server) result {
	w.t.Helper()
	return runBinEnv(w.t, w.dir, []string{pollPasswordEnv + "=" + s.Password()},
		"--config", w.config, "--db", w.db, "poll", "--once")
}

// kill sends SIGKILL and waits for the exit.
func (p *serveProc) kill() {
	_ = p.cmd.Process.Signal(syscall.SIGKILL)
	<-p.done
}

// stop sends SIGTERM and returns the exit status, or fails t when the
// process has not exited within timeout.
func (p *serveProc) stop(t *testing.T, timeout time.Duration) int {
	t.Helper()
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatalf("SIGTERM: %v", err)
	}
	select {
	case <-p.done:
		return p.code
	case <-time.After(timeout):
		p.kill()
		t.Fatalf("intake serve did not exit %s after SIGTERM; stderr:\n%s", timeout, p.stderr)
		return -1
	}
}

// get fetches url and returns the status code and body; code 0 when the
// server did not answer.
func get(url string) (int, string) {
	c := http.Client{Timeout: 5 * time.Second}
	resp, err := c.Get(url)
	if err != nil {
		return 0, err.Error()
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

// eventually polls cond every 50 ms until it holds, failing t with what
// after timeout.
func eventually(t *testing.T, timeout time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("after %s: %s", timeout, what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// openDB opens the workspace database read-only for assertions.
func (w *workspace) openDB() *sql.DB {
	w.t.Helper()
	db, err := sql.Open("sqlite3", "file:"+w.db+"?mode=ro&_busy_timeout=5000")
	if err != nil {
		w.t.Fatal(err)
	}
	w.t.Cleanup(func() { db.Close() })
	return db
}

// count runs a SELECT count(*) query; -1 when it fails (the file may not
// be readable yet).
func count(db *sql.DB, query string, args ...any) int {
	var n int
	if err := db.QueryRow(query, args...).Scan(&n); err != nil {
		return -1
	}
	return n
}

// startServing starts `intake serve` on the in-process IMAP server with
// the sample directory loaded, and returns the server, the HTTP address,
// the workspace, a read-only handle on its database and the process.
func startServing(t *testing.T) (*imaptest.Server, string, *workspace, *sql.DB, *serveProc) {
	t.Helper()
	s := imaptest.NewMemServer(t)
	listen := freeListen(t)
	w := newWorkspace(t, serveConfig(s, listen))
	w.ok("directory", "load", abs(t, sampleDirJSON))
	return s, listen, w, w.openDB(), w.startServe(s)
}

// decideSample appends sample 01 to INBOX on s and waits until its
// request is applied in db.
func decideSample(t *testing.T, s *imaptest.Server, db *sql.DB) {
	t.Helper()
	raw, err := os.ReadFile(samples(t, "01")[0])
	if err != nil {
		t.Fatal(err)
	}
	s.Append(t, "INBOX", raw)
	eventually(t, 15*time.Second, "the appended message was not decided", func() bool {
		return count(db, `SELECT count(*) FROM requests WHERE status = 'applied'`) == 1
	})
}
