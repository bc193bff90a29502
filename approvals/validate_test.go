package approvals

import (
	"strings"
	"testing"
)

const specDirectory = `{
  "partners":   [{"id": "p-acme", "name": "Acme Deliveries", "aliases": ["Acme"]}],
  "portfolios": [{"id": "pf-west", "name": "Westside Living"}],
  "properties": [{"id": "prop-pines", "name": "The Pines", "portfolio": "pf-west", "aliases": ["Pines Apartments"]}],
  "doors": [{"id": "d-pines-main", "property": "prop-pines", "name": "Main Entrance",
             "kind": "communal", "connected": true, "partner": "p-acme"}],
  "managers": [{"email": "maria@pines.example", "name": "Maria Lopez",
                "properties": ["prop-pines"], "portfolios": []}],
  "enabled": [{"property": "prop-pines", "partner": "p-acme"}]
}`

func TestDecodeDirectorySpecExample(t *testing.T) {
	d, err := DecodeDirectory(strings.NewReader(specDirectory))
	if err != nil {
		t.Fatalf("DecodeDirectory: %v", err)
	}
	if got, want := d.Doors[0].Partner, "p-acme"; got != want {
		t.Errorf("door partner = %q, want %q", got, want)
	}
	if err := testDirectory().Validate(); err != nil {
		t.Errorf("test directory: %v", err)
	}
}

func TestValidateRejects(t *testing.T) {
	tests := []struct {
		name   string
		change func(d *Directory)
		want   string
	}{
		{"empty partner id", func(d *Directory) { d.Partners[1].ID = "" }, `partner #2: id is empty`},
		{"duplicate partner", func(d *Directory) { d.Partners[1].ID = "p-acme" }, `partner "p-acme": duplicate id`},
		{"empty partner name", func(d *Directory) { d.Partners[0].Name = " " }, `partner "p-acme": name is empty`},
		{"empty alias", func(d *Directory) { d.Partners[0].Aliases = []string{""} }, `partner "p-acme": an alias is empty`},
		{"duplicate portfolio", func(d *Directory) { d.Portfolios[1].ID = "pf-west" }, `portfolio "pf-west": duplicate id`},
		{"empty portfolio name", func(d *Directory) { d.Portfolios[0].Name = "" }, `portfolio "pf-west": name is empty`},
		{"duplicate property", func(d *Directory) { d.Properties[1].ID = "prop-pines" }, `property "prop-pines": duplicate id`},
		{"dangling portfolio", func(d *Directory) { d.Properties[0].Portfolio = "pf-x" }, `property "prop-pines": unknown portfolio "pf-x"`},
		{"missing portfolio", func(d *Directory) { d.Properties[0].Portfolio = "" }, `property "prop-pines": portfolio is empty`},
		{"duplicate door", func(d *Directory) { d.Doors[1].ID = "d-pines-main" }, `door "d-pines-main": duplicate id`},
		{"door dangling property", func(d *Directory) { d.Doors[2].Property = "prop-x" }, `door "d-oak-lobby": unknown property "prop-x"`},
		{"door bad kind", func(d *Directory) { d.Doors[2].Kind = "shared" }, `door "d-oak-lobby": kind "shared" is not "communal" or "private"`},
		{"door dangling partner", func(d *Directory) { d.Doors[2].Partner = "p-x" }, `door "d-oak-lobby": unknown partner "p-x"`},
		{"door partner not enabled", func(d *Directory) { d.Doors[2].Partner = "p-acme" }, `door "d-oak-lobby": partner "p-acme" is not enabled on property "prop-oak"`},
		{"door empty name", func(d *Directory) { d.Doors[2].Name = "" }, `door "d-oak-lobby": name is empty`},
		{"duplicate manager", func(d *Directory) { d.Managers[1].Email = "Maria@Pines.example" }, `manager "Maria@Pines.example": duplicate email`},
		{"bad manager email", func(d *Directory) { d.Managers[0].Email = "maria" }, `manager "maria": email is not an address`},
		{"manager dangling property", func(d *Directory) { d.Managers[0].Properties = []string{"prop-x"} }, `manager "maria@pines.example": unknown property "prop-x"`},
		{"manager dangling portfolio", func(d *Directory) { d.Managers[1].Portfolios = []string{"pf-x"} }, `manager "olu@westside.example": unknown portfolio "pf-x"`},
		{"enabled dangling property", func(d *Directory) { d.Enabled[0].Property = "prop-x" }, `enabled #1: unknown property "prop-x"`},
		{"enabled dangling partner", func(d *Directory) {
			d.Enabled = append(d.Enabled, Enablement{Property: "prop-oak", Partner: "p-x"})
		}, `enabled #2: unknown partner "p-x"`},
		{"partner alias equals another partner's name", func(d *Directory) { d.Partners[1].Aliases = []string{" ACME  deliveries."} },
			`partner "p-parcel": name or alias " ACME  deliveries." equals "Acme Deliveries" of partner "p-acme"`},
		{"partner name equals another partner's alias", func(d *Directory) { d.Partners[1].Name = "acme" },
			`partner "p-parcel": name or alias "acme" equals "Acme" of partner "p-acme"`},
		{"property names equal", func(d *Directory) { d.Properties[1].Name = "The  Pines" },
			`property "prop-oak": name or alias "The  Pines" equals "The Pines" of property "prop-pines"`},
		{"property alias equals another property's alias", func(d *Directory) { d.Properties[3].Aliases = []string{"pines apartments"} },
			`property "prop-harbor": name or alias "pines apartments" equals "Pines Apartments" of property "prop-pines"`},
		{"enabled twice", func(d *Directory) { d.Enabled = append(d.Enabled, d.Enabled[0]) }, `enabled #2: partner "p-acme" is already enabled on property "prop-pines"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := testDirectory()
			tt.change(d)
			err := d.Validate()
			if err == nil {
				t.Fatalf("Validate() = nil, want %q", tt.want)
			}
			if got := err.Error(); got != tt.want {
				t.Errorf("Validate() = %q, want %q", got, tt.want)
			}
			if got := ErrorCode(err); got != EINVALID {
				t.Errorf("code = %q, want %q", got, EINVALID)
			}
		})
	}
}

func TestDecodeDirectoryRejects(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"unknown field", `{"partners": [{"id": "p", "name": "P", "colour": "red"}]}`, `decode directory: partners[0] ("p"): unknown field "colour"`},
		{"unknown field of a later entry", `{"partners": [{"id": "p-a", "name": "A"}, {"id": "p-b", "name": "B"},
			{"id": "p-acme", "name": "Acme", "colour": "red"}]}`, `decode directory: partners[2] ("p-acme"): unknown field "colour"`},
		{"unknown field without id", `{"portfolios": [{"name": "P", "colour": "red"}]}`, `decode directory: portfolios[0]: unknown field "colour"`},
		{"unknown field of a property", `{"properties": [{"id": "prop-pines", "name": "P", "portfolio": "pf", "colour": "red"}]}`,
			`decode directory: properties[0] ("prop-pines"): unknown field "colour"`},
		{"unknown field of a door", `{"doors": [{"id": "d-1", "colour": "red"}]}`, `decode directory: doors[0] ("d-1"): unknown field "colour"`},
		{"unknown field of a manager", `{"managers": [{"email": "a@x", "name": "A", "properties": [], "role": "x"}]}`,
			`decode directory: managers[0] ("a@x"): unknown field "role"`},
		{"unknown field of an enablement", `{"enabled": [{"property": "p", "partner": "q", "since": 1}]}`,
			`decode directory: enabled[0]: unknown field "since"`},
		{"unknown top-level field", `{"colour": "red"}`, `decode directory: unknown field "colour"`},
		{"entry not an object", `{"partners": [1]}`, `decode directory: partners[0]: must be an object, not number`},
		{"document not an object", `[]`, `decode directory: the document must be an object, not array`},
		{"trailing data", `{} {}`, `decode directory: unexpected data after the directory object`},
		{"wrong type", `{"doors": [{"connected": "yes"}]}`, `decode directory: doors[0]: field "connected" must be bool, not string`},
		{"empty", ``, `decode directory: the file is empty`},
		{"null", `null`, `decode directory: the document is null, not an object`},
		{"truncated", `{"partners": [`, `decode directory: the JSON ends too early`},
		{"syntax", `{"partners": ]}`, `decode directory: invalid JSON at byte 14: invalid character ']' looking for beginning of value`},
		{"invalid content", `{"portfolios": [{"id": "pf", "name": ""}]}`, `portfolio "pf": name is empty`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := DecodeDirectory(strings.NewReader(tt.in))
			if err == nil {
				t.Fatalf("DecodeDirectory() = nil error, want %q", tt.want)
			}
			if got := err.Error(); got != tt.want {
				t.Errorf("DecodeDirectory() = %q, want %q", got, tt.want)
			}
			if got := ErrorCode(err); got != EINVALID {
				t.Errorf("code = %q, want %q", got, EINVALID)
			}
		})
	}
}

func TestValidateAllowsRepeatsWithinOneEntry(t *testing.T) {
	d := testDirectory()
	d.Partners[0].Aliases = []string{"Acme", "ACME deliveries"}
	d.Properties[0].Aliases = append(d.Properties[0].Aliases, "the pines")
	// A partner and a property may share a name: mail names them in
	// different places.
	d.Partners[3].Name = "Harbor View"
	if err := d.Validate(); err != nil {
		t.Errorf("Validate() = %v, want nil", err)
	}
}
