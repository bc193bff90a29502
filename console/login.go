package console

import (
	"fmt"
	"net"
	"net/http"
	"strings"
	"time"
)

// loginData is the sign-in page's data.
type loginData struct {
	Token, Next, Email string
}

// loginPage shows the sign-in form with a fresh token bound to a cookie:
// the sign-in POST has no session yet to carry a CSRF token.
func (h *Handler) loginPage(w http.ResponseWriter, r *http.Request) {
	note := ""
	if r.URL.Query().Get("ended") != "" {
		note = "You are signed out."
	}
	h.showLogin(w, r, http.StatusOK, note, "", "")
}

func (h *Handler) showLogin(w http.ResponseWriter, r *http.Request, status int, note, problem, email string) {
	token := newToken()
	h.setCookie(w, loginCookie, token, int(time.Hour/time.Second))
	next := safeNext(r.FormValue("next"))
	h.render(w, r, status, "login", &page{Title: "Sign in", Flash: note, Problem: problem,
		Data: loginData{Token: token, Next: next, Email: email}})
}

// login checks the form's token, the sign-in limits and the password,
// and starts a session.
func (h *Handler) login(w http.ResponseWriter, r *http.Request) {
	if !sameToken(r.PostFormValue(csrfField), h.cookie(r, loginCookie)) {
		h.showLogin(w, r, http.StatusForbidden, "", "The sign-in form had expired. Please try again.", "")
		return
	}
	email := strings.ToLower(strings.TrimSpace(r.PostFormValue("email")))
	addr := clientAddr(r)
	accountKey, addrKey := "account:"+email, "addr:"+addr
	if wait := max(h.limiter.locked(accountKey, accountFailures), h.limiter.locked(addrKey, addrFailures)); wait > 0 {
		h.log.Warn("console: sign-in refused while locked", logStaff, email, logAddr, addr)
		h.showLogin(w, r, http.StatusTooManyRequests, "",
			fmt.Sprintf("Too many failed sign-ins. Sign-in is locked for %s; try again then, or ask an administrator.", age(wait)), email)
		return
	}
	staff, err := h.b.VerifyStaff(r.Context(), email, r.PostFormValue("password"))
	if err != nil || email == "" {
		h.limiter.fail(accountKey)
		h.limiter.fail(addrKey)
		h.log.Warn("console: sign-in failed", logStaff, email, logAddr, addr, logError, err)
		h.showLogin(w, r, http.StatusUnauthorized, "", "That address and password do not match an active staff account.", email)
		return
	}
	h.limiter.reset(accountKey)
	if err := h.startSession(w, r, staff.Email); err != nil {
		h.fail(w, r, nil, err)
		return
	}
	h.setCookie(w, loginCookie, "", -1)
	h.log.Info("console: signed in", logStaff, staff.Email, logAddr, addr)
	http.Redirect(w, r, safeNext(r.PostFormValue("next")), http.StatusSeeOther)
}

// logout ends the session.
func (h *Handler) logout(w http.ResponseWriter, r *http.Request, s *Session) {
	if err := h.b.DeleteSession(r.Context(), s.IDHash); err != nil {
		h.fail(w, r, s, err)
		return
	}
	h.setCookie(w, sessionCookie, "", -1)
	h.log.Info("console: signed out", logStaff, s.Staff)
	http.Redirect(w, r, "/login?ended=1", http.StatusSeeOther)
}

// clientAddr is the host of the connection's remote address. Headers
// such as X-Forwarded-For are not believed: a client could set them to
// escape the per-address limit.
func clientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
