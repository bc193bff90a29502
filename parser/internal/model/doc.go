// Package model holds what every room of the parser shares, so that the
// rooms need not import the parser façade or each other for it: a Doubt
// and its kinds, the Body of new text, the LimitError a limit raises, the
// labels of removed text, and the few patterns two rooms must read alike
// (a forward's words, a request form's field line, clipped evidence).
// Package parser re-exports the types by alias; their meaning is
// documented here.
package model
