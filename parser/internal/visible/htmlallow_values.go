package visible

import (
	"slices"
	"strconv"
	"strings"
)

// The value checks of the allow-list's tables.

// A declCtx is where a declaration is written: on an element (tag, with
// the font size in force around it) or in a style sheet rule, which
// intake cannot place.
type declCtx struct {
	tag   string
	sheet bool
	// parentPx is the font size around the element, ownPx the one the
	// declarations give it (16 in a sheet rule that sets none).
	parentPx, ownPx float64
	important       bool
	// backgrounds are the background colours set anywhere in the
	// document, against which a sheet rule's colour is judged.
	backgrounds []string
}

func oneOf(values ...string) attrCheck {
	return func(v string) bool {
		v = strings.ToLower(strings.TrimSpace(v))
		for _, w := range values {
			if v == w {
				return true
			}
		}
		return false
	}
}

func oneOfValue(values ...string) propCheck {
	check := oneOf(append(values, "inherit", "initial")...)
	return func(v string, _ *declCtx) bool { return check(v) }
}

func isNumber(v string) bool {
	_, err := strconv.Atoi(strings.TrimSpace(v))
	return err == nil
}

// isSmallNumber allows a border, padding or spacing attribute of up to
// maxSpacePx pixels.
func isSmallNumber(v string) bool {
	n, err := strconv.Atoi(strings.TrimSpace(v))
	return err == nil && n >= 0 && n <= maxSpacePx
}

// isSize allows a width or height attribute: pixels or a percentage.
func isSize(v string) bool {
	n, unit, ok := parseLength(strings.ToLower(v))
	return ok && n >= 0 && (unit == "" || unit == "px" || unit == "%")
}

// isFontSize allows a <font size> that gives at least minFontPx.
func isFontSize(v string) bool {
	return isNumber(strings.TrimPrefix(strings.TrimSpace(v), "+")) && legacyFontPx(v, pagePaint.size) >= minFontPx
}

// isDarkColor allows a legacy colour attribute readable on white.
func isDarkColor(v string) bool {
	c := legacyColor(v, colorUnread)
	return c != colorUnread && contrast(c, pagePaint.bg) >= minTextContrast
}

// isLightColor allows a legacy background colour attribute that is light.
func isLightColor(v string) bool {
	c := legacyColor(v, colorUnread)
	return c != colorUnread && isLight(c)
}

func isLight(c string) bool { return len(c) == 7 && contrast(c, "#000000") >= minLightBg }

// noFunction allows any value without a function: no var(), calc(),
// url(), attr() or expression() can reach it.
func noFunction(v string, _ *declCtx) bool { return !strings.Contains(v, "(") }

// fontSizeOK allows a font size of at least minFontPx. In a style sheet
// a relative size below 1em could shrink nested elements without bound.
func fontSizeOK(v string, c *declCtx) bool {
	if strings.Contains(v, "(") || v == "" {
		return false
	}
	if v == "inherit" || v == "initial" {
		return true
	}
	if c.sheet {
		if v == "smaller" {
			return false
		}
		if n, unit, ok := parseLength(v); ok && (unit == "em" || unit == "%" || unit == "ex" || unit == "ch") {
			return fontPx(v, 1) >= 1 && n > 0
		}
	}
	_, known := fontKeywordPx[v]
	n, unit, ok := parseLength(v)
	if !known && !(ok && n > 0 && unit != "") && v != "larger" && v != "smaller" {
		return false
	}
	return fontPx(v, max(c.parentPx, minFontPx)) >= minFontPx
}

// fontShorthandOK allows a font shorthand whose size passes fontSizeOK.
func fontShorthandOK(v string, c *declCtx) bool {
	size := fontShorthandSize(v)
	return !strings.Contains(v, "(") && (size == "" || fontSizeOK(size, c))
}

// colorOK allows a text colour that can be read (no alpha, no
// !important, which outranks what intake sees). Against what it is
// painted on, the walk judges an element's text; a sheet rule, which
// intake cannot place, must be readable on white and on every background
// of the document.
func colorOK(v string, c *declCtx) bool {
	if c.important {
		return false
	}
	switch v {
	case "inherit", "currentcolor", "initial", "windowtext":
		return true
	}
	col, ok := opaqueColor(v)
	if !ok {
		return false
	}
	if !c.sheet {
		return true
	}
	if contrast(col, pagePaint.bg) < minTextContrast {
		return false
	}
	for _, bg := range c.backgrounds {
		if contrast(col, bg) < minTextContrast {
			return false
		}
	}
	return true
}

// anyColor allows an opaque colour that paints no text (the caret).
func anyColor(v string, _ *declCtx) bool {
	_, ok := opaqueColor(v)
	return ok || v == "auto" || v == "inherit"
}

// backgroundOK allows a light, opaque background colour (a shorthand
// with no image, position or anything else), or none.
func backgroundOK(v string, c *declCtx) bool {
	if c.important {
		return false
	}
	for _, tok := range strings.Fields(v) {
		switch tok {
		case "none", "transparent", "inherit", "initial", "window":
			continue
		}
		col, ok := opaqueColor(tok)
		if !ok || !isLight(col) {
			return false
		}
	}
	return !strings.Contains(v, "(") || isColorFunction(v)
}

func isColorFunction(v string) bool {
	return strings.HasPrefix(v, "rgb(") || strings.HasPrefix(v, "rgba(") ||
		strings.HasPrefix(v, "hsl(") || strings.HasPrefix(v, "hsla(")
}

// opaqueColor reads a colour with no transparency at all, as "#rrggbb".
func opaqueColor(v string) (string, bool) {
	v = strings.TrimSpace(v)
	c, ok := parseColor(v)
	if !ok || c == "transparent" {
		return "", false
	}
	if strings.HasPrefix(v, "#") && (len(v) == 5 || len(v) == 9) {
		return "", false // #rgba, #rrggbbaa
	}
	if isColorFunction(v) {
		if args, _, ok := colorArgs(v); !ok || (len(args) > 3 && args[3] != "1" && args[3] != "100%" && args[3] != "1.0") {
			return "", false
		}
	}
	return c, true
}

// spaceOK allows margins, paddings and indents: lengths from 0 to
// maxSpacePx, or auto. A negative one could pull text over other text.
func spaceOK(v string, _ *declCtx) bool {
	if strings.Contains(v, "(") {
		return false
	}
	for _, tok := range strings.Fields(v) {
		if tok == "auto" || tok == "inherit" || tok == "initial" {
			continue
		}
		if !lengthWithin(tok, maxSpacePx) {
			return false
		}
	}
	return true
}

// lengthWithin reports a length from 0 to limit px in a unit that
// converts to pixels.
func lengthWithin(tok string, limit float64) bool {
	n, unit, ok := parseLength(tok)
	if !ok || n < 0 {
		return false
	}
	px, known := toPx(n, unit)
	return known && px <= limit
}

// lineHeightOK allows a line height that does not pile lines onto each
// other: normal, at least 1 (or 100%), or a length at least 0.9 of the
// element's font size.
func lineHeightOK(v string, c *declCtx) bool {
	if v == "normal" || v == "inherit" || v == "initial" {
		return true
	}
	n, unit, ok := parseLength(v)
	switch {
	case !ok:
		return false
	case unit == "":
		return n >= 1
	case unit == "%":
		return n >= 100
	}
	px, known := toPx(n, unit)
	return known && px >= 0.9*c.ownPx
}

// borderOK allows a border of a known width up to maxSpacePx, style and
// opaque colour.
func borderOK(v string, _ *declCtx) bool {
	for _, tok := range colorTokens(v) {
		switch {
		case borderWords[tok]:
		case lengthWithin(tok, maxSpacePx):
		default:
			if _, ok := opaqueColor(tok); !ok {
				return false
			}
		}
	}
	return true
}

var borderWords = map[string]bool{
	"none": true, "hidden": true, "solid": true, "dotted": true, "dashed": true, "double": true,
	"groove": true, "ridge": true, "inset": true, "outset": true, "thin": true, "medium": true,
	"thick": true, "windowtext": true, "currentcolor": true, "inherit": true, "initial": true,
	"transparent": true,
}

// colorTokens splits a value at white space outside parentheses, so that
// "1px solid rgb(204, 204, 204)" is three tokens.
func colorTokens(v string) []string {
	var out []string
	depth, start := 0, -1
	for i := 0; i < len(v); i++ {
		switch c := v[i]; {
		case c == '(':
			depth++
		case c == ')':
			depth--
		case (c == ' ' || c == '\t' || c == '\n') && depth == 0:
			if start >= 0 {
				out = append(out, v[start:i])
				start = -1
			}
			continue
		}
		if start < 0 {
			start = i
		}
	}
	if start >= 0 {
		out = append(out, v[start:])
	}
	return out
}

// widthOK allows a width of 8px or more, a percentage, or auto: a box
// narrower than a letter would stack its text a letter to a line.
func widthOK(v string, _ *declCtx) bool {
	switch v {
	case "auto", "none", "inherit", "initial", "100%":
		return true
	}
	n, unit, ok := parseLength(v)
	if !ok || n < 0 {
		return false
	}
	if unit == "%" {
		return n >= 10
	}
	px, known := toPx(n, unit)
	return known && (px >= 8 || n == 0)
}

// heightOK allows a height only where it is a least height, never one
// that text overflows onto what follows: on table parts and images.
func heightOK(v string, c *declCtx) bool {
	switch c.tag {
	case "table", "tbody", "tr", "td", "th", "img", "hr":
		return v == "auto" || widthOK(v, c)
	}
	return v == "auto"
}

// zeroOrNormal allows only the initial value of a spacing or stroke,
// which Apple Mail writes on every signature.
func zeroOrNormal(v string, _ *declCtx) bool {
	switch v {
	case "normal", "0", "0px", "inherit", "initial":
		return true
	}
	return false
}

// listStyleOK allows list markers by keyword (listMarkers), never a
// string, symbols() or an image.
func listStyleOK(v string, _ *declCtx) bool {
	for _, tok := range strings.Fields(v) {
		if !slices.Contains(listMarkers, tok) {
			return false
		}
	}
	return true
}

// fontFamilyOK allows a font list with no function and no symbol font.
func fontFamilyOK(v string, _ *declCtx) bool { return !strings.Contains(v, "(") && isTextFont(v) }

// isTextFont reports a font list that names no symbolFonts.
func isTextFont(v string) bool {
	for _, f := range strings.Split(strings.ToLower(v), ",") {
		f = strings.Trim(strings.TrimSpace(f), `"'`)
		for _, sym := range symbolFonts {
			if strings.Contains(f, sym) {
				return false
			}
		}
	}
	return true
}

// msoThemeOK allows an Outlook theme colour other than the background
// ones, which paint text the colour of the page in Outlook.
func msoThemeOK(v string) bool {
	return !strings.HasPrefix(v, "background") && !strings.HasPrefix(v, "bg")
}

// displayOK allows the display of block and inline content. A <style>
// element may be display:none (Outlook on the web writes it): its text
// is never shown anyway.
func displayOK(v string, c *declCtx) bool {
	switch v {
	case "block", "inline", "inline-block", "table", "table-cell", "table-row", "list-item",
		"table-row-group", "inherit", "initial":
		return true
	case "none":
		return c.tag == "style"
	}
	return false
}
