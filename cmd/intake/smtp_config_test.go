package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestSMTPConfig checks the [smtp] keys: replies off by default, each bad
// value a configuration error naming its key, and a bad template an
// error naming its file.
func TestSMTPConfig(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad")
	if err := os.Mkdir(bad, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(bad, "applied.txt"), []byte("{{.NoSuchField}}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	notPEM := filepath.Join(dir, "ca.txt")
	if err := os.WriteFile(notPEM, []byte("not a certificate\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	const relay = "[smtp]\naddress = \"smtp.example.com:465\"\nfrom = \"integrations@door.com\"\n"
	for _, tc := range []struct {
		name, config, want string
	}{
		{"none off loopback", relay + "security = \"none\"\n", "smtp.security"},
		{"unknown security", "[smtp]\nsecurity = \"ssl\"\n", "smtp.security"},
		{"bad address", "[smtp]\naddress = \"smtp.example.com\"\nfrom = \"a@b.example\"\n", "smtp.address"},
		{"bad from", "[smtp]\naddress = \"smtp.example.com:465\"\nfrom = \"Door <a@b.example>\"\n", "smtp.from"},
		{"no from", "[smtp]\naddress = \"smtp.example.com:465\"\n", "smtp.from"},
		{"zero limit", "[smtp]\nmax_replies_per_hour = 0\n", "smtp.max_replies_per_hour"},
		{"bad confirm ttl", "[smtp]\nconfirm_ttl = \"3 days\"\n", "smtp.confirm_ttl"},
		{"zero confirm ttl", "[smtp]\nconfirm_ttl = \"0s\"\n", "smtp.confirm_ttl"},
		{"both passwords", relay + "username = \"u\"\npassword_env = \"X\"\npassword_file = \"/x\"\n", "smtp.password_file"},
		{"no password", relay + "username = \"u\"\n", "smtp.password_env"},
		{"missing ca_file", relay + "ca_file = \"" + filepath.Join(dir, "none.pem") + "\"\n", "smtp.ca_file"},
		{"ca_file not PEM", relay + "ca_file = \"" + notPEM + "\"\n", "smtp.ca_file"},
		{"bad template", "[smtp]\ntemplates_dir = \"" + bad + "\"\n", "applied.txt"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := loadConfig(globalFlags{config: writeConfig(t, tc.config)})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("loadConfig: %v, want an error naming %q", err, tc.want)
			}
		})
	}
	c, err := loadConfig(globalFlags{config: writeConfig(t, testConfig)})
	if err != nil {
		t.Fatal(err)
	}
	if c.SMTP.enabled() || c.SMTP.MaxRepliesPerHour != 10 || c.SMTP.confirmTTL != 72*time.Hour {
		t.Errorf("default [smtp]: enabled %v, max_replies_per_hour %d, confirm_ttl %s; want off, 10 and 72h",
			c.SMTP.enabled(), c.SMTP.MaxRepliesPerHour, c.SMTP.confirmTTL)
	}
	c, err = loadConfig(globalFlags{config: writeConfig(t, "[smtp]\naddress = \"127.0.0.1:2525\"\nsecurity = \"none\"\nfrom = \"integrations@door.com\"\n")})
	if err != nil || !c.SMTP.enabled() {
		t.Errorf("loopback relay without TLS: %v, enabled %v; want it accepted", err, c != nil && c.SMTP.enabled())
	}
}

// writeConfig writes a configuration file and returns its path.
func writeConfig(t *testing.T, text string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "intake.toml")
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}
