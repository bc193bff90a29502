package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"intake/approvals"
	"intake/internal/backlog"
	"intake/internal/demoserver"
	"intake/internal/imaptest"
	"intake/mailbox"
	"intake/store"
)

// pollPasswordEnv names the variable the poll and serve tests pass the
// IMAP password in.
const pollPasswordEnv = "INTAKE_TEST_IMAP_PASSWORD"

// pollConfig returns a configuration for the sample directory that reads
// INBOX on s in plain text on loopback, with the password in
// pollPasswordEnv and extra keys added to the [imap] table.
func pollConfig(s *imaptest.Server, extra ...string) string {
	return fmt.Sprintf(`[imap]
address = %q
security = "none"
username = %q
password_env = %q
addresses = ["integrations@door.com"]
%s

[auth]
authserv_id = "mx.door.com"
`, s.Addr(), s.Username(), pollPasswordEnv, strings.Join(extra, "\n"))
}

// forEachServer runs test against the in-process go-imap server and a
// private Dovecot (skipped loudly when Dovecot is missing, failed when
// CI=true).
func forEachServer(t *testing.T, test func(t *testing.T, s *imaptest.Server)) {
	t.Run("mem", func(t *testing.T) { test(t, imaptest.NewMemServer(t)) })
	t.Run("dovecot", func(t *testing.T) { test(t, imaptest.StartDovecot(t, nil)) })
}

// pollWorkspace returns a workspace with the sample directory loaded and a
// configuration for s.
func pollWorkspace(t *testing.T, s *imaptest.Server, extra ...string) *workspace {
	t.Helper()
	w := newWorkspace(t, pollConfig(s, extra...))
	w.ok("directory", "load", abs(t, sampleDirJSON))
	return w
}

// runEnv runs intake --config W --db W ARGS in the workspace with extra
// environment variables.
func (w *workspace) runEnv(env []string, args ...string) result {
	w.t.Helper()
	return runBinEnv(w.t, w.dir, env, append([]string{"--config", w.config, "--db", w.db}, args...)...)
}

// poll runs `intake poll --once --json` with the server's password, which
// must exit 0, and returns what it decided.
func (w *workspace) poll(s *imaptest.Server) []ingestJSON {
	w.t.Helper()
	r := w.runEnv([]string{pollPasswordEnv + "=" + s.Password()}, "poll", "--once", "--json")
	if r.code != exitOK {
		w.t.Fatalf("poll --once: %v", r)
	}
	var out []ingestJSON
	if err := json.Unmarshal([]byte(r.stdout), &out); err != nil || out == nil {
		w.t.Fatalf("poll --once: decode JSON array: %v\n%s", err, r.stdout)
	}
	return out
}

// appendSamples appends every sample message to mailbox on s in name
// order, with its Received date as INTERNALDATE, and returns the sample
// prefix ("01") of each UID.
func appendSamples(t *testing.T, s *imaptest.Server, mailbox string) map[uint32]string {
	t.Helper()
	msgs, err := sampleMail()
	if err != nil {
		t.Fatal(err)
	}
	prefixes := make(map[uint32]string)
	for _, m := range msgs {
		uid := s.AppendAt(t, mailbox, demoserver.ReceivedDate(m.Raw), m.Raw)
		prefixes[uint32(uid)], _, _ = strings.Cut(m.File, "-")
	}
	if len(prefixes) != len(sampleWant) {
		t.Fatalf("%d samples appended with distinct UIDs, want %d", len(prefixes), len(sampleWant))
	}
	return prefixes
}

// uidOf returns the UID of an "imap:MAILBOX/UIDVALIDITY/UID" source.
func uidOf(t *testing.T, source string) uint32 {
	t.Helper()
	uid, err := strconv.ParseUint(source[strings.LastIndexByte(source, '/')+1:], 10, 32)
	if !strings.HasPrefix(source, "imap:INBOX/") || err != nil {
		t.Fatalf("file %q is not imap:INBOX/UIDVALIDITY/UID", source)
	}
	return uint32(uid)
}

// checkSampleDecisions fails unless got holds every sample message once,
// decided as sampleWant says.
func checkSampleDecisions(t *testing.T, got []ingestJSON, prefixes map[uint32]string) {
	t.Helper()
	if len(got) != len(sampleWant) {
		t.Fatalf("poll decided %d messages, want %d: %+v", len(got), len(sampleWant), got)
	}
	byPrefix := make(map[string]ingestJSON)
	for _, m := range got {
		byPrefix[prefixes[uidOf(t, m.File)]] = m
	}
	for _, want := range sampleWant {
		m, ok := byPrefix[want.prefix]
		if !ok {
			t.Errorf("sample %s not decided", want.prefix)
			continue
		}
		if m.Outcome != want.outcome {
			t.Errorf("sample %s: outcome %s, want %s", want.prefix, m.Outcome, want.outcome)
		}
		if want.req == nil {
			if len(m.Requests) != 0 {
				t.Errorf("sample %s: requests %+v, want none", want.prefix, m.Requests)
			}
			continue
		}
		if len(m.Requests) != 1 {
			t.Errorf("sample %s: requests %+v, want one", want.prefix, m.Requests)
			continue
		}
		r := m.Requests[0]
		gotReq := sampleRequest{r.Action, r.Partner, r.Property, r.PartnerID, r.PropertyID, r.Status, r.Reason}
		if gotReq != *want.req {
			t.Errorf("sample %s: request %+v, want %+v", want.prefix, gotReq, *want.req)
		}
	}
}

// checkMarked fails unless mailbox on s holds n messages, each marked
// with mailbox.DoneKeyword.
func checkMarked(t *testing.T, s *imaptest.Server, mbox string, n int) {
	t.Helper()
	msgs, _ := s.Contents(t, mbox)
	if len(msgs) != n {
		t.Errorf("%s holds %d messages, want %d", mbox, len(msgs), n)
	}
	for _, m := range msgs {
		if !m.Has(mailbox.DoneKeyword) {
			t.Errorf("%s uid %d (%s) not marked %s: flags %v", mbox, m.UID, m.MessageID, mailbox.DoneKeyword, m.Flags)
		}
	}
}

// recordCount returns how many messages the database at path recorded.
func recordCount(t *testing.T, path string) int {
	t.Helper()
	db, err := store.Open(path, store.CreateIfMissing())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	n := 0
	err = db.View(context.Background(), func(tx approvals.Tx) error {
		for ; ; n++ {
			_, err := tx.Message(fmt.Sprintf("m-%06d", n+1))
			if approvals.ErrorCode(err) == approvals.ENOTFOUND {
				return nil
			}
			if err != nil {
				return err
			}
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestPollOnce: every sample message is decided as `intake ingest`
// decides it and marked; a second run decides nothing; a run after the
// keywords were lost (a crash after the commit, before the mark) decides
// nothing twice and marks everything again.
func TestPollOnce(t *testing.T) {
	forEachServer(t, func(t *testing.T, s *imaptest.Server) {
		w := pollWorkspace(t, s)
		prefixes := appendSamples(t, s, "INBOX")
		checkSampleDecisions(t, w.poll(s), prefixes)
		checkMarked(t, s, "INBOX", len(sampleWant))
		if got := w.poll(s); len(got) != 0 {
			t.Errorf("second poll decided %+v, want nothing", got)
		}
		s.RemoveFlags(t, "INBOX", mailbox.DoneKeyword)
		if msgs, _ := s.Contents(t, "INBOX"); len(msgs) == 0 || msgs[0].Has(mailbox.DoneKeyword) {
			t.Fatalf("keywords not removed: %+v", msgs)
		}
		if got := w.poll(s); len(got) != 0 {
			t.Errorf("poll after the keywords were removed decided %+v, want nothing", got)
		}
		checkMarked(t, s, "INBOX", len(sampleWant))
		if got := recordCount(t, w.db); got != len(sampleWant) {
			t.Errorf("%d messages recorded, want %d", got, len(sampleWant))
		}
		w.ok("ledger", "verify")
	})
}

// oversized returns sample 01 with a new Message-ID and its body padded
// past size bytes; bodyMark is in the padding only.
func oversized(t *testing.T, size int) []byte {
	raw, err := os.ReadFile(samples(t, "01")[0])
	if err != nil {
		t.Fatal(err)
	}
	raw = bytes.Replace(raw, []byte("<demo01@pines.example>"), []byte("<big@pines.example>"), 1)
	pad := bytes.Repeat([]byte(bodyMark+" lorem ipsum dolor sit amet\n"), size/40+1)
	return append(append(raw, '\n'), pad...)
}

const bodyMark = "PADDING-BODY-LINE"

func TestPollOnceOversizedMessage(t *testing.T) {
	forEachServer(t, func(t *testing.T, s *imaptest.Server) {
		w := pollWorkspace(t, s, `max_message_size = "4KB"`)
		raw := oversized(t, 16<<10)
		s.AppendAt(t, "INBOX", demoserver.ReceivedDate(raw), raw)
		got := w.poll(s)
		if len(got) != 1 || got[0].Outcome != "unreadable" || !strings.Contains(got[0].Error, "max_message_size") {
			t.Fatalf("poll = %+v, want one unreadable message naming max_message_size", got)
		}
		if got[0].ReviewID == "" {
			t.Errorf("no review item for the oversized message: %+v", got[0])
		}
		stored := storedRaw(t, w.db, got[0].Record)
		if len(stored) >= 4<<10 || bytes.Contains(stored, []byte(bodyMark)) || !bytes.Contains(stored, []byte("<big@pines.example>")) {
			t.Errorf("stored %d bytes, want the header only:\n%.300s", len(stored), stored)
		}
		checkMarked(t, s, "INBOX", 1)
	})
}

// TestPollOnceLargeMessage: a message with a 3 MiB attachment, whose raw
// bytes are staged as a file beside the database while it is prepared, is
// decided (Maria's permission to add Parcel Pal to The Pines is applied),
// stored byte for byte in <db>-raw, and verified by `ledger verify`.
func TestPollOnceLargeMessage(t *testing.T) {
	forEachServer(t, func(t *testing.T, s *imaptest.Server) {
		w := pollWorkspace(t, s)
		now := time.Now()
		large := backlog.Message(0, 4<<10, 3<<20, now)
		s.AppendAt(t, "INBOX", now, large)
		got := w.poll(s)
		// The filler sentences around the consent are not courtesy, so the
		// request waits for staff (held_by_sender) rather than applying.
		if len(got) != 1 || got[0].Outcome != "processed" || len(got[0].Requests) != 1 ||
			got[0].Requests[0].Status != "pending" || got[0].Requests[0].Reason != "held_by_sender" {
			t.Fatalf("poll = %+v, want one processed message with its request held by the filler", got)
		}
		if stored := storedRaw(t, w.db, got[0].Record); !bytes.Equal(stored, large) {
			t.Errorf("stored %d bytes, want the %d appended", len(stored), len(large))
		}
		sum := approvals.Hash(large)
		if info, err := os.Stat(filepath.Join(w.db+"-raw", sum[:2], sum)); err != nil || info.Size() != int64(len(large)) {
			t.Errorf("raw file of the large message: %v", err)
		}
		checkMarked(t, s, "INBOX", 1)
		w.ok("ledger", "verify")
	})
}

// storedRaw returns the raw bytes recorded for message record id.
func storedRaw(t *testing.T, path, id string) []byte {
	t.Helper()
	db, err := store.Open(path, store.CreateIfMissing())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var raw []byte
	err = db.View(context.Background(), func(tx approvals.Tx) error {
		m, err := tx.Message(id)
		if err != nil {
			return err
		}
		raw, err = tx.Raw(m.Hash)
		return err
	})
	if err != nil {
		t.Fatalf("read stored message %s: %v", id, err)
	}
	return raw
}

func TestPollOnceMovesToProcessedMailbox(t *testing.T) {
	forEachServer(t, func(t *testing.T, s *imaptest.Server) {
		w := pollWorkspace(t, s, `processed_mailbox = "Processed"`)
		prefixes := appendSamples(t, s, "INBOX")
		checkSampleDecisions(t, w.poll(s), prefixes)
		checkMarked(t, s, "INBOX", 0)
		checkMarked(t, s, "Processed", len(sampleWant))
		if got := w.poll(s); len(got) != 0 {
			t.Errorf("second poll decided %+v, want nothing", got)
		}
	})
}

// TestPollOnceCredentialAndSizeErrors: an empty password file, both
// password keys, a size past int64 and a missing authserv_id are usage
// errors naming the key, not a failed login, a wrapped number or a poller
// that can prove no sender.
func TestPollOnceCredentialAndSizeErrors(t *testing.T) {
	s := imaptest.NewMemServer(t)
	empty := filepath.Join(t.TempDir(), "password")
	if err := os.WriteFile(empty, []byte("\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	fileOnly := strings.Replace(pollConfig(s), fmt.Sprintf("password_env = %q", pollPasswordEnv), fmt.Sprintf("password_file = %q", empty), 1)
	for _, tt := range []struct{ name, config, want string }{
		{"empty password file", fileOnly, "imap.password_file: " + empty + " is empty"},
		{"both password keys", pollConfig(s, fmt.Sprintf("password_file = %q", empty)), "imap.password_file: set it or imap.password_env, not both"},
		{"size past int64", pollConfig(s, `max_message_size = "17179869184GB"`), "imap.max_message_size"},
		{"no authserv_id", strings.Replace(pollConfig(s), `authserv_id = "mx.door.com"`, "", 1), "auth.authserv_id: empty"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorkspace(t, tt.config)
			if tt.name != "size past int64" { // refused before the database is read
				w.ok("directory", "load", abs(t, sampleDirJSON))
			}
			r := w.runEnv([]string{pollPasswordEnv + "=x"}, "poll", "--once")
			if r.code != exitUsage || !strings.Contains(r.stderr, tt.want) {
				t.Errorf("got %v, want exit 2 naming %q", r, tt.want)
			}
		})
	}
}

func TestPollOnceUsageErrors(t *testing.T) {
	s := imaptest.NewMemServer(t)
	tests := []struct {
		name  string
		extra string // replaces the [imap] address
		env   []string
		want  []string // in stderr
	}{
		{"password_env unset", "", nil, []string{"imap.password_env", pollPasswordEnv}},
		{"security none off loopback", `address = "192.0.2.1:143"`, []string{pollPasswordEnv + "=x"}, []string{"imap.security", "192.0.2.1"}},
		{"poll without --once", "", []string{pollPasswordEnv + "=x"}, []string{"--once"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			config := pollConfig(s)
			if tt.extra != "" {
				config = strings.Replace(config, fmt.Sprintf("address = %q", s.Addr()), tt.extra, 1)
			}
			w := newWorkspace(t, config)
			w.ok("directory", "load", abs(t, sampleDirJSON))
			args := []string{"poll", "--once", "--json"}
			if tt.name == "poll without --once" {
				args = []string{"poll"}
			}
			r := w.runEnv(tt.env, args...)
			if r.code != exitUsage {
				t.Errorf("got %v, want exit 2", r)
			}
			for _, want := range tt.want {
				if !strings.Contains(r.stderr, want) {
					t.Errorf("stderr lacks %q: %v", want, r)
				}
			}
		})
	}
}

// TestPollOnceOAuth logs in with the token printed by
// oauth2_token_command, for both OAuth mechanisms; a wrong token fails
// without being printed.
func TestPollOnceOAuth(t *testing.T) {
	const user, token = "maria@door.example", "ya29.poll-test-token"
	for _, mech := range []string{"oauthbearer", "xoauth2"} {
		t.Run(mech, func(t *testing.T) {
			s := imaptest.NewMemServer(t, imaptest.WithOAuthTokens(map[string]string{user: token}))
			raw, err := os.ReadFile(samples(t, "01")[0])
			if err != nil {
				t.Fatal(err)
			}
			s.AppendAt(t, "INBOX", demoserver.ReceivedDate(raw), raw)
			oauth := func(tok string) string {
				return strings.Replace(pollConfig(s, fmt.Sprintf("auth_mechanism = %q\noauth2_token_command = %q", mech, "printf "+tok)),
					fmt.Sprintf("username = %q", s.Username()), fmt.Sprintf("username = %q", user), 1)
			}
			bad := newWorkspace(t, oauth("expired-token"))
			bad.ok("directory", "load", abs(t, sampleDirJSON))
			if r := bad.run("poll", "--once", "--json"); r.code == exitOK || strings.Contains(r.stdout+r.stderr, "expired-token") {
				t.Errorf("poll with a wrong token: %v\nwant a failure that does not print the token", r)
			}
			w := newWorkspace(t, oauth(token))
			w.ok("directory", "load", abs(t, sampleDirJSON))
			r := w.ok("poll", "--once", "--json")
			var got []ingestJSON
			if err := json.Unmarshal([]byte(r.stdout), &got); err != nil || len(got) != 1 || got[0].Outcome != "processed" {
				t.Errorf("poll = %v (%v), want sample 01 processed", r, err)
			}
			if strings.Contains(r.stdout+r.stderr, token) {
				t.Errorf("token printed: %v", r)
			}
			checkMarked(t, s, "INBOX", 1)
		})
	}
}
