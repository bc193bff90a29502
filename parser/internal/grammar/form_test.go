package grammar

import (
	"testing"

	"intake/parser/internal/model"
)

func TestFormRemoval(t *testing.T) {
	form := "Property: The Pines\nPartner: Acme Deliveries"
	acme := []Pair{remove("Acme Deliveries", "The Pines")}
	runRequestCases(t, []requestCase{
		{"subject intent", "Removal request", "Hello,\n\n" + form + "\n\nThanks, Maria", acme},
		{"body intent", "Partner access", "Please remove the following:\n\n" + form, acme},
		{"intent in same paragraph", "", "Please disable this integration:\n" + form, acme},
		{"labels vary", "Revoke access", "property name: The Pines\nOpenKit partner: Acme Deliveries", acme},
		{"building and integration", "Disable", "Building: The Pines\nIntegration: Acme Deliveries", acme},
		{"bullets", "Remove", "- Property: The Pines\n- Partner: Acme Deliveries", acme},
		{"fields across paragraphs", "Remove", "Property: The Pines\n\nPartner: Acme Deliveries", acme},
		{"other field between", "Remove", "Property: The Pines\nReason: moved out\nPartner: Acme Deliveries", acme},
		{"several partners", "Removal", "Property: The Pines\nPartner: Acme Deliveries\nPartner: Parcel Pal",
			[]Pair{remove("Acme Deliveries", "The Pines"), remove("Parcel Pal", "The Pines")}},
		{"comma list", "Removal", "Property: The Pines, Oak Court\nPartners: Acme Deliveries",
			[]Pair{remove("Acme Deliveries", "The Pines"), remove("Acme Deliveries", "Oak Court")}},
		{"two blocks", "Removal", "Property: The Pines\nPartner: Acme Deliveries\nProperty: Oak Court\nPartner: Parcel Pal",
			[]Pair{remove("Acme Deliveries", "The Pines"), remove("Parcel Pal", "Oak Court")}},
		{"with a grant sentence", "", "We give DOOR permission to add Parcel Pal to Oak Court.\n\nPlease also remove:\n" + form,
			[]Pair{add("Parcel Pal", "Oak Court"), remove("Acme Deliveries", "The Pines")}},
		{"same as sentence kept once", "", "Please remove Acme Deliveries from The Pines.\n\nRemoval details:\n" + form, acme},
		{"no intent", "Partner access", "Hello,\n\n" + form, nil},
		{"add intent", "Add partner", form, nil},
		{"mixed intent", "Remove", "Please add this one:\n" + form, nil},
		{"grant word in body", "Removal", "We give permission for this change.\n\n" + form, nil},
		{"negated intent", "Removal request", "Please do not remove anything yet.\n\n" + form, nil},
		{"question intent", "Should we remove this?", form, nil},
		{"nothing to remove in body", "Partner access", "Hello, there is nothing to remove:\n" + form, nil},
		{"nothing to remove in subject", "Nothing to remove", form, nil},
		{"remove nobody", "Removal", "Please remove nobody.\n\n" + form, nil},
		{"remove nothing", "", "Remove nothing.\n\n" + form, nil},
		{"remove none", "", "Please remove none of these:\n" + form, nil},
		{"remove no one", "", "Please remove no one:\n" + form, nil},
		{"remove noone", "", "Please remove noone:\n" + form, nil},
		{"only property", "Remove", "Property: The Pines", nil},
		{"empty partner", "Remove", "Property: The Pines\nPartner:", nil},
		{"placeholder", "Remove", "Property: [Property Name]\nPartner: [Partner Name]", nil},
		{"one placeholder", "Remove", "Property: The Pines\nPartner: <Partner Name>", nil},
		{"hedged value", "Remove", "Property: The Pines\nPartner: Acme Deliveries (not sure)", nil},
		{"unrelated paragraph ends block", "Remove", "Property: The Pines\n\nSee you soon.\n\nPartner: Acme Deliveries", nil},
	})
}

func TestFormRemovalSplits(t *testing.T) {
	stmts := FindRequests("Removal", model.Body{Text: "Property: The Pines\nPartner: Smith and Sons Movers"})
	want := []Split{names("Smith", "Sons Movers", "|", "The Pines"), names("Smith and Sons Movers", "|", "The Pines")}
	if len(stmts) != 1 || statementKey(Statement{Splits: stmts[0].Splits}) != statementKey(Statement{Splits: want}) {
		t.Fatalf("got %v, want one statement with splits %q", stmts, want)
	}
	if got, want := stmts[0].Sentence, "Property: The Pines\nPartner: Smith and Sons Movers"; got != want {
		t.Errorf("Sentence = %q, want %q", got, want)
	}
}
