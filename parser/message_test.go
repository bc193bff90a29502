package parser

import (
	"encoding/json"
	"testing"
)

func TestSplitJSON(t *testing.T) {
	b, err := json.Marshal(Split{Partners: []string{"Acme Deliveries"}, Properties: []string{"The Pines"}})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := string(b), `{"partners":["Acme Deliveries"],"properties":["The Pines"]}`; got != want {
		t.Errorf("json.Marshal(Split) = %s, want %s", got, want)
	}
}
