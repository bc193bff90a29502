package dkimcheck

import (
	"context"
	"fmt"
	"net"
	"strings"
	"sync"
	"time"
)

// A Resolver looks up DNS TXT records. *net.Resolver satisfies it; tests
// serve records from memory.
type Resolver interface {
	// LookupTXT returns the TXT records of name, one string per record.
	LookupTXT(ctx context.Context, name string) ([]string, error)
}

var _ Resolver = (*net.Resolver)(nil)

// keyLookup looks up public key records (RFC 6376 section 3.6.2.2) through
// a Resolver, each look-up bounded by a timeout, and remembers what it
// found so that the key's flags can be read after verification.
type keyLookup struct {
	ctx      context.Context
	resolver Resolver
	timeout  time.Duration

	mu      sync.Mutex
	records map[string][]string // by query name, lowercased
}

func newKeyLookup(ctx context.Context, r Resolver, timeout time.Duration) *keyLookup {
	return &keyLookup{ctx: ctx, resolver: r, timeout: timeout, records: make(map[string][]string)}
}

// lookupTXT is the look-up go-msgauth/dkim calls. It returns when the
// resolver answers or the timeout passes, whichever is first, even when
// the resolver ignores its context (the goroutine waiting on such a
// resolver is then left behind; net.Resolver honours its context).
func (k *keyLookup) lookupTXT(name string) ([]string, error) {
	ctx, cancel := context.WithTimeout(k.ctx, k.timeout)
	defer cancel()
	type answer struct {
		txts []string
		err  error
	}
	ch := make(chan answer, 1)
	go func() {
		txts, err := k.resolver.LookupTXT(ctx, name)
		ch <- answer{txts, err}
	}()
	select {
	case a := <-ch:
		if a.err != nil {
			return nil, fmt.Errorf("look up %s: %w", name, a.err)
		}
		k.mu.Lock()
		k.records[strings.ToLower(name)] = a.txts
		k.mu.Unlock()
		return a.txts, nil
	case <-ctx.Done():
		return nil, fmt.Errorf("look up %s: %w", name, ctx.Err())
	}
}

// testing reports whether the key record found for selector and domain
// has the flag t=y: the domain is testing DKIM, and RFC 6376 section 3.6.1
// says its signatures must be treated as unsigned mail.
func (k *keyLookup) testing(selector, domain string) bool {
	k.mu.Lock()
	defer k.mu.Unlock()
	for _, rec := range k.records[strings.ToLower(selector+"._domainkey."+domain)] {
		tags, err := parseTags(rec)
		if err != nil {
			return true // unreadable: never trusted
		}
		for _, flag := range strings.Split(tags["t"], ":") {
			if strings.TrimSpace(flag) == "y" {
				return true
			}
		}
	}
	return false
}
