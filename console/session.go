package console

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"net/http"
	"net/url"
	"strings"
	"time"

	"intake/approvals"
)

// Cookie names. Under TLS the session cookie takes the __Host- prefix,
// which browsers accept only Secure, host-only and with Path=/.
const (
	sessionCookie = "intake_session"
	loginCookie   = "intake_login"
	csrfField     = "csrf"
)

// newToken returns 32 random bytes, base64url-encoded.
func newToken() string {
	b := make([]byte, 32)
	rand.Read(b) // never fails (crypto/rand, Go 1.24+)
	return base64.RawURLEncoding.EncodeToString(b)
}

// hashID returns the hex SHA-256 of a session id: what is stored.
func hashID(id string) string {
	sum := sha256.Sum256([]byte(id))
	return hex.EncodeToString(sum[:])
}

// sameToken compares two tokens in constant time; empty never matches.
func sameToken(a, b string) bool {
	return a != "" && subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1
}

func (h *Handler) cookieName(base string) string {
	if h.o.Secure {
		return "__Host-" + base
	}
	return base
}

// setCookie sets an HttpOnly, SameSite=Strict cookie on path /; maxAge
// < 0 deletes it.
func (h *Handler) setCookie(w http.ResponseWriter, base, value string, maxAge int) {
	http.SetCookie(w, &http.Cookie{Name: h.cookieName(base), Value: value, Path: "/", MaxAge: maxAge,
		HttpOnly: true, Secure: h.o.Secure, SameSite: http.SameSiteStrictMode})
}

func (h *Handler) cookie(r *http.Request, base string) string {
	c, err := r.Cookie(h.cookieName(base))
	if err != nil {
		return ""
	}
	return c.Value
}

// startSession stores a new session for staff and sets its cookie.
func (h *Handler) startSession(w http.ResponseWriter, r *http.Request, staff string) error {
	id, now := newToken(), h.o.Now()
	s := Session{IDHash: hashID(id), Staff: staff, CSRF: newToken(), Created: now, LastSeen: now}
	if err := h.b.CreateSession(r.Context(), s); err != nil {
		return err
	}
	h.setCookie(w, sessionCookie, id, int(h.o.AbsoluteTimeout/time.Second))
	return nil
}

// session returns the request's live session, nil when it has none or it
// expired (an expired one is deleted). It touches the session at most
// once per touchEvery.
func (h *Handler) session(r *http.Request) (*Session, error) {
	id := h.cookie(r, sessionCookie)
	if id == "" {
		return nil, nil
	}
	ctx := r.Context()
	s, err := h.b.Session(ctx, hashID(id))
	switch {
	case approvals.ErrorCode(err) == approvals.ENOTFOUND:
		return nil, nil
	case err != nil:
		return nil, err
	}
	now := h.o.Now()
	if now.Sub(s.LastSeen) > h.o.IdleTimeout || now.Sub(s.Created) > h.o.AbsoluteTimeout {
		return nil, h.b.DeleteSession(ctx, s.IDHash)
	}
	// An account disabled since sign-in ends its sessions at their next
	// request: it may no longer read the queue either.
	switch err := h.b.ActiveStaff(ctx, s.Staff); {
	case approvals.ErrorCode(err) == approvals.EUNAUTHORIZED:
		h.log.Info("console: session of a staff account no longer active ended", logStaff, s.Staff)
		return nil, h.b.DeleteSession(ctx, s.IDHash)
	case err != nil:
		return nil, err
	}
	if now.Sub(s.LastSeen) >= h.touchEvery() {
		if err := h.b.TouchSession(ctx, s.IDHash, now); err != nil {
			return nil, err
		}
		s.LastSeen = now
	}
	return s, nil
}

// touchEvery is how stale LastSeen may get before a request writes it:
// a tenth of the idle timeout, at most a minute, so that browsing does
// not write on every page.
func (h *Handler) touchEvery() time.Duration { return min(time.Minute, h.o.IdleTimeout/10) }

// signedIn wraps a page or action that needs a session: without one a
// GET is sent to the sign-in page and a POST refused; a POST must carry
// the session's CSRF token.
func (h *Handler) signedIn(next func(http.ResponseWriter, *http.Request, *Session)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		s, err := h.session(r)
		if err != nil {
			h.fail(w, r, nil, err)
			return
		}
		if s == nil {
			if r.Method == http.MethodGet {
				http.Redirect(w, r, "/login?next="+url.QueryEscape(safeNext(r.URL.RequestURI())), http.StatusSeeOther)
				return
			}
			h.refuse(w, r, nil, http.StatusForbidden, "You are not signed in, or your session has ended. Sign in and try again.")
			return
		}
		if r.Method == http.MethodPost && !sameToken(r.PostFormValue(csrfField), s.CSRF) {
			h.log.Warn("console: POST without a valid CSRF token refused", logStaff, s.Staff, logAddr, clientAddr(r))
			h.refuse(w, r, s, http.StatusForbidden, "This form did not come from this console session (its security token is missing or old). Reload the page and try again.")
			return
		}
		next(w, r, s)
	}
}

// safeNext returns target when it is a path of this site, else "/queue":
// the sign-in page never redirects elsewhere.
func safeNext(target string) string {
	if !strings.HasPrefix(target, "/") || strings.HasPrefix(target, "//") || strings.HasPrefix(target, "/\\") ||
		strings.HasPrefix(target, "/login") {
		return "/queue"
	}
	return target
}
