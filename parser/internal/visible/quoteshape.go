package visible

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// seenAsQuote reports whether n, whose style attribute is style, is a
// <blockquote> a reader sees as a quote: pushed right by its left margin
// and padding (not text-indent, which moves the first line alone) by at
// least minQuoteIndentPx, or ruled on its left. A class or id a client
// puts on quoted markup is no sign: the reader does not see it, and what
// such a container holds is read as text, where the text pass knows
// attributions and header blocks. The style sheet's rules for n are
// weighed both ways, below and above its style attribute, since which
// wins depends on selectors that are not read: n is a quote only when it
// reads as one either way.
func seenAsQuote(n *html.Node, style string, sheet *styleSheet) bool {
	if n.DataAtom != atom.Blockquote {
		return false
	}
	ruled, sure := sheet.boxDecls(n)
	if !sure {
		return false
	}
	inline := readDecls(style)
	return foldEdge(ruled, inline).quote() && foldEdge(inline, ruled).quote()
}

// minQuoteIndentPx is the least indent that shows a blockquote without a
// border as a quote: an em of the default font. The clients that quote
// without a border keep the browser's 40px.
const minQuoteIndentPx = 16

// A leftEdge is what a blockquote shows at its left: its margin and
// padding in pixels, and its left border's style, width and colour.
type leftEdge struct {
	margin, padding     float64
	style, width, color string
}

// foldEdge applies the declaration lists in order to a blockquote's
// defaults (a 40px margin, no border), the !important declarations after
// the others, as the cascade does.
func foldEdge(lists ...[]decl) leftEdge {
	e := leftEdge{margin: 40, style: "none", width: "medium", color: "currentcolor"}
	for _, imp := range []bool{false, true} {
		for _, list := range lists {
			for _, d := range list {
				if d.important == imp {
					e.apply(d)
				}
			}
		}
	}
	return e
}

// apply sets what declaration d sets of the left edge.
func (e *leftEdge) apply(d decl) {
	switch d.prop {
	case "margin", "margin-left":
		e.margin = lengthPx(leftOf(d.prop, d.value))
	case "padding", "padding-left":
		e.padding = lengthPx(leftOf(d.prop, d.value))
	case "border", "border-left":
		e.style, e.width, e.color = "none", "medium", "currentcolor"
		for _, f := range cssFields(d.value) {
			switch {
			case borderStyles[f]:
				e.style = f
			case borderWidths[f] || f == "0" || lengthPx(f) > 0:
				e.width = f
			default:
				e.color = f
			}
		}
	case "border-style", "border-left-style":
		e.style = leftOf(d.prop, d.value)
	case "border-width", "border-left-width":
		e.width = leftOf(d.prop, d.value)
	case "border-color", "border-left-color":
		e.color = leftOf(d.prop, d.value)
	}
}

// leftOf returns the left value of a box property's value: the value of
// a -left longhand, or the left one of a shorthand's one to four.
func leftOf(prop, value string) string {
	fields := cssFields(value)
	if strings.HasSuffix(prop, "-left") || len(fields) == 0 {
		return strings.TrimSpace(value)
	}
	return fields[[]int{0, 1, 1, 3}[min(len(fields), 4)-1]]
}

// quote reports whether the edge shows a quote: indented by at least
// minQuoteIndentPx, or with a left border a reader sees (a style other
// than none or hidden, a width above 0, a colour that shows on the white
// page). A value not understood draws no border.
func (e leftEdge) quote() bool {
	if e.margin+e.padding >= minQuoteIndentPx {
		return true
	}
	if e.style == "none" || e.style == "hidden" || !borderStyles[e.style] {
		return false
	}
	if !borderWidths[e.width] && lengthPx(e.width) <= 0 {
		return false
	}
	c := cssColor(e.color, pagePaint.color)
	return c != "transparent" && c != colorUnread && contrast(c, pagePaint.bg) >= minContrast
}

// borderStyles are the values of border-style, and borderWidths the
// keywords of border-width.
var (
	borderStyles = map[string]bool{"none": true, "hidden": true, "dotted": true, "dashed": true, "solid": true,
		"double": true, "groove": true, "ridge": true, "inset": true, "outset": true}
	borderWidths = map[string]bool{"thin": true, "medium": true, "thick": true}
)

// cssFields splits a CSS value at white space outside parentheses:
// "2px solid rgb(16, 16, 255)" is three fields.
func cssFields(v string) []string {
	var out []string
	depth, start := 0, -1
	for i, r := range v {
		switch {
		case r == '(':
			depth++
		case r == ')' && depth > 0:
			depth--
		case isHTMLSpace(r) && depth == 0:
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
