package mailbox

import (
	"os"
	"testing"

	"intake/internal/imaptest"
)

// TestMain says loudly, once, when the Dovecot tests will be skipped.
func TestMain(m *testing.M) {
	imaptest.WarnIfNoDovecot("mailbox")
	os.Exit(m.Run())
}
