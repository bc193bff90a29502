package imaptest

import (
	"errors"
	"strings"
	"sync/atomic"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapserver"
	"github.com/emersion/go-sasl"
)

// SASL mechanism names.
const (
	mechPlain       = "PLAIN"
	mechOAuthBearer = "OAUTHBEARER"
	mechXOAuth2     = "XOAUTH2"
)

// memSession is an imapmemserver session that can refuse COPY and offers
// OAUTHBEARER and XOAUTH2 with a token per user name.
type memSession struct {
	imapserver.Session
	failCopies *atomic.Int32
	tokens     map[string]string
}

var (
	_ imapserver.SessionSASL      = (*memSession)(nil)
	_ imapserver.SessionIMAP4rev2 = (*memSession)(nil)
)

// Copy refuses the command while failCopies is positive, counting down.
func (s *memSession) Copy(numSet imap.NumSet, dest string) (*imap.CopyData, error) {
	if s.failCopies.Add(-1) >= 0 {
		return nil, &imap.Error{Type: imap.StatusResponseTypeNo, Text: "injected copy failure"}
	}
	return s.Session.Copy(numSet, dest)
}

// Idle reports the changes queued since the client's last command before
// it waits. imapmemserver's tracker announces only what changes during
// the IDLE, so mail appended between a client's last command and its IDLE
// would wait for the next change (or the client's IDLE refresh); Dovecot
// reports it at once, and so does this server. (A change in the moment
// between this poll and the tracker's wait is still announced late: the
// window is a few instructions wide.)
func (s *memSession) Idle(w *imapserver.UpdateWriter, stop <-chan struct{}) error {
	if err := s.Session.Poll(w, true); err != nil {
		return err
	}
	return s.Session.Idle(w, stop)
}

// Move is imapmemserver's MOVE.
func (s *memSession) Move(w *imapserver.MoveWriter, numSet imap.NumSet, dest string) error {
	return s.Session.(imapserver.SessionMove).Move(w, numSet, dest)
}

// Namespace is imapmemserver's NAMESPACE.
func (s *memSession) Namespace() (*imap.NamespaceData, error) {
	return s.Session.(imapserver.SessionNamespace).Namespace()
}

// AuthenticateMechanisms lists PLAIN, and the OAuth mechanisms when the
// server has tokens.
func (s *memSession) AuthenticateMechanisms() []string {
	if len(s.tokens) == 0 {
		return []string{mechPlain}
	}
	return []string{mechPlain, mechOAuthBearer, mechXOAuth2}
}

// Authenticate returns the server side of mech.
func (s *memSession) Authenticate(mech string) (sasl.Server, error) {
	login := func(user, token string) bool {
		return token != "" && s.tokens[user] == token && s.Login(MemUsername, MemPassword) == nil
	}
	switch strings.ToUpper(mech) {
	case mechPlain:
		return sasl.NewPlainServer(func(_, user, pass string) error { return s.Login(user, pass) }), nil
	case mechOAuthBearer:
		if len(s.tokens) == 0 {
			break
		}
		return sasl.NewOAuthBearerServer(func(o sasl.OAuthBearerOptions) *sasl.OAuthBearerError {
			if !login(o.Username, o.Token) {
				return &sasl.OAuthBearerError{Status: "invalid_token", Schemes: "bearer"}
			}
			return nil
		}), nil
	case mechXOAuth2:
		if len(s.tokens) == 0 {
			break
		}
		return &xoauth2Server{login: login}, nil
	}
	return nil, &imap.Error{Type: imap.StatusResponseTypeNo, Text: "unsupported mechanism"}
}

// xoauth2Server is the server side of XOAUTH2 as Google documents it: a
// bad token gets a JSON challenge, the client answers with an empty
// response, and the command fails.
type xoauth2Server struct {
	login  func(user, token string) bool
	failed bool
}

// Next takes the client's response "user=U^Aauth=Bearer T^A^A".
func (x *xoauth2Server) Next(resp []byte) ([]byte, bool, error) {
	if x.failed {
		return nil, true, errors.New("invalid token")
	}
	if resp == nil {
		return []byte{}, false, nil
	}
	var user, token string
	for _, kv := range strings.Split(string(resp), "\x01") {
		if v, ok := strings.CutPrefix(kv, "user="); ok {
			user = v
		} else if v, ok := strings.CutPrefix(kv, "auth=Bearer "); ok {
			token = v
		}
	}
	if !x.login(user, token) {
		x.failed = true
		return []byte(`{"status":"401","schemes":"bearer"}`), false, nil
	}
	return nil, true, nil
}
