package parser

import (
	"slices"
	"strings"
	"testing"
)

func runHTML(t *testing.T, cases []textCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := htmlBody(c.in, Limits{})
			if err != nil {
				t.Fatalf("htmlBody: %v", err)
			}
			if got.Source != "text/html" {
				t.Errorf("Source = %q, want text/html", got.Source)
			}
			if got.Text != c.want {
				t.Errorf("Text =\n%q\nwant\n%q", got.Text, c.want)
			}
			if !slices.Equal(got.Removed, c.removed) {
				t.Errorf("Removed = %q, want %q", got.Removed, c.removed)
			}
		})
	}
}

// hiddenReq is the request every hidden-text case hides.
const hiddenReq = quotedReq

func TestHTMLHidden(t *testing.T) {
	hidden := []struct{ name, open, close string }{
		{"display none", `<div style="display:none">`, `</div>`},
		{"display none spaced and important", `<div style="color: red ; DISPLAY : None !important">`, `</div>`},
		{"display none escaped", `<div style="dis\play:none">`, `</div>`},
		{"display none after a comment", `<div style="display:/* x */none">`, `</div>`},
		{"visibility hidden", `<span style="visibility:hidden">`, `</span>`},
		{"font-size 0", `<span style="font-size:0">`, `</span>`},
		{"font-size 0px", `<span style="font-size:0px">`, `</span>`},
		{"font-size 0pt", `<span style="font-size:0pt">`, `</span>`},
		{"font-size 0em", `<span style="font-size:0em">`, `</span>`},
		{"font-size 0 percent", `<span style="font-size:0%">`, `</span>`},
		{"font-size 0.0rem", `<span style="font-size:0.0rem">`, `</span>`},
		{"font-size 1px", `<span style="font-size:1px">`, `</span>`},
		{"mso-hide all", `<div style="mso-hide:all">`, `</div>`},
		{"max-height 0 overflow hidden", `<div style="max-height:0;overflow:hidden">`, `</div>`},
		{"height 0 overflow hidden", `<div style="height:0px;overflow:hidden">`, `</div>`},
		{"width 0 overflow hidden", `<div style="width:0;overflow-x:hidden">`, `</div>`},
		{"opacity 0", `<span style="opacity:0">`, `</span>`},
		{"opacity 0.0", `<span style="opacity:0.0">`, `</span>`},
		{"hidden attribute", `<div hidden>`, `</div>`},
		{"hidden until found", `<div hidden="until-found">`, `</div>`},
		{"text indent off screen", `<div style="text-indent:-9999px">`, `</div>`},
		{"absolute off screen", `<div style="position:absolute;left:-10000px">`, `</div>`},
		{"scale 0", `<div style="transform: scale(0)">`, `</div>`},
		{"clip rect zero", `<div style="position:absolute;clip:rect(0,0,0,0)">`, `</div>`},
		{"clip rect one pixel", `<div style="position:absolute;clip:rect(1px 1px 1px 1px)">`, `</div>`},
		{"clip-path inset half", `<div style="clip-path:inset(50%)">`, `</div>`},
		{"screen-reader-only", `<span style="position:absolute;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;clip:rect(0,0,0,0);white-space:nowrap;border:0">`, `</span>`},
		{"one pixel box overflow hidden", `<div style="width:1px;height:1px;overflow:hidden">`, `</div>`},
		{"one pixel height overflow hidden", `<div style="height:1px;overflow:hidden">`, `</div>`},
		{"tiny height in pt overflow hidden", `<div style="height:1pt;overflow:hidden">`, `</div>`},
		{"tiny height in em overflow clip", `<div style="height:0.05em;overflow:clip">`, `</div>`},
		{"tiny height in an unknown unit overflow hidden", `<div style="height:1q;overflow:hidden">`, `</div>`},
		{"one pixel max-width overflow hidden", `<div style="max-width:1px;overflow-x:hidden">`, `</div>`},
		{"letter-spacing far negative", `<span style="letter-spacing:-999px">`, `</span>`},
		{"word-spacing far negative", `<span style="word-spacing:-999px">`, `</span>`},
		{"left far positive", `<div style="position:absolute;left:9999px">`, `</div>`},
		{"right far negative", `<div style="position:absolute;right:-9999px">`, `</div>`},
		{"top far positive", `<div style="position:absolute;top:99999px">`, `</div>`},
		{"bottom far positive", `<div style="position:absolute;bottom:9999px">`, `</div>`},
		{"margin-top far negative in em", `<div style="margin-top:-100em">`, `</div>`},
		{"margin-left far in pt", `<div style="margin-left:-600pt">`, `</div>`},
		{"margin shorthand far", `<div style="margin:0 0 0 -9999px">`, `</div>`},
		{"inset shorthand far", `<div style="position:fixed;inset:-9999px auto auto 0">`, `</div>`},
		{"text indent far positive", `<div style="text-indent:9999px">`, `</div>`},
		{"translateX far", `<div style="transform:translateX(-9999px)">`, `</div>`},
		{"translateY far", `<div style="transform: rotate(1deg) translateY( 2000px )">`, `</div>`},
		{"translate far", `<div style="transform:translate(0, -9999px)">`, `</div>`},
		{"translate3d far", `<div style="transform:translate3d(-9999px,0,0)">`, `</div>`},
		{"translate property far", `<div style="translate:-9999px">`, `</div>`},
		{"scaleX 0", `<div style="transform:scaleX(0)">`, `</div>`},
		{"scale property 0", `<div style="scale:0">`, `</div>`},
		{"matrix far", `<div style="transform:matrix(1,0,0,1,-9999,0)">`, `</div>`},
		{"matrix collapsed", `<div style="transform:matrix(0,0,0,1,0,0)">`, `</div>`},
		{"matrix3d far", `<div style="transform:matrix3d(1,0,0,0,0,1,0,0,0,0,1,0,-9999,0,0,1)">`, `</div>`},
		{"translateX far in calc", `<div style="transform:translateX(calc(-1 * 9999px))">`, `</div>`},
		{"scale 0 in calc", `<div style="transform:scale(calc(0))">`, `</div>`},
		{"left far in calc", `<div style="position:absolute;left:calc(-9999px + 1px)">`, `</div>`},
		{"rotateX edge on", `<div style="transform:rotateX(90deg)">`, `</div>`},
		{"rotateY edge on in turns", `<div style="transform:rotateY(0.75turn)">`, `</div>`},
		{"offset from a variable", `<style>:root{--x:-9999px}</style><div style="position:absolute;left:var(--x)">`, `</div>`},
		{"display from a variable", `<div style="--d:none;display:var(--d)">`, `</div>`},
		{"product in an offset", `<div style="position:absolute;left:calc(10px * 100)">`, `</div>`},
		{"unitless line-height tiny overflow hidden", `<div style="line-height:0.1;overflow:hidden">`, `</div>`},
		{"style rule clip-path", `<style>.sr{clip-path:inset(50%)}</style><div class="sr">`, `</div>`},
		{"white text on default page", `<span style="color:#ffffff">`, `</span>`},
		{"white font color", `<font color="white">`, `</font>`},
		{"text the colour of its cell", `<table><tr><td bgcolor="#336699"><span style="color:rgb(51,102,153)">`, `</span></td></tr></table>`},
		{"transparent text", `<span style="color:transparent">`, `</span>`},
		{"rgba zero alpha", `<span style="color:rgba(0,0,0,0)">`, `</span>`},
		{"style rule by class", `<style>.pre { display: none }</style><div class="x pre">`, `</div>`},
		{"style rule by id", `<style>#h{visibility:hidden}</style><div id="h">`, `</div>`},
		{"style rule inside media", `<style>@media screen { p.z { font-size:0 !important } }</style><p class="z">`, `</p>`},
		{"style rule never closed", `<style>.q{display:none</style><div class="q">`, `</div>`},
		{"style rule with descendant selector", `<style>table .q:first-child { mso-hide:all; display:none }</style><div class="q">`, `</div>`},
		{"style rule nested", `<style>.outer { color: red; .q { display:none } }</style><div class="q">`, `</div>`},
		{"closed details", `<details><summary>More</summary>`, `</details>`},
		{"closed dialog", `<dialog>`, `</dialog>`},
		{"text shown backwards", `<bdo dir="rtl">`, `</bdo>`},
		{"opacity nested", `<div style="opacity:0.3"><div style="opacity:0.3"><p style="opacity:0.3">`, `</p></div></div>`},
		{"opacity nested with a filter", `<div style="opacity:0.5"><p style="filter:opacity(0.15)">`, `</p></div>`},
		{"zoom nested", `<div style="zoom:0.3"><p style="zoom:0.3;font-size:12px">`, `</p></div>`},
		{"near-white text", `<p style="color:lightyellow">`, `</p>`},
		{"pale text", `<p style="color:#ffffc0">`, `</p>`},
		{"hiding value then one a browser drops", `<p style="display:none;display:nonsense">`, `</p>`},
		{"zero font then one a browser drops", `<p style="font-size:0;font-size:banana">`, `</p>`},
		{"dark background then one a browser drops", `<div style="background-color:#111;background-color:bogus"><p style="color:#111">`, `</p></div>`},
		{"style rule hiding value then a dropped one", `<style>p.x{display:none;display:bogus}</style><p class="x">`, `</p>`},
		{"font-size in calc", `<p style="font-size:calc(0px)">`, `</p>`},
		{"font-size in exponent notation", `<p style="font-size:1e-3px">`, `</p>`},
		{"font-size in viewport units", `<p style="font-size:0.05vw">`, `</p>`},
		{"opacity in exponent notation", `<p style="opacity:1e-3">`, `</p>`},
		{"ruby fallback", `<p><ruby><rp>`, `</rp></ruby></p>`},
		{"popover", `<div popover>`, `</div>`},
		{"progress", `<progress>`, `</progress>`},
		{"meter", `<meter>`, `</meter>`},
		{"style rule with not", `<style>div:not(.keep){display:none}</style><div>`, `</div>`},
		{"style rule adding text", `<style>.q::before{content:"Can "} .q::after{content:" ?"}</style><p class="q">`, `</p>`},
		{"margin-top far up", `<p style="margin-top:-300px">`, `</p>`},
		{"margin-inline-start far", `<p style="margin-inline-start:-9999px">`, `</p>`},
		{"inset-inline-start far", `<p style="position:absolute;inset-inline-start:-9999px">`, `</p>`},
		{"padding far", `<p style="padding-left:5000px">`, `</p>`},
		{"small box overflow hidden", `<div style="width:6px;height:6px;overflow:hidden">`, `</div>`},
		{"rotate3d edge on", `<p style="transform:rotate3d(1,0,0,90deg)">`, `</p>`},
		{"rotate property edge on", `<p style="rotate:x 90deg">`, `</p>`},
		{"mirrored", `<p style="transform:scaleX(-1)">`, `</p>`},
		{"upside down", `<p style="transform:rotate(180deg)">`, `</p>`},
		{"inverted", `<p style="filter:invert(1)">`, `</p>`},
		{"blended away", `<p style="mix-blend-mode:screen">`, `</p>`},
		{"text the colour of a style rule's background", `<style>.box{background-color:#222;color:#fff}</style><div class="box"><p style="color:#222">`, `</p></div>`},
		{"background colour not read", `<div style="background-color:hwb(0 100% 0%)"><p style="color:#fff">`, `</p></div>`},
		{"struck out", `<del>`, `</del>`},
		{"struck out by style", `<span style="text-decoration:line-through">`, `</span>`},
		{"text shown backwards by style", `<span style="unicode-bidi:bidi-override;direction:rtl">`, `</span>`},
		{"style rule white text", `<style>.w { color: #FFFFFF }</style><p class="w">`, `</p>`},
		{"style rule unreadable colour", `<style>p.note{color:lab(100 0 0)}</style><p class="note">`, `</p>`},
		{"font shorthand size 0", `<p style="font:0/0 a">`, `</p>`},
		{"font shorthand 1px", `<p style="font: italic bold 1px Arial, sans-serif">`, `</p>`},
		{"font-size shrunk twice", `<div style="font-size:0.3em"><span style="font-size:0.3em">`, `</span></div>`},
		{"legacy font size shrunk", `<font size="1"><span style="font-size:15%">`, `</span></font>`},
		{"content-visibility hidden", `<div style="content-visibility:hidden">`, `</div>`},
		{"filter opacity 0", `<span style="filter:opacity(0)">`, `</span>`},
		{"filter blur", `<span style="filter: grayscale(1) blur(12px)">`, `</span>`},
		{"zoom tiny", `<span style="zoom:0.01">`, `</span>`},
		{"zoom 0 percent", `<span style="zoom:0%">`, `</span>`},
		{"hsl white on default page", `<span style="color:hsl(0,0%,100%)">`, `</span>`},
		{"hsl white with slash alpha", `<span style="color:hsl(120deg 0% 100% / 1)">`, `</span>`},
		{"colour space not read", `<span style="color:oklch(1 0 0)">`, `</span>`},
		{"colour from a variable", `<span style="color:var(--page)">`, `</span>`},
		{"system colour of the page", `<span style="color:Canvas">`, `</span>`},
		{"near-white colour name", `<span style="color:ghostwhite">`, `</span>`},
		{"legacy font colour without hash", `<font color="ffffff">`, `</font>`},
		{"legacy bgcolor without hash", `<table><tr><td bgcolor="000000"><font color="black">`, `</font></td></tr></table>`},
		{"black on hsl black", `<div style="background-color:hsl(0,0%,0%)"><p style="color:black">`, `</p></div>`},
		{"transparent background keeps the page", `<span style="background-color:transparent;color:#fff">`, `</span>`},
		{"background none keeps the page", `<span style="background:none;color:#fff">`, `</span>`},
		{"background image none keeps the page", `<span style="background-image:none;color:#fff">`, `</span>`},
		{"background the text colour", `<span style="color:#336699;background-color:currentColor">`, `</span>`},
		{"webkit fill transparent", `<span style="-webkit-text-fill-color:transparent">`, `</span>`},
		{"webkit fill white", `<span style="color:#000;-webkit-text-fill-color:#fff">`, `</span>`},
		{"title", `<title>`, `</title>`},
		{"script", `<script>`, `</script>`},
		{"template", `<template>`, `</template>`},
		{"noscript", `<noscript>`, `</noscript>`},
		{"comment", `<!--`, `-->`},
	}
	var cases []textCase
	for _, h := range hidden {
		c := textCase{
			name:    h.name,
			in:      "<html><body>" + h.open + hiddenReq + h.close + "<p>" + newReq + "</p></body></html>",
			want:    newReq,
			removed: []string{"hidden-html"},
		}
		switch h.name {
		case "title", "script", "template", "noscript", "comment":
			c.removed = nil // never visible: nothing worth recording
		case "closed details":
			c.want = "More\n\n" + newReq
		}
		cases = append(cases, c)
	}
	runHTML(t, cases)
}

func TestHTMLVisible(t *testing.T) {
	runHTML(t, []textCase{
		{"aria-hidden is not hiding", `<div aria-hidden="true">` + newReq + `</div>`, newReq, nil},
		{"font-size 10px is not 0", `<span style="font-size:10px">` + newReq + `</span>`, newReq, nil},
		{"font-size 0.9em is visible", `<span style="font-size:0.9em">` + newReq + `</span>`, newReq, nil},
		{"max-height 0 without overflow hidden", `<div style="max-height:0">` + newReq + `</div>`, newReq, nil},
		{"height 1px without overflow hidden", `<div style="height:1px">` + newReq + `</div>`, newReq, nil},
		{"height 20px overflow hidden", `<div style="height:20px;overflow:hidden">` + newReq + `</div>`, newReq, nil},
		{"width 100 percent overflow hidden", `<div style="width:100%;overflow:hidden">` + newReq + `</div>`, newReq, nil},
		{"unitless line-height overflow hidden", `<div style="line-height:1;overflow:hidden">` + newReq + `</div>`, newReq, nil},
		{"clip auto", `<div style="position:absolute;clip:auto">` + newReq + `</div>`, newReq, nil},
		{"clip-path none", `<div style="clip-path:none">` + newReq + `</div>`, newReq, nil},
		{"small offsets", `<div style="position:relative;left:-20px;top:10px;margin-left:-1em;text-indent:2em">` + newReq + `</div>`, newReq, nil},
		{"small translate", `<div style="transform:translateX(10px) scale(0.9)">` + newReq + `</div>`, newReq, nil},
		{"centring translate and a spin", `<div style="position:absolute;left:50%;transform:translate(-50%,-50%) rotate(720deg) rotateX(10deg)">` + newReq + `</div>`, newReq, nil},
		{"small offset in calc", `<div style="position:relative;left:calc(50% - 10px)">` + newReq + `</div>`, newReq, nil},
		{"border from a variable", `<div style="border:var(--b)">` + newReq + `</div>`, newReq, nil},
		{"identity matrix", `<div style="transform:matrix(1,0,0,1,0,0)">` + newReq + `</div>`, newReq, nil},
		{"slight letter-spacing", `<span style="letter-spacing:-0.5px;word-spacing:2px">` + newReq + `</span>`, newReq, nil},
		{"white text on dark background", `<div style="background-color:#000"><span style="color:#fff">` + newReq + `</span></div>`, newReq, nil},
		{"white text on an image", `<table><tr><td style="background:url(x.png)"><font color="#ffffff">` + newReq + `</font></td></tr></table>`, newReq, nil},
		{"open details", `<details open><summary>More</summary>` + newReq + `</details>`, "More " + newReq, nil},
		{"style rule for another class", `<style>.hide{display:none}</style><div class="shown">` + newReq + `</div>`, newReq, nil},
		{"entities decoded", `We give DOOR permission to add Parcel&nbsp;Pal to The&#32;Pines&period;`, newReq, nil},
		{"inline elements do not break words", `We <b>give</b> <i>DOOR</i> permission to add <a href="x">Parcel</a>&nbsp;<span>Pal</span> to <font face="Arial">The Pines</font>.`, newReq, nil},
		{"fullwidth text normalised", `<p>Ｗｅ give DOOR permission to add Parcel Pal to The Pines.</p>`, newReq, nil},
		{"zero width kept", "<p>Parcel\u200bPal</p>", "Parcel\u200bPal", nil},
		{"Outlook window text", `<p class="MsoNormal"><span style="font-size:11.0pt;font-family:&quot;Calibri&quot;,sans-serif;color:windowtext">` + newReq + `</span></p>`, newReq, nil},
		{"Outlook legacy colour", `<font color="#1F497D" size="2" face="Calibri">` + newReq + `</font>`, newReq, nil},
		{"hsl dark text", `<span style="color:hsl(210, 50%, 30%)">` + newReq + `</span>`, newReq, nil},
		{"white on hsl black", `<div style="background-color:hsl(0,0%,0%)"><span style="color:#fff">` + newReq + `</span></div>`, newReq, nil},
		{"font shorthands", `<div style="font: 12px/1.5 Arial"><p style="font:bold 14px Calibri">` + newReq + `</p></div>`, newReq, nil},
		{"font weight is not a size", `<p style="font:700 11pt &quot;Segoe UI&quot;">` + newReq + `</p>`, newReq, nil},
		{"system font", `<p style="font:menu">` + newReq + `</p>`, newReq, nil},
		{"font-size shrunk twice but readable", `<div style="font-size:0.9em"><span style="font-size:80%">` + newReq + `</span></div>`, newReq, nil},
		{"legacy font size 1", `<font size="1">` + newReq + `</font>`, newReq, nil},
		{"style rule white text on its own background", `<style>.btn{color:#fff;background-color:#0070c0}</style><p class="btn">` + newReq + `</p>`, newReq, nil},
		{"style rule dark text", `<style>p{color:#333}</style><p>` + newReq + `</p>`, newReq, nil},
		{"default text with a dark style rule background", `<style>.footer{background:#000;color:#fff}</style><p>` + newReq + `</p>`, newReq, nil},
		{"coloured text far from the rule backgrounds", `<style>.banner{background:#ffcc00}</style><p style="color:#1f497d">` + newReq + `</p>`, newReq, nil},
		{"light grey text", `<p style="color:#999">` + newReq + `</p>`, newReq, nil},
		{"translucent but readable", `<div style="opacity:0.8"><p style="opacity:0.5">` + newReq + `</p></div>`, newReq, nil},
		{"later colour wins", `<p style="color:#fff;color:#000">` + newReq + `</p>`, newReq, nil},
		{"small offsets and padding", `<p style="margin-top:-20px;padding:10px 20px;margin-inline-start:1em">` + newReq + `</p>`, newReq, nil},
		{"tilted a little", `<p style="transform:rotate(-3deg);rotate:2deg">` + newReq + `</p>`, newReq, nil},
		{"style rule bullet", `<style>li.x::before{content:none}</style><p class="x">` + newReq + `</p>`, newReq, nil},
		{"underlined", `<span style="text-decoration:underline">` + newReq + `</span>`, newReq, nil},
		{"blend multiply", `<p style="mix-blend-mode:multiply">` + newReq + `</p>`, newReq, nil},
		{"right-to-left block", `<div dir="rtl">` + newReq + `</div>`, newReq, nil},
		{"left-to-right bdo", `<bdo dir="ltr">` + newReq + `</bdo>`, newReq, nil},
		{"open dialog", `<dialog open>` + newReq + `</dialog>`, newReq, nil},
		{"filters that keep text", `<span style="filter:grayscale(100%) blur(1px) opacity(0.8)">` + newReq + `</span>`, newReq, nil},
		{"zoom", `<span style="zoom:90%">` + newReq + `</span>`, newReq, nil},
		{"inherited colour keywords", `<div style="color:#222"><span style="color:inherit"><b style="color:currentColor">` + newReq + `</b></span></div>`, newReq, nil},
		{"webkit fill reset", `<div style="-webkit-text-fill-color:transparent"><span style="-webkit-text-fill-color:currentcolor">` + newReq + `</span></div>`, newReq, nil},
	})
}

func TestHTMLLayout(t *testing.T) {
	runHTML(t, []textCase{
		{
			name: "gmail divs",
			in:   `<div dir="ltr"><div>Hi,</div><div>We give DOOR permission to add Parcel Pal to</div><div>The Pines.</div><div><br></div><div>Thanks,</div><div>Maria</div></div>`,
			want: "Hi, We give DOOR permission to add Parcel Pal to The Pines.\n\nThanks, Maria",
		},
		{
			name: "paragraphs",
			in:   "<p>Hi,</p>\n\n<p>" + newReq + "</p><h2>Title</h2>text",
			want: "Hi,\n\n" + newReq + "\n\nTitle\n\ntext",
		},
		{
			name: "double br is a paragraph break",
			in:   "Hi,<br><br>" + newReq + "<br>Thanks<br>\n<br><br><br>Maria",
			want: "Hi,\n\n" + newReq + " Thanks\n\nMaria",
		},
		{
			name: "outlook msonormal paragraphs are lines",
			in:   `<div class=WordSection1><p class=MsoNormal>Property: Oak Court<o:p></o:p></p><p class=MsoNormal>Partner: Acme Deliveries<o:p></o:p></p><p class=MsoNormal><o:p>&nbsp;</o:p></p><p class=MsoNormal>Thanks<o:p></o:p></p></div>`,
			want: "Property: Oak Court\nPartner: Acme Deliveries\n\nThanks",
		},
		{
			name: "table form",
			in:   `<table><tr><td>Property:</td><td>The Pines</td></tr><tr><th>Partner:</th><td>Acme Deliveries</td></tr></table>`,
			want: "Property: The Pines\nPartner: Acme Deliveries",
		},
		{
			name: "lists",
			in:   `<p>Changes:</p><ul><li>add Parcel Pal to The Pines</li><li>remove Acme from Oak Court</li></ul><ol><li>one</li></ol>`,
			want: "Changes:\n\n- add Parcel Pal to The Pines\n- remove Acme from Oak Court\n- one",
		},
		{
			name: "pre keeps its lines",
			in:   "<pre>Property: The Pines\nPartner: Acme\n\n&gt; quoted</pre>",
			want: "Property: The Pines\nPartner: Acme",
			// the ">" line in <pre> is a quote like in plain text
			removed: []string{"quote"},
		},
		{
			name: "source newlines are spaces",
			in:   "<div>We give DOOR\n   permission to add\n\tParcel Pal to The Pines.</div>",
			want: newReq,
		},
	})
}

func TestHTMLQuotes(t *testing.T) {
	const (
		both          = newReq + " " + quotedReq
		attribution   = "On Mon, Nov 23, 2026 at 10:00 AM Maria &lt;m@x&gt; wrote:"
		outlookHeader = "<b>From:</b> Maria Lopez &lt;maria@pines.example&gt;<br><b>Sent:</b> Monday, November 23, 2026 10:00 AM<br><b>To:</b> integrations@door.com<br><b>Subject:</b> Partners"
	)
	q := func(open, close string) string {
		return "<div>" + newReq + "</div>" + open + "<div>" + quotedReq + "</div>" + close
	}
	runHTML(t, []textCase{
		{"blockquote", q("<blockquote>", "</blockquote>"), newReq, []string{"quote"}},
		{"gmail quote", q(`<div class="gmail_quote"><div dir="ltr" class="gmail_attr">On Mon, Nov 23, 2026 at 10:00 AM Maria &lt;m@x&gt; wrote:<br></div><blockquote class="gmail_quote" style="margin:0px 0px 0px 0.8ex">`, "</blockquote></div>"), newReq, []string{"quote"}},
		{"gmail quote container is read as text", q(`<div class="gmail_quote gmail_quote_container">`, "</div>"), both, nil},
		{"gmail quote container with its attribution", q(`<div class="gmail_quote gmail_quote_container"><div class="gmail_attr">`+attribution+`</div>`, "</div>"), newReq, []string{"quote"}},
		{"gmail attr alone is read as text", q(`<div class="gmail_attr">`, "</div>"), both, nil},
		{"apple blockquote cite", q(`<blockquote type="cite">`, "</blockquote>"), newReq, []string{"quote"}},
		{"thunderbird cite prefix", q(`<div class="moz-cite-prefix">On 11/23/26 10:00 AM, Maria wrote:<br></div><blockquote type="cite">`, "</blockquote>"), newReq, []string{"quote"}},
		{"yahoo quoted class is read as text", q(`<div class="yahoo_quoted">`, "</div>"), both, nil},
		{"yahoo quoted id is read as text", q(`<div id="yahoo_quoted_1234567">`, "</div>"), both, nil},
		{"yahoo quoted with its attribution", q(`<div class="yahoo_quoted"><div>`+attribution+`</div>`, "</div>"), newReq, []string{"quote"}},
		{"protonmail quote is read as text", q(`<div class="protonmail_quote">`, "</div>"), both, nil},
		{"protonmail quote with its attribution", q(`<div class="protonmail_quote">`+attribution+`<br><blockquote class="protonmail_quote" type="cite">`, "</blockquote></div>"), newReq, []string{"quote"}},
		{"outlook web appendonsend and header cut the rest", q(`<div id="appendonsend"></div><hr style="display:inline-block;width:98%"><div id="divRplyFwdMsg">`+outlookHeader+`</div>`, "") + "<div>Please remove Acme from Oak Court.</div>", newReq, []string{"quote"}},
		{"outlook web appendonsend alone is read as text", q(`<div id="appendonsend"></div><hr style="display:inline-block;width:98%">`, ""), newReq + "\n\n" + quotedReq, nil},
		{"outlook web reply header cuts the rest", q(`<div id="divRplyFwdMsg" dir="ltr"><font face="Calibri"><b>From:</b> Maria<br><b>Sent:</b> Monday</font></div>`, ""), newReq, []string{"quote"}},
		{"outlook desktop border header cuts the rest", q(`<div><div style="border:none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0in 0in 0in"><p class="MsoNormal">`+outlookHeader+`</p></div></div>`, ""), newReq, []string{"quote"}},
		{"outlook desktop border without a header is read as text", q(`<div><div style="border:none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0in 0in 0in"><p class="MsoNormal"><b>From:</b> Maria</p></div></div>`, ""), newReq + "\nFrom: Maria\n" + quotedReq, nil},
		{"outlook header as text", q(`<div><b>From:</b> Maria Lopez &lt;maria@pines.example&gt;<br><b>Sent:</b> Monday, November 23, 2026 10:00 AM<br><b>To:</b> integrations@door.com</div>`, ""), newReq, []string{"quote"}},
		{"gmail forward", q(`<div class="gmail_quote"><div dir="ltr" class="gmail_attr">---------- Forwarded message ---------<br>From: Maria</div>`, "</div>"), newReq, []string{"forward"}},
		{"apple forward text", q(`<div><br><div>Begin forwarded message:</div><br class="Apple-interchange-newline">`, "</div>"), newReq, []string{"forward"}},
		{"gmail signature", q(`<div dir="ltr" class="gmail_signature" data-smartmail="gmail_signature">`, "</div>"), newReq, []string{"signature"}},
		{"smartmail signature", q(`<div data-smartmail="gmail_signature">`, "</div>"), newReq, []string{"signature"}},
		{"outlook signature id", q(`<div id="Signature">`, "</div>"), newReq, []string{"signature"}},
		{"thunderbird signature", q(`<pre class="moz-signature" cols="72">`, "</pre>"), newReq, []string{"signature"}},
		{"outlook web quoted prefix is read as text", q(`<div class="x_gmail_quote">`, "</div>"), both, nil},
		{"flat blockquote is read as text", q(`<blockquote type="cite" style="margin:0;padding:0">`, "</blockquote>"), both, nil},
		{"blockquote flattened by the style sheet is read as text", `<style>blockquote{margin:0}</style>` + q(`<blockquote>`, "</blockquote>"), both, nil},
		{"blockquote with only its padding reset is a quote", q(`<blockquote style="padding:0">`, "</blockquote>"), newReq, []string{"quote"}},
		{"flat blockquote with a left border is a quote", q(`<blockquote style="margin:0;border-left:1px solid #ccc">`, "</blockquote>"), newReq, []string{"quote"}},
		{"flat blockquote with border-left none is read as text", q(`<blockquote style="margin:0;border-left:none">`, "</blockquote>"), both, nil},
		{
			name:    "thunderbird bottom posting keeps text below",
			in:      `<div class="moz-cite-prefix">On 11/23/26 10:00 AM, Maria wrote:<br></div><blockquote type="cite">` + quotedReq + `</blockquote><p>` + newReq + `</p><div class="moz-signature">-- <br>Maria</div>`,
			want:    newReq,
			removed: []string{"quote", "signature"},
		},
		{
			name:    "thunderbird cite prefix without a quote cuts the rest",
			in:      `<p>` + newReq + `</p><div class="moz-cite-prefix">On 11/23/26 10:00 AM, Maria wrote:<br></div><div>` + quotedReq + `</div>`,
			want:    newReq,
			removed: []string{"quote"},
		},
		{
			name:    "outlook 2003 message header cuts the rest",
			in:      `<p>` + newReq + `</p><div class="OutlookMessageHeader"><hr>` + outlookHeader + `</div><p>` + quotedReq + `</p>`,
			want:    newReq,
			removed: []string{"quote"},
		},
		{
			name:    "plain attribution above a blockquote keeps the text below",
			in:      `<div>On Mon, Nov 23, 2026 at 10:00 AM Maria &lt;m@x&gt; wrote:</div><blockquote>` + quotedReq + `</blockquote><div>` + newReq + `</div>`,
			want:    newReq,
			removed: []string{"quote"},
		},
		{
			name:    "plain attribution above unquoted text cuts the rest",
			in:      `<div>` + newReq + `</div><div>On Mon, Nov 23, 2026 at 10:00 AM Maria &lt;m@x&gt; wrote:</div><div>` + quotedReq + `</div>`,
			want:    newReq,
			removed: []string{"quote"},
		},
		{
			name:    "quote never joins text around it",
			in:      `<div>Please remove</div><blockquote>x</blockquote><div>Acme Deliveries from Oak Court.</div>`,
			want:    "Please remove\n\nAcme Deliveries from Oak Court.",
			removed: []string{"quote"},
		},
	})
}

func TestHTMLDeepNesting(t *testing.T) {
	cases := []struct {
		name, in string
	}{
		{"100k nested divs", strings.Repeat("<div>", 100000) + newReq + strings.Repeat("</div>", 100000)},
		{"100k nested formatting", strings.Repeat("<b><i>", 50000) + newReq},
		{"100k nested tables", strings.Repeat("<table><tr><td>", 30000) + newReq},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := htmlBody(c.in, Limits{})
			if err != nil || got.Text != "" || !slices.Equal(got.Removed, []string{"hidden-html"}) {
				t.Errorf("got %q %q %v, want no text and hidden-html", got.Text, got.Removed, err)
			}
		})
	}
	t.Run("500 nested divs are read", func(t *testing.T) {
		in := strings.Repeat("<div>", 500) + newReq + strings.Repeat("</div>", 500)
		if got, err := htmlBody(in, Limits{}); err != nil || got.Text != newReq {
			t.Errorf("Text = %q, %v; want %q", got.Text, err, newReq)
		}
	})
}

func TestHTMLTooLarge(t *testing.T) {
	got, err := htmlBody("<p>"+newReq+"</p>", Limits{MaxHTMLBytes: 10})
	if err != nil || got.Text != "" || !slices.Equal(got.Removed, []string{"hidden-html"}) {
		t.Errorf("got %q %q %v, want no text and hidden-html", got.Text, got.Removed, err)
	}
}

func TestHTMLLineLimit(t *testing.T) {
	lim := Limits{MaxLineBytes: 20}
	cases := []struct {
		name, in string
		over     bool
	}{
		{"blocks are lines", "<p>We give DOOR</p><div>permission to add</div>", false},
		{"long visible line", "<p>We give DOOR permission to add</p>", true},
		{"long line across inline elements", "<b>We give</b> <i>DOOR permission</i>", true},
		{"long hidden line not measured", `<p style="display:none">We give DOOR permission to add</p><p>hi</p>`, false},
		{"long markup not measured", `<p class="` + strings.Repeat("x", 100) + `">hi</p>`, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := htmlBody(c.in, lim)
			if c.over != IsLimit(err) {
				t.Errorf("htmlBody = %q, %v; want a limit error %v", got.Text, err, c.over)
			}
		})
	}
}

// TestHTMLQuoteIntroduced: a blockquote removed as a quote must be
// introduced by an attribution, above it or on its own first line (Apple
// Mail); one that is not may hold the sender's own words, and is a
// quote-boundary doubt. The attribution inside is not new text.
func TestHTMLQuoteIntroduced(t *testing.T) {
	const attribution = "On Mon, Nov 23, 2026 at 10:00 AM Maria &lt;m@x&gt; wrote:"
	cases := []struct {
		name, in string
		doubt    bool
	}{
		{"gmail: attribution above", `<div>` + newReq + `</div><div class="gmail_quote"><div class="gmail_attr">` + attribution + `</div><blockquote style="margin:0 0 0 .8ex;border-left:1px solid #ccc;padding-left:1ex">` + quotedReq + `</blockquote></div>`, false},
		{"apple: attribution inside", `<div>` + newReq + `</div><blockquote type="cite"><div>` + attribution + `</div><br><div>` + quotedReq + `</div></blockquote>`, false},
		{"attribution above, blank lines between", `<div>` + newReq + `</div><p>` + attribution + `</p><p><br></p><blockquote>` + quotedReq + `</blockquote>`, false},
		{"bare quote below the request", `<div>` + newReq + `</div><blockquote>Do not do this before Monday.</blockquote>`, true},
		{"bare quote above the request", `<blockquote>Do not do this before Monday.</blockquote><div>` + newReq + `</div>`, true},
		{"second quote of an inline reply", `<div>` + attribution + `</div><blockquote>Which partner?</blockquote><div>` + newReq + `</div><blockquote>And when?</blockquote><div>Now.</div>`, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := htmlBody(c.in, Limits{})
			if err != nil {
				t.Fatal(err)
			}
			doubt := slices.ContainsFunc(got.Doubts, func(d Doubt) bool { return d.Rule == "quote-boundary" })
			if doubt != c.doubt {
				t.Errorf("quote-boundary doubt = %v, want %v (doubts %v, text %q)", doubt, c.doubt, got.Doubts, got.Text)
			}
			if strings.Contains(got.Text, "wrote") || strings.Contains(got.Text, "Acme") {
				t.Errorf("Text = %q holds quoted text", got.Text)
			}
			for _, l := range strings.Split(got.Quoted, "\n") {
				if strings.HasPrefix(l, ">") {
					t.Errorf("Quoted = %q holds the marker line %q", got.Quoted, l)
				}
			}
		})
	}
}
