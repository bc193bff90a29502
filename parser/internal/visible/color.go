package visible

import (
	"bytes"
	"math"
	"strconv"
	"strings"

	"golang.org/x/image/colornames"
)

// Text in the colour of its background, or too small to read, is hidden
// from the reader. The check assumes the usual white page and reads hex,
// rgb(), hsl(), every CSS colour name, the system colours of a light page
// and HTML's legacy colour attributes. A text colour it cannot read (a
// colour space it does not know) hides the text: when in doubt, text is
// left out, and a missed request only goes to staff; so does a background
// colour it cannot read. A background image or gradient is unknown, and
// the text on it counts as visible, as white text on a dark picture is.

// A paint is what is in force at a node for its text: the colour, the
// WebKit fill colour that overrides it ("" for none), the background, as
// "#rrggbb", "transparent", colorUnread, or "" when unknown, the font size
// in CSS pixels, and the zoom and opacity.
type paint struct {
	color, fill, bg string
	size            float64
	// zoom and opacity are the products of the zooms and opacities of
	// the element and its ancestors.
	zoom, opacity float64
}

// colorUnread is a text colour intake could not read.
const colorUnread = "?"

// pagePaint is what a mail client shows before any style applies.
var pagePaint = paint{color: "#000000", bg: "#ffffff", size: 16, zoom: 1, opacity: 1}

// colorNames maps the CSS colour names, the system colours as a light
// page shows them, and transparent.
var colorNames = func() map[string]string {
	m := map[string]string{
		"rebeccapurple": "#663399", "transparent": "transparent",
		"canvas": "#ffffff", "canvastext": "#000000", "window": "#ffffff", "windowtext": "#000000",
		"field": "#ffffff", "fieldtext": "#000000", "buttonface": "#efefef", "buttontext": "#000000",
		"linktext": "#0000ee", "visitedtext": "#551a8b", "activetext": "#ff0000", "graytext": "#6d6d6d",
	}
	for name, c := range colornames.Map {
		m[name] = hexColor(c.R, c.G, c.B)
	}
	return m
}()

// inherit returns the paint of an element inside p, given its
// declarations and its legacy color, bgcolor and size attributes.
func (p paint) inherit(decls map[string]string, colorAttr, bgAttr, sizeAttr string) paint {
	if v, ok := decls["color"]; ok {
		p.color = cssColor(v, p.color)
	} else if colorAttr != "" {
		p.color = legacyColor(colorAttr, p.color)
	}
	if v, ok := decls["-webkit-text-fill-color"]; ok {
		if v == "currentcolor" {
			p.fill = "" // the text colour again
		} else {
			p.fill = cssColor(v, p.fill)
		}
	}
	if v, ok := decls["background-color"]; ok {
		p.bg = p.background(v)
	} else if v, ok := decls["background"]; ok {
		p.bg = p.background(backgroundColor(v))
	} else if v, ok := decls["background-image"]; ok && v != "none" {
		p.bg = ""
	} else if bgAttr != "" {
		if c := legacyColor(bgAttr, colorUnread); c != colorUnread {
			p.bg = c
		}
	}
	if v, ok := decls["font-size"]; ok {
		p.size = fontPx(v, p.size)
	} else if v, ok := decls["font"]; ok {
		p.size = fontPx(fontShorthandSize(v), p.size)
	} else if sizeAttr != "" {
		p.size = legacyFontPx(sizeAttr, p.size)
	}
	p.zoom *= fraction(decls["zoom"])
	p.opacity *= fraction(decls["opacity"]) * filterOpacity(decls["filter"])
	return p
}

// fraction reads an opacity or zoom as a factor: a number or percentage
// from 0; 1 for none or a value it cannot read (hides judges those).
func fraction(v string) float64 {
	if v == "" {
		return 1
	}
	n, unit, ok := parseLength(v)
	switch {
	case !ok || (unit != "" && unit != "%") || n < 0:
		return 1
	case unit == "%":
		return n / 100
	}
	return n
}

// filterOpacity is the product of the opacity() functions of a filter.
func filterOpacity(v string) float64 {
	f := 1.0
	for name, arg := range filterFunctions(v) {
		if name == "opacity" {
			f *= min(fraction(arg), 1)
		}
	}
	return f
}

// cssColor reads a colour declaration given the colour inherited: the
// wide keywords and currentcolor keep it, initial is black, anything not
// readable is colorUnread.
func cssColor(v, inherited string) string {
	switch v {
	case "inherit", "unset", "revert", "revert-layer", "currentcolor":
		return inherited
	case "initial":
		return "#000000"
	}
	if c, ok := parseColor(v); ok {
		return c
	}
	return colorUnread
}

// background returns the background in force inside p after the colour
// value v ("" for an image or gradient, which is unknown): a transparent
// one, or a keyword that keeps the default, shows what is behind; a
// colour intake cannot read is colorUnread, on which no text counts as
// visible.
func (p paint) background(v string) string {
	switch v {
	case "":
		return "" // an image or gradient
	case "transparent", "inherit", "unset", "initial", "revert", "revert-layer":
		return p.bg
	case "currentcolor":
		return p.textColor()
	}
	switch c, ok := parseColor(v); {
	case !ok:
		return colorUnread
	case c == "transparent":
		return p.bg
	default:
		return c
	}
}

// textColor is the colour the text is painted in.
func (p paint) textColor() string {
	if p.fill != "" {
		return p.fill
	}
	return p.color
}

// backgroundColor reads the colour of a background shorthand: an image or
// gradient makes it unknown (""), and a shorthand without a colour sets
// it to transparent, as CSS does.
func backgroundColor(v string) string {
	if strings.Contains(v, "url(") || strings.Contains(v, "gradient(") {
		return ""
	}
	for _, tok := range strings.Fields(v) {
		if _, ok := parseColor(tok); ok || tok == "currentcolor" {
			return tok
		}
	}
	return "transparent"
}

// minContrast is the least contrast ratio (WCAG 2) of readable text. Grey
// #c0c0c0 on white is 1.8; the near-white lightyellow is 1.02.
const minContrast = 1.5

// parseColor normalises a CSS colour to "#rrggbb" or "transparent".
func parseColor(v string) (string, bool) {
	v = strings.ToLower(strings.TrimSpace(v))
	if c, ok := colorNames[v]; ok {
		return c, true
	}
	if strings.HasPrefix(v, "#") {
		return parseHexColor(v[1:])
	}
	var read func(args []string) (string, bool)
	switch {
	case strings.HasPrefix(v, "rgb(") || strings.HasPrefix(v, "rgba("):
		read = rgbColor
	case strings.HasPrefix(v, "hsl(") || strings.HasPrefix(v, "hsla("):
		read = hslColor
	default:
		return "", false
	}
	args, transparent, ok := colorArgs(v)
	switch {
	case !ok:
		return "", false
	case transparent:
		return "transparent", true
	}
	return read(args)
}

// colorArgs returns the arguments of a colour function such as rgb() or
// hsl(), split on commas, spaces and the slash before alpha; transparent
// reports an alpha under 0.1. ok is false without three arguments.
func colorArgs(v string) (args []string, transparent, ok bool) {
	open, end := strings.IndexByte(v, '('), strings.LastIndexByte(v, ')')
	if end < open {
		return nil, false, false
	}
	args = strings.FieldsFunc(v[open+1:end], func(r rune) bool { return r == ',' || r == ' ' || r == '/' })
	if len(args) < 3 {
		return nil, false, false
	}
	return args, len(args) >= 4 && lengthBelow(args[3], 0.1, 0.1), true
}

// hexColor returns "#rrggbb".
func hexColor(r, g, b uint8) string {
	return "#" + string(hexByte(r)) + string(hexByte(g)) + string(hexByte(b))
}

// hslColor reads the arguments of hsl() and hsla(): a hue in degrees (or
// deg, grad, rad, turn), saturation and lightness in percent.
func hslColor(parts []string) (string, bool) {
	h, unit, ok := parseLength(parts[0])
	perUnit, known := degreesPer[unit]
	if unit == "" {
		perUnit, known = 1, true // degrees
	}
	if !ok || !known {
		return "", false
	}
	h *= perUnit
	var sl [2]float64
	for i, part := range parts[1:3] {
		n, unit, ok := parseLength(part)
		if !ok || (unit != "%" && unit != "") {
			return "", false
		}
		sl[i] = min(max(n, 0), 100) / 100
	}
	return hexColor(hslToRGB(math.Mod(math.Mod(h, 360)+360, 360), sl[0], sl[1])), true
}

// hslToRGB converts hue (degrees), saturation and lightness (0 to 1) to
// sRGB, as CSS Color 4 section 7.1 does.
func hslToRGB(h, s, l float64) (r, g, b uint8) {
	f := func(n float64) uint8 {
		k := math.Mod(n+h/30, 12)
		a := s * min(l, 1-l)
		return uint8(math.Round(255 * (l - a*max(-1, min(k-3, 9-k, 1)))))
	}
	return f(0), f(8), f(4)
}

// legacyColor reads an HTML colour attribute (font color, bgcolor) by
// HTML's rules for parsing a legacy colour value, which make a colour of
// almost any text ("ffffff" is white); fallback is returned for the
// values that are no colour (empty, transparent).
func legacyColor(v, fallback string) string {
	v = strings.TrimSpace(v)
	lower := strings.ToLower(v)
	if v == "" || lower == "transparent" {
		return fallback
	}
	if c, ok := colorNames[lower]; ok {
		return c
	}
	if len(v) == 4 && v[0] == '#' {
		if c, ok := parseHexColor(lower[1:]); ok {
			return c // #rgb
		}
	}
	var digits []byte
	for _, r := range v {
		switch {
		case r > 0xffff:
			digits = append(digits, '0', '0')
		case r < 0x80 && isHex(byte(r)):
			digits = append(digits, byte(r))
		default:
			digits = append(digits, '0')
		}
	}
	digits = digits[:min(len(digits), 128)]
	if len(v) > 0 && v[0] == '#' {
		digits = digits[1:]
	}
	for len(digits) == 0 || len(digits)%3 != 0 {
		digits = append(digits, '0')
	}
	n := len(digits) / 3
	comp := [3][]byte{digits[:n], digits[n : 2*n], digits[2*n:]}
	if n > 8 {
		for i := range comp {
			comp[i] = comp[i][n-8:]
		}
		n = 8
	}
	for n > 2 && comp[0][0] == '0' && comp[1][0] == '0' && comp[2][0] == '0' {
		for i := range comp {
			comp[i] = comp[i][1:]
		}
		n--
	}
	out := []byte{'#'}
	for _, c := range comp {
		c = c[:min(n, 2)]
		if len(c) == 1 {
			c = []byte{'0', c[0]}
		}
		out = append(out, bytes.ToLower(c)...)
	}
	return string(out)
}

func parseHexColor(h string) (string, bool) {
	for i := 0; i < len(h); i++ {
		if !isHex(h[i]) {
			return "", false
		}
	}
	switch len(h) {
	case 3, 4:
		if len(h) == 4 && h[3] == '0' {
			return "transparent", true
		}
		return "#" + string([]byte{h[0], h[0], h[1], h[1], h[2], h[2]}), true
	case 6, 8:
		if len(h) == 8 && h[6:] == "00" {
			return "transparent", true
		}
		return "#" + h[:6], true
	}
	return "", false
}

// rgbColor reads the arguments of rgb() and rgba(): numbers or
// percentages.
func rgbColor(parts []string) (string, bool) {
	var rgb [3]uint8
	for i, p := range parts[:3] {
		n, unit, ok := parseLength(p)
		if !ok || (unit != "" && unit != "%") {
			return "", false
		}
		if unit == "%" {
			n = n * 255 / 100
		}
		rgb[i] = uint8(min(max(n, 0), 255))
	}
	return hexColor(rgb[0], rgb[1], rgb[2]), true
}

func hexByte(b uint8) []byte {
	const digits = "0123456789abcdef"
	return []byte{digits[b>>4], digits[b&15]}
}

// contrast is the WCAG 2 contrast ratio of two "#rrggbb" colours, from 1
// (the same) to 21; unreadable colours are taken as far apart.
func contrast(a, b string) float64 {
	la, ok1 := luminance(a)
	lb, ok2 := luminance(b)
	if !ok1 || !ok2 {
		return 21
	}
	return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)
}

// luminance is the relative luminance of a "#rrggbb" colour (WCAG 2).
func luminance(c string) (float64, bool) {
	if len(c) != 7 {
		return 0, false
	}
	var l float64
	for i, weight := range []float64{0.2126, 0.7152, 0.0722} {
		v, err := strconv.ParseUint(c[1+2*i:3+2*i], 16, 8)
		if err != nil {
			return 0, false
		}
		ch := float64(v) / 255
		if ch <= 0.04045 {
			ch /= 12.92
		} else {
			ch = math.Pow((ch+0.055)/1.055, 2.4)
		}
		l += weight * ch
	}
	return l, true
}
