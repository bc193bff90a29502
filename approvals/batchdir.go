package approvals

import (
	"fmt"
	"sync"
)

// batchDir is what a batch of decisions reads of the directory (Tx.Names),
// indexed: the Resolver, and the managers and properties by key. It is
// never changed once built, so transactions share it.
type batchDir struct {
	rv         *Resolver
	managers   map[string]*Manager  // by EmailKey
	properties map[string]*Property // by id
}

func newBatchDir(dir *Directory) *batchDir {
	b := &batchDir{
		rv:         NewResolver(dir),
		managers:   make(map[string]*Manager, len(dir.Managers)),
		properties: make(map[string]*Property, len(dir.Properties)),
	}
	for i := range dir.Managers {
		b.managers[EmailKey(dir.Managers[i].Email)] = &dir.Managers[i]
	}
	for i := range dir.Properties {
		b.properties[dir.Properties[i].ID] = &dir.Properties[i]
	}
	return b
}

// batchDirCache keeps the batchDir last built, with the Tx.DirectoryVersion
// it was read under: a transaction that reads the same version reads
// the same directory, and reuses it. Reading a large directory and
// indexing it cost about 35 ms a batch (BenchmarkDirectoryLarge).
type batchDirCache struct {
	mu      sync.Mutex
	version string
	dir     *batchDir
}

// get returns the batchDir of tx's directory, built anew only when its
// version is not the one cached.
func (c *batchDirCache) get(tx Tx) (*batchDir, error) {
	v, err := tx.DirectoryVersion()
	if err != nil {
		return nil, fmt.Errorf("read directory version: %w", err)
	}
	c.mu.Lock()
	b := c.dir
	if c.version != v {
		b = nil
	}
	c.mu.Unlock()
	if b != nil {
		return b, nil
	}
	dir, err := tx.Names()
	if err != nil {
		return nil, fmt.Errorf("read directory: %w", err)
	}
	b = newBatchDir(dir)
	c.mu.Lock()
	c.version, c.dir = v, b
	c.mu.Unlock()
	return b, nil
}

// txResolver is the directory of one transaction's decisions, read when
// first needed, and then only when it changed since it was last read
// (batchDirCache). Receiving messages changes enablements and requests,
// never the directory, so a batch reads it once; a re-decision after a
// directory load makes its own, after the load. It is the directoryReader
// of the decisions of a batch. It also holds the workflow Settings of the
// transaction, read once when first needed (Service.settingsIn).
type txResolver struct {
	tx    Tx
	cache *batchDirCache
	dir   *batchDir
	svc   *Service
	set   *Settings
}

// settings returns the transaction's workflow settings.
func (t *txResolver) settings() (Settings, error) {
	if t.set == nil {
		set, err := t.svc.settingsIn(t.tx)
		if err != nil {
			return Settings{}, err
		}
		t.set = &set
	}
	return *t.set, nil
}

func (t *txResolver) load() (*batchDir, error) {
	if t.dir == nil {
		b, err := t.cache.get(t.tx)
		if err != nil {
			return nil, err
		}
		t.dir = b
	}
	return t.dir, nil
}

func (t *txResolver) resolver() (*Resolver, error) {
	b, err := t.load()
	if err != nil {
		return nil, err
	}
	return b.rv, nil
}

// Manager is Tx.Manager, read from the directory. The result is a copy.
func (t *txResolver) Manager(email string) (*Manager, error) {
	b, err := t.load()
	if err != nil {
		return nil, err
	}
	key := EmailKey(email)
	m, ok := b.managers[key]
	if !ok || key == "" {
		return nil, Errorf(ENOTFOUND, "manager %q not found", email)
	}
	c := *m
	return &c, nil
}

// Property is Tx.Property, read from the directory. The result is a copy.
func (t *txResolver) Property(id string) (*Property, error) {
	b, err := t.load()
	if err != nil {
		return nil, err
	}
	p, ok := b.properties[id]
	if !ok {
		return nil, Errorf(ENOTFOUND, "property %q not found", id)
	}
	c := *p
	return &c, nil
}
