package console

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"intake/approvals"
)

// doneMessages confirm an action after its redirect; the URL carries
// only the key, so no text of a URL is ever shown.
var doneMessages = map[string]string{
	"approve": "Approved. The checks ran again; the status below is the result.",
	"reject":  "Rejected, with your note.",
	"resolve": "Resolved. The request was decided again with the names you chose.",
	"create":  "Created a request from the message; it was decided with every check.",
}

// requestAction runs one staff action on a request and redirects to the
// request page; a refused action shows the page again with the reason
// and what was typed.
func (h *Handler) requestAction(w http.ResponseWriter, r *http.Request, s *Session) {
	id, action := r.PathValue("id"), r.PathValue("action")
	form := map[string]string{}
	for _, k := range []string{"note", "confirm", "partner", "property", "action", "seen"} {
		form[k] = strings.TrimSpace(r.PostFormValue(k))
	}
	ctx := r.Context()
	var err error
	target := id
	switch action {
	case "approve":
		err = h.approve(r, s, id, form)
	case "reject":
		_, err = h.b.Reject(ctx, id, s.Staff, form["note"], approvals.Status(form["seen"]))
	case "resolve":
		_, err = h.b.Resolve(ctx, id, s.Staff, form["partner"], form["property"])
	case "create":
		var created *approvals.Request
		created, err = h.b.Create(ctx, id, s.Staff, Creation{Action: approvals.Action(form["action"]),
			PartnerID: form["partner"], PropertyID: form["property"]})
		if err == nil && created != nil {
			target = created.ID
		}
	default:
		h.refuse(w, r, s, http.StatusNotFound, fmt.Sprintf("There is no action %q.", action))
		return
	}
	if err != nil {
		status, msg := errorStatus(err)
		if status == http.StatusInternalServerError {
			h.log.Error("console: action failed", logRequest, id, logAction, action, logError, err)
		}
		p := signedPage(s, "queue", "", nil)
		p.Problem = "Not done: " + msg
		h.showRequest(w, r, s, status, p, form)
		return
	}
	h.log.Info("console: action", logStaff, s.Staff, logRequest, id, logAction, action)
	http.Redirect(w, r, "/requests/"+url.PathEscape(target)+"?done="+action, http.StatusSeeOther)
}

// approve approves the request; one whose sender was not proven needs
// the confirmation box ticked and a note saying why.
func (h *Handler) approve(r *http.Request, s *Session, id string, form map[string]string) error {
	det, err := h.b.Show(r.Context(), id)
	if err != nil {
		return err
	}
	proven := false
	for _, c := range det.Request.Checks {
		if c.Name == approvals.CheckIdentity {
			proven = c.OK
		}
	}
	if !proven && (form["confirm"] != "yes" || form["note"] == "") {
		return approvals.Errorf(approvals.EINVALID,
			"the sender of this message was not proven; tick the confirmation and write a note saying how you know the request is genuine")
	}
	_, err = h.b.Approve(r.Context(), id, s.Staff, form["note"])
	return err
}

// rawMessage sends the raw message as an .eml attachment, never inline:
// its type is application/octet-stream so that no browser renders it.
func (h *Handler) rawMessage(w http.ResponseWriter, r *http.Request, s *Session) {
	det, err := h.b.Show(r.Context(), r.PathValue("id"))
	if err != nil {
		h.fail(w, r, s, err)
		return
	}
	raw, err := h.b.Raw(r.Context(), det.Message.ID)
	if err != nil {
		h.fail(w, r, s, err)
		return
	}
	hd := w.Header()
	hd.Set("Content-Type", "application/octet-stream")
	hd.Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s.eml"`, det.Message.ID))
	hd.Set("Content-Length", fmt.Sprint(len(raw)))
	h.log.Info("console: raw message downloaded", logStaff, s.Staff, logRequest, det.Request.ID)
	w.Write(raw)
}
