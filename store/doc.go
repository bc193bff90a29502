// Package store implements the approvals storage ports (approvals.Store and
// approvals.Tx) with SQLite through github.com/mattn/go-sqlite3.
//
// A DB holds two handles on one file: a read-write handle with a single
// connection whose transactions begin with BEGIN IMMEDIATE (Update), and a
// read-only handle (View, Verify, Entries). The file is in WAL mode, so
// readers never block the writer; writers in separate processes queue on
// the write lock for up to the busy timeout instead of failing with
// SQLITE_BUSY half-way through a transaction.
//
// The schema lives in migration/*.sql, embedded and applied in name order
// by Open, one transaction each, and recorded in the migrations table.
//
// A raw message is stored once, under the hex SHA-256 of its content:
// in its raw_messages row up to 1 MiB, above that as an immutable file
// in the directory "<database path>-raw" (intake.db-raw/ab/ab12…), whose
// row has bytes NULL. The file is synced and renamed into place before
// the transaction that references it commits; a rolled-back transaction
// may leave a complete but unreferenced file, which a retry reuses.
// Verify re-hashes every raw message, from its row or its file. A backup
// must copy the raw directory with the database file.
//
// Ids of messages and requests are the SQLite row ids shown as "m-000123"
// and "r-000456": short, sortable within six digits, never reused.
//
// The ledger is append-only and hash-chained (docs/behaviour.md, storage). Triggers
// abort every UPDATE and DELETE on it and every INSERT that does not
// extend the chain; they guard against mistakes, not against someone who
// drops them or edits the file, which Verify detects.
package store
