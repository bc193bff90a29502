// Package parser turns one raw RFC 5322 message into a Message: the facts
// about who sent it and how that was authenticated, the new text a person
// would see when reading it, and the candidate partner-access requests that
// text makes.
//
// The parser is pure: it reads the message and nothing else. It does not know
// the directory, so it returns names exactly as written and, where a phrase
// could be split more than one way ("Gateway to the West Lofts"), every
// candidate split for the resolver to choose from.
//
// Only new, visible text counts: quoted replies, forwarded messages,
// signatures and HTML hidden from the reader are removed before requests are
// looked for, so that a request can never be smuggled in where a person would
// not see it or did not write it.
//
// Package parser is the façade: Parse, its options, limits and result
// types. The work is done in rooms under parser/internal, each with a
// doc.go of its rules and the tests that pin them: mimetree reads the MIME
// structure and picks the body parts (with the fast path), header reads
// the sender identity and the other header facts, quote finds the new text
// of plain text, visible the text a reader of HTML sees (the hidden-text
// rules are its named tables), and grammar the requests and what holds
// them. model holds the types they share, re-exported here by alias.
package parser
