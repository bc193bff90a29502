package main

import (
	"strings"
	"testing"
)

// TestDoorCommandQueuesReleasedReply: with [smtp] set, a door command
// that releases a waiting removal queues the reply saying so, for serve
// to deliver, and a command without [smtp] queues none.
func TestDoorCommandQueuesReleasedReply(t *testing.T) {
	for _, tt := range []struct {
		name, smtp string
		want       int
	}{
		{"smtp set", "\n[smtp]\naddress = \"127.0.0.1:2525\"\nsecurity = \"none\"\nfrom = \"access@door.com\"\n", 1},
		{"smtp unset", "", 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorkspace(t, testConfig+tt.smtp)
			w.ok("directory", "load", abs(t, sampleDirJSON))
			ids := ingestIDs(t, w, "03")
			w.ok("doors", "unassign", "d-pines-main")
			w.ok("doors", "unassign", "d-pines-garage")
			var rows []map[string]any
			w.jsonOf(&rows, "outbox", "list", "--json")
			if len(rows) != tt.want {
				t.Fatalf("outbox = %v, want %d replies", rows, tt.want)
			}
			if tt.want == 0 {
				return
			}
			if rows[0]["kind"] != "released" || rows[0]["status"] != "queued" {
				t.Errorf("reply = %v, want a queued released reply", rows[0])
			}
			r := w.ok("outbox", "show", str(rows[0]["id"]))
			for _, want := range []string{"Garage", "DOOR App", "In-Reply-To: <"} {
				if !strings.Contains(r.stdout, want) {
					t.Errorf("outbox show lacks %q (request %s):\n%s", want, ids["03"], r.stdout)
				}
			}
		})
	}
}
