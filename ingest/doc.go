// Package ingest is the pipeline from a message's raw bytes to a
// committed decision, shared by every command that receives mail
// (`intake ingest`, `poll`, `serve` and `demo`):
//
//  1. parse the bytes with the configured parser.Options; a message that
//     does not parse is received as unreadable, never dropped;
//  2. prove the sender: intake's own DKIM verification (auth.verify_dkim)
//     may prove a sender the trusted Authentication-Results left unproven,
//     but never overrules one that speaks against the From domain (see
//     MayProve);
//  3. for mail from IMAP, stage the raw bytes (hash them and write the
//     large ones' files) while the chunk is parsed;
//  4. decide through approvals.Service, a fetched chunk in one
//     transaction together with its cursor.
//
// Steps 1 to 3 commit nothing and run outside any transaction, on up to
// GOMAXPROCS goroutines (PrepareAll). For IMAP, the Pipeline supplies the
// two hooks of mailbox.NewPrepared: PrepareChunk works on the next chunk
// while Handler commits the one before, and the typed *Prepared value
// carries each message from one to the other.
//
// The package imports approvals, parser, dkimcheck and mailbox types, and
// no driver: the store is reached through approvals.Service and the Stager
// interface.
package ingest
