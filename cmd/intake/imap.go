package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"os/exec"
	"strings"
	"time"

	"intake/approvals"
	"intake/ingest"
	"intake/mailbox"
)

// mailboxOptions are the poller options the [imap] table implies. The
// secret is read here, once; it never reaches a log.
func (c *Config) mailboxOptions(log *slog.Logger) (mailbox.Options, error) {
	auth, err := c.IMAP.authenticator()
	if err != nil {
		return mailbox.Options{}, err
	}
	return mailbox.Options{
		Address:          c.IMAP.Address,
		Security:         c.IMAP.Security,
		Username:         c.IMAP.Username,
		Auth:             auth,
		Mailbox:          c.IMAP.Mailbox,
		ProcessedMailbox: c.IMAP.ProcessedMailbox,
		PollInterval:     c.IMAP.pollInterval,
		MaxMessageSize:   c.IMAP.maxMessageSize,
		Logger:           log,
	}, nil
}

func (c IMAPConfig) authenticator() (mailbox.Authenticator, error) {
	switch c.AuthMechanism {
	case "oauthbearer":
		return mailbox.OAuthBearer{Username: c.Username, Token: tokenCommand(c.OAuth2TokenCommand)}, nil
	case "xoauth2":
		return mailbox.XOAuth2{Username: c.Username, Token: tokenCommand(c.OAuth2TokenCommand)}, nil
	}
	password, err := c.readPassword()
	if err != nil {
		return nil, err
	}
	return mailbox.Password{Username: c.Username, Password: password}, nil
}

// readPassword returns the IMAP password set by code, else reads it from
// password_env or password_file.
func (c IMAPConfig) readPassword() (string, error) {
	if c.password != "" {
		return c.password, nil
	}
	if c.PasswordEnv != "" {
		p, ok := os.LookupEnv(c.PasswordEnv)
		if !ok || p == "" {
			return "", usagef("imap.password_env: environment variable %s is not set", c.PasswordEnv)
		}
		return p, nil
	}
	data, err := os.ReadFile(c.PasswordFile)
	if errors.Is(err, fs.ErrNotExist) {
		return "", usagef("imap.password_file: %s does not exist", c.PasswordFile)
	}
	if err != nil {
		return "", fmt.Errorf("read imap.password_file: %w", err)
	}
	password := strings.TrimRight(string(data), "\r\n")
	if password == "" {
		return "", usagef("imap.password_file: %s is empty", c.PasswordFile)
	}
	return password, nil
}

// tokenCommand returns a token source that runs command with sh -c and
// takes its first output line, as isync's PassCmd does. The poller asks
// for a token on every connection, so an expired token is replaced by the
// next reconnect. The token is never logged; a failing command's error
// names the command, not its output.
//
// The poller cancels ctx when the command takes longer than its command
// timeout (60 s). A process the command leaves behind holding its output
// open (a helper that starts a caching agent, say) is given
// tokenWaitDelay after the command exits or is killed; the token the
// command printed is still used.
func tokenCommand(command string) mailbox.TokenSource {
	return func(ctx context.Context) (string, error) {
		cmd := exec.CommandContext(ctx, "sh", "-c", command)
		cmd.WaitDelay = tokenWaitDelay
		out, err := cmd.Output()
		if err != nil && !(errors.Is(err, exec.ErrWaitDelay) && ctx.Err() == nil) {
			return "", fmt.Errorf("imap.oauth2_token_command: %w", err)
		}
		token, _, _ := strings.Cut(string(out), "\n")
		if token = strings.TrimSpace(token); token == "" {
			return "", errors.New("imap.oauth2_token_command printed no token")
		}
		return token, nil
	}
}

// tokenWaitDelay is how long tokenCommand waits for the output of
// processes its command left running.
const tokenWaitDelay = time.Second

// newPoller builds the poller for the configured inbox.
func (b *backend) newPoller(log *slog.Logger, done func(*mailbox.Message, *approvals.Result)) (*mailbox.Poller, error) {
	return b.newPollerWrapped(log, done, pollerHooks{})
}

// pollerHooks are what `intake serve` adds to its poller for its metrics;
// a nil field adds nothing.
type pollerHooks struct {
	// wrap, when non-nil, wraps the handler (timing and counting every call).
	wrap func(mailbox.BatchHandler) mailbox.BatchHandler
	// onFetch becomes mailbox.Options.OnFetch: it must not block.
	onFetch func(messages int, bytes int64, d time.Duration)
}

// newPollerWrapped is newPoller with the hooks of serve.
func (b *backend) newPollerWrapped(log *slog.Logger, done func(*mailbox.Message, *approvals.Result),
	hooks pollerHooks) (*mailbox.Poller, error) {
	if err := b.cfg.validateConnect(); err != nil {
		return nil, err
	}
	opts, err := b.cfg.mailboxOptions(log)
	if err != nil {
		return nil, err
	}
	opts.OnFetch = hooks.onFetch
	p, err := b.pipe.NewPoller(opts, ingest.PollerOptions{Done: done, Wrap: hooks.wrap})
	if err != nil {
		return nil, usagef("imap: %v", err)
	}
	return p, nil
}
