package quote

import (
	"strings"
	"testing"
)

// outlookBlocks are the header blocks Outlook writes above an unindented
// original in languages fromLabels and headerLabels do not list.
var outlookBlocks = map[string][4]string{
	"korean":     {"보낸 사람", "보낸 날짜", "받는 사람", "제목"},
	"chinese tw": {"寄件者", "寄件日期", "收件者", "主旨"},
	"turkish":    {"Kimden", "Gönderildi", "Kime", "Konu"},
	"hungarian":  {"Feladó", "Elküldve", "Címzett", "Tárgy"},
	"finnish":    {"Lähettäjä", "Lähetetty", "Vastaanottaja", "Aihe"},
	"czech":      {"Od", "Odesláno", "Komu", "Předmět"},
	"greek":      {"Από", "Στάλθηκε", "Προς", "Θέμα"},
	"arabic":     {"من", "تاريخ الإرسال", "إلى", "الموضوع"},
	"hebrew":     {"מאת", "נשלח", "אל", "נושא"},
	"romanian":   {"De la", "Trimis", "Către", "Subiect"},
	"ukrainian":  {"Від", "Надіслано", "Кому", "Тема"},
	"indonesian": {"Dari", "Dikirim", "Kepada", "Perihal"},
	"vietnamese": {"Từ", "Đã gửi", "Đến", "Chủ đề"},
	"thai":       {"จาก", "ส่ง", "ถึง", "เรื่อง"},
}

func TestQuoteOutlookAnyLanguage(t *testing.T) {
	var cases []textCase
	for name, l := range outlookBlocks {
		block := l[0] + ": Eve <eve@attacker.example>\n" + l[1] + ": 2026-11-23 09:00\n" +
			l[2] + ": Maria Lopez\n" + l[3] + ": Access\n"
		cases = append(cases, textCase{
			name: name, in: newReq + "\n\nMaria\n\n" + block + "\n" + quotedReq + "\n",
			want: newReq + "\n\nMaria", removed: []string{"quote"},
		})
	}
	runPlain(t, cases)
}

// TestQuoteGenericHeaderKept checks what the generic header block must
// not take for one: forms, and fewer label lines, or ones without a date
// or address.
func TestQuoteGenericHeaderKept(t *testing.T) {
	keep := []string{
		"Property: The Pines\nPartner: Acme Deliveries\nPartner: Parcel Pal",
		"Property: Building 12\nPartner: Acme Deliveries\nReason: moved out 2026-11-01",
		"Note: see below\nTicket: 4521",
		"Status: open\nOwner: Maria\nTeam: west",
		"Re 1: first\nRe 2: second\nRe 3: 2026",
	}
	for _, text := range keep {
		t.Run(strings.SplitN(text, "\n", 2)[0], func(t *testing.T) {
			lines, err := normalizeLines(text, DefaultMaxLineBytes)
			if err != nil {
				t.Fatal(err)
			}
			for i := range lines {
				if isGenericHeaderBlock(lines, i) {
					t.Errorf("line %d (%q) taken for a quoted header block", i, lines[i].text)
				}
			}
		})
	}
}
