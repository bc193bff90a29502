// Package smtptest provides a real SMTP relay for intake's tests and its
// demo, as net/http/httptest provides HTTP servers: a go-smtp server on
// 127.0.0.1 that records every message it accepts (envelope and bytes).
//
// The server offers STARTTLS (RFC 3207) with a self-signed certificate
// made at start; RootCAs is the pool a client must trust. With a
// username set it offers AUTH PLAIN (RFC 4616) over TLS only and refuses
// MAIL until the client has authenticated. It can be told to answer the
// next MAIL, RCPT or DATA commands with a reply code (451, 550), and to
// hang or close the connection right after its reply to the next
// accepted DATA, with a signal once that reply is written: the moment a
// client has its message accepted but has not yet acted on it.
//
// It imports nothing of intake.
package smtptest
