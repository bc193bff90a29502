package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
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
		{"both passwords", relay + "username = \"u\"\npassword_env = \"X\"\npassword_file = \"/x\"\n", "smtp.password_file"},
		{"no password", relay + "username = \"u\"\n", "smtp.password_env"},
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
	if c.SMTP.enabled() || c.SMTP.MaxRepliesPerHour != 10 {
		t.Errorf("default [smtp]: enabled %v, max_replies_per_hour %d; want off and 10", c.SMTP.enabled(), c.SMTP.MaxRepliesPerHour)
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
