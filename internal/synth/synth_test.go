package synth_test

import (
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"litkb/internal/study"
	"litkb/internal/synth"
)

// TestStudiesAreValidAndRepeatable: every generated study passes the
// validation curated ones do, round-trips through TOML, and is the same
// each time it is made.
func TestStudiesAreValidAndRepeatable(t *testing.T) {
	td, err := os.ReadFile(filepath.Join("..", "..", "data", "topics.toml"))
	if err != nil {
		t.Fatal(err)
	}
	cd, err := os.ReadFile(filepath.Join("..", "..", "data", "constructs.toml"))
	if err != nil {
		t.Fatal(err)
	}
	topics, _ := study.DecodeTopics("topics.toml", td)
	constructs, _ := study.DecodeConstructs("constructs.toml", cd)
	vocab := study.NewVocabulary(topics, constructs)
	g := synth.NewGenerator(synth.Options{N: 500, Seed: 42, Topics: topics, Constructs: constructs})
	ids := map[string]bool{}
	for i := range 500 {
		s := g.Study(i)
		data, err := study.EncodeStudy(s)
		if err != nil {
			t.Fatal(err)
		}
		if _, ps := study.CheckStudy(s.ID+".toml", data, vocab); len(ps) > 0 {
			t.Fatalf("study %d: %v\n%s", i, ps, data)
		}
		if ids[s.ID] {
			t.Fatalf("study %d: id %s is used twice", i, s.ID)
		}
		ids[s.ID] = true
		if !reflect.DeepEqual(g.Study(i), s) {
			t.Fatalf("study %d differs the second time", i)
		}
	}
}

// TestQueries: the committed query set parses, with every kind the
// report breaks results down by.
func TestQueries(t *testing.T) {
	qs, err := synth.Queries()
	if err != nil {
		t.Fatal(err)
	}
	if len(qs) != 205 {
		t.Errorf("%d queries, want 205", len(qs))
	}
	kinds := map[string]int{}
	for _, q := range qs {
		kinds[q.Kind]++
		if q.Text == "" && len(q.Filters) == 0 {
			t.Errorf("a %s query asks for nothing", q.Kind)
		}
	}
	for _, k := range []string{"term-common", "term-mid", "term-rare", "bag", "or", "phrase", "field", "year", "prefix", "fuzzy", "filter", "not"} {
		if kinds[k] == 0 {
			t.Errorf("no %s queries", k)
		}
	}
	q := synth.Query{Text: "a b", Filters: url.Values{"topic": {"aai"}}}
	if got := q.URLValues().Encode(); got != "q=a+b&topic=aai" {
		t.Errorf("URLValues = %s", got)
	}
	if _, err := synth.ParseQueries("kind-only\n"); err == nil {
		t.Error("a line without a query parsed")
	}
}
