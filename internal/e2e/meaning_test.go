package e2e

import (
	"mime"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"

	"intake/approvals"
	"intake/parser"
)

// heldClauses are sentences and clauses of kinds not on the courtesy
// allow-list (issue 14, item 6): holds, cancellations, corrections, wrong
// threads, drafts, conditions, time and scope limits, questions to DOOR,
// instructions to someone else, jokes, tests, other languages, lower case,
// no punctuation, emoji and fragments. Each is written to vary grammar,
// not to hit a word of intake's explanation vocabulary.
var heldClauses = []string{
	"Please hold off until Monday.",
	"Hold this until the board signs off.",
	"Actually, cancel that.",
	"Sorry, I meant WagWalk, not Parcel Pal.",
	"Wrong thread, please ignore.",
	"This is just a draft of the wording we might use.",
	"Proposed wording for legal review.",
	"Only once the lease is signed.",
	"This is only for the month of December.",
	"Can you confirm this is right before doing anything?",
	"Maria, can you forward this to DOOR when the contract is done?",
	"Ha, just kidding.",
	"Test message, do not process.",
	"Only the lobby door, not the garage.",
	"Por favor, esperen hasta el lunes.",
	"Bitte noch nicht umsetzen.",
	"Merci d'attendre la signature du bail avant de faire quoi que ce soit.",
	"hold off pls",
	"dont do this yet",
	"⛔ not yet",
	"on second thought, leave it",
	"We are still waiting on the insurance certificate from them.",
	"The board has not approved this vendor.",
	"Please wait for my confirmation by phone.",
	"Ignore my previous email.",
	"Scratch the above.",
	"Just for the pilot week.",
	"Through December 15th only.",
	"Not for the garage.",
	"Our legal team is reviewing, so hang tight.",
	"Let's discuss on Thursday first.",
	"Pending approval from the owner.",
	"If the residents vote yes.",
	"Unless you hear otherwise from me.",
	"Correction: the partner should be WagWalk.",
	"I sent this by mistake.",
	"Please forward to Hank for his approval.",
	"Jenny, please print this for the file.",
	"This request was rejected by our board.",
	"Voided.",
	"Do not action.",
	"NOT APPROVED",
	"Keep it paused for now",
	"El permiso es solo temporal.",
	"Das ist nur ein Test.",
	"C'est un brouillon, ne pas traiter.",
	"April fools!",
	"lol jk",
	"Wait, the vendor changed its name, hold on.",
	"Access should be limited to weekdays from 9 to 5.",
	"Parcel Pal must not get garage access.",
	"We'll confirm once the contract is countersigned.",
	"Treat this as tentative.",
	"see my next email",
	"🙈",
	"The owner says no.",
	"Per la prossima settimana, non ora.",
	"Nur bis Ende des Monats, danach bitte wieder entfernen.",
	"Postponed",
	"Was that the right building?",
}

// A meaningPosition places a clause in a variant of an original. intact
// reports that the request sentence is left as it was, so the variant
// must come to pending held_by_sender; ok is false when the position
// does not apply to the original.
type meaningPosition struct {
	name   string
	intact bool
	make   func(o original, clause string, i int) (v *message, ok bool)
}

var meaningPositions = []meaningPosition{
	{"before", true, func(o original, clause string, _ int) (*message, bool) {
		return o.msg.withBody("text/plain", clause+"\n\n"+o.parsed.Body.Text), true
	}},
	// Inside the request sentence: as a trailing clause, or as a lead for
	// every other clause.
	{"inside", false, func(o original, clause string, i int) (*message, bool) {
		s, ok := requestSentence(o)
		if !ok {
			return nil, false
		}
		c := strings.TrimRight(clause, ".!")
		in := strings.TrimRight(s, ".!") + ", " + c + "."
		if i%2 == 1 {
			in = c + ", " + lowerFirst(s)
		}
		return o.msg.withBody("text/plain", strings.Replace(o.parsed.Body.Text, s, in, 1)), true
	}},
	{"after", true, func(o original, clause string, _ int) (*message, bool) {
		s, ok := requestSentence(o)
		if !ok {
			return nil, false
		}
		text := o.parsed.Body.Text
		end := strings.Index(text, s) + len(s)
		if p := strings.Index(text[end:], "\n\n"); p >= 0 {
			end += p
		} else {
			end = len(text)
		}
		return o.msg.withBody("text/plain", text[:end]+"\n\n"+clause+text[end:]), true
	}},
	{"postscript", true, func(o original, clause string, _ int) (*message, bool) {
		return o.msg.withBody("text/plain", o.parsed.Body.Text+"\n\nThanks,\nMaria Lopez\nProperty Manager\n\nP.S. "+clause), true
	}},
	{"subject", true, func(o original, clause string, _ int) (*message, bool) {
		v := o.msg.withBody("text/plain", o.parsed.Body.Text)
		v.del("Subject")
		subject := strings.TrimSpace(o.parsed.Subject + " – " + clause)
		v.fields = append(v.fields, v.field("Subject", mime.QEncoding.Encode("utf-8", subject)))
		return v, true
	}},
}

// requestSentence returns the sentence of o's first request when it is a
// sentence of its visible text (not a form).
func requestSentence(o original) (string, bool) {
	if len(o.parsed.Requests) == 0 {
		return "", false
	}
	s := o.parsed.Requests[0].Sentence
	return s, !strings.Contains(s, "\n") && strings.Contains(o.parsed.Body.Text, s)
}

func lowerFirst(s string) string {
	if strings.HasPrefix(s, "We ") || strings.HasPrefix(s, "I ") || strings.HasPrefix(s, "Please ") {
		return strings.ToLower(s[:1]) + s[1:]
	}
	return s
}

// meaningCount counts the variants of one position.
type meaningCount struct {
	variants, applied, held, noRequest, other int
}

// TestMeaningGenerator places every clause of heldClauses at every
// position in every message of testdata that is applied today: none may
// be applied, and where the request sentence is intact the variant waits
// for staff with held_by_sender, never no_request.
func TestMeaningGenerator(t *testing.T) {
	if len(heldClauses) < 50 {
		t.Fatalf("%d clauses, want at least 50", len(heldClauses))
	}
	originals := readApplied(t)
	if len(originals) < 10 {
		t.Fatalf("%d applied messages in testdata, want at least 10", len(originals))
	}
	var mu sync.Mutex
	counts := map[string]*meaningCount{}
	for _, p := range meaningPositions {
		counts[p.name] = &meaningCount{}
	}
	t.Run("variants", func(t *testing.T) {
		for _, o := range originals {
			for _, p := range meaningPositions {
				t.Run(o.file+"/"+p.name, func(t *testing.T) {
					t.Parallel()
					for i, clause := range heldClauses {
						v, ok := p.make(o, clause, i)
						if !ok {
							return
						}
						res := receive(t, v.bytes())
						c := judgeMeaning(t, res, p, clause)
						mu.Lock()
						counts[p.name].add(c)
						mu.Unlock()
					}
				})
			}
		}
	})
	total := meaningCount{}
	for _, p := range meaningPositions {
		c := counts[p.name]
		t.Logf("position %-10s: %4d variants, %d applied, %d held_by_sender, %d no_request, %d other pending",
			p.name, c.variants, c.applied, c.held, c.noRequest, c.other)
		if min := len(heldClauses) * 10; c.variants < min {
			t.Errorf("position %s: %d variants, want at least %d", p.name, c.variants, min)
		}
		total.add(*c)
	}
	t.Logf("%d clauses × %d positions × %d originals: %d variants, %d applied",
		len(heldClauses), len(meaningPositions), len(originals), total.variants, total.applied)
	if total.applied != 0 {
		t.Errorf("%d variants applied, want 0", total.applied)
	}
}

// judgeMeaning checks one variant and returns how it counts.
func judgeMeaning(t *testing.T, res *approvals.Result, p meaningPosition, clause string) meaningCount {
	t.Helper()
	c := meaningCount{variants: 1}
	if a := applied(res); len(a) > 0 {
		t.Errorf("%s %q: APPLIED %s %q to %q (%s)", p.name, clause, a[0].Action, a[0].Partner, a[0].Property, describe(res))
		c.applied = 1
		return c
	}
	if res.Message.Outcome == approvals.OutcomeNoRequest {
		if p.intact {
			t.Errorf("%s %q: no_request, want the request pending held_by_sender", p.name, clause)
		}
		c.noRequest = 1
		return c
	}
	held := true
	for _, r := range res.Requests {
		held = held && r.Status == approvals.StatusPending && r.Reason == approvals.ReasonHeldBySender
	}
	if held && len(res.Requests) > 0 {
		c.held = 1
		return c
	}
	if p.intact {
		t.Errorf("%s %q: %s, want every request pending held_by_sender", p.name, clause, describe(res))
	}
	c.other = 1
	return c
}

func (c *meaningCount) add(o meaningCount) {
	c.variants += o.variants
	c.applied += o.applied
	c.held += o.held
	c.noRequest += o.noRequest
	c.other += o.other
}

// TestMeaningLegit: the common shapes of a real request (issue 14, item
// 5) apply on their own, with no doubt: a lead that names the sender's
// company, a trailing "effective immediately", an affirmation with a dash,
// contact details above the consent, a greeting, thanks and signature
// block with a confidentiality notice, a mobile trailer, "Per our call".
func TestMeaningLegit(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(testdataDir, "parser", "req-legit-*.eml"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 6 {
		t.Fatalf("%d req-legit messages, want at least 6", len(files))
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			raw, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			p, err := parser.ParseBytes(raw, parser.Options{TrustedAuthservID: authservID})
			if err != nil {
				t.Fatal(err)
			}
			if len(p.Doubts) > 0 {
				t.Errorf("doubts %+v, want none", p.Doubts)
			}
			for _, s := range p.Requests {
				if s.Held != nil {
					t.Errorf("%q held: %+v", s.Sentence, *s.Held)
				}
			}
			res := receive(t, raw)
			if len(res.Requests) == 0 {
				t.Fatalf("no request: %s", describe(res))
			}
			for _, r := range res.Requests {
				if r.Status != approvals.StatusApplied {
					t.Errorf("%s %q to %q: %s %s, want applied", r.Action, r.Partner, r.Property, r.Status, r.Reason)
				}
			}
		})
	}
}

// TestMeaningCleanShare logs the share of the clean request messages of
// testdata (testdata/parser/req-*.eml, and the real-client replies of
// testdata/clients when there are some) that is applied on its own, and
// what holds the rest.
func TestMeaningCleanShare(t *testing.T) {
	for _, glob := range []string{"parser/req-*.eml", "clients/*.eml"} {
		files, err := filepath.Glob(filepath.Join(testdataDir, glob))
		if err != nil {
			t.Fatal(err)
		}
		sort.Strings(files)
		if len(files) == 0 {
			t.Logf("%s: no messages", glob)
			continue
		}
		n, clear := 0, 0
		reasons := map[string]int{}
		for _, f := range files {
			raw, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			res := receive(t, raw)
			if !heldBySender(res) && res.Message.Outcome == approvals.OutcomeProcessed {
				clear++
			}
			if len(applied(res)) > 0 {
				n++
				continue
			}
			why := string(res.Message.Outcome)
			if len(res.Requests) > 0 {
				why = string(res.Requests[0].Status) + " " + string(res.Requests[0].Reason)
			}
			reasons[why]++
			t.Logf("%s: not applied: %s", filepath.Base(f), describe(res))
		}
		t.Logf("%s: %d of %d applied on its own (%.0f%%); %d of %d make requests that no sentence holds (%.0f%%); the rest: %v",
			glob, n, len(files), 100*float64(n)/float64(len(files)), clear, len(files), 100*float64(clear)/float64(len(files)), reasons)
	}
}

// heldBySender reports a result with a request held by its sender.
func heldBySender(res *approvals.Result) bool {
	for _, r := range res.Requests {
		if r.Reason == approvals.ReasonHeldBySender {
			return true
		}
	}
	return false
}
