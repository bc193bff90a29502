package audit

import (
	"slices"
	"strings"
	"testing"
	"time"

	"intake/approvals"
	"intake/store"
)

func TestCleanDatabase(t *testing.T) {
	f := newFixture(t)
	add := f.receive("req-add-basic.eml")
	if add.Status != approvals.StatusApplied {
		t.Fatalf("add: %s %s, want applied", add.Status, add.Reason)
	}
	f.now = f.now.Add(time.Hour)
	r := f.run()
	if !r.OK || len(r.Findings) != 0 {
		t.Fatalf("clean database: ok %v, findings %+v", r.OK, r.Findings)
	}
	if r.Run != 1 || r.LedgerEntries < 3 || !r.StartedAt.Equal(f.now) {
		t.Errorf("report = run %d, %d entries, started %s", r.Run, r.LedgerEntries, r.StartedAt)
	}
	if got := r.Skipped; len(got) != 0 {
		t.Errorf("skipped = %+v, want every check run", got)
	}
	// The run is stored and recorded in the ledger, which still verifies.
	run, err := f.db.LastAuditRun(t.Context())
	if err != nil || run.ID != 1 || run.LedgerSeq == 0 {
		t.Fatalf("LastAuditRun = %+v, %v", run, err)
	}
	v, err := f.db.Verify(t.Context())
	if err != nil || !v.OK || v.Entries != int(run.LedgerSeq) {
		t.Fatalf("Verify after the run = %+v, %v; want ok with the run's entry last", v, err)
	}
	// A second run verifies the first one's entry too.
	if r2 := f.run(); !r2.OK || r2.Run != 2 || r2.LedgerEntries != v.Entries {
		t.Errorf("second run: ok %v, run %d, %d entries; want ok, 2, %d", r2.OK, r2.Run, r2.LedgerEntries, v.Entries)
	}
}

func TestTamperedLedger(t *testing.T) {
	f := newFixture(t)
	f.receive("req-add-basic.eml")
	f.rawSQL(`DROP TRIGGER ledger_no_update`, `UPDATE ledger SET actor = 'someone' WHERE seq = 2`)
	r := f.run()
	got := find(r, CheckLedgerChain)
	if len(got) != 1 || got[0].Subject != "ledger entry 2" || got[0].Severity != SeverityCritical {
		t.Fatalf("ledger_chain findings = %+v, want entry 2, critical", got)
	}
	if r.OK {
		t.Error("ok with a tampered ledger")
	}
}

func TestTamperedRawMessage(t *testing.T) {
	f := newFixture(t)
	add := f.receive("req-add-basic.eml")
	_ = add
	f.rawSQL(`UPDATE raw_messages SET bytes = CAST('edited' AS BLOB), size = 6`)
	r := f.run()
	if got := find(r, CheckRawMessages); len(got) != 1 || got[0].Severity != SeverityCritical {
		t.Fatalf("raw_messages findings = %+v, want one critical", got)
	}
}

func TestInconsistentDoor(t *testing.T) {
	f := newFixture(t)
	// p-acme is not enabled on prop-pines; the foreign key that forbids
	// this is off on the editor's connection.
	f.rawSQL(`UPDATE doors SET partner_id = 'p-acme' WHERE id = 'd-pines-main'`)
	r := f.run()
	got := find(r, CheckDoorNotEnabled)
	if len(got) != 1 || got[0].Subject != "door d-pines-main" || got[0].Severity != SeverityCritical {
		t.Fatalf("door findings = %+v, want d-pines-main, critical", got)
	}
	// The change has no ledger entry: the replay check names the door.
	if got := subjects(r, CheckLedgerReplay); !slices.Contains(got, "door d-pines-main") {
		t.Errorf("ledger_replay subjects = %v, want door d-pines-main", got)
	}
}

func TestExpiredRemoval(t *testing.T) {
	f := newFixture(t)
	f.receive("req-add-basic.eml")
	if _, err := f.svc.AssignDoor(t.Context(), "d-pines-main", "p-acme", ""); err != nil {
		t.Fatal(err)
	}
	rm := f.receive("req-remove-basic.eml")
	if rm.Status != approvals.StatusWaiting {
		t.Fatalf("removal: %s, want waiting", rm.Status)
	}
	if err := f.db.MarkDirectoryLoaded(t.Context(), f.now.Add(336*time.Hour)); err != nil {
		t.Fatal(err)
	}
	f.now = f.now.Add(335 * time.Hour)
	if got := find(f.run(), CheckRemovalExpired); len(got) != 0 {
		t.Fatalf("before removal_wait: %+v", got)
	}
	f.now = f.now.Add(2 * time.Hour)
	r := f.run()
	got := find(r, CheckRemovalExpired)
	if len(got) != 1 || got[0].Subject != rm.ID || got[0].Severity != SeverityInfo {
		t.Fatalf("removal_expired = %+v, want %s, info", got, rm.ID)
	}
	if want := []string{CheckRemovalExpired}; !slices.Equal(checksOf(r), want) {
		t.Errorf("checks found = %v, want %v", checksOf(r), want)
	}
	// Expired and recorded, as the hourly job does: the ledger replays to it.
	f.view(func(tx approvals.Tx) {
		q, err := tx.Request(rm.ID)
		if err != nil || q.Status != approvals.StatusExpired {
			t.Errorf("request after the audit = %+v, %v; want expired", q, err)
		}
	})
	if r := f.run(); !r.OK {
		t.Errorf("the run after: %+v, want ok", r.Findings)
	}
}

func TestOldPending(t *testing.T) {
	f := newFixture(t)
	p := f.receive("id-spf-only.eml")
	if p.Status != approvals.StatusPending {
		t.Fatalf("spf-only: %s, want pending", p.Status)
	}
	f.now = f.now.Add(47 * time.Hour)
	if got := find(f.run(), CheckPendingOverdue); len(got) != 0 {
		t.Fatalf("at 47h: %+v", got)
	}
	f.now = f.now.Add(2 * time.Hour)
	r := f.run()
	if got := subjects(r, CheckPendingOverdue); !slices.Equal(got, []string{p.ID}) {
		t.Fatalf("pending_overdue subjects = %v, want [%s]", got, p.ID)
	}
	if got := find(r, CheckPendingOverdue)[0].Severity; got != SeverityWarning {
		t.Errorf("severity %s, want warning", got)
	}
}

func TestDoorAwaitingUpdate(t *testing.T) {
	f := newFixture(t)
	f.receive("req-add-basic.eml")
	ctx := t.Context()
	if _, err := f.svc.AssignDoor(ctx, "d-pines-101", "p-acme", ""); err != nil {
		t.Fatal(err)
	}
	f.now = f.now.Add(time.Hour)
	if _, err := f.svc.UnassignDoor(ctx, "d-pines-101", ""); err != nil {
		t.Fatal(err)
	}
	f.now = f.now.Add(23 * time.Hour)
	if got := find(f.run(), CheckDoorAwaitingUpdate); len(got) != 0 {
		t.Fatalf("at 23h: %+v", got)
	}
	f.now = f.now.Add(2 * time.Hour)
	if got := subjects(f.run(), CheckDoorAwaitingUpdate); !slices.Equal(got, []string{"door d-pines-101"}) {
		t.Fatalf("door_awaiting_update subjects = %v, want door d-pines-101", got)
	}
	if _, err := f.svc.DoorSynced(ctx, "d-pines-101", ""); err != nil {
		t.Fatal(err)
	}
	if r := f.run(); !r.OK {
		t.Errorf("after the door update: %+v", r.Findings)
	}
}

func TestStaleDirectory(t *testing.T) {
	f := newFixture(t)
	f.now = f.now.Add(7*24*time.Hour - time.Minute)
	if got := find(f.run(), CheckDirectoryStale); len(got) != 0 {
		t.Fatalf("before 7 days: %+v", got)
	}
	f.now = f.now.Add(2 * time.Minute)
	if got := find(f.run(), CheckDirectoryStale); len(got) != 1 || got[0].Severity != SeverityWarning {
		t.Fatalf("after 7 days: %+v, want one warning", got)
	}
	// An unchanged reload writes no ledger entry but counts.
	if err := f.db.MarkDirectoryLoaded(t.Context(), f.now); err != nil {
		t.Fatal(err)
	}
	if r := f.run(); !r.OK {
		t.Errorf("after a reload: %+v", r.Findings)
	}
}

func TestGrantLost(t *testing.T) {
	f := newFixture(t)
	add := f.receive("req-add-basic.eml")
	d := testDirectory()
	d.Enabled = append(d.Enabled, approvals.Enablement{Property: "prop-pines", Partner: "p-acme"})
	if _, err := f.svc.LoadDirectory(t.Context(), d, ""); err != nil {
		t.Fatal(err)
	}
	if r := f.run(); !r.OK {
		t.Fatalf("maria still has permission: %+v", r.Findings)
	}
	d.Managers[0].Properties = []string{"prop-oaks"}
	if _, err := f.svc.LoadDirectory(t.Context(), d, ""); err != nil {
		t.Fatal(err)
	}
	got := find(f.run(), CheckGrantLost)
	if len(got) != 1 || got[0].Subject != "p-acme on prop-pines" || got[0].Severity != SeverityWarning {
		t.Fatalf("grant_lost = %+v, want p-acme on prop-pines, warning (granted by %s)", got, add.ID)
	}
	// Portfolio permission is permission too: sam's would do, maria's must.
	d.Managers[0].Portfolios = []string{"pf-west"}
	if _, err := f.svc.LoadDirectory(t.Context(), d, ""); err != nil {
		t.Fatal(err)
	}
	if r := f.run(); !r.OK {
		t.Errorf("with portfolio permission: %+v", r.Findings)
	}
}

func TestIMAPStalled(t *testing.T) {
	for _, tc := range []struct {
		name           string
		beat, lastPass time.Duration // before now; lastPass 0: none yet
		started        time.Duration
		want           bool
	}{
		{"recent pass", 0, 10 * time.Minute, 3 * time.Hour, false},
		{"pass 61 minutes ago", 0, 61 * time.Minute, 3 * time.Hour, true},
		{"no pass since a start 2 hours ago", 0, 0, 2 * time.Hour, true},
		{"no pass since a start 30 minutes ago", 0, 0, 30 * time.Minute, false},
		{"poller stopped", 10 * time.Minute, 3 * time.Hour, 4 * time.Hour, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			b := store.PollerBeat{Mailbox: "INBOX", Started: f.now.Add(-tc.started), Beat: f.now.Add(-tc.beat)}
			if tc.lastPass > 0 {
				b.LastPass = f.now.Add(-tc.lastPass)
			}
			if err := f.db.BeatPoller(t.Context(), b); err != nil {
				t.Fatal(err)
			}
			got := subjects(f.run(), CheckIMAPStalled)
			if want := tc.want; (len(got) == 1 && got[0] == "mailbox INBOX") != want || len(got) > 1 {
				t.Errorf("imap_stalled subjects = %v, want finding %v", got, want)
			}
		})
	}
}

func (f *fixture) view(fn func(approvals.Tx)) {
	f.t.Helper()
	if err := f.db.View(f.t.Context(), func(tx approvals.Tx) error { fn(tx); return nil }); err != nil {
		f.t.Fatal(err)
	}
}

// TestRepliesUndelivered: a reply still queued, or given up on, a day
// after it was written is a warning naming it; one sent, or younger, is
// not.
func TestRepliesUndelivered(t *testing.T) {
	f := newFixture(t)
	r := f.receive("req-add-basic.eml")
	var source string
	f.view(func(tx approvals.Tx) {
		req, err := tx.Request(r.ID)
		if err != nil {
			t.Fatal(err)
		}
		source = req.MessageID
	})
	write := func(id string, status approvals.OutboxStatus, created time.Time) {
		t.Helper()
		err := f.db.Update(t.Context(), func(tx approvals.Tx) error {
			return tx.CreateOutbound(&approvals.Outbound{MessageID: id + "@door.com", Source: source, To: "maria@pines.example",
				Subject: "Re: x", Body: []byte("body"), Kind: "applied", Status: status, LastError: "451 try later",
				CreatedAt: created, NextAttemptAt: created})
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	old := f.now.Add(-ReplyDeliveryLimit - time.Hour)
	write("queued-old", approvals.OutboxQueued, old)
	write("sent-old", approvals.OutboxSent, old)
	write("queued-new", approvals.OutboxQueued, f.now.Add(-time.Hour))
	got := find(f.run(), CheckRepliesUndelivered)
	if len(got) != 1 || got[0].Subject != "o-000001" || got[0].Severity != SeverityWarning ||
		!strings.Contains(got[0].Detail, "maria@pines.example") || !strings.Contains(got[0].Detail, "451 try later") {
		t.Errorf("findings = %+v, want one warning for o-000001 naming the address and the last error", got)
	}
}
