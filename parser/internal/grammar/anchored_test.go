package grammar

import (
	"regexp/syntax"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// gatedRes are the regexps of the package with a first-byte gate.
func gatedRes() map[string]*anchoredRe {
	out := map[string]*anchoredRe{
		"greetingRe": greetingRe, "salutationLineRe": salutationLineRe, "thanksRe": thanksRe,
		"signOffRe": signOffRe, "trailerRe": trailerRe, "formIntroRe": formIntroRe, "courtesyLeadRe": courtesyLeadRe,
		"urlTokenRe": urlTokenRe, "phoneTokenRe": phoneTokenRe, "numberRe": numberRe,
	}
	for i, re := range pleasantryRes {
		out["pleasantryRes["+string(rune('0'+i))+"]"] = re
	}
	for i, re := range boilerplateRes {
		out["boilerplateRes["+string(rune('0'+i))+"]"] = re
	}
	return out
}

// maxFoldRune is above every rune unicode.SimpleFold changes.
const maxFoldRune = 0x1FFFF

// TestAnchoredGates proves each gate against the compiled program the
// regexp package runs, independently of firstBytes: every rune the
// program can consume first (as its own MatchRune says, case folding
// included) must open with a byte the gate lets through, and the program
// must be anchored at the start of the text and unable to match empty.
func TestAnchoredGates(t *testing.T) {
	for r := rune(maxFoldRune + 1); r <= unicode.MaxRune; r++ {
		if unicode.SimpleFold(r) != r {
			t.Fatalf("U+%04X folds: raise maxFoldRune", r)
		}
	}
	for name, re := range gatedRes() {
		t.Run(name, func(t *testing.T) {
			if re.first == nil {
				t.Fatalf("no gate for %s", re)
			}
			insts := openingInsts(t, re.String())
			for r := rune(0); r <= maxFoldRune; r++ {
				var b [utf8.UTFMax]byte
				utf8.EncodeRune(b[:], r)
				if re.first[b[0]] {
					continue
				}
				for _, in := range insts {
					if in.MatchRune(r) {
						t.Fatalf("the gate turns away U+%04X %q, which the program can open with", r, r)
					}
				}
			}
		})
	}
}

// openingInsts returns the rune instructions a program for expr can run
// first, failing t when one is reached without asserting the start of the
// text, when one matches any rune or a rune above maxFoldRune, or when the
// program can match without consuming a rune.
func openingInsts(t *testing.T, expr string) []*syntax.Inst {
	t.Helper()
	re, err := syntax.Parse(expr, syntax.Perl)
	if err != nil {
		t.Fatal(err)
	}
	prog, err := syntax.Compile(re.Simplify())
	if err != nil {
		t.Fatal(err)
	}
	type state struct {
		pc       uint32
		anchored bool
	}
	seen := map[state]bool{}
	var out []*syntax.Inst
	var walk func(st state)
	walk = func(st state) {
		if seen[st] {
			return
		}
		seen[st] = true
		in := &prog.Inst[st.pc]
		switch in.Op {
		case syntax.InstAlt, syntax.InstAltMatch:
			walk(state{in.Out, st.anchored})
			walk(state{in.Arg, st.anchored})
		case syntax.InstCapture, syntax.InstNop:
			walk(state{in.Out, st.anchored})
		case syntax.InstEmptyWidth:
			walk(state{in.Out, st.anchored || syntax.EmptyOp(in.Arg)&syntax.EmptyBeginText != 0})
		case syntax.InstMatch:
			t.Fatalf("%s matches the empty string", expr)
		case syntax.InstFail:
		case syntax.InstRune, syntax.InstRune1:
			if !st.anchored {
				t.Fatalf("%s is not anchored at the start of the text", expr)
			}
			for _, r := range in.Rune {
				if r > maxFoldRune {
					t.Fatalf("%s opens with U+%04X, above maxFoldRune", expr, r)
				}
			}
			out = append(out, in)
		default:
			t.Fatalf("%s opens with any rune", expr)
		}
	}
	walk(state{uint32(prog.Start), false})
	return out
}

func TestFirstBytes(t *testing.T) {
	tests := []struct {
		expr string
		in   string
		want bool
	}{
		{`(?i)^k`, "K", true},
		{`(?i)^k`, "\u212a", true}, // Kelvin sign folds to k
		{`(?i)^s`, "ſ", true},      // long s folds to s
		{`(?i)^s`, "t", false},
		{`^s`, "S", false},
		{`(?i)^(?:a|\s*b)`, " b", true},
		{`(?i)^(?:a|\s*b)`, "c", false},
		{`(?i)^(?:привет|hi)`, "П", true},
		{`(?i)^(?:привет|hi)`, "ё", false},
	}
	for _, tt := range tests {
		a := mustAnchored(tt.expr)
		if a.first == nil {
			t.Errorf("%s: no gate", tt.expr)
			continue
		}
		if got := a.may(tt.in); got != tt.want {
			t.Errorf("%s may(%q) = %v, want %v", tt.expr, tt.in, got, tt.want)
		}
	}
	for _, expr := range []string{`a`, `(?i)^a?`, `(?i)^.b`, `(?i)^\pL`, `(?m)^a`, `^(?:a|)`, `^\x{FFFD}`} {
		if firstBytes(expr) != nil {
			t.Errorf("%s: a gate, want none", expr)
		}
	}
}

// TestFragmentSepRunes ties fragmentSepRunes to fragmentSepRe: each
// alternative of the regexp's mandatory middle group consumes a rune of
// its class, and the classes hold exactly fragmentSepRunes.
func TestFragmentSepRunes(t *testing.T) {
	const want = `\s*(?:[,;、。]|[:!]+(?:\s|$)|\s[-–—]+\s)\s*`
	if got := fragmentSepRe.String(); got != want {
		t.Fatalf("fragmentSepRe = %s, want %s: review fragmentSepRunes", got, want)
	}
	if got, want := []rune(fragmentSepRunes), []rune(",;、。"+":!"+"-–—"); string(got) != string(want) {
		t.Fatalf("fragmentSepRunes = %q, want %q", string(got), string(want))
	}
	for _, s := range []string{"Thanks Maria", "Hi team how are you", "a - b", "x:y", "nothing here at all"} {
		if strings.ContainsAny(s, fragmentSepRunes) {
			continue
		}
		if got := fragmentSepRe.FindStringIndex(s); got != nil {
			t.Errorf("fragmentSepRe matches %q at %v", s, got)
		}
	}
}
