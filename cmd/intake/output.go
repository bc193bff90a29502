package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"

	"intake/internal/safetext"
)

// Names, senders and subjects come from email and may hold control,
// bidi or zero-width characters that would scramble a terminal. Text
// output prints names with %q (quote) and other untrusted text through
// clean, which escape every such character.

// clean is safetext.Clean: every unsafe rune escaped.
func clean(s string) string { return safetext.Clean(s) }

// quote returns s quoted, with unsafe runes escaped; "-" for "".
func quote(s string) string {
	if s == "" {
		return "-"
	}
	return strconv.Quote(s)
}

// oneLine returns an error message as one safe line.
func oneLine(s string) string { return clean(s) }

// dash returns s, cleaned, or "-" when empty.
func dash(s string) string {
	if s == "" {
		return "-"
	}
	return clean(s)
}

// writeJSON writes v as indented JSON.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return fmt.Errorf("write JSON: %w", err)
	}
	return nil
}

// table writes aligned columns; call row for each line and flush at the
// end. Cells must already be cleaned or quoted. The tabwriter writes each
// cell and its padding separately, so its output goes through a buffer:
// on an unbuffered os.Stdout a `poll --once` of 10,000 messages would
// otherwise make 140,000 write calls.
type table struct {
	tw *tabwriter.Writer
	bw *bufio.Writer
}

// newTable returns a table on w with the header columns.
func newTable(w io.Writer, header ...string) *table {
	bw := bufio.NewWriter(w)
	t := &table{tw: tabwriter.NewWriter(bw, 0, 0, 2, ' ', 0), bw: bw}
	t.row(header...)
	return t
}

func (t *table) row(cells ...string) { fmt.Fprintln(t.tw, strings.Join(cells, "\t")) }

// flush writes the table out.
func (t *table) flush() error {
	if err := t.tw.Flush(); err != nil {
		return fmt.Errorf("write table: %w", err)
	}
	if err := t.bw.Flush(); err != nil {
		return fmt.Errorf("write table: %w", err)
	}
	return nil
}

// heading writes a section heading for text output.
func heading(w io.Writer, title string) {
	fmt.Fprintf(w, "\n== %s ==\n", title)
}
