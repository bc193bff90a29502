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
	"intake/mailbox"
	"intake/parser"
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

// cursor adapts the workflow's cursor to the poller's Cursor interface.
type cursor struct{ svc *approvals.Service }

func (c cursor) Load(ctx context.Context, mbox string) (mailbox.State, error) {
	cur, err := c.svc.Cursor(ctx, mbox)
	if err != nil {
		return mailbox.State{}, err
	}
	return mailbox.State{UIDValidity: cur.UIDValidity, LastUID: cur.UID}, nil
}

// prepared is what prepareHook leaves in a Message for the handler.
type prepared struct {
	in    approvals.Inbound // parsed and proved; Hash is set by staging
	stage *staging          // of the message's chunk
	i     int               // the message's place in its chunk
}

// staging is the hashing of a chunk's raw messages and the writing of the
// large ones' files (store.DB.StageRaw).
type staging struct {
	done   chan struct{} // closed when hashes is set and the files are written
	hashes []string
}

// prepareHook returns the poller's Options.Prepare, run while the chunk
// before commits: the messages of a chunk are hashed and the files of the
// large ones written and synced on one goroutine, so that the disk works
// from the start, while they are parsed and their senders proved in
// parallel on the others (see prepareAll).
func (b *backend) prepareHook() func(context.Context, []*mailbox.Message) {
	return func(ctx context.Context, msgs []*mailbox.Message) {
		ins := make([]approvals.Inbound, len(msgs))
		for i, m := range msgs {
			ins[i] = b.inbound(m)
		}
		st := &staging{done: make(chan struct{}), hashes: make([]string, len(ins))}
		go func() {
			defer close(st.done)
			for i := range ins {
				var err error // prepareAll writes fields other than Raw only
				if st.hashes[i], err = b.db.StageRaw(ins[i].Raw); err != nil {
					// PutRaw tries again inside the transaction, and
					// fails it if the file still cannot be written.
					b.log.Warn("stage raw message", "source", ins[i].Source, "error", err)
				}
			}
		}()
		b.prepareAll(ctx, ins)
		for i, m := range msgs {
			m.Prepared = &prepared{in: ins[i], stage: st, i: i}
		}
	}
}

// handler returns the poller's BatchHandler: the messages of a chunk,
// prepared by prepareHook, are decided, with the cursor of the last one,
// in one transaction (approvals.Service.ReceiveAll) once their files are
// staged, before the poller marks them. The commit is not cancelled with
// ctx, so a shutdown finishes the batch in hand. done, when non-nil, is
// called with every result, in UID order, after the commit.
func (b *backend) handler(done func(*mailbox.Message, *approvals.Result)) mailbox.BatchHandler {
	return func(ctx context.Context, msgs []*mailbox.Message) error {
		ctx = context.WithoutCancel(ctx)
		ins := make([]approvals.Inbound, len(msgs))
		for i, m := range msgs {
			p, ok := m.Prepared.(*prepared)
			if !ok {
				return fmt.Errorf("decide %s: uid %d was not prepared", batchSource(msgs), m.UID)
			}
			<-p.stage.done
			ins[i] = p.in
			ins[i].Hash = p.stage.hashes[p.i]
		}
		res, err := b.svc.ReceiveAll(ctx, ins)
		if err != nil {
			return fmt.Errorf("decide %s: %w", batchSource(msgs), err)
		}
		if done != nil {
			for i, m := range msgs {
				done(m, res[i])
			}
		}
		return nil
	}
}

// inbound returns the unparsed Inbound of m, its cursor set. An oversized
// message, of which only the header block was downloaded, is received as
// unreadable with that header as its bytes. A message the server sent no
// content for is received as unreadable too; its bytes are a header
// naming where it is, so that staff can find it in the mailbox and that
// two such messages are two records, not a duplicate.
func (b *backend) inbound(m *mailbox.Message) approvals.Inbound {
	in := approvals.Inbound{
		Raw:        m.Raw,
		ReceivedAt: m.InternalDate,
		Source:     imapSource(m),
		Cursor:     &approvals.Cursor{Mailbox: m.Mailbox, UIDValidity: m.UIDValidity, UID: m.UID},
	}
	switch {
	case m.Oversize:
		in.Raw = m.Header
		in.ParseErr = &parser.LimitError{Limit: "max_message_size", Max: b.cfg.IMAP.maxMessageSize}
	case m.Missing:
		in.Raw = []byte("X-Intake-Missing: " + in.Source + "\r\n\r\n")
		in.ParseErr = errors.New("imap: the server lists this message but sent no content for it")
	}
	return in
}

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
	opts.Prepare = b.prepareHook()
	h := b.handler(done)
	if hooks.wrap != nil {
		h = hooks.wrap(h)
	}
	p, err := mailbox.NewBatch(opts, cursor{b.svc}, h)
	if err != nil {
		return nil, usagef("imap: %v", err)
	}
	return p, nil
}

// imapSource names where a message came from: "imap:MAILBOX/UIDVALIDITY/UID".
func imapSource(m *mailbox.Message) string {
	return fmt.Sprintf("imap:%s/%d/%d", m.Mailbox, m.UIDValidity, m.UID)
}

// batchSource names a batch: the source of its only message, or
// "imap:MAILBOX/UIDVALIDITY/FIRST-LAST".
func batchSource(msgs []*mailbox.Message) string {
	first, last := msgs[0], msgs[len(msgs)-1]
	if len(msgs) == 1 {
		return imapSource(first)
	}
	return fmt.Sprintf("imap:%s/%d/%d-%d", first.Mailbox, first.UIDValidity, first.UID, last.UID)
}
