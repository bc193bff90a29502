package mailbox

import (
	"fmt"
	"os"
	"testing"
)

// TestMain says loudly, once, when the Dovecot tests will be skipped.
func TestMain(m *testing.M) {
	if dovecotPath() == "" && os.Getenv("CI") != "true" {
		fmt.Fprintf(os.Stderr, "mailbox: WARNING: %s; every Dovecot test is SKIPPED\n", dovecotMissing)
	}
	os.Exit(m.Run())
}
