package model

// A Doubt is one reason intake cannot be sure of a message's requests.
// Doubts are found by allow-list: what is not known to be harmless is a
// doubt, whatever it says.
type Doubt struct {
	Kind DoubtKind `json:"kind"`
	// Rule names the rule that raised the doubt, for example
	// "html-allowlist", "quote-boundary", "mime-duplicate-parameter" or
	// "sentence".
	Rule string `json:"rule"`
	// Evidence says what could not be verified: the declaration, element,
	// header or sentence, as written (trimmed to a readable length).
	Evidence string `json:"evidence"`
	// Why, when set, explains what the evidence appears to do ("reads as a
	// hold: until"), from intake's vocabulary of holds, retractions and
	// hiding techniques; for hidden text it names the hiding rule that
	// fired ("hides text (rule tiny-font): font-size:1px"). It is shown to
	// staff; it is never the gate.
	Why string `json:"why,omitempty"`
}

// DoubtKind says which reason a doubt gives a request (docs/decisions.md).
type DoubtKind string

// The kinds of doubt.
const (
	// DoubtUnverified: intake cannot verify that the text is what the
	// sender's reader shows (unverified_content).
	DoubtUnverified DoubtKind = "unverified"
	// DoubtHeld: the sender wrote something that may hold, cancel,
	// correct or condition the request (held_by_sender).
	DoubtHeld DoubtKind = "held"
)
