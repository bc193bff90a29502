package console

import (
	"cmp"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"intake/approvals"
)

// queueReasons are the reasons a queue item can show, in the order of
// docs/decisions.md, then the message outcomes of message review items.
var queueReasons = []string{
	string(approvals.ReasonUnauthenticatedSender), string(approvals.ReasonStaleMessage),
	string(approvals.ReasonNotAddressedToInbox), string(approvals.ReasonBodyMismatch),
	string(approvals.ReasonUnverifiedContent), string(approvals.ReasonHeldBySender),
	string(approvals.ReasonSuspiciousName), string(approvals.ReasonAmbiguous),
	string(approvals.ReasonUnknownPartner), string(approvals.ReasonUnknownProperty),
	string(approvals.ReasonNoPermission), string(approvals.ReasonAlreadyEnabled),
	string(approvals.ReasonNotEnabled), string(approvals.ReasonPartnerAssignedToDoors),
	string(approvals.ReasonReviewRequired),
	string(approvals.OutcomeNoRequest), string(approvals.OutcomeUnreadable),
}

// ages are the choices of the age filter: items older than this.
var ages = []struct{ Value, Label string }{
	{"", "any age"}, {"1h", "older than 1 hour"}, {"24h", "older than 1 day"},
	{"72h", "older than 3 days"}, {"168h", "older than 1 week"},
}

// sorts are the queue's sort keys; the default is the oldest first.
var sorts = []struct{ Value, Label string }{
	{"oldest", "oldest first"}, {"newest", "newest first"}, {"sender", "sender"},
	{"partner", "partner"}, {"property", "property"}, {"reason", "reason"},
}

// queueQuery is the queue page's filter, sort and page, from the URL.
type queueQuery struct {
	Status, Reason, Property, Sender, Age, Sort string
	Page                                        int
}

func parseQueueQuery(q url.Values) queueQuery {
	qq := queueQuery{Status: q.Get("status"), Reason: q.Get("reason"), Property: q.Get("property"),
		Sender: strings.TrimSpace(q.Get("sender")), Age: q.Get("age"), Sort: q.Get("sort")}
	if qq.Status != "pending" && qq.Status != "waiting" {
		qq.Status = ""
	}
	if !slices.Contains(queueReasons, qq.Reason) {
		qq.Reason = ""
	}
	if !slices.ContainsFunc(ages, func(a struct{ Value, Label string }) bool { return a.Value == qq.Age }) {
		qq.Age = ""
	}
	if !slices.ContainsFunc(sorts, func(s struct{ Value, Label string }) bool { return s.Value == qq.Sort }) {
		qq.Sort = "oldest"
	}
	qq.Page, _ = strconv.Atoi(q.Get("page"))
	qq.Page = max(qq.Page, 1)
	return qq
}

// url returns the queue URL of qq with page p.
func (qq queueQuery) url(p int) string {
	v := url.Values{}
	for k, s := range map[string]string{"status": qq.Status, "reason": qq.Reason, "property": qq.Property,
		"sender": qq.Sender, "age": qq.Age} {
		if s != "" {
			v.Set(k, s)
		}
	}
	if qq.Sort != "oldest" {
		v.Set("sort", qq.Sort)
	}
	if p > 1 {
		v.Set("page", strconv.Itoa(p))
	}
	if len(v) == 0 {
		return "/queue"
	}
	return "/queue?" + v.Encode()
}

// withReason returns qq's URL for reason r, from the first page.
func (qq queueQuery) withReason(r string) string {
	qq.Reason = r
	return qq.url(1)
}

// queueRow is one line of the queue table.
type queueRow struct {
	approvals.QueueItem
	// ReasonCode is the reason, or the message outcome of a message item.
	ReasonCode string
	Age        string
	// PropertyName is the directory name of the resolved property.
	PropertyName string
	PartnerName  string
}

// reasonCount is one reason with the number of items that have it.
type reasonCount struct {
	Code, Label, URL string
	N                int
	Current          bool
}

// queueData is the queue page's data.
type queueData struct {
	Q          queueQuery
	Rows       []queueRow
	Total      int
	Counts     []reasonCount
	AllURL     string
	Properties []approvals.Property
	Reasons    []string
	Ages       []struct{ Value, Label string }
	Sorts      []struct{ Value, Label string }
	Page, Last int
	PrevURL    string
	NextURL    string
	First      int // the 1-based index of the first row shown
}

func (h *Handler) queuePage(w http.ResponseWriter, r *http.Request, s *Session) {
	qq := parseQueueQuery(r.URL.Query())
	d, err := h.queue(r, qq)
	if err != nil {
		h.fail(w, r, s, err)
		return
	}
	h.render(w, r, http.StatusOK, "queue", signedPage(s, "queue", "Review queue", d))
}

// queue reads the queue and applies qq: the status and property filters
// are the Backend's, the others are applied here; the counts per reason
// are of the items that pass every filter but the reason.
func (h *Handler) queue(r *http.Request, qq queueQuery) (*queueData, error) {
	f := approvals.RequestFilter{PropertyID: qq.Property}
	if qq.Status != "" {
		f.Status = []approvals.Status{approvals.Status(qq.Status)}
	}
	items, err := h.b.Queue(r.Context(), f)
	if err != nil {
		return nil, err
	}
	dir, err := h.b.Directory(r.Context())
	if err != nil {
		return nil, err
	}
	names := directoryNames(dir)
	now := h.o.Now()
	var minAge time.Duration
	if qq.Age != "" {
		minAge, _ = time.ParseDuration(qq.Age)
	}
	sender := strings.ToLower(qq.Sender)
	counts := map[string]int{}
	var rows []queueRow
	for _, it := range items {
		if sender != "" && !strings.Contains(strings.ToLower(it.Sender), sender) {
			continue
		}
		if minAge > 0 && now.Sub(it.ReceivedAt) < minAge {
			continue
		}
		code := string(it.Reason)
		if it.Action == "" {
			code = string(it.Outcome)
		}
		counts[code]++
		if qq.Reason != "" && code != qq.Reason {
			continue
		}
		rows = append(rows, queueRow{QueueItem: it, ReasonCode: code, Age: age(now.Sub(it.ReceivedAt)),
			PropertyName: names["property:"+it.PropertyID], PartnerName: names["partner:"+it.PartnerID]})
	}
	sortRows(rows, qq.Sort)
	d := &queueData{Q: qq, Total: len(rows), Properties: dir.Properties, Reasons: queueReasons,
		Ages: ages, Sorts: sorts, AllURL: qq.withReason("")}
	for _, code := range queueReasons {
		if counts[code] > 0 || code == qq.Reason {
			d.Counts = append(d.Counts, reasonCount{Code: code, Label: reasonLabel(code), N: counts[code],
				URL: qq.withReason(code), Current: code == qq.Reason})
		}
	}
	h.paginate(d, rows)
	return d, nil
}

// paginate keeps the rows of the page asked for in d.
func (h *Handler) paginate(d *queueData, rows []queueRow) {
	size := h.o.PageSize
	d.Last = max(1, (len(rows)+size-1)/size)
	d.Page = min(d.Q.Page, d.Last)
	start := (d.Page - 1) * size
	d.Rows = rows[start:min(start+size, len(rows))]
	d.First = start + 1
	if d.Page > 1 {
		d.PrevURL = d.Q.url(d.Page - 1)
	}
	if d.Page < d.Last {
		d.NextURL = d.Q.url(d.Page + 1)
	}
}

// sortRows sorts by key, then by age (oldest first) and id.
func sortRows(rows []queueRow, key string) {
	text := map[string]func(*queueRow) string{
		"sender":   func(r *queueRow) string { return strings.ToLower(r.Sender) },
		"partner":  func(r *queueRow) string { return strings.ToLower(r.Partner) },
		"property": func(r *queueRow) string { return strings.ToLower(r.Property) },
		"reason":   func(r *queueRow) string { return r.ReasonCode },
	}[key]
	slices.SortStableFunc(rows, func(a, b queueRow) int {
		if text != nil {
			if c := cmp.Compare(text(&a), text(&b)); c != 0 {
				return c
			}
		}
		c := a.ReceivedAt.Compare(b.ReceivedAt)
		if key == "newest" {
			c = -c
		}
		return cmp.Or(c, cmp.Compare(a.ID, b.ID))
	})
}

// directoryNames maps "partner:ID" and "property:ID" to names.
func directoryNames(d *approvals.Directory) map[string]string {
	names := map[string]string{}
	for _, p := range d.Partners {
		names["partner:"+p.ID] = p.Name
	}
	for _, p := range d.Properties {
		names["property:"+p.ID] = p.Name
	}
	return names
}
