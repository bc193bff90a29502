package grammar

import (
	"math/rand/v2"
	"strings"
	"testing"

	"intake/parser/internal/model"
	"intake/parser/internal/quote"
)

func TestHoldsHarmless(t *testing.T) {
	tests := []struct{ name, subject, text string }{
		{"greeting and thanks", "Partner access for The Pines", "Hi DOOR team,\n\nWe give DOOR permission to add Acme Deliveries to The Pines.\n\nThanks,\nMaria"},
		{"signature block", "OpenKit partner access", "Hello,\n\nWe give DOOR permission to add Acme Deliveries to The Pines.\n\nKind regards,\nMaria Lopez\nProperty Manager, The Pines\nTel: +1 (555) 010-0199\nmaria@pines.example\nwww.pines.example\n120 Pine Street, Suite 4\nPortland, OR 97201"},
		{"pleasantries", "Re: Add Acme Deliveries to The Pines", "Good morning Maria,\n\nI hope you are well. We give DOOR permission to add Acme Deliveries to The Pines. Let me know if you need anything else.\n\nHave a great weekend!\n\nBest,\nMaria"},
		{"contact above", "Partner access request – The Pines", "Maria Lopez\nThe Pines Leasing\n555-0100\n\nWe give DOOR permission to add Acme Deliveries to The Pines."},
		{"boilerplate", "", "We give DOOR permission to add Acme Deliveries to The Pines.\n\nThis email and any attachments are confidential and intended solely for the use of the addressee. If you are not the intended recipient, please notify the sender immediately and delete this email. Any unauthorized review, use, disclosure or distribution is prohibited."},
		{"mobile trailer", "Fwd: OpenKit partner", "We give DOOR permission to add Acme Deliveries to The Pines.\n\nSent from my iPhone"},
		{"sign-off without comma", "Partnerzugang für Ihre Objekte", "Hallo DOOR-Team,\n\nWe give DOOR permission to add Acme Deliveries to The Pines.\n\nViele Grüße\nMaria"},
		{"the request as subject", "We give DOOR permission to add Acme Deliveries to The Pines", "We give DOOR permission to add Acme Deliveries to The Pines."},
		{"form intro", "Removal request", "Hello,\n\nPlease remove the following:\n\nProperty: The Pines\nPartner: Acme Deliveries\n\nThanks, Maria"},
		{"harmless postscript", "", "We give DOOR permission to add Acme Deliveries to The Pines.\n\nThanks,\nMaria\n\nP.S. Have a great weekend!"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stmts := FindRequests(tt.subject, model.Body{Text: tt.text})
			if len(stmts) == 0 {
				t.Fatalf("no request in %q", tt.text)
			}
			if got := Holds(tt.subject, model.Body{Text: tt.text}, stmts); len(got) != 0 {
				t.Errorf("holds = %+v, want none", got)
			}
		})
	}
}

func TestHoldsHeld(t *testing.T) {
	const req = "We give DOOR permission to add Acme Deliveries to The Pines."
	tests := []struct {
		name, subject, text string
		rule, evidence, why string
	}{
		{"hold after", "", req + "\n\nPlease hold off until Monday.", ruleSentence, "Please hold off until Monday.", "reads as a hold: 'hold'"},
		{"retraction", "", req + " Just kidding!", ruleSentence, "Just kidding!", "reads as a retraction"},
		{"correction before", "", "Sorry, I meant WagWalk.\n\n" + req, ruleSentence, "Sorry, I meant WagWalk.", "reads as a correction: 'sorry'"},
		{"unknown remark", "", req + "\n\nThe board meets on the third.", ruleSentence, "The board meets on the third.", "not a kind of sentence known to be harmless"},
		{"postscript", "", req + "\n\nThanks,\nMaria\n\nP.S. wrong thread, ignore", ruleAfterSignature, "P.S. wrong thread, ignore", "reads as a retraction: 'ignore'"},
		{"after sign-off", "", req + "\n\nBest regards,\nMaria\n\nWait for the lease first.", ruleAfterSignature, "Wait for the lease first.", "reads as a hold: 'wait'"},
		{"title case hold in signature", "", req + "\n\nThanks, Maria Hold Off Until Monday", ruleSentence, "Thanks, Maria Hold Off Until Monday", "reads as a hold: 'hold'"},
		{"subject", "Re: OpenKit partner access - draft, do not action", req, ruleSubject, "Re: OpenKit partner access - draft, do not action", "reads as a draft or test: 'draft'"},
		{"subject other action", "Remove Acme Deliveries", req, ruleSubject, "Remove Acme Deliveries", "not a kind of sentence known to be harmless"},
		{"negated request", "", req + " We do not give DOOR permission to add Parcel Pal to The Pines.", ruleSentence, "We do not give DOOR permission to add Parcel Pal to The Pines.", "reads as a doubt, condition or report: 'not'"},
		{"form with a condition", "", "Please remove the following once the lease ends:\n\nProperty: The Pines\nPartner: Acme Deliveries", ruleSentence,
			"Please remove the following once the lease ends:", "reads as a condition: 'once'"},
		{"spanish", "", req + "\n\nEsperen hasta el lunes por favor.", ruleSentence, "Esperen hasta el lunes por favor.", "reads as a hold: 'esperen'"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body := model.Body{Text: tt.text}
			got := Holds(tt.subject, body, FindRequests(tt.subject, body))
			want := model.Doubt{Kind: model.DoubtHeld, Rule: tt.rule, Evidence: tt.evidence, Why: tt.why}
			if len(got) != 1 || got[0] != want {
				t.Errorf("holds = %+v, want [%+v]", got, want)
			}
		})
	}
}

func TestHoldsNoRequest(t *testing.T) {
	if got := Holds("Hold everything", model.Body{Text: "Please wait."}, nil); got != nil {
		t.Errorf("holds without requests = %+v, want nil", got)
	}
}

func TestNameWord(t *testing.T) {
	tests := []struct {
		word string
		want bool
	}{
		{"Maria", true}, {"O'Brien", true}, {"Jean-Luc", true}, {"ACME", true}, {"OR", false}, {"J.", true},
		{"マリア", true}, {"Hold", false}, {"Off", false}, {"Until", false}, {"Monday", false},
		{"maria", false}, {"Instead", false}, {"WAITINGNOW", false},
	}
	for _, tt := range tests {
		t.Run(tt.word, func(t *testing.T) {
			if got := nameWord(tt.word); got != tt.want {
				t.Errorf("nameWord(%q) = %v, want %v", tt.word, got, tt.want)
			}
		})
	}
}

func TestExplain(t *testing.T) {
	tests := []struct{ s, want string }{
		{"Please hold off until Monday.", "reads as a hold: 'hold'"},
		{"Scratch that.", "reads as a retraction"},
		{"Only the lobby door.", "reads as a limit: 'only'"},
		{"If the board agrees.", "reads as a condition: 'if'"},
		{"Is that right?", "reads as a question"},
		{"🍕", "not a kind of sentence known to be harmless"},
	}
	for _, tt := range tests {
		t.Run(strings.TrimRight(tt.s, ".?"), func(t *testing.T) {
			if got := explain(tt.s); got != tt.want {
				t.Errorf("explain(%q) = %q, want %q", tt.s, got, tt.want)
			}
		})
	}
}

// TestHoldsTrailer: what follows a signature delimiter or a mobile footer
// is read as a signature block: contact details pass, anything else holds
// with the rule after-signature.
func TestHoldsTrailer(t *testing.T) {
	const req = "We give DOOR permission to add Acme Deliveries to The Pines."
	tests := []struct {
		name, text string
		held       string // the evidence of the one held doubt; "" for none
	}{
		{"contact block", req + "\n\n-- \nMaria Lopez\nProperty Manager, The Pines\nTel: +1 (555) 010-0199\nmaria@pines.example", ""},
		{"postscript below the delimiter", req + "\n\n-- \nMaria Lopez\n555-0100\n\nP.S. Please hold off until Monday.", "P.S. Please hold off until Monday."},
		{"below a mobile footer", req + "\n\nSent from my iPhone\n\nwrong thread, ignore", "wrong thread, ignore"},
		{"a consent for another partner below the footer", req + "\n\nSent from my iPad\nWe give DOOR permission to add Parcel Pal to Harbor View.",
			"We give DOOR permission to add Parcel Pal to Harbor View."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := quote.Plain(tt.text, quote.Limits{})
			if err != nil {
				t.Fatal(err)
			}
			stmts := FindRequests("", b)
			if len(stmts) != 1 {
				t.Fatalf("requests = %+v, want the one above the signature", stmts)
			}
			got := Holds("", b, stmts)
			switch {
			case tt.held == "" && len(got) != 0:
				t.Errorf("holds = %+v, want none", got)
			case tt.held != "" && (len(got) != 1 || got[0].Evidence != tt.held || got[0].Rule != ruleAfterSignature):
				t.Errorf("holds = %+v, want one after-signature doubt on %q", got, tt.held)
			}
		})
	}
}

// TestHoldsBounded: a long letter of remarks gives maxHeld doubts and one
// that says there are more, not one doubt per sentence.
func TestHoldsBounded(t *testing.T) {
	text := "We give DOOR permission to add Acme Deliveries to The Pines.\n\n" +
		strings.Repeat("The board meets on the third. ", 50)
	b := model.Body{Text: text}
	got := Holds("", b, FindRequests("", b))
	if len(got) != maxHeld+1 || got[maxHeld] != moreHeld || got[0].Evidence != "The board meets on the third." {
		t.Errorf("holds gave %d doubts, want %d and the one that counts the rest: %+v", len(got), maxHeld+1, got)
	}
}

// TestFirstFragment: firstFragment is the first of fragments, on
// hand-picked texts and on random strings over separators and words.
func TestFirstFragment(t *testing.T) {
	cases := []string{"", ".", "Thanks, Maria", " , , thanks", "— please - thanks", "a: b", "a:b, c", "!!! x", "x — y", "done!", "、。a"}
	rng := rand.New(rand.NewPCG(3, 4))
	pieces := []string{"a", "thanks", " ", ",", ";", ":", "!", ".", " - ", "—", "、", "please", "…"}
	for range 20000 {
		var b strings.Builder
		for range rng.IntN(8) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		cases = append(cases, b.String())
	}
	for _, c := range cases {
		want := ""
		if fs := fragments(c); len(fs) > 0 {
			want = fs[0]
		}
		if got := firstFragment(c); got != want {
			t.Errorf("firstFragment(%q) = %q, want %q", c, got, want)
		}
	}
}
