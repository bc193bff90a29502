package approvals

// The Data of ledger entries. Field names are part of the ledger format:
// fields may be added, never renamed.

// DoorEvent is the Data of door.assign, door.unassign and door.synced
// entries. AwaitingUpdate is the door's flag after the event, so that
// Replay reproduces it without re-deciding anything.
type DoorEvent struct {
	Door     string `json:"door"`
	Partner  string `json:"partner,omitempty"`
	Property string `json:"property"`
	// Previous is the partner the door was assigned to before an
	// assignment that replaced it; "" otherwise.
	Previous       string `json:"previous,omitempty"`
	AwaitingUpdate bool   `json:"awaiting_update"`
}

// MessageEvent is the Data of a message entry: one per received message.
type MessageEvent struct {
	ID        string  `json:"id"`
	MessageID string  `json:"message_id"`
	Hash      string  `json:"hash"`
	Source    string  `json:"source"`
	Outcome   Outcome `json:"outcome"`
	Sender    string  `json:"sender"`
	// DuplicateOf is the store id of the earlier message a duplicate
	// repeats; "" for other outcomes.
	DuplicateOf string `json:"duplicate_of,omitempty"`
	// Error is the parse error of an unreadable message.
	Error string `json:"error,omitempty"`
}

// DecisionEvent is the Data of a decision entry: the full decision taken
// on a request, with the checks run and their evidence.
type DecisionEvent struct {
	Request     string   `json:"request"`
	Message     string   `json:"message"`
	Action      Action   `json:"action"`
	Partner     string   `json:"partner"`
	Property    string   `json:"property"`
	PartnerID   string   `json:"partner_id"`
	PropertyID  string   `json:"property_id"`
	Suggestions []string `json:"suggestions,omitempty"`
	Status      Status   `json:"status"`
	Reason      Reason   `json:"reason"`
	Checks      []Check  `json:"checks"`
	Doors       []string `json:"doors,omitempty"`
}

// EnablementEvent is the Data of enable and disable entries. Request is
// the request that caused the change.
type EnablementEvent struct {
	Property string `json:"property"`
	Partner  string `json:"partner"`
	Request  string `json:"request"`
}

// The staff review actions recorded in a ReviewEvent.
const (
	ReviewApprove = "approve"
	ReviewReject  = "reject"
	ReviewResolve = "resolve"
	// ReviewCreate: staff made the request from a message (Create).
	ReviewCreate = "create"
)

// ReviewEvent is the Data of a review entry: one staff action on a
// request. PartnerID and PropertyID are the ids pinned by a resolve or
// chosen by a create; From is the item a create replaced.
type ReviewEvent struct {
	Request    string `json:"request"`
	Action     string `json:"action"`
	Note       string `json:"note,omitempty"`
	PartnerID  string `json:"partner_id,omitempty"`
	PropertyID string `json:"property_id,omitempty"`
	From       string `json:"from,omitempty"`
}

// The actors recorded in ledger entries besides "staff:EMAIL".
const (
	ActorIntake = "intake"
	ActorDoorOS = "door-os"
)
