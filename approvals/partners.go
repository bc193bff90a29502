package approvals

import (
	"context"
	"fmt"
	"slices"
	"strings"
)

// PartnerRef names a partner.
type PartnerRef struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// PropertyPartners lists the partners enabled on one property; its JSON
// form is the `intake partners --json` shape (docs/commands.md).
type PropertyPartners struct {
	PropertyID string       `json:"property_id"`
	Property   string       `json:"property"`
	Partners   []PartnerRef `json:"partners"`
}

// Partners returns the partners enabled on each property, properties by
// name then id, partners by name then id; Partners is never nil. A
// non-empty property selects one property by id, or else by name or
// alias. It returns an *Error with code ENOTFOUND when no property has
// that id or name, and the Store's error wrapped when reading fails.
func (s *Service) Partners(ctx context.Context, property string) ([]PropertyPartners, error) {
	var out []PropertyPartners
	err := s.store.View(ctx, func(tx Tx) error {
		d, err := tx.Directory()
		if err != nil {
			return fmt.Errorf("read directory: %w", err)
		}
		en, err := tx.Enablements()
		if err != nil {
			return fmt.Errorf("read enablements: %w", err)
		}
		out, err = partnersByProperty(d, en, property)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("list partners: %w", err)
	}
	return out, nil
}

func partnersByProperty(d *Directory, en []Enablement, property string) ([]PropertyPartners, error) {
	props := slices.Clone(d.Properties)
	if property != "" {
		id := property
		if !slices.ContainsFunc(props, func(p Property) bool { return p.ID == id }) {
			m := NewResolver(d).Property(property)
			if m.Kind != MatchExact {
				return nil, Errorf(ENOTFOUND, "property %q is not in the directory", property)
			}
			id = m.ID
		}
		props = slices.DeleteFunc(props, func(p Property) bool { return p.ID != id })
	}
	names := map[string]string{}
	for _, p := range d.Partners {
		names[p.ID] = p.Name
	}
	byName := func(a, b string, x, y string) int {
		if c := strings.Compare(a, b); c != 0 {
			return c
		}
		return strings.Compare(x, y)
	}
	slices.SortFunc(props, func(a, b Property) int { return byName(a.Name, b.Name, a.ID, b.ID) })
	out := make([]PropertyPartners, 0, len(props))
	for _, p := range props {
		pp := PropertyPartners{PropertyID: p.ID, Property: p.Name, Partners: []PartnerRef{}}
		for _, e := range en {
			if e.Property == p.ID {
				pp.Partners = append(pp.Partners, PartnerRef{ID: e.Partner, Name: names[e.Partner]})
			}
		}
		slices.SortFunc(pp.Partners, func(a, b PartnerRef) int { return byName(a.Name, b.Name, a.ID, b.ID) })
		out = append(out, pp)
	}
	return out, nil
}
