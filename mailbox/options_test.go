package mailbox

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
)

func TestNewValidatesOptions(t *testing.T) {
	auth := Password{Username: "u", Password: "p"}
	cases := []struct {
		name string
		opts Options
		want string // substring of the error; empty for success
	}{
		{"defaults", Options{Address: "imap.example.com:993", Auth: auth}, ""},
		{"no port", Options{Address: "imap.example.com", Auth: auth}, "address"},
		{"none on loopback", Options{Address: "127.0.0.1:143", Security: SecurityNone, Auth: auth}, ""},
		{"none on localhost", Options{Address: "localhost:143", Security: SecurityNone, Auth: auth}, ""},
		{"none on ::1", Options{Address: "[::1]:143", Security: SecurityNone, Auth: auth}, ""},
		{"none remote", Options{Address: "imap.example.com:143", Security: SecurityNone, Auth: auth}, "not a loopback"},
		{"none on a LAN address", Options{Address: "10.0.0.1:143", Security: SecurityNone, Auth: auth}, "not a loopback"},
		{"bad security", Options{Address: "h:1", Security: "ssl", Auth: auth}, "security"},
		{"no auth", Options{Address: "h:1"}, "authenticator"},
		{"processed is inbox", Options{Address: "h:1", Auth: auth, ProcessedMailbox: "inbox"}, "same as mailbox"},
		{"negative size", Options{Address: "h:1", Auth: auth, MaxMessageSize: -1}, "size"},
		{"no username", Options{Address: "h:1", Auth: XOAuth2{}}, "username"},
		{"username from options", Options{Address: "h:1", Username: "u", Auth: XOAuth2{}}, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := New(c.opts, newCursor(), func(context.Context, *Message) error { return nil })
			switch {
			case c.want == "" && err != nil:
				t.Errorf("New: %v", err)
			case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
				t.Errorf("New = %v, want an error about %q", err, c.want)
			}
		})
	}
}

func TestNewAppliesDefaults(t *testing.T) {
	p, err := New(Options{Address: "h:993", Auth: Password{Username: "u"}}, newCursor(), func(context.Context, *Message) error { return nil })
	if err != nil {
		t.Fatal(err)
	}
	o := p.opts
	got := []any{o.Username, o.Security, o.Mailbox, o.IdleRefresh, o.PollInterval, o.BatchSize, o.MaxMessageSize, o.CommandTimeout}
	want := []any{"u", SecurityTLS, "INBOX", 9 * time.Minute, time.Minute, 200, int64(25 << 20), time.Minute}
	for i := range got {
		if got[i] != want[i] {
			t.Errorf("default %d = %v, want %v", i, got[i], want[i])
		}
	}
}

func TestDefaultBackoff(t *testing.T) {
	for attempt, max := range []time.Duration{time.Second, 2 * time.Second, 4 * time.Second} {
		for i := 0; i < 100; i++ {
			if d := DefaultBackoff(attempt); d < max/2 || d >= max {
				t.Fatalf("DefaultBackoff(%d) = %v, want in [%v, %v)", attempt, d, max/2, max)
			}
		}
	}
	for _, attempt := range []int{7, 8, 100, 1 << 30} {
		if d := DefaultBackoff(attempt); d < time.Minute || d >= 2*time.Minute {
			t.Errorf("DefaultBackoff(%d) = %v, want capped at 2m", attempt, d)
		}
	}
}

func TestAbove(t *testing.T) {
	cases := []struct {
		uids  []imap.UID
		start imap.UID
		want  []imap.UID
	}{
		{[]imap.UID{3}, 3, nil}, // "UID 4:*" answered with the last UID
		{[]imap.UID{3}, 10, nil},
		{[]imap.UID{4, 5}, 3, []imap.UID{4, 5}},
		{[]imap.UID{2, 4, 5}, 3, []imap.UID{4, 5}},
		{nil, 0, nil},
	}
	for _, c := range cases {
		if got := above(c.uids, c.start); !equalUIDs(got, c.want) {
			t.Errorf("above(%v, %d) = %v, want %v", c.uids, c.start, got, c.want)
		}
	}
}

func equalUIDs(a, b []imap.UID) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestKeywordsAllowed(t *testing.T) {
	cases := []struct {
		perm []imap.Flag
		want bool
	}{
		{nil, true}, // no PERMANENTFLAGS: everything is permanent
		{[]imap.Flag{imap.FlagSeen, imap.FlagDeleted, imap.FlagWildcard}, true},
		{[]imap.Flag{imap.FlagSeen, "$intakedone"}, true},
		{[]imap.Flag{imap.FlagSeen, imap.FlagDeleted}, false},
		{[]imap.Flag{}, false},
	}
	for _, c := range cases {
		if got := keywordsAllowed(c.perm); got != c.want {
			t.Errorf("keywordsAllowed(%v) = %v, want %v", c.perm, got, c.want)
		}
	}
}

func TestHeaderOf(t *testing.T) {
	cases := []struct{ raw, want string }{
		{"A: 1\r\nB: 2\r\n\r\nbody\r\n\r\nmore", "A: 1\r\nB: 2\r\n\r\n"},
		{"A: 1\n\nbody", "A: 1\n\n"},
		{"A: 1\r\n", "A: 1\r\n"},
		{"", ""},
	}
	for _, c := range cases {
		if got := string(headerOf([]byte(c.raw))); got != c.want {
			t.Errorf("headerOf(%q) = %q, want %q", c.raw, got, c.want)
		}
	}
}

func TestChunkBoundsMemory(t *testing.T) {
	p := &Poller{opts: Options{MaxMessageSize: 25 << 20}}
	metas := []meta{{uid: 1, size: 10 << 20}, {uid: 2, size: 5 << 20}, {uid: 3, size: 5 << 20}, {uid: 4, size: 100 << 20}}
	var got []int
	for len(metas) > 0 {
		c := p.chunk(metas)
		got = append(got, len(c))
		metas = metas[len(c):]
	}
	if want := []int{2, 2}; len(got) != 2 || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("chunk sizes %v, want %v (16 MiB per chunk; oversized ones cost their header)", got, want)
	}
}
