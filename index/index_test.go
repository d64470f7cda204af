package index_test

import (
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"litkb/index"
	"litkb/internal/corpus"
	"litkb/internal/study"
)

var shared struct {
	once sync.Once
	ix   *index.Index
	c    *corpus.Corpus
	dir  string
	err  error
}

// MustOpenCorpusIndex returns a real index of the bundled corpus, built
// once for the read-only tests of this package (building it under the race
// detector is the slow part).
func MustOpenCorpusIndex(tb testing.TB) (*index.Index, *corpus.Corpus) {
	tb.Helper()
	shared.once.Do(func() {
		c, err := corpus.Load(filepath.Join("..", "data"))
		if err != nil {
			shared.err = err
			return
		}
		if len(c.Problems) > 0 {
			shared.err = c.Problems
			return
		}
		dir, err := os.MkdirTemp("", "litkb-index-test-")
		if err != nil {
			shared.err = err
			return
		}
		ix, err := index.Open(context.Background(), dir, index.Options{Logger: quiet()})
		if err != nil {
			shared.err = err
			return
		}
		if _, err := ix.Sync(context.Background(), index.Source{Fingerprint: c.Fingerprint, Studies: c.Studies, Topics: c.Topics, Intents: c.Intents}); err != nil {
			shared.err = err
			return
		}
		shared.ix, shared.c, shared.dir = ix, c, dir
	})
	if shared.err != nil {
		tb.Fatal(shared.err)
	}
	return shared.ix, shared.c
}

// TestMain removes the shared indexes (tests', benchmarks') after the run.
func TestMain(m *testing.M) {
	code := m.Run()
	if shared.ix != nil {
		_ = shared.ix.Close()
		_ = os.RemoveAll(shared.dir)
	}
	index.RemoveBenchIndex()
	os.Exit(code)
}

func quiet() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

func ids(res *index.Result) []string {
	var out []string
	for _, h := range res.Hits {
		out = append(out, h.ID)
	}
	return out
}

// TestSynonyms: an abbreviation and its spelled-out form find the same
// studies, through the topic vocabulary.
func TestSynonyms(t *testing.T) {
	ix, _ := MustOpenCorpusIndex(t)
	pairs := [][2]string{
		{"AAI", "adult attachment interview"},
		{"TFP", "transference-focused psychotherapy"},
		{"mentalisation", "mentalization"},
		{"disorganised", "disorganized"},
	}
	for _, p := range pairs {
		a := search(t, ix, index.Request{Query: p[0], Size: 100})
		b := search(t, ix, index.Request{Query: p[1], Size: 100})
		if a.Total == 0 || !slices.Equal(sorted(ids(a)), sorted(ids(b))) {
			t.Errorf("%q found %d studies, %q found %d; want the same non-empty set\n%v\n%v", p[0], a.Total, p[1], b.Total, sorted(ids(a)), sorted(ids(b)))
		}
	}
}

// TestTypoTolerance: a misspelt query is answered, and the right spelling
// is suggested from the corpus's own words.
func TestTypoTolerance(t *testing.T) {
	ix, _ := MustOpenCorpusIndex(t)
	res := search(t, ix, index.Request{Query: "erned securty"})
	if res.Suggestion != "earned security" {
		t.Errorf("suggestion = %q, want %q", res.Suggestion, "earned security")
	}
	if res.Total == 0 || !res.Fuzzy {
		t.Errorf("total = %d fuzzy = %v, want hits from the corrected spelling", res.Total, res.Fuzzy)
	}
	if exact := search(t, ix, index.Request{Query: "earned security"}); exact.Suggestion != "" || exact.Fuzzy {
		t.Errorf("a correct query got suggestion %q fuzzy %v", exact.Suggestion, exact.Fuzzy)
	}
}

// TestSuggestions: "did you mean" offers the written word nearest what was
// typed, for prose and names, and nothing for known words.
func TestSuggestions(t *testing.T) {
	ix, _ := MustOpenCorpusIndex(t)
	for _, tc := range []struct{ typed, want string }{
		{"atachment", "attachment"},
		{"transmision", "transmission"},
		{"intergenerationl transmission", "intergenerational transmission"},
		{"securty", "security"},
		{"mentalizaton", "mentalization"},
		{"Roismann", "roisman"},
		{"earned security", ""},     // nothing to correct
		{"the earned security", ""}, // stopwords are known
	} {
		if got := search(t, ix, index.Request{Query: tc.typed}).Suggestion; got != tc.want {
			t.Errorf("%q: suggestion %q, want %q", tc.typed, got, tc.want)
		}
	}
}

// TestSuggestionPrefersTheCommonerWord: between two words as close to what
// was typed, the one more studies use is offered, whichever sorts first.
func TestSuggestionPrefersTheCommonerWord(t *testing.T) {
	c, err := corpus.Load(filepath.Join("..", "data"))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		colour, color int
		want          string
	}{
		{colour: 3, color: 1, want: "colour"},
		{colour: 1, color: 3, want: "color"},
	} {
		var studies []*study.Study
		for i, p := range c.Published()[:tc.colour+tc.color] {
			s := *p // a copy: the corpus's studies are shared
			s.Summary = "The colour of the walls."
			if i >= tc.colour {
				s.Summary = "The color of the walls."
			}
			studies = append(studies, &s)
		}
		ix, err := index.Open(context.Background(), t.TempDir(), index.Options{Logger: quiet()})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := ix.Sync(context.Background(), index.Source{Fingerprint: "f", Studies: studies, Topics: c.Topics}); err != nil {
			t.Fatal(err)
		}
		// "coloer" is one edit from both.
		if got := search(t, ix, index.Request{Query: "coloer"}).Suggestion; got != tc.want {
			t.Errorf("%d colour, %d color: suggestion %q, want %q", tc.colour, tc.color, got, tc.want)
		}
		ix.Close()
	}
}

// TestPrefixes: a prefix finds every published study with a word that
// begins with it, and only those.
func TestPrefixes(t *testing.T) {
	ix, c := MustOpenCorpusIndex(t)
	topics := map[string]study.Topic{}
	for _, tp := range c.Topics {
		topics[tp.ID] = tp
	}
	for _, prefix := range []string{"transmi", "intergenerational", "mentaliz", "randomi", "generation", "studies", "fonag"} {
		word := regexp.MustCompile(`(?i)\b` + prefix + `\w*`)
		got := ids(search(t, ix, index.Request{Query: prefix + "*", Size: 1000}))
		var want []string
		for _, st := range c.Published() {
			texts := []string{st.Title, st.Summary, st.Sample, st.Journal, st.Container}
			for _, f := range st.Findings {
				texts = append(texts, f.Text, f.Population)
			}
			for _, a := range st.Authors {
				texts = append(texts, a.Literal, a.Given, a.Family)
			}
			for _, id := range st.Topics {
				texts = append(texts, topics[id].Label)
				texts = append(texts, topics[id].Synonyms...)
			}
			if word.MatchString(strings.Join(texts, " \n ")) {
				want = append(want, st.ID)
			}
		}
		if len(want) == 0 {
			t.Errorf("no study has a word beginning %q: the case tests nothing", prefix)
		}
		if !slices.Equal(sorted(got), sorted(want)) {
			t.Errorf("%s*: found %d studies, want the %d with such a word\ngot  %v\nwant %v", prefix, len(got), len(want), sorted(got), sorted(want))
		}
	}
}

// TestFiltersFacetsAndPublicOnly: filters narrow, facets count the hits in
// a stable order, drafts never appear in public results.
func TestFiltersFacetsAndPublicOnly(t *testing.T) {
	ix, c := MustOpenCorpusIndex(t)
	all := search(t, ix, index.Request{Size: 100})
	if int(all.Total) != len(c.Published()) {
		t.Fatalf("match-all total = %d, want the %d published studies", all.Total, len(c.Published()))
	}
	for _, id := range ids(all) {
		if st, _ := c.Study(id); st.Status != "published" {
			t.Errorf("%s (%s) is in public results", id, st.Status)
		}
	}
	withDrafts := search(t, ix, index.Request{Size: 100, Drafts: true})
	if int(withDrafts.Total) != len(c.Studies) {
		t.Errorf("with drafts total = %d, want %d", withDrafts.Total, len(c.Studies))
	}
	meta := search(t, ix, index.Request{Design: "meta-analysis", YearFrom: 2000, YearTo: 2020, Size: 100})
	if meta.Total == 0 {
		t.Fatal("no meta-analyses 2000-2020")
	}
	for _, id := range ids(meta) {
		st, _ := c.Study(id)
		if st.Design != "meta-analysis" || st.Year < 2000 || st.Year > 2020 {
			t.Errorf("%s: design %q year %d passed the filter", id, st.Design, st.Year)
		}
	}
	counted := 0
	for _, v := range meta.Facets["design"] {
		counted += v.Count
	}
	if uint64(counted) != meta.Total {
		t.Errorf("design facet counts %d, want total %d", counted, meta.Total)
	}
	topics := all.Facets["topics"]
	for i := 1; i < len(topics); i++ {
		a, b := topics[i-1], topics[i]
		if a.Count < b.Count || (a.Count == b.Count && a.Value > b.Value) {
			t.Errorf("topic facet out of order at %d: %v then %v", i, a, b)
		}
	}
	newest := search(t, ix, index.Request{Sort: "newest", Size: 100})
	for i := 1; i < len(newest.Hits); i++ {
		a, _ := c.Study(newest.Hits[i-1].ID)
		b, _ := c.Study(newest.Hits[i].ID)
		if a.Year < b.Year {
			t.Errorf("newest: %s (%d) before %s (%d)", a.ID, a.Year, b.ID, b.Year)
		}
	}
}

// TestSnippetsEscapedAndMarked: only <mark> is added; the text is escaped.
func TestSnippetsEscapedAndMarked(t *testing.T) {
	ix, _ := MustOpenCorpusIndex(t)
	res := search(t, ix, index.Request{Query: "transmission"})
	if len(res.Hits) == 0 {
		t.Fatal("no hits")
	}
	marked := false
	for _, h := range res.Hits {
		rest := strings.NewReplacer("<mark>", "", "</mark>", "").Replace(h.Snippet + h.TitleHTML)
		if strings.ContainsAny(rest, "<>") {
			t.Errorf("%s: unescaped markup in %q", h.ID, h.Snippet)
		}
		marked = marked || strings.Contains(h.Snippet+h.TitleHTML, "<mark>")
	}
	if !marked {
		t.Error("no hit has a highlighted match")
	}
	fm := search(t, ix, index.Request{Query: "58% secure dismissing preoccupied"})
	found := false
	for _, h := range fm.Hits {
		if h.Finding != nil && strings.Contains(h.Finding.Snippet, "<mark>") {
			found = true
		}
	}
	if !found {
		t.Error("no hit carries the finding that matched")
	}
}

func search(t *testing.T, ix *index.Index, r index.Request) *index.Result {
	t.Helper()
	res, err := ix.Search(context.Background(), r)
	if err != nil {
		t.Fatalf("search %+v: %v", r, err)
	}
	return res
}

func sorted(s []string) []string { s = slices.Clone(s); slices.Sort(s); return s }

// TestConditionsBesideWords: a year range, author or design typed beside
// three or more words holds for every hit, though the words may miss one.
func TestConditionsBesideWords(t *testing.T) {
	ix, c := MustOpenCorpusIndex(t)
	tests := []struct {
		q    string
		meet func(st *study.Study) bool
	}{
		{"earned security adults year:..1999", func(st *study.Study) bool { return st.Year <= 1999 }},
		{"adult attachment interview design:longitudinal", func(st *study.Study) bool { return st.Design == "longitudinal" }},
		{"intergenerational transmission attachment author:van", func(st *study.Study) bool {
			return slices.ContainsFunc(st.Authors, func(p study.Person) bool { return strings.Contains(strings.ToLower(p.Family), "van") })
		}},
	}
	for _, tt := range tests {
		res := search(t, ix, index.Request{Query: tt.q, Size: 100})
		if res.Total == 0 {
			t.Errorf("%q: no hits", tt.q)
		}
		for _, id := range ids(res) {
			if st, _ := c.Study(id); !tt.meet(st) {
				t.Errorf("%q: %s does not meet the condition", tt.q, id)
			}
		}
	}
}
