package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"intake/approvals"
	"intake/store"
)

// withOutbox returns a loaded workspace with one message ingested and two
// replies to it in the outbox: o-000001 queued and o-000002 failed.
func withOutbox(t *testing.T) *workspace {
	t.Helper()
	w := loaded(t)
	w.ok("ingest", samples(t, "01")[0])
	db, err := store.Open(w.db, store.CreateIfMissing())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	now := time.Now()
	err = db.Update(context.Background(), func(tx approvals.Tx) error {
		for i, to := range []string{"maria@pines.example", "maria\u202e@pines.example"} {
			o := &approvals.Outbound{MessageID: "r" + string(rune('1'+i)) + "@door.com", Source: "m-000001", To: to,
				Subject: "Re: access", Body: []byte("Subject: Re: access\r\n\r\nHello \u202eMaria\r\n"), Kind: "applied",
				Status: approvals.OutboxQueued, CreatedAt: now, NextAttemptAt: now}
			if err := tx.CreateOutbound(o); err != nil {
				return err
			}
		}
		o, err := tx.Outbound("o-000002")
		if err != nil {
			return err
		}
		o.Status, o.Attempts, o.NextAttemptAt, o.LastError = approvals.OutboxFailed, 1, time.Time{}, "smtp RCPT: 550 no such user"
		return tx.UpdateOutbound(o)
	})
	if err != nil {
		t.Fatal(err)
	}
	return w
}

func TestOutboxListAndShow(t *testing.T) {
	w := withOutbox(t)
	r := w.ok("outbox", "list")
	if !strings.Contains(r.stdout, "o-000001") || !strings.Contains(r.stdout, "o-000002") ||
		strings.Index(r.stdout, "o-000002") > strings.Index(r.stdout, "o-000001") || strings.Contains(r.stdout, "\u202e") {
		t.Errorf("outbox list: want both replies, newest first, escaped:\n%s", r.stdout)
	}
	var rows []map[string]any
	w.jsonOf(&rows, "outbox", "list", "--json", "--status", "failed")
	if len(rows) != 1 || rows[0]["id"] != "o-000002" || rows[0]["last_error"] != "smtp RCPT: 550 no such user" {
		t.Fatalf("outbox list --json --status failed = %v", rows)
	}
	checkKeys(t, "outbox row", rows[0], "id", "message_id", "message", "to", "subject", "kind", "status",
		"attempts", "last_error", "created_at")
	r = w.ok("outbox", "show", "o-000002")
	for _, want := range []string{"reply o-000002", "<r2@door.com>", "550 no such user", "== message ==", `Hello \u202eMaria`} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("outbox show: no %q in\n%s", want, r.stdout)
		}
	}
	if strings.Contains(r.stdout, "\u202e") {
		t.Errorf("outbox show prints an unescaped bidi character:\n%s", r.stdout)
	}
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"outbox", "list", "--status", "lost"}, exitUsage, "--status"},
		{[]string{"outbox", "show"}, exitUsage, "want one reply ID"},
		{[]string{"outbox", "show", "o-000009"}, exitProblem, "not found"},
	} {
		if r := w.run(tc.args...); r.code != tc.code || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("intake %v: want exit %d naming %q: %v", tc.args, tc.code, tc.want, r)
		}
	}
}

func TestOutboxRetry(t *testing.T) {
	w := withOutbox(t)
	w.addStaff("sam@door.com")
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"outbox", "retry", "o-000002"}, exitUsage, "--as EMAIL is required"},
		{[]string{"outbox", "retry", "o-000002", "--as", "eve@door.com"}, exitUsage, "staff"},
		{[]string{"outbox", "retry", "o-000001", "--as", "sam@door.com"}, exitProblem, "only a failed reply"},
	} {
		if r := w.run(tc.args...); r.code != tc.code || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("intake %v: want exit %d naming %q: %v", tc.args, tc.code, tc.want, r)
		}
	}
	r := w.ok("outbox", "retry", "o-000002", "--as", "sam@door.com")
	if !strings.Contains(r.stdout, "queued o-000002 again") || !strings.Contains(r.stdout, "<r2@door.com>") {
		t.Errorf("outbox retry: %s", r.stdout)
	}
	var rows []map[string]any
	w.jsonOf(&rows, "outbox", "list", "--json", "--status", "queued")
	if len(rows) != 2 {
		t.Errorf("queued after retry = %v, want both replies", rows)
	}
	db, err := store.Open(w.db, store.CreateIfMissing())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	entries, err := db.Entries(t.Context(), 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	if last := entries[len(entries)-1]; last.Kind != approvals.EntryReplyRetry || last.Actor != "staff:sam@door.com" || last.Subject != "o-000002" {
		t.Errorf("last ledger entry = %+v, want reply.retry of o-000002 by staff:sam@door.com", last)
	}
	w.ok("ledger", "verify")
}
