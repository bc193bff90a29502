package main

import "intake/store"

// withInstance runs fn holding the instance lock of b's database
// (store.LockInstance), which the commands that read the inbox take
// (serve, poll): a second one on the same database refuses to start,
// naming the first's pid, rather than fetching the same messages.
// ingest, the review commands and the other readers and writers do not
// take it; SQLite serialises their transactions.
func withInstance(b *backend, fn func() error) (err error) {
	lock, err := store.LockInstance(b.cfg.Store.Path)
	if err != nil {
		return err
	}
	defer closeInto(lock, &err)
	return fn()
}
