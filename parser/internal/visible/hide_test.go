package visible

import "testing"

// TestHideRules checks that each row of hideRules fires, by its name, on a
// style that hides text only that way, and that no row goes untested.
func TestHideRules(t *testing.T) {
	cases := []struct{ rule, style string }{
		{"variable", "color: #000; font-size: var(--x)"},
		{"display-none", "display: none"},
		{"visibility-hidden", "visibility: collapse"},
		{"mso-hide", "mso-hide: all"},
		{"tiny-font", "font-size: 1px"},
		{"tiny-font", "font: 0.1em Arial"},
		{"content-visibility", "content-visibility: hidden"},
		{"bidi-override", "unicode-bidi: bidi-override; direction: rtl"},
		{"line-through", "text-decoration: underline line-through"},
		{"filter", "filter: blur(5px)"},
		{"blend-mode", "mix-blend-mode: screen"},
		{"zoom", "zoom: 10%"},
		{"opacity", "opacity: 0.05"},
		{"clip", "clip-path: inset(50%)"},
		{"tiny-box", "overflow: hidden; max-height: 0"},
		{"translate", "translate: -9999px"},
		{"scale", "scale: 0.1"},
		{"rotate", "rotate: 180deg"},
		{"transform", "transform: scalex(-1)"},
		{"spacing", "letter-spacing: -5px"},
		{"far-off", "text-indent: -9999px"},
		{"far-above", "margin-top: -200px"},
	}
	tested := map[string]bool{}
	for _, c := range cases {
		t.Run(c.rule, func(t *testing.T) {
			tested[c.rule] = true
			d := parseStyle(c.style)
			if got := hidingRule(d); got != c.rule {
				t.Errorf("hidingRule(%q) = %q, want %q", c.style, got, c.rule)
			}
			if !hides(d) {
				t.Errorf("hides(%q) = false, want true", c.style)
			}
		})
	}
	for _, r := range hideRules {
		if !tested[r.name] {
			t.Errorf("rule %q has no case", r.name)
		}
	}
	for _, style := range []string{"", "color: #000", "font-size: 10px", "margin-top: -20px", "overflow: hidden"} {
		if got := hidingRule(parseStyle(style)); got != "" {
			t.Errorf("hidingRule(%q) = %q, want none", style, got)
		}
	}
}

// TestPaintRules checks that each row of paintRules fires, by its name,
// on a paint that hides text only that way, and that no row goes
// untested.
func TestPaintRules(t *testing.T) {
	with := func(f func(p *paint)) paint {
		p := pagePaint
		f(&p)
		return p
	}
	cases := []struct {
		rule string
		p    paint
	}{
		{"transparent-colour", with(func(p *paint) { p.color = "transparent" })},
		{"unread-colour", with(func(p *paint) { p.bg = colorUnread })},
		{"tiny-font", with(func(p *paint) { p.size, p.zoom = 16, 0.1 })},
		{"opacity", with(func(p *paint) { p.opacity = 0.05 })},
		{"low-contrast", with(func(p *paint) { p.color = "#fefefe" })},
	}
	tested := map[string]bool{}
	for _, c := range cases {
		t.Run(c.rule, func(t *testing.T) {
			tested[c.rule] = true
			if got := c.p.hidingRule(); got != c.rule {
				t.Errorf("hidingRule(%+v) = %q, want %q", c.p, got, c.rule)
			}
			if !c.p.hidesText() {
				t.Errorf("hidesText(%+v) = false, want true", c.p)
			}
		})
	}
	for _, r := range paintRules {
		if !tested[r.name] {
			t.Errorf("rule %q has no case", r.name)
		}
	}
	for _, p := range []paint{pagePaint, with(func(p *paint) { p.color = "#1f497d" }), with(func(p *paint) { p.bg = "" })} {
		if got := p.hidingRule(); got != "" {
			t.Errorf("hidingRule(%+v) = %q, want none", p, got)
		}
	}
}
