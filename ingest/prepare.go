package ingest

import (
	"context"
	"runtime"
	"sync"
	"sync/atomic"

	"intake/approvals"
	"intake/parser"
)

// Prepare parses in.Raw unless in.ParseErr is already set, and proves the
// sender (see ProveSender), outside any transaction. It writes no field
// of in but Parsed and ParseErr (Parsed is nil when ParseErr is set),
// Thread (see Thread) and, for a reply, TextOnly (see TextOnly), and is safe for concurrent use on distinct
// Inbounds.
func (p *Pipeline) Prepare(ctx context.Context, in *approvals.Inbound) {
	if in.ParseErr == nil {
		in.Parsed, in.ParseErr = parser.ParseBytes(in.Raw, p.cfg.Parser)
		if in.ParseErr != nil {
			in.Parsed = nil
		}
	}
	if in.Parsed != nil {
		in.Thread = Thread(in.Raw)
	}
	if len(in.Thread) > 0 {
		in.TextOnly = TextOnly(in.Raw) // only a reply may confirm
	}
	p.ProveSender(ctx, in.Raw, in.Parsed)
}

// PrepareAll prepares every Inbound of ins (see Prepare) on up to
// runtime.GOMAXPROCS goroutines and returns when all are done; each keeps
// its place in ins. Parsing is CPU-bound, so a batch parses about as many
// times faster as there are cores.
func (p *Pipeline) PrepareAll(ctx context.Context, ins []approvals.Inbound) {
	workers := min(runtime.GOMAXPROCS(0), len(ins))
	if workers <= 1 {
		for i := range ins {
			p.Prepare(ctx, &ins[i])
		}
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for i := int(next.Add(1) - 1); i < len(ins); i = int(next.Add(1) - 1) {
				p.Prepare(ctx, &ins[i])
			}
		})
	}
	wg.Wait()
}
