package index

import (
	"reflect"
	"testing"

	"litkb/internal/study"
)

// TestReadQuestion: question words drop out, intent phrases become
// optional, a longer topic form wins over an intent phrase inside it, and
// queries with operators or fields are left as typed.
func TestReadQuestion(t *testing.T) {
	intents := newIntentTable(study.Intents{
		QuestionWords: []string{"can", "much"},
		Intent: []study.Intent{
			{ID: "prevalence", Phrases: []string{"how common", "rate"}, Measures: []string{"proportion"}},
			{ID: "treatment", Phrases: []string{"work"}, Topics: []string{"psychotherapy"}},
		},
	})
	topics := newSynonyms([]study.Topic{{ID: "attachment-theory", Label: "Attachment theory", Synonyms: []string{"internal working models"}}})
	w := func(s string) Term { return Term{Text: s} }
	tests := []struct {
		q      string
		want   Node
		intent string
	}{
		{"how common is earned security", Question{Must: Loose{w("is"), w("earned"), w("security")}, Should: []Node{And{w("how"), w("common")}}, Stems: []string{"is", "earn", "secur"}}, "prevalence"},
		{"rates of unresolved", Question{Must: And{w("of"), w("unresolved")}, Should: []Node{w("rates")}, Stems: []string{"of", "unresolv"}}, "prevalence"},
		{"can MBT work", Question{Must: w("MBT"), Should: []Node{w("work")}, Stems: []string{"mbt"}}, "treatment"},
		{"internal working models", Loose{w("internal"), w("working"), w("models")}, ""},
		{"rate", Question{Must: w("rate")}, "prevalence"},
		{"earned security", And{w("earned"), w("security")}, ""},
	}
	for _, tt := range tests {
		n, err := Parse(tt.q)
		if err != nil {
			t.Fatal(err)
		}
		got := intents.read(n, topics)
		id := ""
		if q, ok := got.(Question); ok && q.Intent != nil {
			id = q.Intent.ID
			q.Intent = nil
			got = q
		}
		if !reflect.DeepEqual(got, tt.want) || id != tt.intent {
			t.Errorf("%q: read as %#v (intent %q), want %#v (intent %q)", tt.q, got, id, tt.want, tt.intent)
		}
	}
	for _, q := range []string{"how AND common", "title:rate", "rate*", `"how common" OR rate`, "-rate common"} {
		if plainQuery(q) {
			t.Errorf("%q counts as plain words: it would be read as a question", q)
		}
	}
	if !plainQuery(`how common is "earned security"?`) {
		t.Error("a question with a phrase is plain words")
	}
}
