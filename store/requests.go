package store

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"

	"intake/approvals"
)

// requestColumns are the columns scanRequest reads, in order.
const requestColumns = `id, message, action, partner_phrase, property_phrase,
	coalesce(partner_id, ''), coalesce(property_id, ''), suggestions, status, reason,
	checks, doors, sender, received_at, decided_at, note, decided_by`

// CreateRequest records r and sets r.ID; r.ID on entry is ignored. An
// unknown message, action, status or reason is EINVALID. The action is ""
// for the review row of an unreadable or no_request message.
func (tx *Tx) CreateRequest(r *approvals.Request) error {
	if r == nil {
		return approvals.Errorf(approvals.EINVALID, "create request: no request")
	}
	msg, ok := parseID(messagePrefix, r.MessageID)
	if !ok {
		return approvals.Errorf(approvals.EINVALID, "create request: bad message id %q", r.MessageID)
	}
	js, err := requestJSON(r)
	if err != nil {
		return err
	}
	res, err := tx.exec(`INSERT INTO requests (message, action, partner_phrase, property_phrase,
			partner_id, property_id, suggestions, status, reason, checks, doors,
			sender, received_at, decided_at, note, decided_by)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		msg, string(r.Action), r.Partner, r.Property,
		nullString(r.PartnerID), nullString(r.PropertyID), js[0], string(r.Status),
		string(r.Reason), js[1], js[2], r.Sender, nullTime(r.ReceivedAt),
		nullTime(r.DecidedAt), r.Note, r.DecidedBy)
	if err != nil {
		return createError(err, "request of message", r.MessageID)
	}
	n, err := res.LastInsertId()
	if err != nil {
		return fmt.Errorf("create request: %w", err)
	}
	r.ID = formatID(requestPrefix, n)
	return nil
}

// UpdateRequest saves r's resolution (PartnerID, PropertyID, Suggestions),
// Status, Reason, Checks, Doors, DecidedAt, DecidedBy and Note. An unknown r.ID is
// ENOTFOUND; an unknown status or reason EINVALID.
func (tx *Tx) UpdateRequest(r *approvals.Request) error {
	if r == nil {
		return approvals.Errorf(approvals.EINVALID, "update request: no request")
	}
	n, ok := parseID(requestPrefix, r.ID)
	if !ok {
		return approvals.Errorf(approvals.ENOTFOUND, "request %q not found", r.ID)
	}
	js, err := requestJSON(r)
	if err != nil {
		return err
	}
	res, err := tx.exec(`UPDATE requests SET partner_id = ?, property_id = ?, suggestions = ?,
			status = ?, reason = ?, checks = ?, doors = ?, decided_at = ?, note = ?,
			decided_by = ?
		WHERE id = ?`,
		nullString(r.PartnerID), nullString(r.PropertyID), js[0], string(r.Status),
		string(r.Reason), js[1], js[2], nullTime(r.DecidedAt), r.Note, r.DecidedBy, n)
	if err != nil {
		return createError(err, "request update", r.ID)
	}
	if k, err := res.RowsAffected(); err != nil || k == 0 {
		return notFound(sql.ErrNoRows, "request", r.ID)
	}
	return nil
}

// requestJSON encodes r's suggestions, checks and doors; nil as [].
func requestJSON(r *approvals.Request) ([3]string, error) {
	var out [3]string
	for i, v := range []any{r.Suggestions, r.Checks, r.Doors} {
		b, err := json.Marshal(v)
		if err != nil {
			return out, fmt.Errorf("encode request %q: %w", r.ID, err)
		}
		if string(b) == "null" {
			b = []byte("[]")
		}
		out[i] = string(b)
	}
	return out, nil
}

// Request returns the request with that store id ("r-000456"), or an
// ENOTFOUND error.
func (tx *Tx) Request(id string) (*approvals.Request, error) {
	n, ok := parseID(requestPrefix, id)
	if !ok {
		return nil, approvals.Errorf(approvals.ENOTFOUND, "request %q not found", id)
	}
	rs, err := tx.requests(`WHERE id = ?`, n)
	if err != nil {
		return nil, err
	}
	if len(rs) == 0 {
		return nil, approvals.Errorf(approvals.ENOTFOUND, "request %q not found", id)
	}
	return &rs[0], nil
}

// Requests returns the requests that match f, oldest (first recorded)
// first; nil when none match.
func (tx *Tx) Requests(f approvals.RequestFilter) ([]approvals.Request, error) {
	var (
		where []string
		args  []any
	)
	add := func(cond string, a ...any) { where = append(where, cond); args = append(args, a...) }
	if len(f.Status) > 0 {
		marks := strings.TrimSuffix(strings.Repeat("?, ", len(f.Status)), ", ")
		add("status IN (" + marks + ")")
		for _, s := range f.Status {
			args = append(args, string(s))
		}
	}
	if f.Reason != "" {
		add("reason = ?", string(f.Reason))
	}
	if f.MessageID != "" {
		n, ok := parseID(messagePrefix, f.MessageID)
		if !ok {
			return nil, nil
		}
		add("message = ?", n)
	}
	if f.PropertyID != "" {
		add("property_id = ?", f.PropertyID)
	}
	if f.PartnerID != "" {
		add("partner_id = ?", f.PartnerID)
	}
	if f.Action != "" {
		add("action = ?", string(f.Action))
	}
	if f.Outcome != "" {
		add("action = '' AND message IN (SELECT id FROM messages WHERE outcome = ?)", string(f.Outcome))
	}
	if domain, ok := strings.CutPrefix(approvals.EmailKey(f.Sender), "@"); ok {
		add(`lower(sender) LIKE ? ESCAPE '\'`, "%@"+escapeLike(domain))
	} else if f.Sender != "" {
		add("lower(sender) = ?", approvals.EmailKey(f.Sender))
	}
	if !f.Since.IsZero() {
		// The stored text does not sort (see formatTime); julianday reads it.
		add("julianday(received_at) >= julianday(?)", formatTime(f.Since))
	}
	clause := ""
	if len(where) > 0 {
		clause = "WHERE " + strings.Join(where, " AND ")
	}
	if f.Limit > 0 {
		return tx.requests(clause+" ORDER BY id LIMIT ?", append(args, f.Limit)...)
	}
	return tx.requests(clause+" ORDER BY id", args...)
}

// escapeLike escapes the LIKE wildcards of s with a backslash.
func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, "%", `\%`, "_", `\_`).Replace(s)
}

// requests runs a query for requests with the given WHERE and ORDER BY
// clauses.
func (tx *Tx) requests(where string, args ...any) ([]approvals.Request, error) {
	rows, err := tx.query(`SELECT `+requestColumns+` FROM requests `+where, args...)
	if err != nil {
		return nil, fmt.Errorf("query requests: %w", err)
	}
	defer rows.Close()
	var out []approvals.Request
	for rows.Next() {
		r, err := scanRequest(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("query requests: %w", err)
	}
	return out, nil
}

func scanRequest(rows *sql.Rows) (*approvals.Request, error) {
	var (
		r                   approvals.Request
		id, msg             int64
		sugg, checks, doors []byte
		received, decided   sql.NullString
	)
	err := rows.Scan(&id, &msg, &r.Action, &r.Partner, &r.Property, &r.PartnerID, &r.PropertyID,
		&sugg, &r.Status, &r.Reason, &checks, &doors, &r.Sender, &received, &decided, &r.Note, &r.DecidedBy)
	if err != nil {
		return nil, fmt.Errorf("scan request: %w", err)
	}
	r.ID, r.MessageID = formatID(requestPrefix, id), formatID(messagePrefix, msg)
	if err := decodeList(sugg, &r.Suggestions); err != nil {
		return nil, fmt.Errorf("request %s suggestions: %w", r.ID, err)
	}
	if err := decodeList(checks, &r.Checks); err != nil {
		return nil, fmt.Errorf("request %s checks: %w", r.ID, err)
	}
	if err := decodeList(doors, &r.Doors); err != nil {
		return nil, fmt.Errorf("request %s doors: %w", r.ID, err)
	}
	if r.ReceivedAt, err = parseTime(received); err != nil {
		return nil, err
	}
	if r.DecidedAt, err = parseTime(decided); err != nil {
		return nil, err
	}
	return &r, nil
}

// decodeList decodes a JSON array into *dst, leaving it nil when empty.
func decodeList[T any](b []byte, dst *[]T) error {
	if err := json.Unmarshal(b, dst); err != nil {
		return err
	}
	if len(*dst) == 0 {
		*dst = nil
	}
	return nil
}
