package visible

import (
	"slices"
	"strings"
)

// The hidden-text rules, as named tables: hideRules for what declarations
// do to an element and everything in it, paintRules for the paint (colour,
// background, size, zoom, opacity) in force at a piece of text. A rule's
// name is stable: a doubt about hidden text gives it in its Why (hidesWhy).

// hides reports whether declarations make an element and everything in
// it invisible or unreadable: whether any row of hideRules fires.
// Descendants cannot undo any of these here; that overstates what is
// hidden in a few cases (a child with its own font-size, a clip-path that
// clips nothing), which only loses text, never smuggles it in. What adds
// up down the tree (opacity, zoom, relative font sizes) and colour are
// judged by paint.hidesText.
func hides(d map[string]string) bool { return hidingRule(d) != "" }

// hidingRule returns the name of the first row of hideRules that d fires;
// "" when none does.
func hidingRule(d map[string]string) string {
	if len(d) == 0 {
		return ""
	}
	for _, r := range hideRules {
		if r.hides(d) {
			return r.name
		}
	}
	return ""
}

// A hideRule is one way a declaration list hides an element's text. Its
// name is stable: it is shown to staff in the Why of a doubt ("hides text
// (rule tiny-font): font-size:1px") and pinned by TestHideRules.
type hideRule struct {
	name  string
	hides func(d map[string]string) bool
}

// hideRules are the ways declarations hide text, in the order they are
// tried; the first that fires names the decision.
var hideRules = []hideRule{
	{"variable", usesVariable}, // could be anything, so taken to hide
	{"display-none", func(d map[string]string) bool { return d["display"] == "none" }},
	{"visibility-hidden", func(d map[string]string) bool {
		return d["visibility"] == "hidden" || d["visibility"] == "collapse"
	}},
	{"mso-hide", func(d map[string]string) bool { return d["mso-hide"] == "all" }},
	{"tiny-font", func(d map[string]string) bool {
		return isTinyFont(d["font-size"]) || isTinyFont(fontShorthandSize(d["font"]))
	}},
	{"content-visibility", func(d map[string]string) bool { return d["content-visibility"] == "hidden" }},
	{"bidi-override", func(d map[string]string) bool { // text shown backwards
		return strings.HasSuffix(d["unicode-bidi"], "override") && d["direction"] == "rtl"
	}},
	{"line-through", func(d map[string]string) bool {
		return strings.Contains(d["text-decoration"], "line-through") || strings.Contains(d["text-decoration-line"], "line-through")
	}},
	{"filter", func(d map[string]string) bool { return filterHides(d["filter"]) }},
	{"blend-mode", func(d map[string]string) bool { return blendHides(d["mix-blend-mode"]) }},
	{"zoom", func(d map[string]string) bool { return isFaint(d["zoom"], 0.2) }},
	{"opacity", func(d map[string]string) bool { return isFaint(d["opacity"], 0.1) }},
	{"clip", func(d map[string]string) bool { return clips(d["clip"], "auto") || clips(d["clip-path"], "none") }},
	{"tiny-box", func(d map[string]string) bool { return clipsOverflow(d) && tinyBox(d) }},
	{"translate", func(d map[string]string) bool { return anyFarOff(d["translate"]) }},
	{"scale", func(d map[string]string) bool { return anyTinyScale(cssTokens(d["scale"])) }},
	{"rotate", func(d map[string]string) bool { return rotateHides(cssTokens(d["rotate"])) }},
	{"transform", func(d map[string]string) bool { return transformHides(d["transform"]) }},
	{"spacing", func(d map[string]string) bool {
		return isPulledTogether(d["letter-spacing"]) || isPulledTogether(d["word-spacing"])
	}},
	{"far-off", func(d map[string]string) bool {
		return slices.ContainsFunc(offsetProps, func(p string) bool { return anyFarOff(d[p]) })
	}},
	{"far-above", func(d map[string]string) bool {
		return slices.ContainsFunc(aboveProps, func(p string) bool { return anyFarAbove(d[p]) })
	}},
}

// hidesText reports whether text painted with p cannot be seen: whether
// any row of paintRules fires.
func (p paint) hidesText() bool { return p.hidingRule() != "" }

// hidingRule returns the name of the first row of paintRules that fires
// for p; "" when none does.
func (p paint) hidingRule() string {
	c := p.textColor()
	for _, r := range paintRules {
		if r.hides(p, c) {
			return r.name
		}
	}
	return ""
}

// A paintRule is one way the paint in force hides text painted in colour
// c; its name is stable, as a hideRule's is, and pinned by TestPaintRules.
type paintRule struct {
	name  string
	hides func(p paint, c string) bool
}

// paintRules are the ways paint hides text, in the order they are tried.
var paintRules = []paintRule{
	{"transparent-colour", func(_ paint, c string) bool { return c == "transparent" }},
	{"unread-colour", func(p paint, c string) bool { return c == colorUnread || p.bg == colorUnread }},
	{"tiny-font", func(p paint, _ string) bool { return p.size*p.zoom < 2 }}, // as zoomed
	{"opacity", func(p paint, _ string) bool { return p.opacity < 0.1 }},
	{"low-contrast", func(p paint, c string) bool {
		switch {
		case c == "" || p.bg == "" || p.bg == "transparent", c == pagePaint.color && p.bg == pagePaint.bg:
			return false // unknown (an image), or the page's own paint
		}
		return contrast(c, p.bg) < minContrast
	}},
}
