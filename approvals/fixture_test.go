package approvals

// testDirectory returns a small valid directory used across tests.
func testDirectory() *Directory {
	return &Directory{
		Partners: []Partner{
			{ID: "p-acme", Name: "Acme Deliveries", Aliases: []string{"Acme"}},
			{ID: "p-parcel", Name: "Parcel Pal"},
			{ID: "p-smith", Name: "Smith and Sons Movers"},
			{ID: "p-gw", Name: "Gateway"},
		},
		Portfolios: []Portfolio{{ID: "pf-west", Name: "Westside Living"}, {ID: "pf-harbor", Name: "Harbor Group"}},
		Properties: []Property{
			{ID: "prop-pines", Name: "The Pines", Portfolio: "pf-west", Aliases: []string{"Pines Apartments"}},
			{ID: "prop-oak", Name: "Oak Court", Portfolio: "pf-west"},
			{ID: "prop-gateway", Name: "Gateway to the West Lofts", Portfolio: "pf-west"},
			{ID: "prop-harbor", Name: "Harbor View", Portfolio: "pf-harbor"},
			{ID: "prop-lofts", Name: "The West Lofts", Portfolio: "pf-west"},
		},
		Doors: []Door{
			{ID: "d-pines-main", Property: "prop-pines", Name: "Main Entrance", Kind: DoorCommunal, Connected: true, Partner: "p-acme"},
			{ID: "d-pines-garage", Property: "prop-pines", Name: "Garage", Kind: DoorCommunal, Partner: "p-acme"},
			{ID: "d-oak-lobby", Property: "prop-oak", Name: "Lobby", Kind: DoorCommunal, Connected: true},
		},
		Managers: []Manager{
			{Email: "maria@pines.example", Name: "Maria Lopez", Properties: []string{"prop-pines"}},
			{Email: "olu@westside.example", Name: "Olu Adeyemi", Portfolios: []string{"pf-west"}},
		},
		Enabled: []Enablement{{Property: "prop-pines", Partner: "p-acme"}},
	}
}
