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
package parser
