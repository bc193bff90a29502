package console

import (
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
	*approvals.QueueItem
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
	Rows       []*queueRow
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

// queue reads the page of the queue qq asks for.
func (h *Handler) queue(r *http.Request, qq queueQuery) (*queueData, error) {
	q := QueueQuery{Filter: approvals.RequestFilter{PropertyID: qq.Property}, Reason: qq.Reason,
		Sender: qq.Sender, Sort: qq.Sort, Limit: h.o.PageSize, Offset: (qq.Page - 1) * h.o.PageSize}
	if qq.Status != "" {
		q.Filter.Status = []approvals.Status{approvals.Status(qq.Status)}
	}
	now := h.o.Now()
	if qq.Age != "" {
		minAge, _ := time.ParseDuration(qq.Age)
		q.ReceivedBefore = now.Add(-minAge)
	}
	res, err := h.b.Queue(r.Context(), q)
	if err != nil {
		return nil, err
	}
	dir, err := h.b.Directory(r.Context())
	if err != nil {
		return nil, err
	}
	d := &queueData{Q: qq, Properties: dir.Properties, Reasons: queueReasons,
		Ages: ages, Sorts: sorts, AllURL: qq.withReason("")}
	for _, code := range queueReasons {
		n := res.Counts[code]
		if qq.Reason == "" || code == qq.Reason {
			d.Total += n
		}
		if n > 0 || code == qq.Reason {
			d.Counts = append(d.Counts, reasonCount{Code: code, Label: reasonLabel(code), N: n,
				URL: qq.withReason(code), Current: code == qq.Reason})
		}
	}
	h.paginate(d)
	names := directoryNames(dir)
	for i := range res.Items {
		it := &res.Items[i]
		code := string(it.Reason)
		if it.Action == "" {
			code = string(it.Outcome)
		}
		d.Rows = append(d.Rows, &queueRow{QueueItem: it, ReasonCode: code, Age: age(now.Sub(it.ReceivedAt)),
			PropertyName: names["property:"+it.PropertyID], PartnerName: names["partner:"+it.PartnerID]})
	}
	return d, nil
}

// paginate sets the page links of d.
func (h *Handler) paginate(d *queueData) {
	size := h.o.PageSize
	d.Last = max(1, (d.Total+size-1)/size)
	d.Page = d.Q.Page
	d.First = (d.Page-1)*size + 1
	if d.Page > 1 {
		d.PrevURL = d.Q.url(min(d.Page-1, d.Last))
	}
	if d.Page < d.Last {
		d.NextURL = d.Q.url(d.Page + 1)
	}
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
