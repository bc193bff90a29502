// Package replies composes the answer intake sends to the sender of a
// message once it has decided the message's requests: one reply per
// message, listing every request, threaded under the sender's message.
//
// It is pure: Compose does no I/O, reads no clock and sends nothing. It
// takes the decision result of one message (approvals.Result), the
// message's threading headers and loop markers, and returns either the
// Reply to send or a NoReply saying why none is sent. ComposeEvent
// answers what happens to the requests later (a staff decision, a
// waiting removal released or expired) under the same guard, less
// auth.max_age, threaded under the last reply to the message.
//
// Whether to reply is an allow-list (guard.go): a reply goes only to a
// proven sender of a fresh, processed message that carries no mark of
// automatic or list mail, at an ordinary mailbox that is not one of
// intake's own addresses. The named reasons of NoReply (role and no-reply
// addresses, auto-generated mail, duplicates, ...) explain a refusal; they
// are not what lets a reply through.
//
// The reply is text/plain UTF-8, built with go-message, carrying
// In-Reply-To and References (RFC 5322 section 3.6.4), a "Re: " subject,
// and Auto-Submitted: auto-replied (RFC 3834 section 5) with
// X-Auto-Response-Suppress: All so that other responders stay silent. Its
// text comes from text/template files embedded in the package, which a
// directory may override (LoadTemplates).
package replies
