package model

import (
	"errors"
	"fmt"
)

// A LimitError reports that a message exceeds one of the Limits. Limit is
// the configuration key an operator sets to change it:
// "imap.max_message_size", "limits.header_bytes", "limits.header_fields",
// "limits.mime_depth", "limits.mime_parts", "limits.text_bytes",
// "limits.html_bytes" or "limits.line_bytes".
type LimitError struct {
	Limit string
	Max   int64
}

func (e *LimitError) Error() string {
	return fmt.Sprintf("message exceeds %s (%d)", e.Limit, e.Max)
}

// IsLimit reports whether err is, or wraps, a *LimitError.
func IsLimit(err error) bool {
	var le *LimitError
	return errors.As(err, &le)
}
