package main

import (
	"fmt"
	"io"
	"strings"

	"intake/approvals"
)

func init() {
	register(group("doors", "door events, as DOOR OS \"Edit door\" makes them (recorded as door-os, or staff:EMAIL with --as)", []subcommand{
		{name: "assign", usage: "DOOR PARTNER [--as EMAIL]: assign the door to a partner enabled on its property", run: runDoorEvent("assign", 2)},
		{name: "unassign", usage: "DOOR [--as EMAIL]: assign the door to no partner; re-checks waiting removals", run: runDoorEvent("unassign", 1)},
		{name: "synced", usage: "DOOR [--as EMAIL]: a door update was performed (DOOR App, in Bluetooth range)", run: runDoorEvent("synced", 1)},
		{name: "list", usage: "[--json]: every door, its partner and whether it awaits a door update", run: runDoorsList},
	}))
}

// runDoorEvent returns the runner of one door event taking nargs
// positional arguments (DOOR, or DOOR PARTNER).
func runDoorEvent(verb string, nargs int) func(*env) error {
	return func(e *env) error {
		fs := e.flags("doors " + verb)
		as := fs.String("as", "", "the staff member's `EMAIL` recorded as the actor (default door-os)")
		args, err := e.parseFlags(fs)
		if err != nil {
			return err
		}
		if len(args) != nargs {
			return usagef("doors %s: want %d arguments, got %d", verb, nargs, len(args))
		}
		if _, err := staffActor(*as, false); err != nil {
			return err
		}
		actor := actorOr(*as, approvals.ActorDoorOS)
		return withService(e, dbExisting, func(b *backend) error {
			var res *approvals.DoorResult
			var err error
			switch verb {
			case "assign":
				res, err = b.svc.AssignDoor(e.ctx, args[0], args[1], actor)
			case "unassign":
				res, err = b.svc.UnassignDoor(e.ctx, args[0], actor)
			default:
				res, err = b.svc.DoorSynced(e.ctx, args[0], actor)
			}
			if err != nil {
				return err
			}
			printDoorResult(e.stdout, verb, res)
			return nil
		})
	}
}

// printDoorResult prints the door after an event and the waiting removals
// the event decided.
func printDoorResult(w io.Writer, verb string, res *approvals.DoorResult) {
	d := res.Door
	if !res.Changed {
		fmt.Fprintf(w, "door %s: already %s; nothing changed\n", clean(d.ID), doorState(d))
		return
	}
	fmt.Fprintf(w, "door %s (%s, %s): %s%s\n", clean(d.ID), quote(d.Name), clean(d.Property), done[verb], doorState(d))
	if d.AwaitingUpdate {
		fmt.Fprintf(w, "  the door is not connected: the lock keeps the old access until a door update "+
			"(DOOR App, in Bluetooth range); then run 'intake doors synced %s'\n", clean(d.ID))
	}
	for _, r := range res.Rechecked {
		fmt.Fprintf(w, "  request %s (%s): now %s%s", r.ID, describe(string(r.Action), r.Partner, r.Property), r.Status, reasonSuffix(r.Reason))
		if len(r.Doors) > 0 {
			fmt.Fprintf(w, ", still assigned: %s", clean(strings.Join(r.Doors, ", ")))
		}
		fmt.Fprintln(w)
	}
}

// done says what a door event did, before the door's new state.
var done = map[string]string{"synced": "door update recorded; "}

// doorState describes a door's assignment and update state.
func doorState(d approvals.Door) string {
	s := "assigned to no partner"
	if d.Partner != "" {
		s = "assigned to " + clean(d.Partner)
	}
	if d.AwaitingUpdate {
		s += ", awaiting door update"
	}
	return s
}

// doorJSON is one element of `intake doors list --json`.
type doorJSON struct {
	ID             string `json:"id"`
	Property       string `json:"property"`
	Name           string `json:"name"`
	Kind           string `json:"kind"`
	Connected      bool   `json:"connected"`
	Partner        string `json:"partner"`
	AwaitingUpdate bool   `json:"awaiting_update"`
}

// runDoorsList prints every door; one awaiting a door update stands out.
func runDoorsList(e *env) error {
	fs := e.flags("doors list")
	asJSON := fs.Bool("json", false, "print JSON")
	args, err := e.parseFlags(fs)
	if err != nil {
		return err
	}
	if len(args) != 0 {
		return usagef("doors list: unexpected argument %q", args[0])
	}
	return withService(e, dbExisting, func(b *backend) error {
		doors, err := b.svc.Doors(e.ctx)
		if err != nil {
			return err
		}
		if *asJSON {
			out := make([]doorJSON, 0, len(doors))
			for _, d := range doors {
				out = append(out, doorJSON{ID: d.ID, Property: d.Property, Name: d.Name, Kind: string(d.Kind),
					Connected: d.Connected, Partner: d.Partner, AwaitingUpdate: d.AwaitingUpdate})
			}
			return writeJSON(e.stdout, out)
		}
		return printDoors(e.stdout, doors)
	})
}

// printDoors prints the doors; a door awaiting an update is marked in
// capitals so that it stands out.
func printDoors(w io.Writer, doors []approvals.Door) error {
	t := newTable(w, "DOOR", "PROPERTY", "NAME", "KIND", "CONNECTED", "PARTNER", "STATE")
	for _, d := range doors {
		state := "ok"
		if d.AwaitingUpdate {
			state = "AWAITING DOOR UPDATE"
		}
		connected := "no"
		if d.Connected {
			connected = "yes"
		}
		t.row(clean(d.ID), clean(d.Property), quote(d.Name), clean(string(d.Kind)), connected, dash(d.Partner), state)
	}
	return t.flush()
}
