package mimetree

import "testing"

// setElideMin sets ElideMin to n until the test ends.
func setElideMin(t testing.TB, n int) {
	t.Helper()
	old := ElideMin
	ElideMin = n
	t.Cleanup(func() { ElideMin = old })
}

func TestElide(t *testing.T) {
	mark := string(ElideMarker)
	tests := []struct {
		name string
		raw  string
		want string // "" when nothing is elided
	}{
		{"run after an empty line, CRLF",
			"H: v\r\n\r\nQUJD\r\nREVG\r\nR0hJ\r\nSktM\r\n--x--\r\n",
			"H: v\r\n\r\nQUJD\r\n" + mark + "\r\nSktM\r\n--x--\r\n"},
		{"run after an empty line, LF",
			"H: v\n\nQUJD\nREVG\nR0hJ\nSktM\n--x--\n",
			"H: v\n\nQUJD\n" + mark + "\nSktM\n--x--\n"},
		{"marker ends like the first line",
			"\nQUJD\nREVG\r\nR0hJ\r\nSktM\r\n",
			"\nQUJD\n" + mark + "\nSktM\r\n"},
		{"empty line at the start",
			"\r\nQUJDREVG\r\nR0hJ\r\nSktM\r\n",
			"\r\nQUJDREVG\r\n" + mark + "\r\nSktM\r\n"},
		{"padding and symbols",
			"\nQU+/\nREVG\nR0hJ\nSk==\n",
			"\nQU+/\n" + mark + "\nSk==\n"},
		{"two runs",
			"\nQUJD\nREVG\nR0hJ\nSktM\n\nTU5P\nUFFS\nVFVW\nWFla\n.\n",
			"\nQUJD\n" + mark + "\nSktM\n\nTU5P\n" + mark + "\nWFla\n.\n"},
		{"run ends at a line of other bytes",
			"\nQUJD\nREVG\nR0hJ\nSktM\nSk-M\nTU5P\nUFFS\nVFVW\nWFla\n",
			"\nQUJD\n" + mark + "\nSktM\nSk-M\nTU5P\nUFFS\nVFVW\nWFla\n"},
		{"run ends before an incomplete line",
			"\nQUJD\nREVG\nR0hJ\nSktM\nTU5P",
			"\nQUJD\n" + mark + "\nSktM\nTU5P"},
		{"run not after an empty line", "H: v\nQUJD\nREVG\nR0hJ\nSktM\n", ""},
		{"run after a line of white space", "\n \nQUJD\nREVG\nR0hJ\nSktM\n", ""},
		{"run after a lone CR line", "\n\r\r\nQUJD\nREVG\nR0hJ\nSktM\n", ""},
		{"short run", "\nQUJD\nREVG\nR0g\n", ""},
		{"two long lines", "\nQUJDREVGR0hJ\nSktMTU5PUFFS\n", ""},
		{"space inside lines", "\nQU JD\nRE VG\nR0 hJ\nSk tM\n", ""},
		{"tab inside a line", "\nQUJD\nRE\tV\nR0hJ\nSktM\n", ""},
		{"CR inside a line", "\nQUJD\nRE\rVG\nR0hJ\nSktM\n", ""},
		{"colon inside a line", "\nQUJD\nREVG:\nR0hJ\nSktM\n", ""},
		{"8-bit byte inside a line", "\nQUJD\nRE\xc3\xa9\nR0hJ\nSktM\n", ""},
		{"no complete line", "\nQUJDREVGR0hJSktM", ""},
	}
	setElideMin(t, 16)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, elided := Elide([]byte(tt.raw))
			want := tt.want
			if want == "" {
				want = tt.raw
			}
			if string(got) != want || elided != (tt.want != "") {
				t.Errorf("Elide(%q) = %q, %v; want %q, %v", tt.raw, got, elided, want, tt.want != "")
			}
		})
	}
}

// TestElideMin checks that a run exactly ElideMin long is elided and a
// shorter one is not.
func TestElideMin(t *testing.T) {
	raw := []byte("\nQUJD\nREVG\nR0hJ\nSktM\n") // a run of 20 bytes
	for _, tt := range []struct {
		min  int
		want bool
	}{{19, true}, {20, true}, {21, false}} {
		setElideMin(t, tt.min)
		if _, elided := Elide(raw); elided != tt.want {
			t.Errorf("elideMin %d: elided = %v, want %v", tt.min, elided, tt.want)
		}
	}
}
