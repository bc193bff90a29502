package console

import (
	"net/http"
	"slices"

	"intake/approvals"
)

// propertyRow is one property in the properties table.
type propertyRow struct {
	approvals.Property
	PortfolioName                 string
	Partners, Doors, AwaitingDoor int
	Current                       bool
}

// propertyDoor is one door of the property shown.
type propertyDoor struct {
	approvals.Door
	PartnerName string
}

// propertiesData is the properties page's data.
type propertiesData struct {
	Rows []propertyRow
	// Current is the property shown in full; nil when there is none.
	Current  *propertyRow
	Partners []approvals.Partner
	Doors    []propertyDoor
	Awaiting []propertyDoor
}

func (h *Handler) propertiesPage(w http.ResponseWriter, r *http.Request, s *Session) {
	dir, err := h.b.Directory(r.Context())
	if err != nil {
		h.fail(w, r, s, err)
		return
	}
	d := properties(dir, r.URL.Query().Get("property"))
	h.render(w, r, http.StatusOK, "properties", signedPage(s, "properties", "Properties", d))
}

// properties builds the page for dir, showing the property with id
// current in full (the first property when current is "").
func properties(dir *approvals.Directory, current string) *propertiesData {
	names := directoryNames(dir)
	portfolios := map[string]string{}
	for _, p := range dir.Portfolios {
		portfolios[p.ID] = p.Name
	}
	d := &propertiesData{}
	if current == "" && len(dir.Properties) > 0 {
		current = dir.Properties[0].ID
	}
	for _, p := range dir.Properties {
		row := propertyRow{Property: p, PortfolioName: portfolios[p.Portfolio], Current: p.ID == current}
		for _, e := range dir.Enabled {
			if e.Property == p.ID {
				row.Partners++
			}
		}
		for _, door := range dir.Doors {
			if door.Property == p.ID {
				row.Doors++
				if door.AwaitingUpdate {
					row.AwaitingDoor++
				}
			}
		}
		d.Rows = append(d.Rows, row)
	}
	i := slices.IndexFunc(d.Rows, func(r propertyRow) bool { return r.Current })
	if i < 0 {
		return d
	}
	d.Current = &d.Rows[i]
	for _, p := range dir.Partners {
		if slices.Contains(dir.Enabled, approvals.Enablement{Property: current, Partner: p.ID}) {
			d.Partners = append(d.Partners, p)
		}
	}
	for _, door := range dir.Doors {
		if door.Property != current {
			continue
		}
		pd := propertyDoor{Door: door, PartnerName: names["partner:"+door.Partner]}
		d.Doors = append(d.Doors, pd)
		if door.AwaitingUpdate {
			d.Awaiting = append(d.Awaiting, pd)
		}
	}
	return d
}
