package approvals_test

import (
	"fmt"
	"strings"
	"time"

	"intake/approvals"
)

// A confirmAttack is one generated reply to maria's held request r (and,
// when two, to her second held request r2). legit says a reader sees
// maria confirm r with its code; every other request, and r when legit
// is false, must not be confirmed.
type confirmAttack struct {
	family, name string
	legit        bool
	// two asks for maria's second held request; legit2 says a reader sees
	// her confirm it too.
	two, legit2 bool
	// prep runs before the attack and is not counted; nil for none.
	prep func(c *confirmEnv, s *attackState)
	// send receives the attack.
	send func(c *confirmEnv, s *attackState)
}

// attackState is what an attack knows: the held requests, their codes and
// the Message-IDs of the replies that carried them.
type attackState struct {
	r, r2          approvals.Request
	code, code2    string
	reply, reply2  string
	confirmedFirst bool
}

// thread returns the In-Reply-To and References of a reply to our reply id.
func thread(id string) (string, string) {
	return "<" + id + ">", "<first@test.example> <" + id + ">"
}

// reply returns a mail from maria answering s.reply with body.
func (s *attackState) reply1(body entity) attackMail {
	irt, refs := thread(s.reply)
	return attackMail{inReplyTo: irt, references: refs, body: body}
}

// mailAttack is an attack that sends the one mail m(s).
func mailAttack(family, name string, legit bool, m func(s *attackState) attackMail) confirmAttack {
	return confirmAttack{family: family, name: name, legit: legit, send: func(c *confirmEnv, s *attackState) {
		c.receiveRaw(m(s).bytes(c))
	}}
}

// bodyAttack is an attack whose reply answers the right reply from maria
// and whose body is built from the code.
func bodyAttack(family, name string, legit bool, body func(code string) entity) confirmAttack {
	return mailAttack(family, name, legit, func(s *attackState) attackMail { return s.reply1(body(s.code)) })
}

// confirmAttacks generates every attack of every family.
func confirmAttacks() []confirmAttack {
	var out []confirmAttack
	for _, fam := range [][]confirmAttack{whoAttacks(), proofAttacks(), whereQuoteAttacks(), whereHiddenAttacks(),
		wherePartAttacks(), encodingAttacks(), sayAttacks(), boundaryAttacks(), threadAttacks(), timingAttacks()} {
		out = append(out, fam...)
	}
	return out
}

// ownBodies are the bodies a code is sent in, as a plain-text and an
// HTML client write them.
var ownBodies = []struct {
	name string
	body func(code string) entity
}{
	{"plain", func(code string) entity { return plain(answer(code+"\n\nThanks,\nMaria", code)) }},
	{"html", func(code string) entity {
		return htmlPart("<div dir=\"ltr\">" + code + "<br><br>Thanks,<br>Maria</div><br><div class=\"gmail_quote\">" +
			"<div class=\"gmail_attr\">On Mon, 10 Mar 2025 at 11:00, DOOR &lt;integrations@door.com&gt; wrote:<br></div>" +
			"<blockquote class=\"gmail_quote\">Reply with this code:<br>" + code + "</blockquote></div>")
	}},
}

// whoAttacks vary the From field (RFC 5322 section 3.4: display names,
// quoted strings, case, subaddresses, lookalike characters) over the bodies.
func whoAttacks() []confirmAttack {
	froms := []struct {
		name, from string
		legit      bool
	}{
		{"exact", "maria@pines.example", true},
		{"angle", "<maria@pines.example>", true},
		{"upper case", "MARIA@PINES.EXAMPLE", true},
		{"mixed case with name", "Maria Lopez <Maria@Pines.Example>", true},
		{"quoted display name", `"Lopez, Maria" <maria@pines.example>`, true},
		{"another manager", "Olu Adeyemi <olu@westside.example>", false},
		{"stranger", "<mallory@evil.example>", false},
		{"display name is maria's address", `"maria@pines.example" <mallory@evil.example>`, false},
		{"display name holds maria's mailbox", `"Maria Lopez <maria@pines.example>" <mallory@evil.example>`, false},
		{"same domain, other mailbox", "Maria Lopez <mallory@pines.example>", false},
		{"subaddress", "<maria+door@pines.example>", false},
		{"subdomain", "<maria@mail.pines.example>", false},
		{"cyrillic a in local part", "<m\u0430ria@pines.example>", false},
		{"cyrillic i in domain", "<maria@p\u0456nes.example>", false},
		{"fullwidth m", "<\uff4daria@pines.example>", false},
		{"zero-width space in local part", "<mar\u200bia@pines.example>", false},
		{"two mailboxes", "<maria@pines.example>, <mallory@evil.example>", false},
		{"comment holding maria", "mallory@evil.example (maria@pines.example)", false},
	}
	var out []confirmAttack
	for _, f := range froms {
		for _, b := range ownBodies {
			f, b := f, b
			out = append(out, mailAttack("who", f.name+"/"+b.name, f.legit, func(s *attackState) attackMail {
				m := s.reply1(b.body(s.code))
				m.from = f.from
				return m
			}))
		}
	}
	return out
}

// proofAttacks vary Authentication-Results (RFC 8601), the Date (RFC 5322
// section 3.6.1) and the addressing, from maria, with the right code.
func proofAttacks() []confirmAttack {
	const d = "header.from=pines.example"
	auths := []struct {
		name  string
		auth  []string
		legit bool
	}{
		{"trusted dmarc=pass", []string{"mx.door.com; dmarc=pass " + d}, true},
		{"no Authentication-Results", authNone, false},
		{"dmarc=fail", []string{"mx.door.com; dmarc=fail " + d}, false},
		{"dmarc=none", []string{"mx.door.com; dmarc=none " + d}, false},
		{"pass from another authserv-id", []string{"mx.evil.example; dmarc=pass " + d}, false},
		{"authserv-id with our name as prefix", []string{"mx.door.com.evil.example; dmarc=pass " + d}, false},
		{"trusted fail and forged pass", []string{"mx.evil.example; dmarc=pass " + d, "mx.door.com; dmarc=fail " + d}, false},
		{"pass in a comment", []string{"mx.door.com; dmarc=fail (dmarc=pass) " + d}, false},
		{"pass for another domain", []string{"mx.door.com; dmarc=pass header.from=evil.example"}, false},
		{"dkim=pass for another domain", []string{"mx.door.com; dkim=pass header.d=evil.example"}, false},
		{"spf=pass only", []string{"mx.door.com; spf=pass smtp.mailfrom=pines.example"}, false},
	}
	var out []confirmAttack
	for _, a := range auths {
		for _, b := range ownBodies {
			a, b := a, b
			out = append(out, mailAttack("who", "auth "+a.name+"/"+b.name, a.legit, func(s *attackState) attackMail {
				m := s.reply1(b.body(s.code))
				m.authRes = a.auth
				return m
			}))
		}
	}
	dates := []struct {
		name  string
		age   time.Duration // before receipt; negative for the future
		none  bool
		legit bool
	}{
		{"a minute old", time.Minute, false, true},
		{"just within max age", approvals.DefaultMaxAge - time.Hour, false, true},
		{"past max age", approvals.DefaultMaxAge + time.Hour, false, false},
		{"a year old", 365 * 24 * time.Hour, false, false},
		{"two days ahead", -48 * time.Hour, false, false},
		{"no Date", 0, true, false},
	}
	for _, dt := range dates {
		dt := dt
		out = append(out, confirmAttack{family: "who", name: "date " + dt.name, legit: dt.legit,
			send: func(c *confirmEnv, s *attackState) {
				m := s.reply1(plain(answer(s.code, s.code)))
				m.date, m.noDate = c.now.Add(-dt.age), dt.none
				c.receiveRaw(m.bytes(c))
			}})
	}
	tos := []struct {
		name, to string
		legit    bool
	}{
		{"to a colleague only", "Olu <olu@westside.example>", false},
		{"to a colleague and the inbox", "olu@westside.example, DOOR <" + inbox + ">", true},
		{"to an inbox lookalike", "<integrations@door.com.evil.example>", false},
	}
	for _, to := range tos {
		to := to
		out = append(out, mailAttack("who", "addressed "+to.name, to.legit, func(s *attackState) attackMail {
			m := s.reply1(plain(answer(s.code, s.code)))
			m.to = to.to
			return m
		}))
	}
	return out
}

// hidingStyles are CSS declarations that hide the text they style (CSS 2.1
// visual formatting, CSS Fonts, Color, Transforms, Masking, Compositing).
var hidingStyles = []struct{ name, decl string }{
	{"display none", "display:none"},
	{"visibility hidden", "visibility:hidden"},
	{"visibility collapse", "visibility:collapse"},
	{"mso-hide", "mso-hide:all"},
	{"font-size 0", "font-size:0"},
	{"font-size 1px", "font-size:1px"},
	{"font shorthand", "font:1px serif"},
	{"content-visibility", "content-visibility:hidden"},
	{"bidi override", "unicode-bidi:bidi-override;direction:rtl"},
	{"line-through", "text-decoration:line-through"},
	{"filter opacity", "filter:opacity(0)"},
	{"blend mode", "mix-blend-mode:screen;color:#000"},
	{"zoom", "zoom:0.05"},
	{"opacity", "opacity:0"},
	{"clip", "position:absolute;clip:rect(0 0 0 0)"},
	{"clip-path", "clip-path:inset(50%)"},
	{"tiny box", "overflow:hidden;width:1px;height:1px;display:inline-block"},
	{"max-height 0", "max-height:0;overflow:hidden"},
	{"translate", "translate:-9999px"},
	{"scale", "scale:0.01"},
	{"transform scale", "transform:scale(0)"},
	{"transform off-screen", "transform:translateX(-9999px)"},
	{"letter-spacing", "letter-spacing:-20px"},
	{"left off-screen", "position:absolute;left:-9999px"},
	{"text-indent", "text-indent:-9999px;overflow:hidden"},
	{"top above", "position:absolute;top:-9999px"},
	{"margin above", "margin-top:-9999px"},
	{"variable", "display:var(--d)"},
	{"transparent colour", "color:transparent"},
	{"white on white", "color:#ffffff"},
	{"near white", "color:#fefefe"},
	{"colour equal to background", "color:#123456;background-color:#123456"},
	{"rgba alpha 0", "color:rgba(0,0,0,0)"},
	{"line-height 0", "line-height:0;overflow:hidden;height:0"},
}

// hidingElements are HTML elements and attributes whose content a reader
// does not see (HTML Living Standard: hidden, template, details, ...).
var hidingElements = []struct{ name, html string }{
	{"hidden attribute", `<div hidden>%s</div>`},
	{"template", `<template>%s</template>`},
	{"comment", `<!-- %s -->`},
	{"closed details", `<details><summary>More</summary>%s</details>`},
	{"noscript", `<noscript>%s</noscript>`},
	{"script", `<script>var c="%s";</script>`},
	{"textarea", `<textarea style="display:none">%s</textarea>`},
	{"input value", `<input type="hidden" value="%s">`},
	{"img alt", `<img src="cid:logo" alt="%s" width="1" height="1">`},
	{"title attribute", `<span title="%s">Maria</span>`},
	{"font white", `<font color="#ffffff">%s</font>`},
	{"font size 1", `<font size="1" style="font-size:1px">%s</font>`},
	{"struck", `<s>%s</s>`},
	{"deleted", `<del>%s</del>`},
	{"svg text hidden", `<svg width="0" height="0"><text>%s</text></svg>`},
}

// whereHiddenAttacks hide the code, with courtesy visible around it, by
// every hiding style inline and in a style sheet, and every hiding element.
func whereHiddenAttacks() []confirmAttack {
	var out []confirmAttack
	for _, h := range hidingStyles {
		h := h
		out = append(out, bodyAttack("where", "hidden inline "+h.name, false, func(code string) entity {
			return htmlPart(`<p>Yes, thanks</p><div style="` + h.decl + `">` + code + `</div><p>Maria</p>`)
		}), bodyAttack("where", "hidden by class "+h.name, false, func(code string) entity {
			return htmlStyled(".c{"+h.decl+"}", `<p>Yes, thanks <span class="c">`+code+`</span></p><p>Maria</p>`)
		}))
	}
	for _, h := range hidingElements {
		h := h
		out = append(out, bodyAttack("where", "hidden element "+h.name, false, func(code string) entity {
			return htmlPart("<p>Yes, thanks</p>" + fmt.Sprintf(h.html, code) + "<p>Maria</p>")
		}))
	}
	// Generated content shows words the text does not hold (CSS 2.1
	// section 12.2): a reader sees them beside the code.
	for _, pseudo := range []string{"before", "after"} {
		pseudo := pseudo
		out = append(out, bodyAttack("where", "generated "+pseudo, false, func(code string) entity {
			return htmlStyled(`.c::`+pseudo+`{content:" do not use "}`, `<p class="c">`+code+`</p>`)
		}))
	}
	return out
}

// wherePartAttacks place the code, or words around it, in MIME parts
// (RFC 2046 section 5.1: mixed, alternative; 5.2: message/rfc822; RFC
// 2183 dispositions) other than the one text a reader sees first.
func wherePartAttacks() []confirmAttack {
	type part func(code string) entity
	parts := []struct {
		name  string
		legit bool
		body  part
	}{
		{"html only", true, func(code string) entity { return htmlPart("<p>" + code + "</p><p>Thanks,<br>Maria</p>") }},
		{"alternative agreeing", true, func(code string) entity {
			return multipart("alternative", plain(code+"\n\nThanks,\nMaria"), htmlPart("<p>"+code+"</p><p>Thanks,<br>Maria</p>"))
		}},
		{"code only in the plain alternative", false, func(code string) entity {
			return multipart("alternative", plain(code+"\n\nThanks,\nMaria"), htmlPart("<p>Thanks,<br>Maria</p>"))
		}},
		{"code only in the html alternative", false, func(code string) entity {
			return multipart("alternative", plain("Thanks,\nMaria"), htmlPart("<p>"+code+"</p><p>Thanks,<br>Maria</p>"))
		}},
		{"html alternative adds a negation", false, func(code string) entity {
			return multipart("alternative", plain(code+"\n\nThanks,\nMaria"), htmlPart("<p>"+code+"</p><p>Do not add Parcel Pal.</p>"))
		}},
		{"plain alternative adds a negation", false, func(code string) entity {
			return multipart("alternative", plain(code+"\n\nDo not add Parcel Pal."), htmlPart("<p>"+code+"</p><p>Thanks,<br>Maria</p>"))
		}},
		{"two plain alternatives", false, func(code string) entity {
			return multipart("alternative", plain(code), plain(code+"\n\nDo not add Parcel Pal."))
		}},
		{"code in a text attachment", false, func(code string) entity {
			return multipart("mixed", plain("Yes, thanks\n\nMaria"), attached(plain(code), "code.txt"))
		}},
		{"code in an inline second part", true, func(code string) entity { // shown below the first

			return multipart("mixed", plain("Yes, thanks\n\nMaria"), plain(code))
		}},
		{"code in message/rfc822", false, func(code string) entity {
			return multipart("mixed", plain("Yes, thanks\n\nMaria"), rfc822(code))
		}},
		{"code in attached message/rfc822", false, func(code string) entity {
			return multipart("mixed", plain("Yes, thanks\n\nMaria"), attached(rfc822(code), "reply.eml"))
		}},
		{"whole body message/rfc822", false, func(code string) entity { return rfc822(code) }},
		{"negation in a text attachment", false, func(code string) entity {
			return multipart("mixed", plain(code), attached(plain("Do not add Parcel Pal."), "note.txt"))
		}},
		{"negation in an inline second part", false, func(code string) entity {
			return multipart("mixed", plain(code), plain("Do not add Parcel Pal."))
		}},
		{"negation in message/rfc822", false, func(code string) entity {
			return multipart("mixed", plain(code), rfc822("Do not add Parcel Pal."))
		}},
		{"negation in a related html", false, func(code string) entity {
			return multipart("related", htmlPart("<p>"+code+"</p><p>Do not add Parcel Pal.</p>"))
		}},
	}
	var out []confirmAttack
	for _, p := range parts {
		out = append(out, bodyAttack("where", "part "+p.name, p.legit, p.body))
	}
	subjects := []struct {
		name, subject string
		body          func(code string) string
		legit         bool
	}{
		{"reply subject", "Re: Partner access", func(code string) string { return code }, true},
		{"code in subject and body", "Re: Partner access %s", func(code string) string { return code }, true},
		{"code in subject only", "Re: %s", func(string) string { return "Yes, thanks\n\nMaria" }, false},
		{"code alone in subject, empty body", "%s", func(string) string { return "" }, false},
		{"encoded-word subject with code", "=?utf-8?B?%s?=", func(string) string { return "Yes, thanks" }, false},
		{"negation in subject", "Re: Partner access - do NOT add", func(code string) string { return code }, false},
		{"condition in subject", "Re: Partner access, only after Monday", func(code string) string { return code }, false},
		{"other request in subject", "Please remove Acme from The Pines", func(code string) string { return code }, false},
	}
	for _, sj := range subjects {
		sj := sj
		out = append(out, mailAttack("where", "subject "+sj.name, sj.legit, func(s *attackState) attackMail {
			m := s.reply1(plain(answer(sj.body(s.code), s.code)))
			m.subject = sj.subject
			if strings.Contains(sj.subject, "%s") {
				code := s.code
				if strings.HasPrefix(sj.subject, "=?") {
					code = b64(code)
				}
				m.subject = fmt.Sprintf(sj.subject, code)
			}
			return m
		}))
	}
	return out
}
