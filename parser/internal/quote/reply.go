package quote

import (
	"regexp"

	"github.com/emersion/go-message/textproto"
)

// replySubjectRE matches the subject of a reply or forward, in the
// prefixes clients write in many languages (RFC 5322 section 3.6.5 names
// only "Re:"): Re, AW, SV, Antw, Réf, R, VS, Odp, Rif, RV, Res, YNT, Atb,
// Vá, 回复, 答复, 返信; and FW, Fwd, WG, TR, Doorst, which forward another
// message. A list tag ("[Pines] Re:") or a count ("Re[2]:") may stand with it.
var replySubjectRE = regexp.MustCompile(`(?i)^\s*(?:\[[^\]]{0,40}\]\s*)?(?:re|aw|sv|antw|réf|ref|r|vs|odp|rif|rv|res|ynt|atb|vá|ats|fw|fwd|wg|tr|doorst|enc|رد|回复|回覆|答复|返信|転送|转发)\s*(?:\[\d+\]|\(\d+\))?\s*[:：]`)

// IsReply reports a message that answers or forwards another: it has an
// In-Reply-To or References field (RFC 5322 section 3.6.4), or its
// subject starts like a reply's or a forward's.
func IsReply(h textproto.Header, subject string) bool {
	return h.Get("In-Reply-To") != "" || h.Get("References") != "" || replySubjectRE.MatchString(subject)
}
