package approvals

import (
	"context"
	"fmt"
	"slices"
	"strings"
)

// DefaultMaxRemoval is the share of the entries of one kind a directory
// load may remove without LoadOptions.Force (directory.max_removal).
const DefaultMaxRemoval = 0.2

// LoadOptions are the guards of LoadDirectoryWith. The zero value is a
// guarded load with DefaultMaxRemoval.
type LoadOptions struct {
	// Actor is recorded in the ledger; "" means "door-os".
	Actor string
	// DryRun computes the result against the current directory and
	// writes nothing; Rechecked is then empty.
	DryRun bool
	// Force allows a load that removes every entry of a kind or more
	// than MaxRemoval of them.
	Force bool
	// MaxRemoval is the largest share (0 to 1) of the entries of one
	// kind a load may remove without Force; zero or less means
	// DefaultMaxRemoval.
	MaxRemoval float64
}

// LoadResult is what LoadDirectory did, or would do in a dry run.
type LoadResult struct {
	// Changed is false when the directory was already exactly the one
	// loaded; nothing was written then.
	Changed bool
	// First reports a load into a database that held no directory yet.
	First bool
	// DryRun reports that nothing was written.
	DryRun bool
	// Changes are what the load changed, one line per changed fact
	// (`partner "p1": loaded {...}, previous {...}`), in the order of
	// State.Diff, computed inside the load's transaction against the
	// state it replaced: exactly what was committed. Nil when nothing
	// changed, and for the First load.
	Changes []string
	// Kinds counts the changes per kind of entry (partner, portfolio,
	// property, door, manager, enabled), in that order; kinds the load
	// leaves alone are included with zero counts.
	Kinds []KindChanges
	// Rechecked are the waiting removals whose decision changed.
	Rechecked []Request
}

// KindChanges counts what a load does to the entries of one kind.
type KindChanges struct {
	Kind string // "partner", "portfolio", "property", "door", "manager", "enabled"
	// Before is how many entries the directory held before the load.
	Before                  int
	Added, Removed, Changed int
}

// loadKinds are the kinds of directory entry, in the order they are
// reported; they are the first word of the keys of State.facts.
var loadKinds = []string{"partner", "portfolio", "property", "door", "manager", "enabled"}

// LoadDirectory is LoadDirectoryWith without the removal guard (Force),
// recording the load as actor.
func (s *Service) LoadDirectory(ctx context.Context, d *Directory, actor string) (*LoadResult, error) {
	return s.LoadDirectoryWith(ctx, d, LoadOptions{Actor: actor, Force: true})
}

// LoadDirectoryWith validates d and makes it the directory (partners,
// portfolios, properties, managers, doors and enablements), recording the
// whole directory in the ledger, then re-checks every waiting removal,
// all in one transaction. Requests and the ledger are kept. Loading the
// directory already in place changes nothing.
//
// Each door keeps the awaiting-update state it has; a door not connected
// whose partner the load removes or replaces awaits its update, as after
// a door event.
//
// It returns the Validate error (code EINVALID) for an invalid
// directory; an *Error with code ECONFLICT naming the counts when,
// without opt.Force, the load would remove every entry of a kind or more
// than opt.MaxRemoval of them; and the Store's error wrapped when the
// transaction fails. Nothing is written then, nor in a dry run.
func (s *Service) LoadDirectoryWith(ctx context.Context, d *Directory, opt LoadOptions) (*LoadResult, error) {
	if err := d.Validate(); err != nil {
		return nil, err
	}
	if opt.Actor == "" {
		opt.Actor = ActorDoorOS
	}
	if opt.MaxRemoval <= 0 {
		opt.MaxRemoval = DefaultMaxRemoval
	}
	res := &LoadResult{}
	run := s.store.Update
	if opt.DryRun {
		run = s.store.View
	}
	err := run(ctx, func(tx Tx) error {
		*res = LoadResult{DryRun: opt.DryRun}
		return s.load(tx, d, opt, res)
	})
	if err != nil {
		return nil, fmt.Errorf("load directory: %w", err)
	}
	if !opt.DryRun {
		s.log.Info("directory loaded", "changed", res.Changed, logActor, opt.Actor)
	}
	return res, nil
}

// load is LoadDirectoryWith inside its transaction.
func (s *Service) load(tx Tx, d *Directory, opt LoadOptions, res *LoadResult) error {
	cur, err := DirectoryState(tx)
	if err != nil {
		return err
	}
	d = keepDoorState(d, cur.Doors)
	next := stateOf(d)
	changes := next.DiffLabeled(cur, "loaded", "previous")
	res.Kinds = countChanges(cur, next)
	if len(changes) == 0 {
		return nil
	}
	res.Changed, res.First = true, cur.noDirectory()
	if !res.First {
		res.Changes = changes
		if !opt.Force {
			if err := checkRemovals(res.Kinds, opt.MaxRemoval); err != nil {
				return err
			}
		}
	}
	if opt.DryRun {
		return nil
	}
	if err := tx.ReplaceDirectory(d); err != nil {
		return fmt.Errorf("replace directory: %w", err)
	}
	if err := s.appendEntry(tx, EntryDirectoryLoad, opt.Actor, "directory", d); err != nil {
		return err
	}
	res.Rechecked, err = s.recheckWaiting(tx, "")
	return err
}

// keepDoorState returns d with each door's awaiting-update state carried
// over from the current doors, and set on a door not connected whose
// partner the load removes or replaces. d itself is not changed.
func keepDoorState(d *Directory, current []Door) *Directory {
	was := make(map[string]Door, len(current))
	for _, dr := range current {
		was[dr.ID] = dr
	}
	out := *d
	out.Doors = slices.Clone(d.Doors)
	for i := range out.Doors {
		dr := &out.Doors[i]
		old, ok := was[dr.ID]
		if !ok {
			continue
		}
		if old.AwaitingUpdate || (old.Partner != "" && old.Partner != dr.Partner && !dr.Connected) {
			dr.AwaitingUpdate = true
		}
	}
	return &out
}

// countChanges counts, per kind, the entries of next added to, removed
// from and changed in cur.
func countChanges(cur, next *State) []KindChanges {
	a, b := cur.facts(), next.facts()
	at := make(map[string]*KindChanges, len(loadKinds))
	out := make([]KindChanges, len(loadKinds))
	for i, k := range loadKinds {
		out[i].Kind = k
		at[k] = &out[i]
	}
	kindOf := func(key string) *KindChanges {
		k, _, _ := strings.Cut(key, " ")
		return at[k]
	}
	for key, va := range a {
		kc := kindOf(key)
		if kc == nil {
			continue
		}
		kc.Before++
		switch vb, ok := b[key]; {
		case !ok:
			kc.Removed++
		case va != vb:
			kc.Changed++
		}
	}
	for key := range b {
		if _, ok := a[key]; !ok {
			if kc := kindOf(key); kc != nil {
				kc.Added++
			}
		}
	}
	return out
}

// checkRemovals returns an ECONFLICT *Error naming the first kind whose
// entries the load removes all of, or more than the share max of.
func checkRemovals(kinds []KindChanges, max float64) error {
	for _, k := range kinds {
		switch {
		case k.Removed == 0:
		case k.Removed == k.Before:
			return Errorf(ECONFLICT, "the load removes every %s entry (%d of %d); refused without force", k.Kind, k.Removed, k.Before)
		case float64(k.Removed) > max*float64(k.Before):
			return Errorf(ECONFLICT, "the load removes %d of %d %s entries, more than %g%%; refused without force",
				k.Removed, k.Before, k.Kind, max*100)
		}
	}
	return nil
}
