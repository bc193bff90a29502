package parser

import (
	"strconv"
	"strings"
)

// Text in the colour of its background is hidden from the reader. The
// check is cheap and deliberately partial: it knows hex, rgb()/rgba() and a
// few colour names, assumes the usual white page, and treats any
// background it cannot read (an image, a gradient) as unknown, in which
// case the text counts as visible.

// A paint is the text colour and background in force at a node:
// "#rrggbb", "transparent", or "" when unknown.
type paint struct {
	color, bg string
}

// pagePaint is what a mail client shows before any style applies.
var pagePaint = paint{color: "#000000", bg: "#ffffff"}

var colorNames = map[string]string{
	"white": "#ffffff", "black": "#000000", "red": "#ff0000", "green": "#008000",
	"blue": "#0000ff", "yellow": "#ffff00", "gray": "#808080", "grey": "#808080",
	"silver": "#c0c0c0", "snow": "#fffafa", "ivory": "#fffff0", "whitesmoke": "#f5f5f5",
	"transparent": "transparent",
}

// inherit returns the paint of an element inside p, given its
// declarations and the legacy color and bgcolor attributes.
func (p paint) inherit(decls map[string]string, colorAttr, bgAttr string) paint {
	if c, ok := pickColor(decls["color"], colorAttr); ok {
		p.color = c
	}
	if v, ok := decls["background-color"]; ok {
		p.bg, _ = parseColor(v)
	} else if v, ok := decls["background"]; ok {
		p.bg = backgroundColor(v)
	} else if _, ok := decls["background-image"]; ok {
		p.bg = ""
	} else if bgAttr != "" {
		p.bg, _ = parseColor(bgAttr)
	}
	return p
}

// pickColor returns the colour set by a declaration or, failing that, an
// attribute; ok is false when neither sets one.
func pickColor(decl, attr string) (string, bool) {
	switch {
	case decl != "":
		c, _ := parseColor(decl)
		return c, true
	case attr != "":
		c, _ := parseColor(attr)
		return c, true
	}
	return "", false
}

// backgroundColor reads the colour of a background shorthand; an image or
// gradient makes it unknown.
func backgroundColor(v string) string {
	if strings.Contains(v, "url(") || strings.Contains(v, "gradient(") {
		return ""
	}
	for _, tok := range strings.Fields(v) {
		if c, ok := parseColor(tok); ok {
			return c
		}
	}
	return ""
}

// hidesText reports whether text painted with p cannot be seen.
func (p paint) hidesText() bool {
	if p.color == "transparent" {
		return true
	}
	if p.color == "" || p.bg == "" || p.bg == "transparent" {
		return false
	}
	return colorDistance(p.color, p.bg) <= 24
}

// parseColor normalises a CSS colour to "#rrggbb" or "transparent".
func parseColor(v string) (string, bool) {
	v = strings.ToLower(strings.TrimSpace(v))
	if c, ok := colorNames[v]; ok {
		return c, true
	}
	if strings.HasPrefix(v, "#") {
		return parseHexColor(v[1:])
	}
	if strings.HasPrefix(v, "rgb(") || strings.HasPrefix(v, "rgba(") {
		return parseRGB(v)
	}
	return "", false
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

func parseRGB(v string) (string, bool) {
	open, end := strings.IndexByte(v, '('), strings.LastIndexByte(v, ')')
	if end < open {
		return "", false
	}
	parts := strings.FieldsFunc(v[open+1:end], func(r rune) bool { return r == ',' || r == ' ' || r == '/' })
	if len(parts) < 3 {
		return "", false
	}
	if len(parts) >= 4 && lengthBelow(parts[3], 0.1, 0.1) {
		return "transparent", true
	}
	out := []byte{'#'}
	for _, p := range parts[:3] {
		n, unit, ok := parseLength(p)
		if !ok || (unit != "" && unit != "%") {
			return "", false
		}
		if unit == "%" {
			n = n * 255 / 100
		}
		out = append(out, hexByte(uint8(min(max(n, 0), 255)))...)
	}
	return string(out), true
}

func hexByte(b uint8) []byte {
	const digits = "0123456789abcdef"
	return []byte{digits[b>>4], digits[b&15]}
}

// colorDistance is the sum of the channel differences of two "#rrggbb"
// colours; unreadable colours are far apart.
func colorDistance(a, b string) int {
	if len(a) != 7 || len(b) != 7 {
		return 1 << 10
	}
	d := 0
	for i := 1; i < 7; i += 2 {
		x, err1 := strconv.ParseUint(a[i:i+2], 16, 8)
		y, err2 := strconv.ParseUint(b[i:i+2], 16, 8)
		if err1 != nil || err2 != nil {
			return 1 << 10
		}
		d += max(int(x)-int(y), int(y)-int(x))
	}
	return d
}
