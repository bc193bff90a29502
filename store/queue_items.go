package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"intake/approvals"
)

// QueueQuery selects one page of the review queue for the console.
type QueueQuery struct {
	// Filter selects by status (pending and waiting when empty),
	// property, partner and action.
	Filter approvals.RequestFilter
	// Reason is a reason code, or the outcome of a message review item
	// ("no_request", "unreadable"); "" for all.
	Reason string
	// Sender keeps the items whose sender contains it, ignoring ASCII
	// case; "" for all.
	Sender string
	// ReceivedBefore keeps the items received before it; zero for all.
	ReceivedBefore time.Time
	// Sort is "oldest" (the default), "newest", "sender", "partner",
	// "property" or "reason"; ties go to the oldest.
	Sort string
	// Offset and Limit are the page; Limit <= 0 means no limit.
	Offset, Limit int
}

// QueueResult is a page of the queue and the counts per reason.
type QueueResult struct {
	Items []approvals.QueueItem
	// Counts are the items per reason code (message review items by
	// their message outcome) that pass every filter but Reason.
	Counts map[string]int
}

// queueCode is an item's reason, or the outcome of a message review item.
const queueCode = `CASE WHEN r.action = '' THEN m.outcome ELSE r.reason END`

// queueOrders are the ORDER BY clauses of QueueQuery.Sort. Times are
// ordered by julianday, not by their text (see formatTime).
var queueOrders = map[string]string{
	"oldest":   `julianday(r.received_at), r.id`,
	"newest":   `julianday(r.received_at) DESC, r.id DESC`,
	"sender":   `lower(r.sender), julianday(r.received_at), r.id`,
	"partner":  `lower(r.partner_phrase), julianday(r.received_at), r.id`,
	"property": `lower(r.property_phrase), julianday(r.received_at), r.id`,
	"reason":   queueCode + `, julianday(r.received_at), r.id`,
}

// QueuePage returns the page of the queue q selects, each item as
// approvals.Service.Queue shows it, and the counts per reason, in one
// read transaction. Only the page's rows are read; the counts are one
// aggregate query.
func (db *DB) QueuePage(ctx context.Context, q QueueQuery) (*QueueResult, error) {
	if err := db.sameFile(); err != nil {
		return nil, err
	}
	tx, err := db.beginRead(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	where, args := queueWhere(q)
	res := &QueueResult{Counts: map[string]int{}}
	if err := queueCounts(ctx, tx, where, args, res.Counts); err != nil {
		return nil, err
	}
	if q.Reason != "" {
		where += " AND " + queueCode + " = ?"
		args = append(args, q.Reason)
	}
	order, ok := queueOrders[q.Sort]
	if !ok {
		order = queueOrders["oldest"]
	}
	limit := q.Limit
	if limit <= 0 {
		limit = -1
	}
	rows, err := tx.QueryContext(ctx, `SELECT r.id, r.status, r.reason, r.action, r.partner_phrase,
			r.property_phrase, coalesce(r.partner_id, ''), coalesce(r.property_id, ''), r.sender,
			r.received_at, m.message_id, m.subject, m.outcome, r.decided_at, r.decided_by
		FROM requests r JOIN messages m ON m.id = r.message `+where+` ORDER BY `+order+` LIMIT ? OFFSET ?`,
		append(args, limit, max(q.Offset, 0))...)
	if err != nil {
		return nil, fmt.Errorf("read queue: %w", err)
	}
	defer rows.Close()
	res.Items = []approvals.QueueItem{}
	for rows.Next() {
		it, err := scanQueueItem(rows)
		if err != nil {
			return nil, err
		}
		res.Items = append(res.Items, *it)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read queue: %w", err)
	}
	return res, nil
}

func queueCounts(ctx context.Context, tx *sql.Tx, where string, args []any, counts map[string]int) error {
	rows, err := tx.QueryContext(ctx, `SELECT `+queueCode+`, count(*)
		FROM requests r JOIN messages m ON m.id = r.message `+where+` GROUP BY 1`, args...)
	if err != nil {
		return fmt.Errorf("count queue: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var (
			code string
			n    int
		)
		if err := rows.Scan(&code, &n); err != nil {
			return fmt.Errorf("count queue: %w", err)
		}
		counts[code] = n
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("count queue: %w", err)
	}
	return nil
}

func scanQueueItem(rows *sql.Rows) (*approvals.QueueItem, error) {
	var (
		it       approvals.QueueItem
		id       int64
		received sql.NullString
		decided  sql.NullString
		outcome  approvals.Outcome
	)
	if err := rows.Scan(&id, &it.Status, &it.Reason, &it.Action, &it.Partner, &it.Property, &it.PartnerID,
		&it.PropertyID, &it.Sender, &received, &it.MessageID, &it.Subject, &outcome, &decided, &it.DecidedBy); err != nil {
		return nil, fmt.Errorf("read queue: %w", err)
	}
	it.ID = formatID(requestPrefix, id)
	var err error
	if it.ReceivedAt, err = parseTime(received); err != nil {
		return nil, fmt.Errorf("read queue: request %s: %w", it.ID, err)
	}
	if it.DecidedAt, err = parseTime(decided); err != nil {
		return nil, fmt.Errorf("read queue: request %s: %w", it.ID, err)
	}
	if it.Action == "" {
		it.Outcome = outcome
	}
	return &it, nil
}

// queueWhere is the WHERE clause of q over requests r and messages m,
// its reason aside.
func queueWhere(q QueueQuery) (string, []any) {
	f := q.Filter
	if len(f.Status) == 0 {
		f.Status = []approvals.Status{approvals.StatusPending, approvals.StatusWaiting}
	}
	var (
		where []string
		args  []any
	)
	add := func(cond string, a ...any) { where = append(where, cond); args = append(args, a...) }
	add("r.status IN (" + strings.TrimSuffix(strings.Repeat("?, ", len(f.Status)), ", ") + ")")
	for _, s := range f.Status {
		args = append(args, string(s))
	}
	if f.Reason != "" {
		add("r.reason = ?", string(f.Reason))
	}
	if f.PropertyID != "" {
		add("r.property_id = ?", f.PropertyID)
	}
	if f.PartnerID != "" {
		add("r.partner_id = ?", f.PartnerID)
	}
	if f.Action != "" {
		add("r.action = ?", string(f.Action))
	}
	if q.Sender != "" {
		esc := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(q.Sender)
		add(`r.sender LIKE ? ESCAPE '\'`, "%"+esc+"%")
	}
	if !q.ReceivedBefore.IsZero() {
		add("julianday(r.received_at) < julianday(?)", formatTime(q.ReceivedBefore))
	}
	return "WHERE " + strings.Join(where, " AND "), args
}
