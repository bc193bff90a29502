package imaptest

import (
	"bufio"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// DovecotMissing is the message of a Dovecot test that cannot run.
const DovecotMissing = "SKIPPED: dovecot not found: install dovecot-imapd " +
	"(CI installs it; with CI=true a missing Dovecot fails the test)"

// The account of a Dovecot started with nil or empty DovecotOptions.
const (
	DovecotUsername = "intake@example.test"
	DovecotPassword = "s3cret-pass"
)

// DovecotOptions configures StartDovecot. A nil pointer is equivalent to a
// zero value.
type DovecotOptions struct {
	// Username and Password are the one user's; DovecotUsername and
	// DovecotPassword when empty.
	Username, Password string
}

// DovecotPath returns the dovecot binary, also looking in /usr/sbin, which
// is not on every user's PATH, or "" when Dovecot is not installed.
func DovecotPath() string {
	if p, err := exec.LookPath("dovecot"); err == nil {
		return p
	}
	if _, err := os.Stat("/usr/sbin/dovecot"); err == nil {
		return "/usr/sbin/dovecot"
	}
	return ""
}

// WarnIfNoDovecot prints one loud line to standard error when Dovecot
// tests of pkg will be skipped; call it from TestMain.
func WarnIfNoDovecot(pkg string) {
	if DovecotPath() == "" && os.Getenv("CI") != "true" {
		fmt.Fprintf(os.Stderr, "%s: WARNING: %s; every Dovecot test is SKIPPED\n", pkg, DovecotMissing)
	}
}

// dovecot is one private Dovecot process and its directory.
type dovecot struct {
	bin, dir, conf string
	addr           string
	greeting       string // this instance's login_greeting
	cmd            *exec.Cmd
	done           chan struct{}
}

// StartDovecot starts a private Dovecot 2.3 for t: its own configuration,
// maildir store, sockets and logs in a temporary directory, one
// passwd-file user, IMAP (plain text and STARTTLS) and IMAPS on 127.0.0.1
// with a self-signed certificate. It is stopped in t.Cleanup, and its logs
// are printed when t failed. When Dovecot is not installed it skips t
// with a loud message, or fails t when the environment has CI=true.
func StartDovecot(t testing.TB, opts *DovecotOptions) *Server {
	t.Helper()
	bin := DovecotPath()
	if bin == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal(DovecotMissing)
		}
		t.Skip(DovecotMissing)
	}
	if v, _ := exec.Command(bin, "--version").Output(); !strings.HasPrefix(string(v), "2.3") {
		t.Fatalf("imaptest: dovecot %s: this helper writes a Dovecot 2.3 configuration", strings.TrimSpace(string(v)))
	}
	var o DovecotOptions
	if opts != nil {
		o = *opts
	}
	s := &Server{name: "dovecot", username: o.Username, password: o.Password}
	if s.username == "" {
		s.username = DovecotUsername
	}
	if s.password == "" {
		s.password = DovecotPassword
	}
	d := &dovecot{bin: bin, dir: publicTempDir(t), greeting: fmt.Sprintf("intake-test-%d-%d ready", os.Getpid(), time.Now().UnixNano())}
	cert, err := newSelfSigned()
	if err == nil {
		err = cert.write(d.dir)
	}
	if err != nil {
		t.Fatalf("imaptest: dovecot: %v", err)
	}
	for attempt := 1; ; attempt++ {
		s.addr, s.tlsAddr = FreeAddr(t), FreeAddr(t)
		d.addr = s.addr
		if err := d.writeConfig(s); err != nil {
			t.Fatalf("imaptest: dovecot: %v", err)
		}
		err := d.start()
		if err == nil {
			break
		}
		if !errors.Is(err, errPortTaken) || attempt == 3 {
			t.Fatalf("imaptest: %v", err)
		}
	}
	s.roots, s.logs = cert.Roots, d.readLogs
	s.restart = func(t testing.TB) {
		d.stop(t)
		if err := d.start(); err != nil {
			t.Fatalf("imaptest: restart: %v", err)
		}
	}
	t.Cleanup(func() { d.stop(t) })
	return s
}

// publicTempDir returns a t.TempDir that Dovecot's unprivileged processes
// can traverse: t.TempDir creates its directories with mode 0700.
func publicTempDir(t testing.TB) string {
	dir := t.TempDir()
	for _, p := range []string{dir, filepath.Dir(dir)} {
		if err := os.Chmod(p, 0o755); err != nil {
			t.Fatalf("imaptest: %v", err)
		}
	}
	return dir
}

// FreeAddr returns a 127.0.0.1 address with a port that was free a moment
// ago.
func FreeAddr(t testing.TB) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("imaptest: listen: %v", err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// start runs "dovecot -F -c conf" as a child in its own process group and
// waits until the IMAP port greets with this instance's greeting: a port
// that was free when FreeAddr chose it may since have been taken by
// another process (a parallel test binary's server), and a connection
// alone would not tell that server from ours. errPortTaken means Dovecot
// could not bind its ports; StartDovecot then tries other ones.
func (d *dovecot) start() error {
	out, err := os.OpenFile(filepath.Join(d.dir, "stdout.log"), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	defer out.Close()
	d.cmd = exec.Command(d.bin, "-F", "-c", d.conf)
	d.cmd.Stdout, d.cmd.Stderr = out, out
	d.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := d.cmd.Start(); err != nil {
		return fmt.Errorf("start dovecot: %w", err)
	}
	d.done = make(chan struct{})
	go func(cmd *exec.Cmd, done chan struct{}) { _ = cmd.Wait(); close(done) }(d.cmd, d.done)
	deadline := time.Now().Add(15 * time.Second)
	for {
		greeted, err := d.greets()
		if greeted {
			return nil
		}
		select {
		case <-d.done:
			d.cmd = nil
			logs := d.readLogs()
			if strings.Contains(logs, "in use") {
				return fmt.Errorf("%w:\n%s", errPortTaken, logs)
			}
			return fmt.Errorf("dovecot exited at start:\n%s", logs)
		default:
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("dovecot not greeting on %s: %v\n%s", d.addr, err, d.readLogs())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// errPortTaken is a Dovecot that could not bind the ports it was given.
var errPortTaken = errors.New("dovecot: port already in use")

// greets reports whether the server on d.addr greets with d.greeting.
func (d *dovecot) greets() (bool, error) {
	c, err := net.DialTimeout("tcp", d.addr, time.Second)
	if err != nil {
		return false, err
	}
	defer c.Close()
	if err := c.SetReadDeadline(time.Now().Add(2 * time.Second)); err != nil {
		return false, err
	}
	line, err := bufio.NewReader(c).ReadString('\n')
	if err != nil {
		return false, err
	}
	if !strings.Contains(line, d.greeting) {
		return false, fmt.Errorf("another server answers on %s: %q", d.addr, strings.TrimSpace(line))
	}
	return true, nil
}

// stop terminates Dovecot (SIGTERM, then SIGKILL to its process group
// after 10 seconds) and waits for it. It logs Dovecot's logs when t failed.
func (d *dovecot) stop(t testing.TB) {
	if d.cmd == nil || d.cmd.Process == nil {
		return
	}
	_ = d.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-d.done:
	case <-time.After(10 * time.Second):
		_ = syscall.Kill(-d.cmd.Process.Pid, syscall.SIGKILL)
		<-d.done
	}
	d.cmd = nil
	if t.Failed() {
		t.Logf("dovecot logs:\n%s", d.readLogs())
	}
}

// readLogs returns Dovecot's standard output and log file.
func (d *dovecot) readLogs() string {
	var b strings.Builder
	for _, name := range []string{"stdout.log", "dovecot.log"} {
		data, _ := os.ReadFile(filepath.Join(d.dir, name))
		fmt.Fprintf(&b, "--- %s\n%s", name, data)
	}
	return b.String()
}
