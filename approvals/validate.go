package approvals

import (
	"fmt"
	"strings"
)

// Validate checks the directory for empty ids and names, duplicate ids
// (manager emails compared case-insensitively), dangling references, door
// kinds other than communal and private, duplicate enablements, doors
// assigned to a partner that is not enabled on their property, and a
// partner (or property) name or alias equal to another partner's (or
// property's) after the folding name resolution uses: mail naming it
// would always be ambiguous.
//
// It returns nil for a valid directory (an empty one is valid) and
// otherwise an *Error with code EINVALID whose message is one sentence
// naming the first offending entry, in the order partners, portfolios,
// properties, enabled, doors, managers. A nil directory is invalid.
func (d *Directory) Validate() error {
	if d == nil {
		return Errorf(EINVALID, "directory is missing")
	}
	v := validator{d: d}
	for _, step := range []func() error{
		v.checkPartners, v.checkPortfolios, v.checkProperties, v.checkEnabled, v.checkDoors, v.checkManagers,
	} {
		if err := step(); err != nil {
			return err
		}
	}
	return nil
}

// validator holds the id sets built while validating a Directory.
type validator struct {
	d          *Directory
	partners   map[string]bool
	portfolios map[string]bool
	properties map[string]string // id → portfolio
	enabled    map[Enablement]bool
}

func invalid(format string, args ...any) error { return Errorf(EINVALID, format, args...) }

// checkID reports an empty or space-padded id, and a duplicate one.
func checkID(kind string, i int, id string, seen map[string]bool) error {
	switch {
	case strings.TrimSpace(id) == "":
		return invalid("%s #%d: id is empty", kind, i+1)
	case strings.TrimSpace(id) != id:
		return invalid("%s %q: id has surrounding spaces", kind, id)
	case seen[id]:
		return invalid("%s %q: duplicate id", kind, id)
	}
	seen[id] = true
	return nil
}

func checkName(kind, id, name string) error {
	if strings.TrimSpace(name) == "" {
		return invalid("%s %q: name is empty", kind, id)
	}
	return nil
}

func checkAliases(kind, id string, aliases []string) error {
	for _, a := range aliases {
		if strings.TrimSpace(a) == "" {
			return invalid("%s %q: an alias is empty", kind, id)
		}
	}
	return nil
}

func (v *validator) checkPartners() error {
	v.partners = map[string]bool{}
	names := nameOwners{kind: "partner", owner: map[string]nameOwner{}}
	for i, p := range v.d.Partners {
		if err := checkID("partner", i, p.ID, v.partners); err != nil {
			return err
		}
		if err := checkName("partner", p.ID, p.Name); err != nil {
			return err
		}
		if err := checkAliases("partner", p.ID, p.Aliases); err != nil {
			return err
		}
		if err := names.add(p.ID, p.Name, p.Aliases); err != nil {
			return err
		}
	}
	return nil
}

func (v *validator) checkPortfolios() error {
	v.portfolios = map[string]bool{}
	for i, pf := range v.d.Portfolios {
		if err := checkID("portfolio", i, pf.ID, v.portfolios); err != nil {
			return err
		}
		if err := checkName("portfolio", pf.ID, pf.Name); err != nil {
			return err
		}
	}
	return nil
}

func (v *validator) checkProperties() error {
	seen := map[string]bool{}
	v.properties = map[string]string{}
	names := nameOwners{kind: "property", owner: map[string]nameOwner{}}
	for i, p := range v.d.Properties {
		if err := checkID("property", i, p.ID, seen); err != nil {
			return err
		}
		if err := checkName("property", p.ID, p.Name); err != nil {
			return err
		}
		if err := checkAliases("property", p.ID, p.Aliases); err != nil {
			return err
		}
		if err := names.add(p.ID, p.Name, p.Aliases); err != nil {
			return err
		}
		switch {
		case p.Portfolio == "":
			return invalid("property %q: portfolio is empty", p.ID)
		case !v.portfolios[p.Portfolio]:
			return invalid("property %q: unknown portfolio %q", p.ID, p.Portfolio)
		}
		v.properties[p.ID] = p.Portfolio
	}
	return nil
}

func (v *validator) checkEnabled() error {
	v.enabled = map[Enablement]bool{}
	for i, e := range v.d.Enabled {
		switch {
		case e.Property == "" || e.Partner == "":
			return invalid("enabled #%d: property and partner are both required", i+1)
		case !v.hasProperty(e.Property):
			return invalid("enabled #%d: unknown property %q", i+1, e.Property)
		case !v.partners[e.Partner]:
			return invalid("enabled #%d: unknown partner %q", i+1, e.Partner)
		case v.enabled[e]:
			return invalid("enabled #%d: partner %q is already enabled on property %q", i+1, e.Partner, e.Property)
		}
		v.enabled[e] = true
	}
	return nil
}

func (v *validator) hasProperty(id string) bool {
	_, ok := v.properties[id]
	return ok
}

func (v *validator) checkDoors() error {
	seen := map[string]bool{}
	for i, dr := range v.d.Doors {
		if err := checkID("door", i, dr.ID, seen); err != nil {
			return err
		}
		if err := checkName("door", dr.ID, dr.Name); err != nil {
			return err
		}
		if err := v.door(dr); err != nil {
			return err
		}
	}
	return nil
}

func (v *validator) door(dr Door) error {
	switch {
	case dr.Property == "":
		return invalid("door %q: property is empty", dr.ID)
	case !v.hasProperty(dr.Property):
		return invalid("door %q: unknown property %q", dr.ID, dr.Property)
	case dr.Kind != DoorCommunal && dr.Kind != DoorPrivate:
		return invalid("door %q: kind %q is not %q or %q", dr.ID, dr.Kind, DoorCommunal, DoorPrivate)
	case dr.Partner == "":
		return nil
	case !v.partners[dr.Partner]:
		return invalid("door %q: unknown partner %q", dr.ID, dr.Partner)
	case !v.enabled[Enablement{Property: dr.Property, Partner: dr.Partner}]:
		return invalid("door %q: partner %q is not enabled on property %q", dr.ID, dr.Partner, dr.Property)
	}
	return nil
}

func (v *validator) checkManagers() error {
	seen := map[string]bool{}
	for i, m := range v.d.Managers {
		if err := checkEmail(i, m.Email, seen); err != nil {
			return err
		}
		if err := checkName("manager", m.Email, m.Name); err != nil {
			return err
		}
		if err := v.grants(m); err != nil {
			return err
		}
	}
	return nil
}

// checkEmail reports an empty, malformed or duplicate manager address;
// duplicates are found case-insensitively.
func checkEmail(i int, email string, seen map[string]bool) error {
	at := strings.LastIndexByte(email, '@')
	key := strings.ToLower(email)
	switch {
	case strings.TrimSpace(email) == "":
		return invalid("manager #%d: email is empty", i+1)
	case at <= 0 || at == len(email)-1 || strings.ContainsAny(email, " \t<>,;"):
		return invalid("manager %q: email is not an address", email)
	case seen[key]:
		return invalid("manager %q: duplicate email", email)
	}
	seen[key] = true
	return nil
}

func (v *validator) grants(m Manager) error {
	for _, id := range m.Properties {
		if !v.hasProperty(id) {
			return invalid("manager %q: unknown property %q", m.Email, id)
		}
	}
	for _, id := range m.Portfolios {
		if !v.portfolios[id] {
			return invalid("manager %q: unknown portfolio %q", m.Email, id)
		}
	}
	return nil
}

// String returns the enablement as "PARTNER on PROPERTY".
func (e Enablement) String() string { return fmt.Sprintf("%s on %s", e.Partner, e.Property) }

// nameOwners finds names and aliases of one kind of entry that fold
// (normalize, as resolution does) to the same form.
type nameOwners struct {
	kind  string
	owner map[string]nameOwner // folded form → first entry with it
}

type nameOwner struct{ id, written string }

// add records the name and aliases of the entry id, returning an EINVALID
// error naming both entries when one folds to another entry's name or
// alias. An entry may repeat its own name.
func (o nameOwners) add(id, name string, aliases []string) error {
	for _, w := range append([]string{name}, aliases...) {
		n := normalize(w)
		if n == "" {
			continue
		}
		prev, ok := o.owner[n]
		switch {
		case !ok:
			o.owner[n] = nameOwner{id: id, written: w}
		case prev.id != id:
			return invalid("%s %q: name or alias %q equals %q of %s %q", o.kind, id, w, prev.written, o.kind, prev.id)
		}
	}
	return nil
}
