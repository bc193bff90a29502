package grammar

import "intake/parser/internal/model"

// Action is the kind of change a request asks for.
type Action string

// The actions.
const (
	ActionAdd    Action = "add"
	ActionRemove Action = "remove"
)

// A Statement is one sentence (or one form) that makes a request.
type Statement struct {
	Action Action
	// Sentence is the text the statement was read from.
	Sentence string
	// Held, when set, is why the statement's own sentence may not mean a
	// plain grant or removal: it carries more than allow-listed courtesy
	// around the request grammar. The request is still made, and held
	// for staff (held_by_sender).
	Held *model.Doubt
	// Splits are the ways the sentence's names can be read, most likely
	// first. There is always at least one. A split on "and", "to" or
	// "from" inside a name ("Gateway to the West Lofts") gives several.
	Splits []Split
}

// A Split is one way of reading a statement's names. Every partner is paired
// with every property: each pair is one request.
type Split struct {
	Partners   []string `json:"partners"`
	Properties []string `json:"properties"`
}

// A Pair is one request: one partner and one property, as written.
type Pair struct {
	Action   Action
	Partner  string
	Property string
}

// Pairs returns the requests of the statement's first (most likely) split.
func (s Statement) Pairs() []Pair {
	if len(s.Splits) == 0 {
		return nil
	}
	sp := s.Splits[0]
	pairs := make([]Pair, 0, len(sp.Partners)*len(sp.Properties))
	for _, partner := range sp.Partners {
		for _, property := range sp.Properties {
			pairs = append(pairs, Pair{Action: s.Action, Partner: partner, Property: property})
		}
	}
	return pairs
}
