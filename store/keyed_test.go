package store

import (
	"strings"
	"testing"
)

// TestKeyedQueriesUseIndexes checks that every query that reads one row
// of the directory by key searches an index (SQLite's plan says SEARCH)
// rather than scanning its table, so that deciding a message costs the
// same with ten managers as with ten thousand.
func TestKeyedQueriesUseIndexes(t *testing.T) {
	db, _ := openTest(t)
	for _, k := range []keyedQuery{partnersQuery, partnerAliasesQuery, propertiesQuery, propertyAliasesQuery,
		managersQuery, propertyGrantsQuery, portfolioGrantsQuery, doorsQuery} {
		q, args := k.with("x")
		rows, err := db.rw.Query("EXPLAIN QUERY PLAN "+q, args...)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		var plan []string
		for rows.Next() {
			var id, parent, unused int
			var detail string
			if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
				t.Fatal(err)
			}
			plan = append(plan, detail)
		}
		rows.Close()
		if len(plan) == 0 || !strings.HasPrefix(plan[0], "SEARCH ") {
			t.Errorf("%s\nplan %q: want a SEARCH of an index", strings.Join(strings.Fields(q), " "), plan)
		}
		if all, args := k.with(""); strings.Contains(all, "WHERE") || len(args) != 0 {
			t.Errorf("every row: %q %v, want no WHERE and no arguments", all, args)
		}
	}
}
