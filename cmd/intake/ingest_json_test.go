package main

import (
	"testing"

	"intake/approvals"
)

func TestIngestJSONKnownRedelivery(t *testing.T) {
	res := &approvals.Result{Message: approvals.Message{ID: "m-000001", Outcome: approvals.OutcomeProcessed}, Known: true}
	got := newIngestJSON("imap:INBOX/8/3", res)
	if got.Outcome != "duplicate" || !got.Known || got.Record != "m-000001" {
		t.Errorf("known redelivery = outcome %q known %v record %q, want duplicate, true, m-000001", got.Outcome, got.Known, got.Record)
	}
	res.Known = false
	if got := newIngestJSON("f.eml", res); got.Outcome != "processed" || got.Known {
		t.Errorf("first delivery = outcome %q known %v, want processed, false", got.Outcome, got.Known)
	}
}
