package main

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"os"
	"strings"
	"time"

	"github.com/emersion/go-message/mail"

	"intake/approvals"
	"intake/replies"
)

// SMTPConfig is the [smtp] table: the relay `intake serve` sends replies
// through. Replies are off while Address is "".
type SMTPConfig struct {
	Address  string `toml:"address"`
	Security string `toml:"security"`
	Username string `toml:"username"`
	// PasswordEnv and PasswordFile name where the password is; it is read
	// once, by readPassword, and never logged.
	PasswordEnv  string `toml:"password_env"`
	PasswordFile string `toml:"password_file"`
	// From is the address replies come from; its domain is the domain of
	// their Message-IDs.
	From string `toml:"from"`
	// CAFile, when set, is a PEM file of the certificates trusted for the
	// relay instead of the system's.
	CAFile            string `toml:"ca_file"`
	Helo              string `toml:"helo"`
	MaxRepliesPerHour int    `toml:"max_replies_per_hour"`
	// TemplatesDir overrides the embedded reply templates by file name.
	TemplatesDir string `toml:"templates_dir"`
	// ConfirmTTL is how long a confirmation code offered in a reply
	// works (docs/replies.md, confirmation by reply).
	ConfirmTTL string `toml:"confirm_ttl"`

	// templates are the templates parsed and trial-run by validate.
	templates *replies.Templates
	// confirmTTL is ConfirmTTL parsed by validate.
	confirmTTL time.Duration
	// roots are the certificates of CAFile, read by validate.
	roots *x509.CertPool
}

// defaultSMTPConfig is the [smtp] table a file leaves out: replies off.
func defaultSMTPConfig() SMTPConfig {
	return SMTPConfig{Security: "tls", MaxRepliesPerHour: approvals.DefaultReplyLimit,
		ConfirmTTL: approvals.DefaultConfirmTTL.String()}
}

// enabled reports whether replies are sent.
func (c *SMTPConfig) enabled() bool { return c.Address != "" }

// validate checks the [smtp] keys, naming the key in the error, and loads
// the templates, so that a bad one is a configuration error naming its
// file. The other keys are checked only when replies are on.
func (c *SMTPConfig) validate() error {
	switch c.Security {
	case "tls", "starttls", "none":
	default:
		return fmt.Errorf("smtp.security: %q is not tls, starttls or none", c.Security)
	}
	if c.MaxRepliesPerHour < 1 {
		return fmt.Errorf("smtp.max_replies_per_hour: %d must be at least 1", c.MaxRepliesPerHour)
	}
	var err error
	if c.confirmTTL, err = positiveDuration("smtp.confirm_ttl", c.ConfirmTTL); err != nil {
		return err
	}
	if c.TemplatesDir != "" {
		t, err := replies.LoadTemplates(c.TemplatesDir)
		if err != nil {
			return fmt.Errorf("smtp.templates_dir: %w", err)
		}
		c.templates = t
	}
	if !c.enabled() {
		return nil
	}
	return c.validateRelay()
}

// validateRelay checks the keys needed to send.
func (c *SMTPConfig) validateRelay() error {
	host, _, err := net.SplitHostPort(c.Address)
	if err != nil {
		return fmt.Errorf("smtp.address: %q is not host:port like \"smtp.example.com:465\"", c.Address)
	}
	if c.Security == "none" && !isLoopback(host) {
		return fmt.Errorf("smtp.security: none is allowed only for a loopback address, not %q", host)
	}
	if a, err := mail.ParseAddress(c.From); err != nil || a.Address != c.From || !strings.Contains(c.From, "@") {
		return fmt.Errorf("smtp.from: %q is not an email address like \"integrations@door.com\"", c.From)
	}
	switch {
	case c.PasswordEnv != "" && c.PasswordFile != "":
		return errors.New("smtp.password_file: set it or smtp.password_env, not both")
	case c.Username != "" && c.PasswordEnv == "" && c.PasswordFile == "":
		return errors.New("smtp.password_env: set it or smtp.password_file with smtp.username")
	case c.Username == "" && (c.PasswordEnv != "" || c.PasswordFile != ""):
		return errors.New("smtp.username: empty, but a password is set")
	}
	return c.readCAFile()
}

// readCAFile reads the certificates of ca_file, when set.
func (c *SMTPConfig) readCAFile() error {
	if c.CAFile == "" {
		return nil
	}
	data, err := os.ReadFile(c.CAFile)
	if err != nil {
		return fmt.Errorf("smtp.ca_file: %w", err)
	}
	c.roots = x509.NewCertPool()
	if !c.roots.AppendCertsFromPEM(data) {
		return fmt.Errorf("smtp.ca_file: %s holds no PEM certificate", c.CAFile)
	}
	return nil
}

// tlsConfig returns the TLS configuration for the relay: ca_file's
// certificates when set, else nil (the system's, for the relay's host).
func (c *SMTPConfig) tlsConfig() *tls.Config {
	if c.roots == nil {
		return nil
	}
	host, _, _ := net.SplitHostPort(c.Address) // checked by validateRelay
	return &tls.Config{RootCAs: c.roots, ServerName: host, MinVersion: tls.VersionTLS12}
}

// readPassword returns the relay password from password_env or
// password_file, "" when no username is set. The caller reads it once.
func (c *SMTPConfig) readPassword() (string, error) {
	if c.Username == "" {
		return "", nil
	}
	if c.PasswordEnv != "" {
		p, ok := os.LookupEnv(c.PasswordEnv)
		if !ok || p == "" {
			return "", usagef("smtp.password_env: environment variable %s is not set", c.PasswordEnv)
		}
		return p, nil
	}
	data, err := os.ReadFile(c.PasswordFile)
	if errors.Is(err, fs.ErrNotExist) {
		return "", usagef("smtp.password_file: %s does not exist", c.PasswordFile)
	}
	if err != nil {
		return "", fmt.Errorf("read smtp.password_file: %w", err)
	}
	password := strings.TrimRight(string(data), "\r\n")
	if password == "" {
		return "", usagef("smtp.password_file: %s is empty", c.PasswordFile)
	}
	return password, nil
}
