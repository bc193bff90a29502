package visible

import (
	"iter"
	"math"
	"slices"
	"strconv"
	"strings"
)

// isFaint reports a zoom or opacity under limit (as a number or a
// percentage), or one set by a function, which cannot be judged.
func isFaint(v string, limit float64) bool {
	return v != "" && (lengthBelow(v, limit, limit) || strings.Contains(v, "("))
}

// aboveProps are the properties that move content up by a negative
// length: farAbovePx or more puts it above the top of the message.
var aboveProps = []string{"top", "inset", "inset-block-start", "margin", "margin-top", "margin-block-start"}

// offsetProps are the properties that move content by a length: an
// offset, indent, margin or padding of farOffPx or more puts it off the
// screen.
var offsetProps = []string{
	"text-indent", "left", "right", "top", "bottom", "inset", "inset-inline", "inset-block",
	"inset-inline-start", "inset-inline-end", "inset-block-start", "inset-block-end",
	"margin", "margin-left", "margin-top", "margin-inline", "margin-block", "margin-inline-start", "margin-block-start",
	"padding", "padding-left", "padding-top", "padding-inline", "padding-block", "padding-inline-start", "padding-block-start",
}

// farAbovePx is how far up a negative top offset or margin must move
// content to put it above the top of the message.
const farAbovePx = 100

// anyFarAbove reports a length in v that moves content farAbovePx or more
// up.
func anyFarAbove(v string) bool {
	for _, t := range cssTokens(v) {
		if n, unit, ok := parseLength(t); ok {
			if px, known := toPx(n, unit); known && px <= -farAbovePx {
				return true
			}
		}
	}
	return false
}

// variableProps are the properties usesVariable checks.
var variableProps = slices.Concat(hidingProps, offsetProps)

// hidingProps are the properties hides looks at, besides offsetProps.
var hidingProps = []string{
	"display", "visibility", "mso-hide", "font-size", "font", "opacity", "clip", "clip-path",
	"content-visibility", "filter", "zoom", "unicode-bidi", "direction",
	"overflow", "overflow-x", "overflow-y", "height", "max-height", "width", "max-width", "line-height",
	"transform", "translate", "scale", "rotate", "letter-spacing", "word-spacing",
	"text-decoration", "text-decoration-line", "mix-blend-mode",
}

// usesVariable reports a property that hides look at whose value comes
// from var(), env() or attr(): it could be anything, so it is taken to
// hide.
func usesVariable(d map[string]string) bool {
	for _, p := range variableProps {
		v := d[p]
		if strings.Contains(v, "var(") || strings.Contains(v, "env(") || strings.Contains(v, "attr(") {
			return true
		}
	}
	return false
}

// clips reports a clip or clip-path value that cuts the element down:
// anything but its initial value off (or a keyword that resets to it).
func clips(v, off string) bool {
	switch v {
	case "", off, "initial", "unset", "inherit", "revert", "revert-layer":
		return false
	}
	return true
}

func clipsOverflow(d map[string]string) bool {
	for _, p := range []string{"overflow", "overflow-x", "overflow-y"} {
		if v := d[p]; strings.HasPrefix(v, "hidden") || strings.HasPrefix(v, "clip") {
			return true
		}
	}
	return false
}

// tinyBox reports a height or width (or max-) under 8px, or a line-height
// under 2px or a fifth of the font size: with overflow hidden, nothing
// readable is left.
func tinyBox(d map[string]string) bool {
	for _, p := range []string{"height", "max-height", "width", "max-width"} {
		if lengthUnder(d[p], 8) {
			return true
		}
	}
	lh := d["line-height"]
	if n, unit, ok := parseLength(lh); ok && unit == "" {
		return n < 0.2 // a multiple of the font size
	}
	return isTinyLength(lh)
}

// isTinyLength reports a length under 2px (see lengthUnder).
func isTinyLength(v string) bool { return lengthUnder(v, 2) }

// lengthUnder reports a length under limit px; a number in a unit that
// cannot be converted (a percentage, a viewport unit) counts when it is
// under 2.
func lengthUnder(v string, limit float64) bool {
	n, unit, ok := parseLength(v)
	if !ok {
		return false
	}
	if px, ok := toPx(n, unit); ok {
		return px < limit
	}
	return n < 2
}

// farOffPx is how far an offset, indent or translation must move content
// to put it off the screen.
const farOffPx = 500

// anyFarOff reports whether any length of a value (one length, a
// shorthand such as "margin: 0 0 0 -9999px", or a calc() expression) is
// far off. A product ("calc(10px * 100)") cannot be judged by its terms
// and counts as far off.
func anyFarOff(v string) bool {
	if strings.Contains(v, "*") {
		return true
	}
	for _, t := range cssTokens(v) {
		if isFarOff(t) {
			return true
		}
	}
	return false
}

// isFarOff reports an offset of 500px or more in either direction. A
// percentage or viewport unit counts from 100; a number in an unknown unit
// counts from 500.
func isFarOff(v string) bool {
	n, unit, ok := parseLength(v)
	if !ok {
		return false
	}
	if px, ok := toPx(n, unit); ok {
		return math.Abs(px) >= farOffPx
	}
	if isRelativeUnit(unit) {
		return math.Abs(n) >= 100
	}
	return math.Abs(n) >= farOffPx
}

// isPulledTogether reports letter- or word-spacing below -1px, which
// piles the text onto itself or pushes it away.
func isPulledTogether(v string) bool {
	n, unit, ok := parseLength(v)
	if !ok {
		return false
	}
	if px, ok := toPx(n, unit); ok {
		return px < -1
	}
	return n < -1
}

// toPx converts an absolute or font-relative length to CSS pixels, taking
// 1em as 16px and 1ex or 1ch as 8px. Unitless numbers are pixels, as in
// quirks mode. ok is false for percentages, viewport and unknown units.
func toPx(n float64, unit string) (float64, bool) {
	f, ok := pxPerUnit[unit]
	return n * f, ok
}

var pxPerUnit = map[string]float64{
	"": 1, "px": 1, "pt": 4.0 / 3, "pc": 16, "in": 96, "cm": 96 / 2.54, "mm": 96 / 25.4,
	"q": 96 / 101.6, "em": 16, "rem": 16, "ex": 8, "ch": 8,
}

// isRelativeUnit reports a percentage or a viewport unit.
func isRelativeUnit(unit string) bool {
	switch unit {
	case "%", "vw", "vh", "vmin", "vmax", "svw", "svh", "lvw", "lvh", "dvw", "dvh":
		return true
	}
	return false
}

// parseLength returns the number and unit of a single CSS length: the
// text, trimmed, must be a number ([+-], digits with an optional fraction
// or a fraction alone, an optional exponent) followed by lower-case
// letters or '%' only. It is called for every length of every element, so
// it scans by hand what lengthRE in the tests states.
func parseLength(v string) (float64, string, bool) {
	v = strings.TrimSpace(v)
	i := 0
	if i < len(v) && (v[i] == '+' || v[i] == '-') {
		i++
	}
	whole := skipDigits(v, i)
	switch {
	case whole > i:
		i = whole
		if i < len(v) && v[i] == '.' {
			i = skipDigits(v, i+1)
		}
	case i+1 < len(v) && v[i] == '.' && isDigit(v[i+1]):
		i = skipDigits(v, i+1)
	default:
		return 0, "", false
	}
	if i < len(v) && v[i] == 'e' {
		j := i + 1
		if j < len(v) && (v[j] == '+' || v[j] == '-') {
			j++
		}
		if end := skipDigits(v, j); end > j {
			i = end
		}
	}
	for k := i; k < len(v); k++ {
		if !(v[k] >= 'a' && v[k] <= 'z' || v[k] == '%') {
			return 0, "", false
		}
	}
	n, err := strconv.ParseFloat(v[:i], 64)
	if err != nil {
		return 0, "", false
	}
	return n, v[i:], true
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// skipDigits returns the index of the first byte at or after i of s that
// is not an ASCII digit.
func skipDigits(s string, i int) int {
	for i < len(s) && isDigit(s[i]) {
		i++
	}
	return i
}

// lengthBelow reports whether v is a number (or percentage) below limit
// (pctLimit for "%" values, as a fraction).
func lengthBelow(v string, limit, pctLimit float64) bool {
	n, unit, ok := parseLength(v)
	if !ok {
		return false
	}
	if unit == "%" {
		return n/100 < pctLimit
	}
	return n < limit
}

// isTinyFont reports a font size no one can read: zero in any unit,
// under 2px or 2pt, or under a fifth of the inherited size.
func isTinyFont(v string) bool {
	n, unit, ok := parseLength(v)
	switch {
	case strings.Contains(v, "("):
		return true // calc(), min(), clamp(): cannot be judged
	case !ok:
		return false
	case n <= 0:
		return true
	case unit == "px" || unit == "pt" || unit == "":
		return n < 2
	case unit == "em" || unit == "rem":
		return n < 0.2
	case unit == "%":
		return n < 20
	case isRelativeUnit(unit):
		return n < 0.5 // of a viewport: under 2px on a phone
	}
	return false
}

// filterHides reports a filter that leaves no readable text: opacity()
// under 0.1, invert() of 0.4 or more, or blur() of 4px or more (or in a
// unit it cannot convert).
func filterHides(v string) bool {
	for name, arg := range filterFunctions(v) {
		switch name {
		case "opacity":
			if lengthBelow(arg, 0.1, 0.1) {
				return true
			}
		case "invert":
			if arg == "" || !lengthBelow(arg, 0.4, 0.4) {
				return true // dark text turned light on the light page
			}
		case "blur":
			n, unit, ok := parseLength(arg)
			if px, known := toPx(n, unit); ok && (!known || px >= 4) {
				return true
			}
		}
	}
	return false
}

// filterFunctions yields the name and argument of each function of a
// filter value ("grayscale(1) opacity(0.5)"), in order.
func filterFunctions(v string) iter.Seq2[string, string] {
	return func(yield func(name, arg string) bool) {
		for f := v; f != ""; {
			i := strings.IndexByte(f, '(')
			j := strings.IndexByte(f, ')')
			if i < 0 || j < i {
				return
			}
			name, arg := strings.TrimSpace(f[:i]), strings.TrimSpace(f[i+1:j])
			if k := strings.LastIndexAny(name, " \t,"); k >= 0 {
				name = name[k+1:]
			}
			if !yield(name, arg) {
				return
			}
			f = f[j+1:]
		}
	}
}

// fontShorthandSize returns the font-size of a font shorthand: the token
// before "/line-height", or else the first with a unit, a percentage or
// a size keyword; "" when there is none (a system font keyword).
func fontShorthandSize(v string) string {
	for _, tok := range strings.Fields(v) {
		if size, _, ok := strings.Cut(tok, "/"); ok {
			return size
		}
		if _, ok := fontKeywordPx[tok]; ok {
			return tok
		}
		if n, unit, ok := parseLength(tok); ok && (unit != "" || n == 0) {
			return tok
		}
	}
	return ""
}

// fontKeywordPx is the size of each absolute font-size keyword.
var fontKeywordPx = map[string]float64{
	"xx-small": 9, "x-small": 10, "small": 13, "medium": 16,
	"large": 18, "x-large": 24, "xx-large": 32, "xxx-large": 48,
}

// fontPx returns the size in CSS pixels that the font-size value v gives
// inside an element whose font is parent pixels: relative units and
// keywords scale it, and a value it cannot read leaves it unchanged.
func fontPx(v string, parent float64) float64 {
	if px, ok := fontKeywordPx[v]; ok {
		return px
	}
	switch v {
	case "smaller":
		return parent / 1.2
	case "larger":
		return parent * 1.2
	}
	n, unit, ok := parseLength(v)
	if !ok || n < 0 {
		return parent
	}
	switch unit {
	case "em":
		return n * parent
	case "%":
		return n * parent / 100
	case "ex", "ch":
		return n * parent / 2
	}
	if px, ok := toPx(n, unit); ok {
		return px
	}
	return parent
}

// legacyFontPx returns the size a <font size> attribute gives: 1 to 7,
// or relative to 3 with a sign.
func legacyFontPx(v string, parent float64) float64 {
	v = strings.TrimSpace(v)
	n, err := strconv.Atoi(v)
	if err != nil {
		return parent
	}
	if strings.HasPrefix(v, "+") || strings.HasPrefix(v, "-") {
		n += 3
	}
	return [...]float64{10, 10, 13, 16, 18, 24, 32, 48}[min(max(n, 1), 7)]
}

// blendHides reports a mix-blend-mode that can paint text the colour of
// what is behind it: any but those that only darken on a light page.
func blendHides(v string) bool {
	switch v {
	case "", "normal", "multiply", "darken", "initial", "inherit", "unset", "revert", "revert-layer":
		return false
	}
	return true
}
