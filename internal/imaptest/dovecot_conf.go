package imaptest

import (
	"errors"
	"fmt"
	"net"
	"os"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
)

const dovecotConf = `# private Dovecot for intake's tests (internal/imaptest)
base_dir = {{dir}}/run
state_dir = {{dir}}/state
instance_name = intake-test-{{port}}
login_greeting = {{greeting}}
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

// accounts returns the users Dovecot runs as. As root, mail is stored as
// Debian's unprivileged "mail" user (Dovecot refuses uid 0 for mail) and
// the services run as "dovecot" and "dovenull"; otherwise everything runs
// as the current user.
func accounts() (mailUID, mailGID int, internal, login string, err error) {
	cur, err := user.Current()
	if err != nil {
		return 0, 0, "", "", fmt.Errorf("current user: %w", err)
	}
	if os.Geteuid() != 0 {
		uid, _ := strconv.Atoi(cur.Uid)
		gid, _ := strconv.Atoi(cur.Gid)
		return uid, gid, cur.Username, cur.Username, nil
	}
	mail, err := user.Lookup("mail")
	if err != nil {
		return 0, 0, "", "", fmt.Errorf("dovecot as root needs the mail user: %w", err)
	}
	uid, _ := strconv.Atoi(mail.Uid)
	gid, _ := strconv.Atoi(mail.Gid)
	return uid, gid, "dovecot", "dovenull", nil
}

// writeConfig writes dovecot.conf, the passwd-file with s's user, and the
// mail directory.
func (d *dovecot) writeConfig(s *Server) error {
	uid, gid, internal, login, err := accounts()
	if err != nil {
		return err
	}
	if strings.ContainsAny(s.username+s.password, ":\n") {
		return errors.New("username and password must not contain ':' or a newline")
	}
	_, port, _ := net.SplitHostPort(s.addr)
	_, tlsPort, _ := net.SplitHostPort(s.tlsAddr)
	conf := strings.NewReplacer("{{dir}}", d.dir, "{{port}}", port, "{{greeting}}", d.greeting, "{{tlsport}}", tlsPort,
		"{{uid}}", strconv.Itoa(uid), "{{gid}}", strconv.Itoa(gid),
		"{{internal}}", internal, "{{login}}", login).Replace(dovecotConf)
	d.conf = filepath.Join(d.dir, "dovecot.conf")
	passwd := fmt.Sprintf("%s:{PLAIN}%s:%d:%d::%s/mail::\n", s.username, s.password, uid, gid, d.dir)
	mailDir := filepath.Join(d.dir, "mail")
	for _, err := range []error{
		os.WriteFile(d.conf, []byte(conf), 0o644),
		os.WriteFile(filepath.Join(d.dir, "passwd"), []byte(passwd), 0o644),
		os.MkdirAll(mailDir, 0o700),
		os.Chown(mailDir, uid, gid),
	} {
		if err != nil {
			return fmt.Errorf("write config: %w", err)
		}
	}
	return nil
}
