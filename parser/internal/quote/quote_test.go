package quote

import (
	"strings"
	"testing"
)

// The new text of every case; the quoted text always holds a different
// request that must not survive.
const (
	newReq    = "We give DOOR permission to add Parcel Pal to The Pines."
	quotedReq = "We give DOOR permission to add Acme Deliveries to Harbor View."
)

func TestQuoteReplies(t *testing.T) {
	runPlain(t, []textCase{
		{
			name:    "gmail",
			in:      newReq + "\n\nOn Mon, Nov 23, 2026 at 10:00 AM Maria Lopez <maria@pines.example> wrote:\n\n> " + quotedReq + "\n>\n> Thanks\n",
			want:    newReq,
			removed: []string{"quote"},
		},
		{
			name:    "gmail attribution wrapped over two lines",
			in:      newReq + "\n\nOn Mon, Nov 23, 2026 at 10:00 AM Maria Lopez <\nmaria@pines.example> wrote:\n\n> " + quotedReq + "\n",
			want:    newReq,
			removed: []string{"quote"},
		},
		{
			name:    "gmail attribution wrapped over three lines",
			in:      newReq + "\n\nOn Mon, Nov 23, 2026 at 10:00 AM\nMaria Lopez via Door Integrations <maria@pines.example>\nwrote:\n\n> " + quotedReq + "\n",
			want:    newReq,
			removed: []string{"quote"},
		},
		{
			name:    "apple mail",
			in:      newReq + "\n\n> On 23 Nov 2026, at 10:00, Maria <m@pines.example> wrote:\n> \n> " + quotedReq + "\n",
			want:    newReq,
			removed: []string{"quote"},
		},
		{
			name:    "apple mail unquoted attribution",
			in:      newReq + "\n\nOn 23 Nov 2026, at 10:00, Maria <m@pines.example> wrote:\n\n> " + quotedReq + "\n",
			want:    newReq,
			removed: []string{"quote"},
		},
		{
			name:    "thunderbird bottom posting keeps text below the quote",
			in:      "On 11/23/26 10:00 AM, Maria Lopez wrote:\n> " + quotedReq + "\n> Regards\n\n" + newReq + "\n\nMaria\n",
			want:    newReq + "\n\nMaria",
			removed: []string{"quote"},
		},
		{
			name:    "inline replies keep text between quotes",
			in:      "> Can you add Acme?\nNo.\n> " + quotedReq + "\n" + newReq + "\n> Thanks\nYou're welcome",
			want:    "No.\n\n" + newReq + "\n\nYou're welcome",
			removed: []string{"quote"},
		},
		{
			name:    "quote never joins text around it into one sentence",
			in:      "Please remove\n> anything\nAcme Deliveries from Oak Court.",
			want:    "Please remove\n\nAcme Deliveries from Oak Court.",
			removed: []string{"quote"},
		},
		{
			name:    "nested and spaced quote markers",
			in:      newReq + "\n>> " + quotedReq + "\n > > " + quotedReq + "\n",
			want:    newReq,
			removed: []string{"quote"},
		},
		{
			name:    "fullwidth quote marker",
			in:      newReq + "\n＞ " + quotedReq,
			want:    newReq,
			removed: []string{"quote"},
		},
		{
			name:    "attribution followed by unquoted original cuts to the end",
			in:      newReq + "\n\nOn Mon, Nov 23, 2026 at 10:00 AM Maria Lopez <maria@pines.example> wrote:\n\n" + quotedReq + "\n",
			want:    newReq,
			removed: []string{"quote"},
		},
		{
			name:    "attribution at the end",
			in:      newReq + "\n\nMaria Lopez wrote:",
			want:    newReq,
			removed: []string{"quote"},
		},
		{
			name: "wrote inside a sentence is not an attribution",
			in:   "I wrote to Acme Deliveries yesterday.\n" + newReq,
			want: "I wrote to Acme Deliveries yesterday. " + newReq,
		},
		{
			name: "wrote before a colon mid-sentence is not an attribution",
			in:   "As I wrote to you earlier, here is the change:\n" + newReq,
			want: "As I wrote to you earlier, here is the change: " + newReq,
		},
	})
}

func TestQuoteLocalized(t *testing.T) {
	quoted := "\n\n> " + quotedReq + "\n"
	cases := []struct{ name, attribution string }{
		{"german gmail", "Am Mo., 23. Nov. 2026 um 10:00 Uhr schrieb Maria Lopez <maria@pines.example>:"},
		{"german apple", "Am 23.11.2026 um 10:00 schrieb Maria <m@pines.example>:"},
		{"german thunderbird", "Am 23.11.26 um 10:00 schrieb Maria Lopez:"},
		{"german short", "Maria Lopez schrieb:"},
		{"french gmail", "Le lun. 23 nov. 2026 à 10:00, Maria <m@pines.example> a écrit :"},
		{"french no space", "Le 23/11/2026 à 10:00, Maria Lopez a écrit:"},
		{"spanish gmail", "El lun, 23 nov 2026 a las 10:00, Maria (<m@pines.example>) escribió:"},
		{"russian apple", "23 нояб. 2026 г., в 10:00, Maria <m@pines.example> написал(а):"},
		{"russian thunderbird", "23.11.2026 10:00, Maria Lopez пишет:"},
		{"russian gmail", "пн, 23 нояб. 2026 г. в 10:00, Maria Lopez <maria@pines.example>:"},
		{"italian", "Il giorno lun 23 nov 2026 alle ore 10:00 Maria <m@pines.example> ha scritto:"},
		{"portuguese", "Em seg., 23 de nov. de 2026 às 10:00, Maria <m@pines.example> escreveu:"},
		{"dutch thunderbird", "Op 23-11-2026 om 10:00 schreef Maria Lopez:"},
		{"dutch apple", "Op 23 nov. 2026 om 10:00 heeft Maria <m@pines.example> het volgende geschreven:"},
		{"swedish", "Den 23 nov. 2026 kl. 10:00 skrev Maria <m@pines.example>:"},
		{"polish", "W dniu 23.11.2026 o 10:00, Maria Lopez pisze:"},
	}
	var tcs []textCase
	for _, c := range cases {
		tcs = append(tcs, textCase{
			name:    c.name,
			in:      newReq + "\n\n" + c.attribution + quoted,
			want:    newReq,
			removed: []string{"quote"},
		})
	}
	runPlain(t, tcs)
}

func TestQuoteOutlook(t *testing.T) {
	runPlain(t, []textCase{
		{
			name:    "outlook desktop",
			in:      newReq + "\r\n\r\nMaria\r\n\r\nFrom: Maria Lopez <maria@pines.example>\r\nSent: Monday, November 23, 2026 10:00 AM\r\nTo: integrations@door.com\r\nSubject: Access\r\n\r\n" + quotedReq + "\r\n",
			want:    newReq + "\n\nMaria",
			removed: []string{"quote"},
		},
		{
			name:    "outlook web underscore rule",
			in:      newReq + "\n\n________________________________\nFrom: Maria Lopez <maria@pines.example>\nSent: Monday, November 23, 2026 10:00\nTo: integrations@door.com\nSubject: Access\n\n" + quotedReq,
			want:    newReq,
			removed: []string{"quote"},
		},
		{
			name:    "outlook bold labels",
			in:      newReq + "\n\n*From:* Maria Lopez <maria@pines.example>\n*Sent:* Monday, November 23, 2026 10:00\n*To:* integrations@door.com\n\n" + quotedReq,
			want:    newReq,
			removed: []string{"quote"},
		},
		{
			name:    "outlook mac date label",
			in:      newReq + "\n\nFrom: Maria Lopez <maria@pines.example>\nDate: Monday, 23 November 2026 at 10:00\nTo: integrations@door.com\nSubject: Access\n\n" + quotedReq,
			want:    newReq,
			removed: []string{"quote"},
		},
		{
			name:    "outlook header on one line",
			in:      newReq + "\n\nFrom: Maria Lopez <maria@pines.example> Sent: Monday, November 23, 2026 10:00 To: integrations@door.com\n" + quotedReq,
			want:    newReq,
			removed: []string{"quote"},
		},
		{
			name:    "outlook french",
			in:      newReq + "\n\nDe : Maria Lopez <maria@pines.example>\nEnvoyé : lundi 23 novembre 2026 10:00\nÀ : integrations@door.com\nObjet : Accès\n\n" + quotedReq,
			want:    newReq,
			removed: []string{"quote"},
		},
		{
			name:    "outlook german",
			in:      newReq + "\n\nVon: Maria Lopez <maria@pines.example>\nGesendet: Montag, 23. November 2026 10:00\nAn: integrations@door.com\nBetreff: Zugang\n\n" + quotedReq,
			want:    newReq,
			removed: []string{"quote"},
		},
		{
			name:    "outlook spanish",
			in:      newReq + "\n\nDe: Maria Lopez <maria@pines.example>\nEnviado el: lunes, 23 de noviembre de 2026 10:00\nPara: integrations@door.com\nAsunto: Acceso\n\n" + quotedReq,
			want:    newReq,
			removed: []string{"quote"},
		},
		{
			name:    "outlook russian",
			in:      newReq + "\n\nОт: Maria Lopez <maria@pines.example>\nОтправлено: 23 ноября 2026 г. 10:00\nКому: integrations@door.com\nТема: Доступ\n\n" + quotedReq,
			want:    newReq,
			removed: []string{"quote"},
		},
		{
			name:    "original message separator",
			in:      newReq + "\n\n-----Original Message-----\nFrom: Maria\n" + quotedReq,
			want:    newReq,
			removed: []string{"quote"},
		},
		{
			name:    "yahoo original message",
			in:      newReq + "\n\n----- Original Message -----\n" + quotedReq,
			want:    newReq,
			removed: []string{"quote"},
		},
		{
			name:    "android original message",
			in:      newReq + "\n\n-------- Original message --------\nFrom: Maria Lopez <maria@pines.example>\nDate: 11/23/26 10:00 (GMT+00:00)\n" + quotedReq,
			want:    newReq,
			removed: []string{"quote"},
		},
		{
			name:    "german original message",
			in:      newReq + "\n\n-----Ursprüngliche Nachricht-----\n" + quotedReq,
			want:    newReq,
			removed: []string{"quote"},
		},
		{
			name: "from and to alone are a form, not a header block",
			in:   "Please move the partner.\nFrom: Oak Court\nTo: The Pines",
			want: "Please move the partner.\nFrom: Oak Court\nTo: The Pines",
		},
	})
}

func TestQuoteForwards(t *testing.T) {
	runPlain(t, []textCase{
		{
			name:    "gmail forward",
			in:      newReq + "\n\n---------- Forwarded message ---------\nFrom: Maria Lopez <maria@pines.example>\nDate: Mon, Nov 23, 2026 at 10:00 AM\n\n" + quotedReq,
			want:    newReq,
			removed: []string{"forward"},
		},
		{
			name:    "apple forward",
			in:      newReq + "\n\nBegin forwarded message:\n\nFrom: Maria Lopez <maria@pines.example>\n\n" + quotedReq,
			want:    newReq,
			removed: []string{"forward"},
		},
		{
			name:    "thunderbird forward",
			in:      newReq + "\n\n-------- Forwarded Message --------\nSubject: Access\n\n" + quotedReq,
			want:    newReq,
			removed: []string{"forward"},
		},
		{
			name:    "forward only",
			in:      "---------- Forwarded message ---------\n" + quotedReq,
			want:    "",
			removed: []string{"forward"},
		},
		{"german forward", newReq + "\n\n-------- Weitergeleitete Nachricht --------\n" + quotedReq, newReq, []string{"forward"}},
		{"french forward", newReq + "\n\n-------- Message transféré --------\n" + quotedReq, newReq, []string{"forward"}},
		{"spanish forward", newReq + "\n\n---------- Mensaje reenviado ---------\n" + quotedReq, newReq, []string{"forward"}},
		{"german apple forward", newReq + "\n\nAnfang der weitergeleiteten Nachricht:\n\n" + quotedReq, newReq, []string{"forward"}},
	})
}

func TestQuoteSignatures(t *testing.T) {
	runPlain(t, []textCase{
		{
			name:    "signature delimiter",
			in:      newReq + "\n\n-- \nMaria Lopez\nThe Pines\n" + quotedReq,
			want:    newReq,
			removed: []string{"signature"},
		},
		{
			name:    "delimiter without space",
			in:      newReq + "\n--\nMaria",
			want:    newReq,
			removed: []string{"signature"},
		},
		// The footer ends the new text; what follows is still scanned, so
		// the quote below it is named too (and the rest is the trailer).
		{"sent from my iphone", newReq + "\n\nSent from my iPhone\n\n> On Nov 23, 2026, at 10:00 AM, Maria <m@x> wrote:\n> " + quotedReq, newReq, []string{"signature", "quote"}},
		{"sent from my ipad", newReq + "\nSent from my iPad\n" + quotedReq, newReq, []string{"signature"}},
		{"sent from my android", newReq + "\n\nSent from my Android device\n" + quotedReq, newReq, []string{"signature"}},
		{"get outlook for ios", newReq + "\n\nGet Outlook for iOS<https://aka.ms/o0ukef>\n" + quotedReq, newReq, []string{"signature"}},
		{"get outlook for android", newReq + "\n\nGet Outlook for Android\n" + quotedReq, newReq, []string{"signature"}},
		{"sent from yahoo mail", newReq + "\n\nSent from Yahoo Mail on Android\n" + quotedReq, newReq, []string{"signature"}},
		{"sent from mail for windows", newReq + "\n\nSent from Mail for Windows\n" + quotedReq, newReq, []string{"signature"}},
		{"german iphone", newReq + "\n\nVon meinem iPhone gesendet\n" + quotedReq, newReq, []string{"signature"}},
		{
			name: "a long sentence starting like a footer is kept",
			in:   "Sent from my office because the property manager asked me to write this to you today, " + newReq,
			want: "Sent from my office because the property manager asked me to write this to you today, " + newReq,
		},
		{
			name: "triple dash is not a signature",
			in:   newReq + "\n---\nThanks",
			want: newReq + " --- Thanks",
		},
	})
}

// TestQuoteTrailer: what follows a signature delimiter or a mobile footer
// is no new text, but it is kept, quotes removed, as the trailer that
// holds reads (a postscript below the signature).
func TestQuoteTrailer(t *testing.T) {
	tests := []struct{ name, in, text, trailer string }{
		{"postscript below the delimiter", newReq + "\n\n-- \nMaria Lopez\n555-0100\n\nP.S. Please hold off until Monday.",
			newReq, "Maria Lopez 555-0100\n\nP.S. Please hold off until Monday."},
		{"postscript below a footer", newReq + "\n\nSent from my iPhone\n\nPS wrong thread, ignore", newReq, "PS wrong thread, ignore"},
		{"quote below the footer is removed", newReq + "\n\nSent from my iPhone\n\n> " + quotedReq, newReq, ""},
		{"second delimiter", newReq + "\n-- \nMaria\n-- \nsorry, draft", newReq, "Maria\n\nsorry, draft"},
		{"no signature", newReq, newReq, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := Plain(tt.in, Limits{})
			if err != nil {
				t.Fatal(err)
			}
			if b.Text != tt.text || b.Trailer != tt.trailer {
				t.Errorf("Text, Trailer = %q, %q; want %q, %q", b.Text, b.Trailer, tt.text, tt.trailer)
			}
		})
	}
}

// TestQuotedKeepsWhatWasCut: what is taken out as quoted or forwarded is
// kept, line by line, in Body.Quoted for staff to read; the signature is
// not quoted text (it is the trailer's), and nothing cut leaves it empty.
func TestQuotedKeepsWhatWasCut(t *testing.T) {
	tests := []struct{ name, text, quoted string }{
		{"nothing cut", "We give DOOR permission to add Acme to The Pines.\n", ""},
		{"bottom posting", "> Can we add Acme?\n\nYes: we give DOOR permission to add Acme to The Pines.\n", "> Can we add Acme?"},
		{"attribution and quote", "Yes, go ahead.\n\nOn Mon, 2 Mar 2026, Ann <ann@door.com> wrote:\n> We give DOOR permission to add Evil to The Pines.\n",
			"On Mon, 2 Mar 2026, Ann <ann@door.com> wrote:\n> We give DOOR permission to add Evil to The Pines."},
		{"forward", "See below.\n\n---------- Forwarded message ---------\nFrom: Bo <bo@x.example>\nWe give DOOR permission to add Evil to The Pines.\n",
			"---------- Forwarded message ---------\nFrom: Bo <bo@x.example>\nWe give DOOR permission to add Evil to The Pines."},
		{"signature only", "Thanks.\n-- \nMaria\n", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := Read(tt.text, Limits{})
			if err != nil {
				t.Fatal(err)
			}
			if b.Quoted != tt.quoted {
				t.Errorf("Quoted = %q, want %q", b.Quoted, tt.quoted)
			}
			if strings.Contains(b.Text, "Evil") {
				t.Errorf("Text %q holds the quoted request", b.Text)
			}
		})
	}
}
