package approvals

import "strings"

// DoorKind says whether a door is shared by residents or belongs to a unit.
type DoorKind string

// The door kinds.
const (
	DoorCommunal DoorKind = "communal"
	DoorPrivate  DoorKind = "private"
)

// A Partner is an OpenKit partner: a third party integrating with DOOR.
type Partner struct {
	ID      string   `json:"id"`
	Name    string   `json:"name"`
	Aliases []string `json:"aliases,omitempty"`
}

// A Portfolio groups properties.
type Portfolio struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// A Property is a building; it belongs to one portfolio.
type Property struct {
	ID        string   `json:"id"`
	Name      string   `json:"name"`
	Portfolio string   `json:"portfolio"`
	Aliases   []string `json:"aliases,omitempty"`
}

// A Door belongs to one property and is assigned to at most one partner.
type Door struct {
	ID        string   `json:"id"`
	Property  string   `json:"property"`
	Name      string   `json:"name"`
	Kind      DoorKind `json:"kind"`
	Connected bool     `json:"connected"`
	// Partner is the id of the assigned partner, "" for none.
	Partner string `json:"partner,omitempty"`
	// AwaitingUpdate reports that a partner was unassigned from this
	// unconnected door and no door update has been recorded since.
	AwaitingUpdate bool `json:"awaiting_update,omitempty"`
}

// A Manager is a person who may ask for changes on the properties of their
// grants: property permission on Properties, portfolio permission on every
// property of Portfolios.
type Manager struct {
	Email      string   `json:"email"`
	Name       string   `json:"name"`
	Properties []string `json:"properties"`
	Portfolios []string `json:"portfolios,omitempty"`
}

// EmailKey is the form in which manager and own addresses are stored and
// compared: without surrounding space, lower-cased.
func EmailKey(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// An Enablement says a partner is enabled on a property.
type Enablement struct {
	Property string `json:"property"`
	Partner  string `json:"partner"`
}

// A Directory is the whole directory as imported from DOOR OS (see
// docs/directory.md). Its JSON form is the `intake directory load` file
// format.
type Directory struct {
	Partners   []Partner    `json:"partners"`
	Portfolios []Portfolio  `json:"portfolios"`
	Properties []Property   `json:"properties"`
	Doors      []Door       `json:"doors"`
	Managers   []Manager    `json:"managers"`
	Enabled    []Enablement `json:"enabled,omitempty"`
}
