package main

import (
	"errors"
	"fmt"
	"io/fs"
	"math"
	"net"
	"os"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
)

// Config is intake's configuration file (docs/configuration.md). Durations and
// sizes are strings in the file ("60s", "25MB") and parsed by Validate.
type Config struct {
	Store    StoreConfig    `toml:"store"`
	IMAP     IMAPConfig     `toml:"imap"`
	Auth     AuthConfig     `toml:"auth"`
	Workflow WorkflowConfig `toml:"workflow"`
	Serve    ServeConfig    `toml:"serve"`
	Limits   LimitsConfig   `toml:"limits"`
	Audit    AuditConfig    `toml:"audit"`
	Console  ConsoleConfig  `toml:"console"`
	SMTP     SMTPConfig     `toml:"smtp"`

	// Directory guards `intake directory load`.
	Directory DirectoryConfig `toml:"directory"`
}

// StoreConfig is the [store] table.
type StoreConfig struct {
	Path string `toml:"path"`
}

// IMAPConfig is the [imap] table. Only commands that connect need the
// connection keys; Addresses and MaxMessageSize are used by every command
// that decides.
type IMAPConfig struct {
	Address          string   `toml:"address"`
	Security         string   `toml:"security"`
	Username         string   `toml:"username"`
	PasswordEnv      string   `toml:"password_env"`
	PasswordFile     string   `toml:"password_file"`
	Mailbox          string   `toml:"mailbox"`
	Addresses        []string `toml:"addresses"`
	ProcessedMailbox string   `toml:"processed_mailbox"`
	PollInterval     string   `toml:"poll_interval"`
	MaxMessageSize   string   `toml:"max_message_size"`
	// AuthMechanism is "login" (password), "oauthbearer" (RFC 7628) or
	// "xoauth2" (Google Workspace, Microsoft 365); the OAuth mechanisms
	// take the token printed by OAuth2TokenCommand.
	AuthMechanism      string `toml:"auth_mechanism"`
	OAuth2TokenCommand string `toml:"oauth2_token_command"`

	pollInterval   time.Duration
	maxMessageSize int64
	// password, when set by code (the demo), is used instead of
	// PasswordEnv and PasswordFile; no file can set it.
	password string
}

// AuthConfig is the [auth] table.
type AuthConfig struct {
	AuthservID string `toml:"authserv_id"`
	VerifyDKIM bool   `toml:"verify_dkim"`
	MaxAge     string `toml:"max_age"`

	maxAge time.Duration
}

// WorkflowConfig is the [workflow] table.
type WorkflowConfig struct {
	Policy      string `toml:"policy"`
	RemovalWait string `toml:"removal_wait"`

	removalWait time.Duration
}

// ServeConfig is the [serve] table: what `intake serve` adds to the
// poller.
type ServeConfig struct {
	// Listen is the host:port of the HTTP server for /healthz and
	// /metrics. It has no authentication: keep it on loopback or a
	// private network.
	Listen string `toml:"listen"`
}

// ConsoleConfig is the [console] table: the support console that `intake
// serve` runs (docs/console.md).
type ConsoleConfig struct {
	// Listen is the console's host:port; "" runs no console.
	Listen string `toml:"listen"`
	// TLSCert and TLSKey are PEM files; with both set the console is
	// served over TLS and its cookie is Secure.
	TLSCert         string `toml:"tls_cert"`
	TLSKey          string `toml:"tls_key"`
	IdleTimeout     string `toml:"idle_timeout"`
	AbsoluteTimeout string `toml:"absolute_timeout"`

	idleTimeout, absoluteTimeout time.Duration
}

// validate checks the [console] keys.
func (c *ConsoleConfig) validate() error {
	var err error
	if c.idleTimeout, err = positiveDuration("console.idle_timeout", c.IdleTimeout); err != nil {
		return err
	}
	if c.absoluteTimeout, err = positiveDuration("console.absolute_timeout", c.AbsoluteTimeout); err != nil {
		return err
	}
	if c.absoluteTimeout < c.idleTimeout {
		return fmt.Errorf("console.absolute_timeout: %q is shorter than console.idle_timeout %q", c.AbsoluteTimeout, c.IdleTimeout)
	}
	if c.Listen != "" {
		if _, _, err := net.SplitHostPort(c.Listen); err != nil {
			return fmt.Errorf("console.listen: %q is not host:port like \"127.0.0.1:8026\", or \"\" for no console", c.Listen)
		}
	}
	if (c.TLSCert == "") != (c.TLSKey == "") {
		return errors.New("console.tls_cert: set both console.tls_cert and console.tls_key, or neither")
	}
	return nil
}

// defaultConfig returns the configuration used for keys a file leaves out.
func defaultConfig() Config {
	return Config{
		Store: StoreConfig{Path: "intake.db"},
		IMAP: IMAPConfig{
			Security:       "tls",
			Mailbox:        "INBOX",
			PollInterval:   "60s",
			MaxMessageSize: "25MB",
			AuthMechanism:  "login",
		},
		Auth:     AuthConfig{MaxAge: "720h"},
		Workflow: WorkflowConfig{Policy: "auto", RemovalWait: "336h"},
		Serve:    ServeConfig{Listen: "127.0.0.1:8025"},
		Audit:    defaultAuditConfig(),
		Console:  ConsoleConfig{Listen: "127.0.0.1:8026", IdleTimeout: "30m", AbsoluteTimeout: "12h"},
		SMTP:     defaultSMTPConfig(),

		Directory: DirectoryConfig{MaxRemoval: "20%"},
	}
}

// loadConfig reads the configuration named by the global flags. A missing
// default file yields the defaults; every other problem is a usage error
// naming the file and, where it can, the key.
func loadConfig(g globalFlags) (*Config, error) {
	cfg := defaultConfig()
	path, explicit := g.configPath()
	data, err := os.ReadFile(path)
	switch {
	case errors.Is(err, fs.ErrNotExist) && !explicit:
	case err != nil:
		return nil, usagef("read config: %v", err)
	case strings.TrimSpace(string(data)) == "":
		return nil, usagef("config %s: the file is empty; a configuration needs at least imap.addresses and auth.authserv_id or auth.verify_dkim", path)
	default:
		md, err := toml.Decode(string(data), &cfg)
		if err != nil {
			return nil, usagef("config %s: %v", path, err)
		}
		if un := md.Undecoded(); len(un) > 0 {
			return nil, usagef("config %s: unknown key %s", path, un[0])
		}
	}
	if g.db != "" {
		cfg.Store.Path = g.db
	}
	if err := cfg.validate(); err != nil {
		return nil, usagef("config %s: %v", path, err)
	}
	return &cfg, nil
}

// validate parses durations and sizes and checks every key's value,
// naming the key in the error.
func (c *Config) validate() error {
	var err error
	if c.IMAP.pollInterval, err = positiveDuration("imap.poll_interval", c.IMAP.PollInterval); err != nil {
		return err
	}
	if c.IMAP.maxMessageSize, err = parseSize(c.IMAP.MaxMessageSize); err != nil {
		return fmt.Errorf("imap.max_message_size: %w", err)
	}
	if err := c.Limits.validate(c.IMAP.maxMessageSize); err != nil {
		return err
	}
	if c.Auth.maxAge, err = positiveDuration("auth.max_age", c.Auth.MaxAge); err != nil {
		return err
	}
	if c.Workflow.removalWait, err = positiveDuration("workflow.removal_wait", c.Workflow.RemovalWait); err != nil {
		return err
	}
	switch c.Workflow.Policy {
	case "auto", "review":
	default:
		return fmt.Errorf("workflow.policy: %q is not auto or review", c.Workflow.Policy)
	}
	switch c.IMAP.AuthMechanism {
	case "login", "oauthbearer", "xoauth2":
	default:
		return fmt.Errorf("imap.auth_mechanism: %q is not login, oauthbearer or xoauth2", c.IMAP.AuthMechanism)
	}
	switch c.IMAP.Security {
	case "tls", "starttls", "none":
	default:
		return fmt.Errorf("imap.security: %q is not tls, starttls or none", c.IMAP.Security)
	}
	for i, a := range c.IMAP.Addresses {
		if !strings.Contains(a, "@") {
			return fmt.Errorf("imap.addresses[%d]: %q is not an email address", i, a)
		}
		c.IMAP.Addresses[i] = strings.ToLower(strings.TrimSpace(a))
	}
	if c.Store.Path == "" {
		return errors.New("store.path: empty")
	}
	if err := c.Audit.validate(); err != nil {
		return err
	}
	if err := c.SMTP.validate(); err != nil {
		return err
	}
	if err := c.Directory.validate(); err != nil {
		return err
	}
	if _, _, err := net.SplitHostPort(c.Serve.Listen); err != nil {
		return fmt.Errorf("serve.listen: %q is not host:port like \"127.0.0.1:8025\"", c.Serve.Listen)
	}
	return c.Console.validate()
}

// validateConnect checks the keys only commands that connect need.
func (c *Config) validateConnect() error {
	if c.IMAP.Address == "" {
		return usagef("imap.address: empty")
	}
	host, _, err := net.SplitHostPort(c.IMAP.Address)
	if err != nil {
		return usagef("imap.address: %v", err)
	}
	if c.IMAP.Security == "none" && !isLoopback(host) {
		return usagef("imap.security: none is allowed only for a loopback address, not %q", host)
	}
	if c.IMAP.Username == "" {
		return usagef("imap.username: empty")
	}
	switch {
	case c.IMAP.AuthMechanism != "login" && c.IMAP.OAuth2TokenCommand == "":
		return usagef("imap.oauth2_token_command: required with auth_mechanism %q", c.IMAP.AuthMechanism)
	case c.IMAP.AuthMechanism == "login" && c.IMAP.PasswordEnv == "" && c.IMAP.PasswordFile == "" && c.IMAP.password == "":
		return usagef("imap.password_env: set it or imap.password_file")
	case c.IMAP.PasswordEnv != "" && c.IMAP.PasswordFile != "":
		return usagef("imap.password_file: set it or imap.password_env, not both")
	}
	if len(c.IMAP.Addresses) == 0 {
		return usagef("imap.addresses: empty")
	}
	if c.Auth.AuthservID == "" && !c.Auth.VerifyDKIM {
		return usagef("auth.authserv_id: empty, so no sender could ever be proven; set it to the receiving MTA's id, or set auth.verify_dkim")
	}
	return nil
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

func positiveDuration(key, s string) (time.Duration, error) {
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, fmt.Errorf("%s: %q is not a duration like \"60s\" or \"720h\"", key, s)
	}
	if d <= 0 {
		return 0, fmt.Errorf("%s: %q must be positive", key, s)
	}
	return d, nil
}

// parseSize parses "25MB", "512KB", "1GB" or a plain byte count
// (powers of 1024).
func parseSize(s string) (int64, error) {
	t := strings.ToUpper(strings.TrimSpace(s))
	mult := int64(1)
	for _, u := range []struct {
		suffix string
		mult   int64
	}{{"GB", 1 << 30}, {"MB", 1 << 20}, {"KB", 1 << 10}, {"B", 1}} {
		if strings.HasSuffix(t, u.suffix) {
			t, mult = strings.TrimSpace(strings.TrimSuffix(t, u.suffix)), u.mult
			break
		}
	}
	var n int64
	if _, err := fmt.Sscan(t, &n); err != nil || n <= 0 || fmt.Sprint(n) != t {
		return 0, fmt.Errorf("%q is not a size like \"25MB\"", s)
	}
	if n > math.MaxInt64/mult {
		return 0, fmt.Errorf("%q is too large", s)
	}
	return n * mult, nil
}
