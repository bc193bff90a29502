package approvals

// STUB: replaced by the workflow work.

// State is the part of the current state that the ledger must reproduce:
// the directory, door assignments and enablements.
type State struct {
	Directory   *Directory
	Enablements []Enablement
	Doors       []Door
}

// Replay rebuilds the State from ledger entries in order.
func Replay(entries []Entry) (*State, error) { return &State{}, nil }
