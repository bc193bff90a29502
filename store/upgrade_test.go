package store

import (
	"context"
	"database/sql"
	"fmt"
	"io/fs"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"
)

// upgradeTime is the time written into the fixtures' time columns.
const upgradeTime = "2026-01-02T03:04:05.000Z"

// upgradeRaw is the raw message of the fixtures, stored inline.
var upgradeRaw = []byte("Subject: upgrade\r\n\r\nhello\r\n")

// upgradeFixtures holds one row for every table any migration creates:
// column → value, for the union of the columns the table has had; a row
// is inserted with the columns the table has at the version under test. A
// nil row marks a table whose rows the migrations and triggers write
// themselves. A migration that adds a table must add its fixture here:
// TestUpgradeFromEveryVersion fails naming a table without one.
func upgradeFixtures(t *testing.T) map[string]map[string]any {
	ledgerData := `{"request":"r-000001","action":"approve"}`
	sum, err := newHasher().digest(genesis, 1, upgradeTime, "review", "staff:maria@pines.example", "r-000001", []byte(ledgerData))
	if err != nil {
		t.Fatal(err)
	}
	const staff = "maria@pines.example"
	return map[string]map[string]any{
		"portfolios":         {"id": "pf-west", "name": "West"},
		"partners":           {"id": "p-acme", "name": "Acme Deliveries"},
		"partner_aliases":    {"partner_id": "p-acme", "alias": "Acme", "position": 0},
		"properties":         {"id": "prop-pines", "name": "The Pines", "portfolio_id": "pf-west"},
		"property_aliases":   {"property_id": "prop-pines", "alias": "Pines", "position": 0},
		"enablements":        {"property_id": "prop-pines", "partner_id": "p-acme"},
		"doors":              {"id": "d-main", "property_id": "prop-pines", "name": "Main", "kind": "communal", "connected": 1, "partner_id": "p-acme", "awaiting_update": 0},
		"managers":           {"email": staff, "name": "Maria"},
		"manager_properties": {"email": staff, "property_id": "prop-pines", "position": 0},
		"manager_portfolios": {"email": staff, "portfolio_id": "pf-west", "position": 0},
		"raw_messages":       {"hash": hashOf(upgradeRaw), "bytes": upgradeRaw, "size": len(upgradeRaw)},
		"messages": {"id": 1, "message_id": "<m1@pines.example>", "hash": hashOf(upgradeRaw), "source": "imap:INBOX/1/1",
			"sender": staff, "subject": "upgrade", "received_at": upgradeTime, "outcome": "processed", "created_at": upgradeTime},
		"requests": {"id": 1, "message": 1, "action": "add", "partner_phrase": "Acme", "property_phrase": "Pines",
			"partner_id": "p-acme", "property_id": "prop-pines", "status": "applied", "sender": staff,
			"received_at": upgradeTime, "decided_at": upgradeTime, "decided_by": ""},
		"ledger": {"seq": 1, "time": upgradeTime, "kind": "review", "actor": "staff:maria@pines.example", "subject": "r-000001",
			"data": ledgerData, "prev": genesis, "hash": fmt.Sprintf("%x", sum)},
		"cursors":           {"mailbox": "INBOX", "uidvalidity": 1, "uid": 1, "updated_at": upgradeTime},
		"ledger_head":       nil, // written by the migration and the ledger's trigger
		"directory_version": nil, // written by the migration and the directory's triggers
		"audit_runs": {"started_at": upgradeTime, "finished_at": upgradeTime, "critical": 0, "warning": 0, "info": 0,
			"report": "{}", "ledger_seq": 1},
		"audit_lock":      {"id": 1, "holder": "audit-1", "since": upgradeTime},
		"poller_beats":    {"mailbox": "INBOX", "started": upgradeTime, "beat": upgradeTime, "last_pass": upgradeTime},
		"directory_loads": {"id": 1, "loaded_at": upgradeTime},
		"staff": {"email": staff, "active": 1, "password_hash": "$argon2id$v=19$m=65536,t=1,p=4$c2FsdA$aGFzaA",
			"created_at": upgradeTime, "updated_at": upgradeTime},
		"console_sessions": {"id_hash": strings.Repeat("a", 64), "staff": staff, "csrf": strings.Repeat("c", 32),
			"created_at": 1, "last_seen": 1},
		"outbox": {"id": 1, "message_id": "<reply-1@door.com>", "source": 1, "recipient": staff, "subject": "Re: upgrade",
			"body": []byte("done"), "kind": "reply", "status": "queued", "created_at": 1},
		"confirmations": {"id": 1, "code_hash": strings.Repeat("a", 64), "request": 1, "partner_id": "p-1",
			"property_id": "prop-1", "sender": staff, "reply_message_id": "<reply-1@door.com>",
			"created_at": 1, "expires_at": 2},
		"settings": {"id": 1, "policy": "review", "removal_wait": int64(72 * time.Hour),
			"addresses": `["integrations@door.com"]`},
	}
}

// migrationNames returns the embedded migrations' paths in name order.
func migrationNames(t *testing.T) []string {
	t.Helper()
	names, err := fs.Glob(migrationFS, "migration/*.sql")
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(names)
	return names
}

// buildVersion writes a database at p with only the migrations given
// applied, as the intake that had only those would have.
func buildVersion(t *testing.T, p string, migrations []string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+p+"?_fk=1")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	db.SetMaxOpenConns(1)
	ctx := context.Background()
	_, err = db.Exec(`CREATE TABLE migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL) STRICT`)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range migrations {
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		if err := applyMigration(ctx, tx, name, time.Now()); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if err := tx.Commit(); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
	return db
}

// tablesOf returns the tables of the database but migrations and
// SQLite's own.
func tablesOf(t *testing.T, db *sql.DB) []string {
	t.Helper()
	rows, err := db.Query(`SELECT name FROM sqlite_master WHERE type = 'table'
		AND name NOT LIKE 'sqlite\_%' ESCAPE '\' AND name <> 'migrations' ORDER BY name`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var tables []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			t.Fatal(err)
		}
		tables = append(tables, name)
	}
	return tables
}

// insertFixture inserts the fixture row of table with the columns the
// table has.
func insertFixture(db *sql.DB, table string, row map[string]any) error {
	rows, err := db.Query(`SELECT name FROM pragma_table_info(?)`, table)
	if err != nil {
		return err
	}
	var cols []string
	var args []any
	for rows.Next() {
		var col string
		if err := rows.Scan(&col); err != nil {
			rows.Close()
			return err
		}
		if v, ok := row[col]; ok {
			cols = append(cols, col)
			args = append(args, v)
		}
	}
	rows.Close()
	q := fmt.Sprintf(`INSERT INTO %s (%s) VALUES (%s)`, table, strings.Join(cols, ", "),
		strings.TrimSuffix(strings.Repeat("?, ", len(cols)), ", "))
	_, err = db.Exec(q, args...)
	return err
}

// fillTables inserts every table's fixture, retrying those that refer to
// a table not filled yet, and fails naming any table without a fixture.
func fillTables(t *testing.T, db *sql.DB, tables []string, fixtures map[string]map[string]any) {
	t.Helper()
	var todo []string
	for _, table := range tables {
		row, ok := fixtures[table]
		switch {
		case !ok:
			t.Errorf("table %s has no fixture in upgradeFixtures: a migration that adds a table must add one", table)
		case row != nil:
			todo = append(todo, table)
		}
	}
	for len(todo) > 0 {
		var left []string
		var errs []string
		for _, table := range todo {
			if err := insertFixture(db, table, fixtures[table]); err != nil {
				left = append(left, table)
				errs = append(errs, fmt.Sprintf("%s: %v", table, err))
			}
		}
		if len(left) == len(todo) {
			t.Fatalf("fixtures cannot be inserted: %s", strings.Join(errs, "; "))
		}
		todo = left
	}
}

// tableCounts returns the number of rows of each table.
func tableCounts(t *testing.T, db *sql.DB, tables []string) map[string]int {
	t.Helper()
	counts := map[string]int{}
	for _, table := range tables {
		var n int
		if err := db.QueryRow(`SELECT count(*) FROM ` + table).Scan(&n); err != nil {
			t.Fatalf("count %s: %v", table, err)
		}
		counts[table] = n
	}
	return counts
}

// TestUpgradeFromEveryVersion builds, for each prefix of the migrations,
// the database an intake of that version would have written, with a row
// in every table, and opens it with this version's Open: every row is
// still there afterwards and the ledger's hash chain verifies. (Its
// state comparison is not asked: the fixtures are rows, not the
// workflow's doing.)
func TestUpgradeFromEveryVersion(t *testing.T) {
	names := migrationNames(t)
	fixtures := upgradeFixtures(t)
	for k := 1; k <= len(names); k++ {
		version := strings.TrimSuffix(path.Base(names[k-1]), ".sql")
		t.Run(version, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), "intake.db")
			old := buildVersion(t, p, names[:k])
			tables := tablesOf(t, old)
			fillTables(t, old, tables, fixtures)
			before := tableCounts(t, old, tables)
			if err := old.Close(); err != nil {
				t.Fatal(err)
			}
			db, err := Open(p)
			if err != nil {
				t.Fatalf("Open a version %s database: %v", version, err)
			}
			defer db.Close()
			after := tableCounts(t, rawDB(t, p), tables)
			for _, table := range tables {
				if after[table] != before[table] {
					t.Errorf("table %s: %d rows after the upgrade, %d before", table, after[table], before[table])
				}
			}
			if !slices.Contains(tables, "ledger") {
				return
			}
			v, err := db.Verify(context.Background())
			if err != nil {
				t.Fatalf("Verify: %v", err)
			}
			if v.FirstBad != 0 || v.Entries != before["ledger"] {
				t.Errorf("ledger after the upgrade: %d entries (want %d), entry %d bad: %s",
					v.Entries, before["ledger"], v.FirstBad, v.Problem)
			}
		})
	}
}

// TestOpenRefusesNewerDatabase: a database recording a migration this
// binary does not know is refused, naming it and the newest known one,
// and left as it was.
func TestOpenRefusesNewerDatabase(t *testing.T) {
	names := migrationNames(t)
	p := filepath.Join(t.TempDir(), "intake.db")
	old := buildVersion(t, p, names)
	const future = "9999_from_the_future.sql"
	if _, err := old.Exec(`INSERT INTO migrations VALUES (?, ?)`, future, upgradeTime); err != nil {
		t.Fatal(err)
	}
	old.Close()
	db, err := Open(p)
	if err == nil {
		db.Close()
		t.Fatal("Open of a newer database succeeded")
	}
	newest := path.Base(names[len(names)-1])
	if !strings.Contains(err.Error(), future) || !strings.Contains(err.Error(), newest) {
		t.Errorf("Open: %v; want it to name %s and %s", err, future, newest)
	}
}
