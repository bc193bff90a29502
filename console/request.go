package console

import (
	"net/http"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"intake/approvals"
	"intake/parser"
)

// maxSourceShown bounds the raw message shown on the page; the whole
// message is the .eml download.
const maxSourceShown = 64 << 10

// segment is a piece of the visible text; Mark is the matched sentence.
type segment struct {
	Text string
	Mark bool
}

// option is a directory entry offered in a list.
type option struct {
	ID, Name string
	Selected bool
}

// doorView is a door still assigned to the partner of a removal.
type doorView struct {
	ID, Name string
	Kind     approvals.DoorKind
	// Connected doors update themselves; the others await a door update.
	Connected bool
}

// requestData is the request page's data.
type requestData struct {
	R       approvals.Request
	M       approvals.Message
	Others  []approvals.Request
	Message bool // a message review item
	// Reason is the reason code, or the message outcome of a message item.
	Reason string
	// Proven reports that the identity check passed: the sender is who
	// the From header says.
	Proven bool
	// Checked reports that the identity check ran (not on message items).
	Checked bool
	Age     string
	// Reading: the visible text with the matched sentence marked, and
	// what the parser removed.
	Parsed     bool
	Text       []segment
	Source     string
	Trailer    string
	Quoted     string // the quoted or forwarded text intake cut
	Removed    []string
	Doubts     []parser.Doubt
	HTMLText   string // the HTML reading, when it differs
	Statements []string
	SourceText string // the raw message, as text
	Truncated  bool

	PartnerName, PropertyName string
	Suggestions               []option
	Partners, Properties      []option
	Doors                     []doorView
	WaitingSince, ExpiresAt   time.Time
	ExpiresIn                 string
	History                   []entryView

	CanApprove, CanReject, CanResolve, CanCreate bool
	// Form holds what staff typed when an action was refused.
	Form map[string]string
}

func (h *Handler) requestPage(w http.ResponseWriter, r *http.Request, s *Session) {
	p := signedPage(s, "queue", "", nil)
	p.Flash = doneMessages[r.URL.Query().Get("done")]
	h.showRequest(w, r, s, http.StatusOK, p, nil)
}

// showRequest renders request r.PathValue("id") on page p.
func (h *Handler) showRequest(w http.ResponseWriter, r *http.Request, s *Session, status int, p *page, form map[string]string) {
	d, err := h.requestData(r, r.PathValue("id"))
	if err != nil {
		h.fail(w, r, s, err)
		return
	}
	d.Form = form
	p.Data, p.Title = d, d.R.ID
	h.render(w, r, status, "request", p)
}

// requestData gathers everything the request page shows.
func (h *Handler) requestData(r *http.Request, id string) (*requestData, error) {
	ctx := r.Context()
	det, err := h.b.Show(ctx, id)
	if err != nil {
		return nil, err
	}
	dir, err := h.b.Directory(ctx)
	if err != nil {
		return nil, err
	}
	req, msg := det.Request, det.Message
	d := &requestData{R: req, M: msg, Others: det.Others, Message: req.IsMessageItem(),
		Reason: string(req.Reason), Age: age(h.o.Now().Sub(req.ReceivedAt))}
	if d.Message {
		d.Reason = string(msg.Outcome)
	}
	for _, c := range req.Checks {
		if c.Name == approvals.CheckIdentity {
			d.Proven, d.Checked = c.OK, true
		}
	}
	if err := h.addReading(r, d); err != nil {
		return nil, err
	}
	h.addDirectory(d, dir)
	subjects := []string{req.ID, msg.ID}
	entries, err := h.b.History(ctx, subjects)
	if err != nil {
		return nil, err
	}
	d.History = entryViews(entries)
	open := req.Status == approvals.StatusPending || req.Status == approvals.StatusWaiting
	d.CanReject = open
	d.CanApprove = req.Status == approvals.StatusPending && !d.Message
	d.CanResolve = d.CanApprove
	d.CanCreate = open && (d.Message && msg.Outcome == approvals.OutcomeNoRequest ||
		req.Reason == approvals.ReasonBodyMismatch)
	if req.Status == approvals.StatusWaiting {
		d.WaitingSince, d.ExpiresAt = req.DecidedAt, det.Deadline
		d.ExpiresIn = age(d.ExpiresAt.Sub(h.o.Now()))
	}
	return d, nil
}

// addReading parses the message again and sets the visible text, with
// the request's sentence marked, what was removed and the raw source.
func (h *Handler) addReading(r *http.Request, d *requestData) error {
	raw, err := h.b.Raw(r.Context(), d.M.ID)
	if err != nil {
		return err
	}
	d.SourceText, d.Truncated = textOf(raw, maxSourceShown)
	m, err := h.b.Reading(r.Context(), d.M.ID)
	if err != nil || m == nil {
		return err
	}
	d.Parsed, d.Source, d.Trailer, d.Quoted = true, m.Body.Source, m.Body.Trailer, m.Body.Quoted
	d.Removed, d.Doubts = m.Body.Removed, m.Doubts
	d.Text = mark(m.Body.Text, requestSentence(m.Requests, &d.R))
	if m.HTML != nil && m.HTML.Body.Text != m.Body.Text {
		d.HTMLText = m.HTML.Body.Text
	}
	return nil
}

// requestSentence returns the sentence r was read from: the first
// statement with r's action that has a split naming r's partner and
// property as written; "" when none has.
func requestSentence(sts []parser.Statement, r *approvals.Request) string {
	for _, st := range sts {
		if st.Action != r.Action {
			continue
		}
		for _, sp := range st.Splits {
			if slices.Contains(sp.Partners, r.Partner) && slices.Contains(sp.Properties, r.Property) {
				return st.Sentence
			}
		}
	}
	return ""
}

// mark splits text around the first occurrence of sentence.
func mark(text, sentence string) []segment {
	i := -1
	if sentence != "" {
		i = strings.Index(text, sentence)
	}
	if i < 0 {
		return []segment{{Text: text}}
	}
	return []segment{{Text: text[:i]}, {Text: sentence, Mark: true}, {Text: text[i+len(sentence):]}}
}

// textOf returns raw as valid UTF-8 text of at most max bytes, and
// whether it was cut.
func textOf(raw []byte, max int) (string, bool) {
	cut := len(raw) > max
	if cut {
		raw = raw[:max]
	}
	return strings.ToValidUTF8(string(raw), string(utf8.RuneError)), cut
}

// addDirectory sets the names, the lists to pick from and, for a
// removal, the doors still assigned.
func (h *Handler) addDirectory(d *requestData, dir *approvals.Directory) {
	names := directoryNames(dir)
	d.PartnerName, d.PropertyName = names["partner:"+d.R.PartnerID], names["property:"+d.R.PropertyID]
	for _, p := range dir.Partners {
		d.Partners = append(d.Partners, option{ID: p.ID, Name: p.Name, Selected: p.ID == d.R.PartnerID})
	}
	for _, p := range dir.Properties {
		d.Properties = append(d.Properties, option{ID: p.ID, Name: p.Name, Selected: p.ID == d.R.PropertyID})
	}
	for _, id := range d.R.Suggestions {
		name := names["partner:"+id]
		if name == "" {
			name = names["property:"+id]
		}
		d.Suggestions = append(d.Suggestions, option{ID: id, Name: name})
	}
	if d.R.Action != approvals.ActionRemove || d.R.PartnerID == "" || d.R.PropertyID == "" {
		return
	}
	for _, door := range dir.Doors {
		if door.Property == d.R.PropertyID && door.Partner == d.R.PartnerID {
			d.Doors = append(d.Doors, doorView{ID: door.ID, Name: door.Name, Kind: door.Kind, Connected: door.Connected})
		}
	}
}
