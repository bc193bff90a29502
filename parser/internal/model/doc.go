// Package model holds the few types and values every room of the parser
// shares, so that the rooms need not import the parser façade or each
// other for them: a Doubt and its kinds, the labels of removed text, and
// the words that mark a forward. Package parser re-exports the types by
// alias; their meaning is documented here.
package model
