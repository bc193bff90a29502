// Package smtpout delivers intake's replies to an SMTP relay with
// go-smtp, and says of each failure whether to try again.
//
// Send makes one delivery: connect (implicit TLS, STARTTLS, or plain on
// a loopback address only), authenticate with AUTH PLAIN when a username
// is set, MAIL, RCPT, DATA, QUIT. Its error is an *Error whose Permanent
// field is set only for a 5xx reply to MAIL, RCPT or DATA: a message the
// relay will never take. Everything else (a network error, a 4xx, a TLS
// or authentication failure, which are the relay's or the configuration's
// fault and not the message's) is worth retrying; Backoff says when.
//
// It keeps no state between calls and imports nothing of intake.
package smtpout
