package visible

import (
	"fmt"
	"strings"
)

// A decl is one CSS declaration as the allow-list reads it: unlike
// parseStyle, every declaration is kept, and !important with it.
type decl struct {
	prop, value string
	important   bool
}

// readDecls reads a declaration list (a style attribute or a rule's
// block), lowercased, with comments and escapes resolved.
func readDecls(s string) []decl {
	var out []decl
	for _, d := range strings.Split(stripCSSComments(s), ";") {
		prop, value, ok := strings.Cut(d, ":")
		prop = strings.ToLower(strings.TrimSpace(cssUnescape(prop)))
		if prop == "" {
			continue
		}
		if !ok {
			out = append(out, decl{prop: prop}) // no value: a browser drops it, intake cannot say it does
			continue
		}
		value = strings.ToLower(strings.TrimSpace(cssUnescape(value)))
		imp := false
		for _, suffix := range []string{"!important", "! important"} {
			if v, found := strings.CutSuffix(value, suffix); found {
				value, imp = strings.TrimSpace(v), true
			}
		}
		out = append(out, decl{prop: prop, value: value, important: imp})
	}
	return out
}

// declsWhy returns the deny-list's explanation for a declaration of a
// list: the declaration itself when it hides on its own, else the whole
// list when it hides together (overflow with a tiny box, bidi override
// with rtl).
//
// It is asked only for a declaration outside the allow-list, so the list is
// judged as a whole only then.
func declsWhy(decls []decl) func(decl) string {
	return func(d decl) string {
		one := map[string]string{d.prop: d.value}
		if rule := hidingRule(one); rule != "" {
			return hidesWhy(rule, d.prop+":"+d.value)
		}
		if addsText(one) {
			return "adds text: content"
		}
		if rule := hidingTogether(decls); rule != "" {
			return "hides text (rule " + rule + ") with the declarations beside it"
		}
		return ""
	}
}

// hidingTogether returns the rule by which decls, read as one list, hide
// text; "" when they do not.
func hidingTogether(decls []decl) string {
	all := make(map[string]string, len(decls))
	for _, d := range decls {
		all[d.prop] = d.value
	}
	return hidingRule(all)
}

// A cssRule is one block of a style sheet: its prelude (selectors or an
// at-rule), its declarations and the preludes of the blocks it is in.
type cssRule struct {
	prelude, body string
	parents       []string
}

// cssRules are the blocks of a style sheet, the statements outside any
// block (@import, @charset) and whether it nests past maxCSSDepth.
type cssRules struct {
	rules   []cssRule
	stray   []string
	tooDeep bool
}

// readRules reads a style sheet's blocks with an explicit stack, as
// parseSheet does. The "<!--" and "-->" that Outlook wraps its sheet in
// are white space to CSS.
func readRules(css string) cssRules {
	var out cssRules
	css = stripCSSComments(css)
	css = strings.NewReplacer("<!--", " ", "-->", " ").Replace(css)
	type open struct {
		prelude string
		body    strings.Builder
	}
	var stack []*open
	seg := 0
	for i := 0; i < len(css); i++ {
		switch css[i] {
		case '{':
			if len(stack) == maxCSSDepth {
				out.tooDeep = true
				return out
			}
			stack = append(stack, &open{prelude: strings.ToLower(strings.Join(strings.Fields(css[seg:i]), " "))})
		case ';':
			if len(stack) == 0 {
				if s := strings.TrimSpace(css[seg:i]); s != "" {
					out.stray = append(out.stray, s)
				}
			} else {
				stack[len(stack)-1].body.WriteString(css[seg : i+1])
			}
		case '}':
			if len(stack) == 0 {
				out.stray = append(out.stray, "}")
				break
			}
			top := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			top.body.WriteString(css[seg:i])
			r := cssRule{prelude: top.prelude, body: top.body.String()}
			for _, p := range stack {
				r.parents = append(r.parents, p.prelude)
			}
			out.rules = append(out.rules, r)
		default:
			continue
		}
		seg = i + 1
	}
	if s := strings.TrimSpace(css[seg:]); s != "" || len(stack) > 0 {
		out.stray = append(out.stray, "unclosed "+s)
	}
	return out
}

// checkRule checks one block of a style sheet: an allowed at-rule with
// the properties it may set, or a rule whose selectors intake can place
// and whose declarations are on the allow-list. A block inside another is
// nested CSS or an at-rule's content (@media), neither allowed; when its
// parent is itself outside, the parent's doubt covers it.
func (v *verifier) checkRule(r cssRule) {
	key := r.prelude + "\x00" + r.body + "\x00" + strings.Join(r.parents, "\x00")
	if v.rules[key] {
		return // the same rule again gives the same doubts
	}
	v.rules[key] = true
	if len(r.parents) > 0 {
		if _, ok := atRuleProps[atName(r.parents[0])]; ok || !strings.HasPrefix(r.parents[0], "@") {
			v.add(fmt.Sprintf("style rule %q nested in %q", clipEvidence(r.prelude), clipEvidence(r.parents[len(r.parents)-1])), "")
		}
		return
	}
	if strings.HasPrefix(r.prelude, "@") {
		allowed, ok := atRuleProps[atName(r.prelude)]
		if !ok {
			v.add(fmt.Sprintf("style rule %q", clipEvidence(r.prelude)), "")
			return
		}
		for _, d := range readDecls(r.body) {
			if !allowed(d.prop) || strings.Contains(d.value, "url(") {
				v.add(fmt.Sprintf("style rule %q { %s }", clipEvidence(r.prelude), clipEvidence(d.prop+": "+d.value)), "")
			}
		}
		return
	}
	decls := readDecls(r.body)
	if !selectorOK(r.prelude) {
		why := ""
		if content, ok := contentOf(decls); ok && addsText(map[string]string{"content": content}) {
			why = "adds text: content"
		}
		v.add(fmt.Sprintf("style rule %q", clipEvidence(r.prelude)), why)
		return
	}
	v.checkDecls(r.body, declCtx{sheet: true, tag: selectedTag(r.prelude), backgrounds: v.backgrounds},
		func(d decl) string {
			return fmt.Sprintf("style rule %q { %s }", clipEvidence(r.prelude), clipEvidence(d.prop+": "+d.value))
		})
}

func contentOf(decls []decl) (string, bool) {
	for _, d := range decls {
		if d.prop == "content" {
			return d.value, true
		}
	}
	return "", false
}

// atName returns the name of an at-rule prelude ("@list l0:level1" is
// "@list").
func atName(prelude string) string {
	name, _, _ := strings.Cut(prelude, " ")
	return name
}

// selectorOK reports a selector list every compound of which matches
// compoundRE.
func selectorOK(list string) bool {
	for _, sel := range strings.Split(list, ",") {
		fields := strings.FieldsFunc(sel, func(r rune) bool {
			return r == ' ' || r == '>' || r == '\t' || r == '\n' || r == '\r' || r == '\f'
		})
		if len(fields) == 0 {
			return false
		}
		for _, f := range fields {
			if !compoundRE.MatchString(f) {
				return false
			}
		}
	}
	return true
}

// selectedTag returns the tag every selector of list ends in, or "" when
// they differ or name none: a height is allowed only where it can be
// placed on a table part or an image.
func selectedTag(list string) string {
	tag := ""
	for i, sel := range strings.Split(list, ",") {
		fields := strings.Fields(sel)
		if len(fields) == 0 {
			return ""
		}
		last := fields[len(fields)-1]
		if j := strings.IndexAny(last, ".#:"); j >= 0 {
			last = last[:j]
		}
		if i > 0 && last != tag {
			return ""
		}
		tag = last
	}
	return tag
}

// sheetColors returns the background and text colours that the sheet's
// rules set: which elements those reach intake cannot tell, so text is
// judged against every one of them. fontPx is the smallest font size a
// rule sets (16 when none), from which inline relative sizes are judged.
func sheetColors(rules cssRules) (backgrounds, colors []string, fontPx float64) {
	fontPx = pagePaint.size
	for _, r := range rules.rules {
		if strings.HasPrefix(r.prelude, "@") || len(r.parents) > 0 {
			continue
		}
		d := parseStyle(r.body)
		p := pagePaint.inherit(d, "", "", "")
		if bg := p.bg; bg != pagePaint.bg && len(bg) == 7 && len(backgrounds) < maxBackgrounds {
			backgrounds = append(backgrounds, bg)
		}
		if _, ok := d["color"]; ok && len(p.color) == 7 && len(colors) < maxBackgrounds {
			colors = append(colors, p.color)
		}
		fontPx = min(fontPx, max(p.size, 1))
	}
	return backgrounds, colors, fontPx
}

// noWrap reports whether lines inside an element wrap: not in <pre>, a
// cell marked nowrap, or white-space pre or nowrap, until white-space
// says otherwise.
func noWrap(outer bool, tag, whiteSpace string, nowrapAttr bool) bool {
	switch whiteSpace {
	case "pre", "nowrap":
		return true
	case "normal", "pre-wrap", "pre-line", "break-spaces":
		return false
	}
	return outer || tag == "pre" || nowrapAttr
}

// defaultIndentPx are the elements a browser indents by itself.
var defaultIndentPx = map[string]float64{"blockquote": 40, "ul": 40, "ol": 40, "dd": 40}

// leftOffset returns how far an element pushes its text right: its left
// margin, padding and text-indent (or the browser's default indent).
func leftOffset(tag string, d map[string]string) float64 {
	margin, hasMargin := leftSide(d, "margin")
	padding, hasPadding := leftSide(d, "padding")
	px := margin + padding + lengthPx(d["text-indent"])
	if !hasMargin && !hasPadding {
		px += defaultIndentPx[tag]
	}
	return px
}

// leftSide returns the left length of a box property in pixels: its
// longhand, or the left value of its shorthand (one value for all sides,
// then top|sides, top|sides|bottom, top|right|bottom|left).
func leftSide(d map[string]string, prop string) (float64, bool) {
	if v, ok := d[prop+"-left"]; ok {
		return lengthPx(v), true
	}
	fields := strings.Fields(d[prop])
	if len(fields) == 0 {
		return 0, false
	}
	return lengthPx(fields[[]int{0, 1, 1, 3}[min(len(fields), 4)-1]]), true
}

// lengthPx converts a length to pixels, 0 when it cannot.
func lengthPx(v string) float64 {
	n, unit, ok := parseLength(v)
	if px, known := toPx(n, unit); ok && known {
		return px
	}
	return 0
}
