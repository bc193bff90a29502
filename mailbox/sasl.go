package mailbox

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"strconv"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
	"github.com/emersion/go-sasl"
)

// SASL mechanism names.
const (
	mechOAuthBearer = sasl.OAuthBearer // RFC 7628
	mechXOAuth2     = "XOAUTH2"        // Google and Microsoft
)

// An Authenticator logs a connection in. The implementations are Password,
// OAuthBearer and XOAuth2. Credentials are sent only on connections that are
// encrypted or loopback (see Options.Security) and are never logged.
type Authenticator interface {
	authenticate(ctx context.Context, c *imapclient.Client, a authTarget) error
	user() string // the Username field, possibly empty
}

// authTarget is what an Authenticator needs to know about the connection.
type authTarget struct {
	username string // Options.Username, for authenticators without one
	address  string // host:port, for OAUTHBEARER's host and port
}

// TokenSource returns a current OAuth 2.0 access token. It is called once
// per connection, so a reconnect after the server dropped an expired token
// gets a fresh one. It typically runs imap.oauth2_token_command.
type TokenSource func(ctx context.Context) (string, error)

// Password logs in with the LOGIN command (RFC 9051 section 6.2.3).
type Password struct {
	Username string // empty: Options.Username
	Password string
}

// String hides the password from fmt and slog.
func (p Password) String() string { return "Password{" + p.Username + " ***}" }

func (p Password) user() string { return p.Username }

func (p Password) authenticate(_ context.Context, c *imapclient.Client, a authTarget) error {
	return c.Login(pick(p.Username, a.username), p.Password).Wait()
}

// OAuthBearer authenticates with SASL OAUTHBEARER (RFC 7628).
type OAuthBearer struct {
	Username string // empty: Options.Username
	Token    TokenSource
}

func (o OAuthBearer) user() string { return o.Username }

func (o OAuthBearer) authenticate(ctx context.Context, c *imapclient.Client, a authTarget) error {
	token, err := callToken(ctx, o.Token)
	if err != nil {
		return err
	}
	host, portStr, _ := net.SplitHostPort(a.address)
	port, _ := strconv.Atoi(portStr)
	inner := sasl.NewOAuthBearerClient(&sasl.OAuthBearerOptions{
		Username: pick(o.Username, a.username), Token: token, Host: host, Port: port,
	})
	_, ir, _ := inner.Start()
	return saslAuth(c, &bearerClient{mech: mechOAuthBearer, ir: ir, abort: []byte{0x01}})
}

// XOAuth2 authenticates with SASL XOAUTH2, the pre-standard mechanism of
// Google Workspace and Microsoft 365 (go-sasl has no client for it).
type XOAuth2 struct {
	Username string // empty: Options.Username
	Token    TokenSource
}

func (x XOAuth2) user() string { return x.Username }

func (x XOAuth2) authenticate(ctx context.Context, c *imapclient.Client, a authTarget) error {
	token, err := callToken(ctx, x.Token)
	if err != nil {
		return err
	}
	return saslAuth(c, newXOAuth2Client(pick(x.Username, a.username), token))
}

// newXOAuth2Client returns the XOAUTH2 client: the initial response is
// "user=" user ^A "auth=Bearer " token ^A ^A.
func newXOAuth2Client(username, token string) *bearerClient {
	ir := []byte("user=" + username + "\x01auth=Bearer " + token + "\x01\x01")
	return &bearerClient{mech: mechXOAuth2, ir: ir, abort: []byte{}}
}

// bearerClient is a sasl.Client for the token mechanisms. Both answer a
// failed token with a JSON challenge that the client must acknowledge (RFC
// 7628 section 3.2.3: with ^A; XOAUTH2: with an empty response) before the
// server sends its tagged NO; the JSON status is kept for the error.
type bearerClient struct {
	mech   string
	ir     []byte
	abort  []byte
	status *bearerStatus
}

// bearerStatus is the JSON error of RFC 7628 section 3.2.2.
type bearerStatus struct {
	Status  string `json:"status"`
	Schemes string `json:"schemes"`
	Scope   string `json:"scope"`
}

func (b *bearerClient) Start() (string, []byte, error) { return b.mech, b.ir, nil }

func (b *bearerClient) Next(challenge []byte) ([]byte, error) {
	if b.status != nil {
		return nil, errors.New("unexpected second challenge")
	}
	b.status = new(bearerStatus)
	_ = json.Unmarshal(challenge, b.status) // best effort: only for the error text
	return b.abort, nil
}

// saslAuth runs AUTHENTICATE with b and adds the server's JSON status to a
// failure. The server must advertise the mechanism.
func saslAuth(c *imapclient.Client, b *bearerClient) error {
	if !c.Caps().Has(imap.AuthCap(b.mech)) {
		return fmt.Errorf("server does not advertise AUTH=%s", b.mech)
	}
	err := c.Authenticate(b)
	if err != nil && b.status != nil && b.status.Status != "" {
		return fmt.Errorf("%w (token status %q)", err, b.status.Status)
	}
	return err
}

func callToken(ctx context.Context, src TokenSource) (string, error) {
	if src == nil {
		return "", errors.New("no token source")
	}
	token, err := src(ctx)
	if err != nil {
		return "", fmt.Errorf("get token: %w", err)
	}
	if token == "" {
		return "", errors.New("get token: empty token")
	}
	return token, nil
}

func pick(s, fallback string) string {
	if s != "" {
		return s
	}
	return fallback
}
