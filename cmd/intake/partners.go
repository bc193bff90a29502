package main

import (
	"io"
	"strings"

	"intake/approvals"
)

func init() {
	register(command{name: "partners", usage: "[--json] [PROPERTY]: the partners enabled on each property (PROPERTY: an id, name or alias)", run: runPartners})
}

// runPartners prints the partners enabled on every property, or on the
// one PROPERTY (an id, name or alias; an unknown one exits 1).
func runPartners(e *env) error {
	fs := e.flags("partners")
	asJSON := fs.Bool("json", false, "print JSON")
	args, err := e.parseFlags(fs)
	if err != nil {
		return err
	}
	if len(args) > 1 {
		return usagef("partners: want at most one PROPERTY, got %d arguments", len(args))
	}
	property := ""
	if len(args) == 1 {
		property = args[0]
	}
	return withService(e, dbExisting, func(b *backend) error {
		pp, err := b.svc.Partners(e.ctx, property)
		if err != nil {
			return err
		}
		if *asJSON {
			return writeJSON(e.stdout, pp)
		}
		return printPartners(e.stdout, pp)
	})
}

// printPartners prints one line per property: its id, name and partners.
func printPartners(w io.Writer, pp []approvals.PropertyPartners) error {
	t := newTable(w, "PROPERTY", "NAME", "PARTNERS")
	for _, p := range pp {
		names := make([]string, 0, len(p.Partners))
		for _, pa := range p.Partners {
			names = append(names, quote(pa.Name)+" ("+clean(pa.ID)+")")
		}
		list := strings.Join(names, ", ")
		if list == "" {
			list = "none"
		}
		t.row(clean(p.PropertyID), quote(p.Property), list)
	}
	return t.flush()
}
