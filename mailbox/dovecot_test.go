package mailbox

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// dovecotMissing is the message of a Dovecot test that cannot run.
const dovecotMissing = "dovecot not found: install dovecot-imapd (CI installs it)"

// dovecotPath returns the dovecot binary, also looking in /usr/sbin, which
// is not on every user's PATH.
func dovecotPath() string {
	if p, err := exec.LookPath("dovecot"); err == nil {
		return p
	}
	if _, err := os.Stat("/usr/sbin/dovecot"); err == nil {
		return "/usr/sbin/dovecot"
	}
	return ""
}

// dovecotServer is a private Dovecot instance: its own configuration, mail
// store, sockets and logs in a temporary directory, listening on 127.0.0.1
// for IMAP (plain and STARTTLS) and IMAPS, with one passwd-file user.
type dovecotServer struct {
	bin, dir, conf string
	addr, tlsAddr  string
	user, pass     string
	roots          *x509.CertPool
	cmd            *exec.Cmd
	done           chan struct{}
}

// startDovecot starts a private Dovecot for t and stops it in t.Cleanup.
// It skips t when Dovecot is not installed, unless CI=true: then it fails.
func startDovecot(t testing.TB) *dovecotServer {
	t.Helper()
	bin := dovecotPath()
	if bin == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal(dovecotMissing)
		}
		t.Skip(dovecotMissing)
	}
	if v, _ := exec.Command(bin, "--version").Output(); !strings.HasPrefix(string(v), "2.3") {
		t.Fatalf("dovecot %s: this helper writes a Dovecot 2.3 configuration", strings.TrimSpace(string(v)))
	}
	d := &dovecotServer{bin: bin, dir: publicTempDir(t), user: "intake@example.test", pass: "s3cret-pass"}
	d.addr, d.tlsAddr = freeAddr(t), freeAddr(t)
	d.roots = writeCert(t, d.dir)
	d.writeConfig(t)
	d.start(t)
	t.Cleanup(func() { d.stop(t) })
	return d
}

// publicTempDir returns a t.TempDir that Dovecot's unprivileged processes
// can traverse: t.TempDir creates its directories with mode 0700.
func publicTempDir(t testing.TB) string {
	dir := t.TempDir()
	for _, p := range []string{dir, filepath.Dir(dir)} {
		if err := os.Chmod(p, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// freeAddr returns a 127.0.0.1 address with a port that was free a moment
// ago.
func freeAddr(t testing.TB) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// writeCert writes a self-signed certificate for 127.0.0.1 and localhost
// to dir/cert.pem and dir/key.pem and returns a pool that trusts it.
func writeCert(t testing.TB, dir string) *x509.CertPool {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "intake test"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(24 * time.Hour),
		IPAddresses:           []net.IP{net.IPv4(127, 0, 0, 1)},
		DNSNames:              []string{"localhost"},
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		IsCA:                  true,
		BasicConstraintsValid: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	writePEM(t, filepath.Join(dir, "cert.pem"), "CERTIFICATE", der)
	writePEM(t, filepath.Join(dir, "key.pem"), "PRIVATE KEY", keyDER)
	cert, _ := x509.ParseCertificate(der)
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	return pool
}

func writePEM(t testing.TB, path, typ string, der []byte) {
	data := pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: der})
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
}

// accounts returns the users Dovecot runs as. As root, mail is stored as
// Debian's unprivileged "mail" user (Dovecot refuses uid 0 for mail) and
// the services run as "dovecot" and "dovenull"; otherwise everything runs
// as the current user.
func accounts(t testing.TB) (mailUID, mailGID int, internal, login string) {
	cur, err := user.Current()
	if err != nil {
		t.Fatal(err)
	}
	if os.Geteuid() != 0 {
		uid, _ := strconv.Atoi(cur.Uid)
		gid, _ := strconv.Atoi(cur.Gid)
		return uid, gid, cur.Username, cur.Username
	}
	mail, err := user.Lookup("mail")
	if err != nil {
		t.Fatalf("dovecot as root needs the mail user: %v", err)
	}
	uid, _ := strconv.Atoi(mail.Uid)
	gid, _ := strconv.Atoi(mail.Gid)
	return uid, gid, "dovecot", "dovenull"
}

const dovecotConf = `# private Dovecot for intake's mailbox tests
base_dir = {{dir}}/run
state_dir = {{dir}}/state
instance_name = intake-test-{{port}}
log_path = {{dir}}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = yes
ssl_cert = <{{dir}}/cert.pem
ssl_key = <{{dir}}/key.pem
ssl_min_protocol = TLSv1.2
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:{{dir}}/mail/%u
mail_uid = {{uid}}
mail_gid = {{gid}}
first_valid_uid = {{uid}}
first_valid_gid = {{gid}}
default_internal_user = {{internal}}
default_login_user = {{login}}
namespace inbox {
  inbox = yes
  separator = /
}
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {{dir}}/passwd
}
userdb {
  driver = passwd-file
  args = username_format=%u {{dir}}/passwd
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = {{port}}
  }
  inet_listener imaps {
    address = 127.0.0.1
    port = {{tlsport}}
    ssl = yes
  }
}
protocol imap {
  mail_max_userip_connections = 100
}
`

// writeConfig writes dovecot.conf, the passwd-file and the mail directory.
func (d *dovecotServer) writeConfig(t testing.TB) {
	uid, gid, internal, login := accounts(t)
	_, port, _ := net.SplitHostPort(d.addr)
	_, tlsPort, _ := net.SplitHostPort(d.tlsAddr)
	conf := strings.NewReplacer("{{dir}}", d.dir, "{{port}}", port, "{{tlsport}}", tlsPort,
		"{{uid}}", strconv.Itoa(uid), "{{gid}}", strconv.Itoa(gid),
		"{{internal}}", internal, "{{login}}", login).Replace(dovecotConf)
	d.conf = filepath.Join(d.dir, "dovecot.conf")
	passwd := fmt.Sprintf("%s:{PLAIN}%s:%d:%d::%s/mail::\n", d.user, d.pass, uid, gid, d.dir)
	mailDir := filepath.Join(d.dir, "mail")
	for _, err := range []error{
		os.WriteFile(d.conf, []byte(conf), 0o644),
		os.WriteFile(filepath.Join(d.dir, "passwd"), []byte(passwd), 0o644),
		os.Mkdir(mailDir, 0o700),
		os.Chown(mailDir, uid, gid),
	} {
		if err != nil {
			t.Fatal(err)
		}
	}
}

// start runs "dovecot -F -c conf" as a child and waits until the IMAP port
// accepts connections.
func (d *dovecotServer) start(t testing.TB) {
	t.Helper()
	out, err := os.OpenFile(filepath.Join(d.dir, "stdout.log"), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	defer out.Close()
	d.cmd = exec.Command(d.bin, "-F", "-c", d.conf)
	d.cmd.Stdout, d.cmd.Stderr = out, out
	d.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := d.cmd.Start(); err != nil {
		t.Fatalf("start dovecot: %v", err)
	}
	d.done = make(chan struct{})
	go func(cmd *exec.Cmd, done chan struct{}) { _ = cmd.Wait(); close(done) }(d.cmd, d.done)
	deadline := time.Now().Add(15 * time.Second)
	for {
		c, err := net.DialTimeout("tcp", d.addr, time.Second)
		if err == nil {
			c.Close()
			return
		}
		select {
		case <-d.done:
			t.Fatalf("dovecot exited at start:\n%s", d.logs())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("dovecot not listening on %s: %v\n%s", d.addr, err, d.logs())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// stop terminates this Dovecot (SIGTERM, then SIGKILL to its process
// group) and waits for it.
func (d *dovecotServer) stop(t testing.TB) {
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
		t.Logf("dovecot logs:\n%s", d.logs())
	}
}

// restart stops Dovecot and starts it again on the same ports and store.
func (d *dovecotServer) restart(t testing.TB) {
	d.stop(t)
	d.start(t)
}

func (d *dovecotServer) logs() string {
	var b strings.Builder
	for _, name := range []string{"stdout.log", "dovecot.log"} {
		data, _ := os.ReadFile(filepath.Join(d.dir, name))
		fmt.Fprintf(&b, "--- %s\n%s", name, data)
	}
	return b.String()
}

// backend describes d for the behavioural tests.
func (d *dovecotServer) backend() *backend {
	return &backend{
		name: "dovecot", addr: d.addr, tlsAddr: d.tlsAddr, user: d.user, pass: d.pass,
		tlsClient: &tls.Config{RootCAs: d.roots}, restart: d.restart,
	}
}
