package visible

import (
	"math/rand/v2"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// lengthRE is what parseLength scans for: a CSS number and its unit.
var lengthRE = regexp.MustCompile(`^([+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?)([a-z%]*)$`)

// referenceLength is parseLength written with lengthRE.
func referenceLength(v string) (float64, string, bool) {
	m := lengthRE.FindStringSubmatch(strings.TrimSpace(v))
	if m == nil {
		return 0, "", false
	}
	n, err := strconv.ParseFloat(m[1], 64)
	if err != nil {
		return 0, "", false
	}
	return n, m[2], true
}

// TestParseLengthMatchesRegexp checks parseLength against lengthRE on
// hand-picked lengths and on random strings over the bytes that matter.
func TestParseLengthMatchesRegexp(t *testing.T) {
	cases := []string{"", " ", "0", "12px", " 12px ", "1.5em", ".5em", "5.", "5.px", ".", ".px", "+3pt", "-0.1%",
		"1e5", "1e5px", "1e", "1em", "1e+", "1e+2q", "1E5", "12PX", "12 px", "--1", "+-1", "1.2.3", "1e-3vh", "e5", "%", "7%"}
	rng := rand.New(rand.NewPCG(1, 2))
	const alphabet = "0123456789.+-eEpx% a"
	for range 20000 {
		b := make([]byte, rng.IntN(8))
		for i := range b {
			b[i] = alphabet[rng.IntN(len(alphabet))]
		}
		cases = append(cases, string(b))
	}
	for _, c := range cases {
		gn, gu, gok := parseLength(c)
		wn, wu, wok := referenceLength(c)
		if gn != wn || gu != wu || gok != wok {
			t.Errorf("parseLength(%q) = %v, %q, %v; lengthRE reads %v, %q, %v", c, gn, gu, gok, wn, wu, wok)
		}
	}
}
