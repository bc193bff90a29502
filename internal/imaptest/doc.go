// Package imaptest provides real IMAP servers for intake's tests, as
// net/http/httptest provides HTTP servers: the in-process go-imap server
// (imapserver over imapmemserver) for fast cases and for servers without
// MOVE or UIDPLUS, and a private Dovecot with its own configuration, mail
// store and self-signed certificate in a temporary directory.
//
// Every server listens on 127.0.0.1 only, has one user, and is stopped in
// t.Cleanup. Helpers report set-up failures with t.Fatal; they are meant
// for tests and benchmarks only.
package imaptest
