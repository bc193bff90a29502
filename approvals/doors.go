package approvals

import (
	"context"
	"fmt"
)

// DoorResult is what a door event did.
type DoorResult struct {
	// Door is the door after the event.
	Door Door
	// Changed is false when the event changed nothing (the door was
	// already in that state); nothing was written then.
	Changed bool
	// Rechecked are the waiting removals of the door's property whose
	// decision changed, for example applied now that the last door was
	// unassigned.
	Rechecked []Request
}

// AssignDoor assigns the door to the partner, as DOOR OS "Edit door"
// does, replacing any partner it had (an unconnected door then awaits a
// door update). actor "" means "door-os". It returns an *Error with code
// ENOTFOUND for an unknown door or partner and ECONFLICT when the partner
// is not enabled on the door's property; nothing changes then.
func (s *Service) AssignDoor(ctx context.Context, doorID, partnerID, actor string) (*DoorResult, error) {
	return s.doorEvent(ctx, doorID, actor, EntryDoorAssign, func(tx Tx, d *Door) (bool, error) {
		if _, err := tx.Partner(partnerID); err != nil {
			return false, err
		}
		on, err := tx.Enabled(d.Property, partnerID)
		switch {
		case err != nil:
			return false, fmt.Errorf("look up enablement: %w", err)
		case !on:
			return false, Errorf(ECONFLICT, "partner %q is not enabled on property %q", partnerID, d.Property)
		case d.Partner == partnerID:
			return false, nil
		}
		if d.Partner != "" && !d.Connected {
			d.AwaitingUpdate = true
		}
		d.Partner = partnerID
		return true, nil
	})
}

// UnassignDoor leaves the door assigned to no partner ("None" in DOOR OS);
// an unconnected door then awaits a door update. actor "" means
// "door-os". It returns an *Error with code ENOTFOUND for an unknown door;
// a door already unassigned is left as it is.
func (s *Service) UnassignDoor(ctx context.Context, doorID, actor string) (*DoorResult, error) {
	return s.doorEvent(ctx, doorID, actor, EntryDoorUnassign, func(tx Tx, d *Door) (bool, error) {
		if d.Partner == "" {
			return false, nil
		}
		d.Partner = ""
		if !d.Connected {
			d.AwaitingUpdate = true
		}
		return true, nil
	})
}

// DoorSynced records that a door update was performed on the door, which
// then no longer awaits one. actor "" means "door-os". It returns an
// *Error with code ENOTFOUND for an unknown door; a door not awaiting an
// update is left as it is.
func (s *Service) DoorSynced(ctx context.Context, doorID, actor string) (*DoorResult, error) {
	return s.doorEvent(ctx, doorID, actor, EntryDoorSynced, func(tx Tx, d *Door) (bool, error) {
		if !d.AwaitingUpdate {
			return false, nil
		}
		d.AwaitingUpdate = false
		return true, nil
	})
}

// doorVerbs name what a door event does, for error messages.
var doorVerbs = map[EntryKind]string{
	EntryDoorAssign:   "assign door",
	EntryDoorUnassign: "unassign door",
	EntryDoorSynced:   "record door update of",
}

// doorEvent runs change on the door in one transaction; when it changed
// the door, saves it, records the event and re-checks the waiting
// removals of the door's property.
func (s *Service) doorEvent(ctx context.Context, doorID, actor string, kind EntryKind,
	change func(Tx, *Door) (bool, error)) (*DoorResult, error) {
	if actor == "" {
		actor = ActorDoorOS
	}
	res := &DoorResult{}
	err := s.store.Update(ctx, func(tx Tx) error {
		*res = DoorResult{}
		d, err := tx.Door(doorID)
		if err != nil {
			return err
		}
		prev := d.Partner
		if res.Changed, err = change(tx, d); err != nil || !res.Changed {
			res.Door = *d
			return err
		}
		res.Door = *d
		if err := tx.PutDoor(d); err != nil {
			return fmt.Errorf("save door: %w", err)
		}
		ev := DoorEvent{Door: d.ID, Partner: d.Partner, Property: d.Property, AwaitingUpdate: d.AwaitingUpdate}
		if kind == EntryDoorAssign && prev != d.Partner {
			ev.Previous = prev
		}
		if kind == EntryDoorUnassign {
			ev.Partner = prev
		}
		if err := s.appendEntry(tx, kind, actor, d.ID, ev); err != nil {
			return err
		}
		res.Rechecked, err = s.recheckWaiting(tx, d.Property)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w", doorVerbs[kind], doorID, err)
	}
	s.log.Info("door event", logDoor, doorID, "kind", kind, "changed", res.Changed, logActor, actor)
	return res, nil
}

// Doors returns every door, ordered by property then id. It returns the
// Store's error wrapped when reading fails.
func (s *Service) Doors(ctx context.Context) ([]Door, error) {
	var doors []Door
	err := s.store.View(ctx, func(tx Tx) error {
		var err error
		doors, err = tx.Doors()
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("list doors: %w", err)
	}
	return doors, nil
}

// noDirectory reports whether st holds no directory: nothing was loaded.
func (st *State) noDirectory() bool {
	d := st.Directory
	return (d == nil || len(d.Partners)+len(d.Properties)+len(d.Managers) == 0) && len(st.Doors) == 0
}
