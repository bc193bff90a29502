package ingest

import (
	"context"
	"errors"
	"log/slog"

	"intake/approvals"
	"intake/dkimcheck"
	"intake/parser"
)

// Stager stages a message's raw bytes ahead of the transaction that
// records them: it returns their hash (approvals.Hash) and writes the file
// of a large message. store.DB implements it.
type Stager interface {
	StageRaw(raw []byte) (hash string, err error)
}

// Config is what a Pipeline needs.
type Config struct {
	// Parser are the options every message is parsed with.
	Parser parser.Options
	// DKIM is intake's own DKIM verifier (auth.verify_dkim); nil leaves
	// the proof of the sender to the trusted Authentication-Results.
	DKIM *dkimcheck.Verifier
	// Service decides and records. Required.
	Service *approvals.Service
	// Stager stages the raw bytes of IMAP chunks (PrepareChunk); nil
	// leaves the hashing to the transaction.
	Stager Stager
	// MaxMessageSize is the size limit an oversized IMAP message is
	// recorded as exceeding (imap.max_message_size).
	MaxMessageSize int64
	// Logger receives warnings; nil discards them.
	Logger *slog.Logger
}

// Pipeline runs messages from raw bytes to committed decisions. It is safe
// for concurrent use.
type Pipeline struct {
	cfg Config
	log *slog.Logger
}

// New returns the Pipeline cfg describes. It returns an error when
// cfg.Service is nil.
func New(cfg Config) (*Pipeline, error) {
	if cfg.Service == nil {
		return nil, errors.New("ingest: a Service is required")
	}
	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Pipeline{cfg: cfg, log: log}, nil
}

// Service is the workflow the pipeline decides through.
func (p *Pipeline) Service() *approvals.Service { return p.cfg.Service }

// Receive prepares in (see Prepare) and decides it in a transaction of its
// own. ReceivedAt left zero means the topmost Received header's date, else
// the current time (docs/decisions.md, stale_message). The errors are those
// of approvals.Service.Receive.
func (p *Pipeline) Receive(ctx context.Context, in approvals.Inbound) (*approvals.Result, error) {
	p.Prepare(ctx, &in)
	return p.cfg.Service.Receive(ctx, in)
}

// ReceiveRaw receives raw from source (a file, say) with ReceivedAt zero
// and no cursor (see Receive).
func (p *Pipeline) ReceiveRaw(ctx context.Context, source string, raw []byte) (*approvals.Result, error) {
	return p.Receive(ctx, approvals.Inbound{Raw: raw, Source: source})
}
