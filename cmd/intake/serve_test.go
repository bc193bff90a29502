package main

import (
	"net"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"intake/internal/imaptest"
	"intake/mailbox"
)

// TestServe runs `intake serve` against the in-process IMAP server: mail
// appended while it serves is decided and marked, /healthz and /metrics
// answer, and SIGTERM stops it with exit 0 after the batch in hand.
func TestServe(t *testing.T) {
	s, listen, w, db, p := startServing(t)

	eventually(t, 15*time.Second, "/healthz never answered 200", func() bool {
		code, _ := get("http://" + listen + "/healthz")
		return code == 200
	})
	decideSample(t, s, db)
	eventually(t, 15*time.Second, "the decided message was not marked", func() bool {
		msgs, _ := s.Contents(t, "INBOX")
		return len(msgs) == 1 && msgs[0].Has(mailbox.DoneKeyword)
	})

	code, body := get("http://" + listen + "/healthz")
	if code != 200 || body != "ok\n" {
		t.Errorf("/healthz: got %d %q, want 200 \"ok\\n\"", code, body)
	}
	code, body = get("http://" + listen + "/metrics")
	if code != 200 {
		t.Fatalf("/metrics: got %d %q", code, body)
	}
	for _, want := range []string{
		"intake_messages_fetched_total 1",
		"intake_messages_handled_total 1",
		`intake_message_outcomes_total{outcome="processed"} 1`,
		`intake_requests_total{reason="none",status="applied"} 1`,
		`intake_queue_depth{status="pending"} 0`,
		"intake_seconds_since_last_poll ",
		"intake_imap_reconnects_total 0",
		"intake_imap_connected 1",
		"intake_decide_duration_seconds_count 1",
		"intake_delivery_to_decision_seconds_count 1",
		`intake_job_runs_total{job="expire_waiting",result="ok"} 1`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}

	if code := p.stop(t, 15*time.Second); code != 0 {
		t.Fatalf("intake serve after SIGTERM: exit %d, want 0; stderr:\n%s", code, p.stderr)
	}
	logs := p.stderr.String()
	for _, want := range []string{"level=INFO msg=\"http listening\"", "msg=\"console listening\"", "msg=\"imap connected\"", "msg=\"message decided\"", "msg=stopped"} {
		if !strings.Contains(logs, want) {
			t.Errorf("log lacks %q:\n%s", want, logs)
		}
	}
	if strings.Contains(logs, s.Password()) {
		t.Errorf("the IMAP password reached the log")
	}

	// A backlog, and SIGTERM as soon as its first batch is decided: the
	// batch in hand is finished, the rest waits for the next run.
	const backlog = 60
	var appended atomic.Int32
	if err := appendAll(s, "term", backlog, &appended); err != nil {
		t.Fatal(err)
	}
	p = w.startServe(s)
	eventually(t, 15*time.Second, "the backlog was not started", func() bool {
		return count(db, `SELECT count(*) FROM messages`) > 1
	})
	if code := p.stop(t, 15*time.Second); code != 0 {
		t.Fatalf("intake serve after SIGTERM: exit %d, want 0; stderr:\n%s", code, p.stderr)
	}
	if logs := p.stderr.String(); strings.Contains(logs, "level=ERROR") {
		t.Errorf("errors logged:\n%s", logs)
	}
	t.Logf("SIGTERM during a backlog of %d: %d decided before exit", backlog,
		count(db, `SELECT count(*) FROM messages`)-1)
	if r := w.pollOnce(s); r.code != exitOK {
		t.Fatalf("poll --once: %v", r)
	}
	checkExactlyOnce(t, w, s, 1+backlog)
}

// checkExactlyOnce asserts that the n messages in s's INBOX each have one
// message record and one ledger message entry, and are marked, and that
// the ledger verifies.
func checkExactlyOnce(t *testing.T, w *workspace, s *imaptest.Server, n int) {
	t.Helper()
	msgs, _ := s.Contents(t, "INBOX")
	if len(msgs) != n {
		t.Fatalf("INBOX holds %d messages, want %d", len(msgs), n)
	}
	db := w.openDB()
	unmarked := 0
	for _, m := range msgs {
		if !m.Has(mailbox.DoneKeyword) {
			unmarked++
		}
		id := strings.Trim(m.MessageID, "<>")
		if got := count(db, `SELECT count(*) FROM messages WHERE trim(message_id, '<>') = ?`, id); got != 1 {
			t.Errorf("%s: %d message records, want 1", m.MessageID, got)
		}
		if got := count(db, `SELECT count(*) FROM ledger WHERE kind = 'message'
			AND trim(json_extract(data, '$.message_id'), '<>') = ?`, id); got != 1 {
			t.Errorf("%s: %d ledger message entries, want 1", m.MessageID, got)
		}
	}
	if unmarked > 0 {
		t.Errorf("%d of %d messages are not marked %s", unmarked, n, mailbox.DoneKeyword)
	}
	if got := count(db, `SELECT count(*) FROM messages`); got != n {
		t.Errorf("%d message records in all, want %d", got, n)
	}
	if r := w.run("ledger", "verify"); r.code != exitOK {
		t.Errorf("ledger verify: %v", r)
	}
}

func TestServeRefuses(t *testing.T) {
	s := imaptest.NewMemServer(t)
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	tests := []struct {
		name   string
		config string
		args   []string
		load   bool // load the directory first
		code   int
		want   string // in stderr
	}{
		// Like every key, a bad serve.listen is refused by every command.
		{"bad listen", serveConfig(s, "8025"), nil, false, exitUsage, `serve.listen: "8025" is not host:port`},
		{"no imap", testConfig, nil, true, exitUsage, "imap.address: empty"},
		{"argument", serveConfig(s, "127.0.0.1:0"), []string{"now"}, false, exitUsage, `unexpected argument "now"`},
		{"listen address in use", serveConfig(s, busy.Addr().String()), nil, true, exitProblem, "serve.listen: listen tcp"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorkspace(t, tt.config)
			if tt.load {
				w.ok("directory", "load", abs(t, sampleDirJSON))
			}
			args := append([]string{"--config", w.config, "--db", w.db, "serve"}, tt.args...)
			r := runBinEnv(t, w.dir, []string{pollPasswordEnv + "=" + s.Password()}, args...)
			if r.code != tt.code || !strings.Contains(r.stderr, tt.want) {
				t.Errorf("got %v\nwant exit %d naming %q", r, tt.code, tt.want)
			}
		})
	}
}
