package audit

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"

	"intake/approvals"
	"intake/internal/procmem"
	"intake/store"
)

// Sizes of BenchmarkAudit's database (issue 16): 100,000 messages and
// 1,000,000 ledger entries. INTAKE_AUDIT_BENCH_MESSAGES sets the messages
// and INTAKE_AUDIT_BENCH_DOOR_PAIRS the door events per message, so that
// the ledger can grow while the state stays the same size.
const (
	benchMessages       = 100_000
	benchDoorPairs      = 4 // door assign/unassign pairs per message: ten entries with its message and decision
	benchBatch          = 2_000
	benchProperties     = 100
	benchDoorsPerProp   = 10
	benchRawMessageSize = 2_000
)

// BenchmarkAudit runs the whole audit over a ledger of 1,000,000 entries
// and 100,000 messages written through the store's real tables and
// chain, and reports the peak RSS of the audit alone (the generation's
// is reset first). INTAKE_AUDIT_BENCH_DB names a database file to keep:
// generated when absent, reused (with the runs stored by earlier
// benchmarks) when present.
func BenchmarkAudit(b *testing.B) {
	n, pairs := envInt(b, "INTAKE_AUDIT_BENCH_MESSAGES", benchMessages), envInt(b, "INTAKE_AUDIT_BENCH_DOOR_PAIRS", benchDoorPairs)
	path, keep := os.LookupEnv("INTAKE_AUDIT_BENCH_DB")
	if !keep {
		path = filepath.Join(b.TempDir(), "intake.db")
	}
	_, statErr := os.Stat(path)
	reuse := keep && statErr == nil
	db, err := store.Open(path, store.CreateIfMissing())
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	svc := approvals.NewService(db, approvals.Config{Addresses: []string{"integrations@door.com"}})
	if !reuse {
		if _, err := svc.LoadDirectory(b.Context(), benchDirectory(), ""); err != nil {
			b.Fatal(err)
		}
		start := time.Now()
		bulkLedger(b, db, n, pairs)
		b.Logf("generated %d messages, %d ledger entries in %s", n, n*(2+2*pairs)+1, time.Since(start).Round(time.Second))
	}
	a := New(db, svc, Options{})
	procmem.ResetPeak()
	cpu0 := cpuTime(b)
	for b.Loop() {
		r, err := a.Run(b.Context())
		if err != nil {
			b.Fatal(err)
		}
		if !r.OK || r.LedgerEntries < n*(2+2*pairs) {
			b.Fatalf("audit: ok %v, %d entries, findings %+v", r.OK, r.LedgerEntries, r.Findings[:min(5, len(r.Findings))])
		}
	}
	b.ReportMetric((cpuTime(b)-cpu0).Seconds()/float64(b.N), "cpu-s/op")
	if kib := procmem.PeakRSS("self"); kib > 0 {
		b.ReportMetric(float64(kib)/1024, "peak-RSS-MiB")
	}
}

// benchDirectory has benchProperties properties of benchDoorsPerProp
// connected doors each, partner p-0 enabled on all of them.
func benchDirectory() *approvals.Directory {
	d := &approvals.Directory{
		Partners:   []approvals.Partner{{ID: "p-0", Name: "Partner Zero"}, {ID: "p-1", Name: "Partner One"}},
		Portfolios: []approvals.Portfolio{{ID: "pf-0", Name: "Portfolio"}},
		Managers:   []approvals.Manager{{Email: "m@example.com", Name: "M", Properties: []string{}, Portfolios: []string{"pf-0"}}},
	}
	for p := range benchProperties {
		id := fmt.Sprintf("prop-%d", p)
		d.Properties = append(d.Properties, approvals.Property{ID: id, Name: "Property " + strconv.Itoa(p), Portfolio: "pf-0"})
		d.Enabled = append(d.Enabled, approvals.Enablement{Property: id, Partner: "p-0"})
		for k := range benchDoorsPerProp {
			d.Doors = append(d.Doors, approvals.Door{ID: fmt.Sprintf("d-%d-%d", p, k), Property: id,
				Name: "Door", Kind: approvals.DoorCommunal, Connected: true})
		}
	}
	return d
}

// bulkLedger writes n messages, each with its raw bytes, one rejected
// request, and pairs door assign/unassign pairs, with their ledger entries,
// through approvals.Tx in transactions of benchBatch messages.
func bulkLedger(b *testing.B, db *store.DB, n, pairs int) {
	now := time.Now().Add(-time.Hour).UTC()
	for first := 0; first < n; first += benchBatch {
		err := db.Update(b.Context(), func(tx approvals.Tx) error {
			for i := first; i < min(first+benchBatch, n); i++ {
				if err := bulkMessage(tx, i, pairs, now); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
}

// bulkMessage writes message i and its 2+2*pairs ledger entries.
func bulkMessage(tx approvals.Tx, i, pairs int, now time.Time) error {
	raw := benchRaw(i)
	m := &approvals.Message{MessageID: fmt.Sprintf("<%d@example.com>", i), Hash: approvals.Hash(raw),
		Source: "imap:INBOX/1/" + strconv.Itoa(i), Sender: "m@example.com", Subject: "Access",
		ReceivedAt: now, Outcome: approvals.OutcomeProcessed}
	if err := tx.PutRaw(m.Hash, raw); err != nil {
		return err
	}
	if err := tx.CreateMessage(m); err != nil {
		return err
	}
	prop := fmt.Sprintf("prop-%d", i%benchProperties)
	r := &approvals.Request{MessageID: m.ID, Action: approvals.ActionAdd, Partner: "Partner One", Property: prop,
		PartnerID: "p-1", PropertyID: prop, Status: approvals.StatusRejected, Reason: approvals.ReasonNoPermission,
		Checks: []approvals.Check{{Name: "permission", Detail: "m@example.com has no permission"}},
		Sender: m.Sender, ReceivedAt: now, DecidedAt: now}
	if err := tx.CreateRequest(r); err != nil {
		return err
	}
	if err := appendJSON(tx, approvals.EntryMessage, m.ID, approvals.MessageEvent{ID: m.ID, MessageID: m.MessageID,
		Hash: m.Hash, Source: m.Source, Outcome: m.Outcome, Sender: m.Sender}); err != nil {
		return err
	}
	if err := appendJSON(tx, approvals.EntryDecision, r.ID, approvals.DecisionEvent{Request: r.ID, Message: m.ID,
		Action: r.Action, Partner: r.Partner, Property: r.Property, PartnerID: r.PartnerID, PropertyID: r.PropertyID,
		Status: r.Status, Reason: r.Reason, Checks: r.Checks}); err != nil {
		return err
	}
	door := &approvals.Door{ID: fmt.Sprintf("d-%d-%d", i%benchProperties, i%benchDoorsPerProp), Property: prop,
		Kind: approvals.DoorCommunal, Connected: true}
	for range pairs {
		for _, kind := range []approvals.EntryKind{approvals.EntryDoorAssign, approvals.EntryDoorUnassign} {
			door.Partner = ""
			if kind == approvals.EntryDoorAssign {
				door.Partner = "p-0"
			}
			if err := tx.PutDoor(door); err != nil {
				return err
			}
			if err := appendJSON(tx, kind, door.ID, approvals.DoorEvent{Door: door.ID, Partner: door.Partner,
				Property: prop}); err != nil {
				return err
			}
		}
	}
	return nil
}

func appendJSON(tx approvals.Tx, kind approvals.EntryKind, subject string, v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return err
	}
	_, err = tx.Append(approvals.Entry{Kind: kind, Actor: approvals.ActorIntake, Subject: subject, Data: data})
	return err
}

// benchRaw returns a unique message of about benchRawMessageSize bytes.
func benchRaw(i int) []byte {
	b := fmt.Appendf(nil, "From: m@example.com\r\nTo: integrations@door.com\r\nMessage-ID: <%d@example.com>\r\n"+
		"Subject: Access\r\n\r\nWe give DOOR permission to add Partner One to Property %d.\r\n", i, i%benchProperties)
	for len(b) < benchRawMessageSize {
		b = append(b, "Kind regards, the property management office.\r\n"...)
	}
	return b
}

// envInt returns the integer in the environment variable, def when unset.
func envInt(b *testing.B, name string, def int) int {
	s := os.Getenv(name)
	if s == "" {
		return def
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		b.Fatalf("%s: %q is not a count", name, s)
	}
	return n
}

// cpuTime returns the user and system CPU time of the process so far: on
// a machine shared with other work the wall time of a run says less than
// the CPU it took (with two cores, a run takes at least half of it).
func cpuTime(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
