// Package console is the support staff's web console for the review
// queue (docs/console.md): an http.Handler built from a Backend, with
// html/template pages and embedded assets, no CDN and no script.
//
// The rules it keeps:
//   - every page but the sign-in page needs a session; a session id is 32
//     random bytes, sent as an HttpOnly, SameSite=Strict cookie (Secure
//     under TLS) and stored only as its SHA-256; it ends after
//     Options.IdleTimeout without a request, Options.AbsoluteTimeout after
//     sign-in, or at sign-out, whichever comes first;
//   - every POST carries the session's CSRF token (the sign-in form a
//     token of its own, bound to a cookie) and is refused with 403
//     without it;
//   - sign-in is limited per account and per client address (in memory,
//     so a restart forgets the failures; see limiter);
//   - every response carries a Content-Security-Policy without inline
//     script or style, frame-ancestors 'none', X-Frame-Options DENY,
//     X-Content-Type-Options nosniff and Referrer-Policy no-referrer;
//   - a message is shown as text only: html/template escapes everything,
//     nothing of a message is ever rendered as HTML, and the raw message
//     is downloaded as an attachment of type application/octet-stream;
//   - every action goes through the Backend, that is the approvals
//     workflow: the console decides nothing itself and bypasses no check.
package console
