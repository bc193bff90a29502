package approvals_test

import (
	"encoding/base64"
	"strings"
	"time"

	"intake/approvals"
)

// b64 is the base64 of s.
func b64(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }

// encodingAttacks write the code through the transfer encodings and line
// rules of RFC 2045 and RFC 3676 and the markup of HTML; legit when a
// reader sees the code itself.
func encodingAttacks() []confirmAttack {
	half := func(code string) (string, string) { return code[:4], code[4:] }
	forms := []struct {
		name  string
		legit bool
		body  func(code string) entity
	}{
		{"lower case", true, func(code string) entity { return plain(strings.ToLower(code)) }},
		{"indented", true, func(code string) entity { return plain("    " + code + "  \n\nMaria") }},
		{"in a sentence", true, func(code string) entity {
			return plain("Hi, here is the code: " + code + ".\n\nKind regards,\nMaria Lopez")
		}},
		{"qp soft line break", true, func(code string) entity { a, b := half(code); return quotedPrintable(a + "=\n" + b + "\n\nMaria") }},
		{"qp hex escapes", true, func(code string) entity {
			return quotedPrintable("=" + strings.ToUpper(hexByte(code[0])) + "=" + strings.ToUpper(hexByte(code[1])) + code[2:] + "\n")
		}},
		{"base64", true, func(code string) entity { return base64Plain(code + "\n\nThanks,\nMaria") }},
		{"flowed delsp=yes", true, func(code string) entity { a, b := half(code); return flowed(a+" \n"+b+"\n", true) }},
		{"fullwidth", true, func(code string) entity { return plain(fullwidth(code)) }},
		{"html split by tags", true, func(code string) entity { a, b := half(code); return htmlPart("<p><b>" + a + "</b>" + b + "</p>") }},
		{"html character references", true, func(code string) entity {
			return htmlPart("<p>&#x" + hexByte(code[0]) + ";&#" + itoa(int(code[1])) + ";" + code[2:] + "</p>")
		}},
		{"flowed delsp=no", false, func(code string) entity { a, b := half(code); return flowed(a+" \n"+b+"\n", false) }},
		{"hard line break", false, func(code string) entity { a, b := half(code); return plain(a + "\n" + b) }},
		{"space inside", false, func(code string) entity { a, b := half(code); return plain(a + " " + b) }},
		{"hyphen inside", false, func(code string) entity { a, b := half(code); return plain(a + "-" + b) }},
		{"html line break inside", false, func(code string) entity { a, b := half(code); return htmlPart("<p>" + a + "<br>" + b + "</p>") }},
		{"html paragraphs", false, func(code string) entity { a, b := half(code); return htmlPart("<p>" + a + "</p><p>" + b + "</p>") }},
		{"code reversed by bidi controls", false, func(code string) entity { return plain("\u202e" + reverse(code) + "\u202c") }},
		{"code with a letter more", false, func(code string) entity { return plain(code + "A") }},
		{"code with a letter less", false, func(code string) entity { return plain(code[:len(code)-1]) }},
		{"code struck in markdown", false, func(code string) entity { return plain("~~" + code + "~~") }},
	}
	var out []confirmAttack
	for _, f := range forms {
		out = append(out, bodyAttack("where", "encoded "+f.name, f.legit, f.body))
	}
	return out
}

func hexByte(b byte) string {
	return strings.ToLower(string("0123456789abcdef"[b>>4]) + string("0123456789abcdef"[b&15]))
}

func itoa(n int) string {
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}

// fullwidth returns s in the fullwidth forms of its ASCII letters and digits.
func fullwidth(s string) string {
	var b strings.Builder
	for _, r := range s {
		b.WriteRune(r - 0x21 + 0xFF01)
	}
	return b.String()
}

func reverse(s string) string {
	r := []rune(s)
	for i, j := 0, len(r)-1; i < j; i, j = i+1, j-1 {
		r[i], r[j] = r[j], r[i]
	}
	return string(r)
}

// saying are words besides the code that may change what the sender
// confirms: negations, conditions, dates, other names, new requests,
// other languages, questions and symbols.
var saying = []string{
	"Do not add Parcel Pal.", "No.", "Not yet.", "don't", "Please hold.", "Never mind.",
	"Only if the lease is signed.", "Unless Olu objects.", "Once the lease is signed.", "If Olu agrees.",
	"From Monday.", "Starting 14 March 2025.", "2025-03-14", "Until Friday.",
	"For Oak Court.", "Acme instead.", "Harbor View too.", "Gateway, not Parcel Pal.",
	"Please also add Acme to Oak Court.", "Please remove Acme from The Pines.",
	"Nein, bitte nicht.", "Non, merci.", "No, gracias.", "いいえ", "Нет",
	"Is this correct?", "Confirm?", "Yes?", "Thanks, but cancel it.", "👎", "❌", "≠", "✗", ":-(", ";)",
	"Maria Lopez, Regional Manager", "Tel 555 0100", "Cancel", "Stop",
}

// sayAttacks put each saying after the code, on its line, before it and
// below the signature, and send codes for two requests in one reply.
func sayAttacks() []confirmAttack {
	places := []struct {
		name string
		own  func(code, say string) string
	}{
		{"after", func(code, say string) string { return code + "\n\n" + say + "\n\nMaria" }},
		{"same line", func(code, say string) string { return code + " " + say + "\n\nMaria" }},
		{"before", func(code, say string) string { return say + "\n\n" + code + "\n\nMaria" }},
		{"below signature", func(code, say string) string { return code + "\n\nMaria\n-- \nMaria Lopez\n" + say }},
	}
	var out []confirmAttack
	for _, say := range saying {
		for _, p := range places {
			say, p := say, p
			out = append(out, bodyAttack("what", p.name+" "+say, false, func(code string) entity {
				return plain(answer(p.own(code, say), code))
			}))
		}
	}
	courteous := []string{"Yes, confirmed.", "OK, go ahead. Thanks!", "Thank you.\n\nBest regards,\nMaria Lopez",
		"Hi DOOR team,", "Confirming, thanks.\n\nSent from my iPhone", "Many thanks; kind regards, Maria"}
	for _, say := range courteous {
		say := say
		out = append(out, bodyAttack("what", "courtesy "+say, true, func(code string) entity {
			return plain(answer(code+"\n\n"+say, code))
		}))
	}
	out = append(out,
		bodyAttack("what", "code twice", true, func(code string) entity { return plain(answer(code+"\n"+code, code)) }),
		confirmAttack{family: "what", name: "both codes, both replies", legit: true, two: true, legit2: true,
			send: func(c *confirmEnv, s *attackState) {
				m := s.reply1(plain(s.code + "\n" + s.code2 + "\n\nThanks,\nMaria"))
				m.references = "<" + s.reply + "> <" + s.reply2 + ">"
				c.receiveRaw(m.bytes(c))
			}},
		confirmAttack{family: "what", name: "both codes, first reply only", legit: true, two: true,
			send: func(c *confirmEnv, s *attackState) {
				c.receiveRaw(s.reply1(plain(answer(s.code+"\n"+s.code2, s.code))).bytes(c))
			}},
		confirmAttack{family: "what", name: "other request's code", two: true,
			send: func(c *confirmEnv, s *attackState) {
				c.receiveRaw(s.reply1(plain(answer(s.code2, s.code))).bytes(c))
			}},
		confirmAttack{family: "what", name: "code with another request", legit: false,
			send: func(c *confirmEnv, s *attackState) {
				c.receiveRaw(s.reply1(plain(answer(s.code+"\n\nPlease add Acme to Oak Court.", s.code))).bytes(c))
			}},
	)
	return out
}

// threadAttacks vary In-Reply-To and References (RFC 5322 section 3.6.4).
func threadAttacks() []confirmAttack {
	threads := []struct {
		name       string
		irt, refs  func(s *attackState) string
		two, legit bool
	}{
		{"In-Reply-To only", func(s *attackState) string { return "<" + s.reply + ">" }, nil, false, true},
		{"References only", nil, func(s *attackState) string { return "<first@test.example> <" + s.reply + ">" }, false, true},
		{"none", nil, nil, false, false},
		{"References to another reply", nil, func(s *attackState) string { return "<" + s.reply2 + ">" }, true, false},
		{"In-Reply-To another reply", func(s *attackState) string { return "<" + s.reply2 + ">" }, nil, true, false},
		{"to the held message only", func(s *attackState) string { return "<first@test.example>" }, nil, false, false},
		{"reply id as a prefix", func(s *attackState) string { return "<x" + s.reply + ">" }, nil, false, false},
		{"reply id in a comment", func(s *attackState) string { return "<other@test.example> (" + s.reply + ")" }, nil, false, false},
		{"reply id as a phrase", func(s *attackState) string { return s.reply }, nil, false, false},
	}
	var out []confirmAttack
	for _, th := range threads {
		th := th
		out = append(out, confirmAttack{family: "thread", name: th.name, legit: th.legit, two: th.two,
			send: func(c *confirmEnv, s *attackState) {
				m := attackMail{body: plain(answer(s.code, s.code))}
				if th.irt != nil {
					m.inReplyTo = th.irt(s)
				}
				if th.refs != nil {
					m.references = th.refs(s)
				}
				c.receiveRaw(m.bytes(c))
			}})
	}
	out = append(out, mailAttack("thread", "right thread, other sender", false, func(s *attackState) attackMail {
		m := s.reply1(plain(answer(s.code, s.code)))
		m.from = "Olu Adeyemi <olu@westside.example>"
		return m
	}))
	return out
}

// timingAttacks send the code late, twice, or after the request moved.
func timingAttacks() []confirmAttack {
	var out []confirmAttack
	for _, late := range []struct {
		name  string
		after time.Duration
		legit bool
	}{
		{"a minute before expiry", approvals.DefaultConfirmTTL - time.Minute, true},
		{"at expiry", approvals.DefaultConfirmTTL, false},
		{"a minute after expiry", approvals.DefaultConfirmTTL + time.Minute, false},
		{"a month later", 30 * 24 * time.Hour, false},
	} {
		late := late
		out = append(out, confirmAttack{family: "timing", name: late.name, legit: late.legit,
			send: func(c *confirmEnv, s *attackState) {
				c.now = c.now.Add(late.after)
				c.receiveRaw(s.reply1(plain(answer(s.code, s.code))).bytes(c))
			}})
	}
	// confirmed receives the legitimate confirmation once, uncounted, and
	// keeps its bytes.
	var first []byte
	confirmed := func(c *confirmEnv, s *attackState) {
		first = s.reply1(plain(answer(s.code, s.code))).bytes(c)
		c.receiveRaw(first)
		s.confirmedFirst = true
	}
	out = append(out,
		confirmAttack{family: "timing", name: "replay, same bytes", prep: confirmed,
			send: func(c *confirmEnv, s *attackState) { c.receiveRaw(first) }},
		confirmAttack{family: "timing", name: "replay, new Message-ID", prep: confirmed,
			send: func(c *confirmEnv, s *attackState) { c.receiveRaw(s.reply1(plain(answer(s.code, s.code))).bytes(c)) }},
		confirmAttack{family: "timing", name: "replay, a week later", prep: confirmed,
			send: func(c *confirmEnv, s *attackState) {
				c.now = c.now.Add(7 * 24 * time.Hour)
				c.receiveRaw(first)
			}},
	)
	staff := []struct {
		name string
		act  func(c *confirmEnv, s *attackState) error
	}{
		{"after staff rejected", func(c *confirmEnv, s *attackState) error {
			_, err := c.svc.Reject(c.ctx, s.r.ID, reviewer, "not signed")
			return err
		}},
		{"after staff approved", func(c *confirmEnv, s *attackState) error {
			_, err := c.svc.Approve(c.ctx, s.r.ID, reviewer, "called Maria")
			return err
		}},
		{"after re-resolved to another partner", func(c *confirmEnv, s *attackState) error {
			_, err := c.svc.Resolve(c.ctx, s.r.ID, reviewer, "p-gw", "prop-pines")
			return err
		}},
	}
	for _, st := range staff {
		st := st
		out = append(out, confirmAttack{family: "timing", name: st.name,
			prep: func(c *confirmEnv, s *attackState) {
				if err := st.act(c, s); err != nil {
					c.t.Fatalf("%s: %v", st.name, err)
				}
			},
			send: func(c *confirmEnv, s *attackState) { c.receiveRaw(s.reply1(plain(answer(s.code, s.code))).bytes(c)) }})
	}
	return out
}
