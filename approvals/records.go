package approvals

// MessageRecord is what the ledger must reproduce of one message record:
// the fields its message entry (MessageEvent) carries.
type MessageRecord struct {
	ID        string  `json:"id"`
	MessageID string  `json:"message_id"`
	Hash      string  `json:"hash"`
	Outcome   Outcome `json:"outcome"`
	Sender    string  `json:"sender"`
}

// RequestRecord is what the ledger must reproduce of one request: the
// fields of its latest decision entry (DecisionEvent), and the note of its
// latest approve, reject or create review entry (ReviewEvent). Every
// change to a request's resolution, status or reason is followed by a
// decision entry in the same transaction (applyDecision, Reject, expire,
// createMessageItem, Create), and every change to its note (Approve,
// Reject, Create) by a review entry carrying it.
type RequestRecord struct {
	ID         string `json:"id"`
	Message    string `json:"message"`
	Action     Action `json:"action"`
	Partner    string `json:"partner"`
	Property   string `json:"property"`
	PartnerID  string `json:"partner_id"`
	PropertyID string `json:"property_id"`
	Status     Status `json:"status"`
	Reason     Reason `json:"reason"`
	Note       string `json:"note,omitempty"`
}

// messageRecord returns the record of m.
func messageRecord(m *Message) MessageRecord {
	return MessageRecord{ID: m.ID, MessageID: m.MessageID, Hash: m.Hash, Outcome: m.Outcome, Sender: m.Sender}
}

// requestRecord returns the record of r.
func requestRecord(r *Request) RequestRecord {
	return RequestRecord{ID: r.ID, Message: r.MessageID, Action: r.Action, Partner: r.Partner,
		Property: r.Property, PartnerID: r.PartnerID, PropertyID: r.PropertyID, Status: r.Status, Reason: r.Reason, Note: r.Note}
}

// recordOfMessageEvent returns the record a message entry sets.
func recordOfMessageEvent(ev MessageEvent) MessageRecord {
	return MessageRecord{ID: ev.ID, MessageID: ev.MessageID, Hash: ev.Hash, Outcome: ev.Outcome, Sender: ev.Sender}
}

// recordOfDecisionEvent returns the record a decision entry sets; the
// note is kept from the request's earlier record.
func recordOfDecisionEvent(ev DecisionEvent) RequestRecord {
	return RequestRecord{ID: ev.Request, Message: ev.Message, Action: ev.Action, Partner: ev.Partner,
		Property: ev.Property, PartnerID: ev.PartnerID, PropertyID: ev.PropertyID, Status: ev.Status, Reason: ev.Reason}
}
