package replies

import "intake/internal/safetext"

// clean escapes a name, address or subject taken from mail before it goes
// into a reply, as the CLI does (safetext.Clean), so that it cannot
// reorder or hide the text around it.
func clean(s string) string { return safetext.Clean(s) }
