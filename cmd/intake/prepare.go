package main

import (
	"context"
	"runtime"
	"sync"
	"sync/atomic"

	"intake/approvals"
)

// prepareAll prepares every Inbound of ins (see prepare) on up to
// runtime.GOMAXPROCS goroutines and returns when all are done; each keeps
// its place in ins. Parsing is CPU-bound, so a batch parses about as many
// times faster as there are cores.
func (b *backend) prepareAll(ctx context.Context, ins []approvals.Inbound) {
	workers := min(runtime.GOMAXPROCS(0), len(ins))
	if workers <= 1 {
		for i := range ins {
			b.prepare(ctx, &ins[i])
		}
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for i := int(next.Add(1) - 1); i < len(ins); i = int(next.Add(1) - 1) {
				b.prepare(ctx, &ins[i])
			}
		})
	}
	wg.Wait()
}
