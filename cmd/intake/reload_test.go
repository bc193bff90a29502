package main

import (
	"os"
	"reflect"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestChangedKeys(t *testing.T) {
	a := defaultConfig()
	b := defaultConfig()
	if got := changedKeys(&a, &b); len(got) != 0 {
		t.Errorf("changedKeys of equal configs = %v, want none", got)
	}
	b.IMAP.PollInterval = "5s"
	b.IMAP.Addresses = []string{"x@door.com"}
	b.Console.Listen = "127.0.0.1:9"
	got, want := changedKeys(&a, &b), []string{"imap.addresses", "imap.poll_interval", "console.listen"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("changedKeys = %v, want %v", got, want)
	}
}

// TestServeReload is the SIGHUP half of issue 19 item 8: a running serve
// checks its configuration file again on SIGHUP and says whether it is
// invalid (naming the key, keeping the running configuration), changed
// (naming the keys: a restart applies them) or unchanged, and goes on
// serving; SIGTERM then stops it cleanly.
func TestServeReload(t *testing.T) {
	s, listen, w, db, p := startServing(t)
	eventually(t, 15*time.Second, "serve did not start", func() bool {
		return strings.Contains(p.stderr.String(), `msg="http listening"`)
	})
	orig, err := os.ReadFile(w.config)
	if err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		name, config string
		want, key    string // want is in a new log line, which also names key
	}{
		{"unchanged", string(orig), `level=INFO msg="config reload: the file matches the running configuration"`, ""},
		{"changed", strings.Replace(string(orig), `poll_interval = "1s"`, `poll_interval = "30s"`, 1),
			`level=WARN msg="config reload: the file changed; restart intake to apply it (SIGTERM finishes the batch in hand)"`, "keys=imap.poll_interval"},
		{"bad duration", strings.Replace(string(orig), `poll_interval = "1s"`, `poll_interval = "-1s"`, 1),
			`level=ERROR msg="config reload: the file is not valid; the running configuration stays"`, "imap.poll_interval"},
		{"bad policy", string(orig) + "\n[workflow]\npolicy = \"manual\"\n",
			`level=ERROR msg="config reload: the file is not valid; the running configuration stays"`, "workflow.policy"},
	}
	for _, st := range steps {
		if err := os.WriteFile(w.config, []byte(st.config), 0o600); err != nil {
			t.Fatal(err)
		}
		before := len(p.stderr.String())
		if err := p.cmd.Process.Signal(syscall.SIGHUP); err != nil {
			t.Fatal(err)
		}
		var line string
		eventually(t, 10*time.Second, st.name+": no "+st.want+" in the log", func() bool {
			for l := range strings.Lines(p.stderr.String()[before:]) {
				if strings.Contains(l, st.want) {
					line = l
					return true
				}
			}
			return false
		})
		if !strings.Contains(line, st.key) {
			t.Errorf("%s: the log line does not name %s: %s", st.name, st.key, line)
		}
	}
	if code, body := get("http://" + listen + "/healthz"); code != 200 {
		t.Errorf("/healthz after the reloads: %d %s", code, body)
	}
	decideSample(t, s, db)
	if code := p.stop(t, 15*time.Second); code != exitOK {
		t.Fatalf("serve after SIGTERM: exit %d; stderr:\n%s", code, p.stderr)
	}
}
