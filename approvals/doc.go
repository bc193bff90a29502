// Package approvals is intake's domain core: the directory of partners,
// properties, doors and managers; the requests read from mail and the
// decisions taken on them; the review queue; and the ports (interfaces) the
// workflow needs from storage.
//
// It imports no driver, no IMAP and no HTTP. The store package implements
// Store with SQLite; cmd/intake wires the two together.
//
// Every state change the workflow makes goes through one Tx together with
// its ledger entry, so a change and its record are committed or lost
// together.
//
// Support staff have accounts (Staff; passwords hashed with argon2id,
// HashPassword). Every review action (Approve, Reject, Resolve, Create)
// names an active account and is refused with code EUNAUTHORIZED
// otherwise; VerifyStaff is the console's login and ActiveStaff checks an
// account. Of two actions on one item at once, the Store's serialised
// writers let exactly one take effect; the other returns an
// *AlreadyDecidedError saying who decided the item and when
// (docs/staff.md).
package approvals
