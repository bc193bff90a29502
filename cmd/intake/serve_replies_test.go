package main

import (
	"os"
	"strings"
	"testing"
	"time"

	"intake/internal/imaptest"
	"intake/internal/smtptest"
)

// TestServeSendsReplies: with [smtp] set, serve queues the reply to a
// decided message in the outbox and its sender loop delivers it to the
// relay, threaded under the message, and records it sent.
func TestServeSendsReplies(t *testing.T) {
	relay := smtptest.New(t, smtptest.Options{})
	s := imaptest.NewMemServer(t)
	listen := freeListen(t)
	w := newWorkspace(t, serveConfig(s, listen)+"\n[smtp]\naddress = \""+relay.Addr()+"\"\nsecurity = \"none\"\nfrom = \"access@door.com\"\n")
	w.ok("directory", "load", abs(t, sampleDirJSON))
	db := w.openDB()
	p := w.startServe(s)
	decideSample(t, s, db)
	eventually(t, 20*time.Second, "no reply reached the relay", func() bool { return len(relay.Messages()) == 1 })
	eventually(t, 10*time.Second, "the reply was not recorded sent", func() bool {
		return count(db, `SELECT count(*) FROM outbox WHERE status = 'sent'`) == 1
	})
	raw, err := os.ReadFile(samples(t, "01")[0])
	if err != nil {
		t.Fatal(err)
	}
	m := relay.Messages()[0]
	got := m.To[0] + "\n" + string(m.Data)
	for _, want := range []string{"From: <access@door.com>", "Auto-Submitted: auto-replied", "In-Reply-To: <"} {
		if !strings.Contains(got, want) {
			t.Errorf("reply lacks %q:\n%s", want, got)
		}
	}
	if !strings.Contains(string(raw), strings.SplitN(got, "\n", 2)[0]) {
		t.Errorf("reply went to %q, not the sample's sender", strings.SplitN(got, "\n", 2)[0])
	}
	if code := p.stop(t, 15*time.Second); code != 0 {
		t.Fatalf("intake serve after SIGTERM: exit %d; stderr:\n%s", code, p.stderr)
	}
	if strings.Contains(p.stderr.String(), "level=ERROR") {
		t.Errorf("serve logged an error:\n%s", p.stderr)
	}
}
