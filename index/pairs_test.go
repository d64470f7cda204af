package index

import (
	"context"
	"log/slog"
	"maps"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"litkb/internal/study"
	"litkb/internal/synth"
)

func TestPairFilter(t *testing.T) {
	common := []string{"state", "mind", "attach", "secur", "earn"}
	tests := []struct {
		text string
		want []string // pair terms
	}{
		{"attachment security", []string{"attach secur"}},
		{"earned attachment security", []string{"earn attach", "attach secur"}},
		{"state of mind", nil}, // not adjacent
		{"the state mind", []string{"state mind"}},
		{"attachment and adult security", nil},
		{"adult attachment", nil}, // "adult" is not common
		{"attachment", nil},
	}
	m, err := Mapping(nil, common...)
	if err != nil {
		t.Fatal(err)
	}
	prose := m.AnalyzerNamed(proseAnalyzer)
	for _, tc := range tests {
		t.Run(tc.text, func(t *testing.T) {
			var got []string
			for _, tok := range prose.Analyze([]byte(tc.text)) {
				if isPair(tok.Term) {
					got = append(got, string(tok.Term[1:]))
					continue
				}
				if strings.HasPrefix(string(tok.Term), mentionPrefix) {
					t.Errorf("no vocabulary was given, yet %q is marked", tok.Term)
				}
			}
			if strings.Join(got, "|") != strings.Join(tc.want, "|") {
				t.Errorf("pairs = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestPairsSkipMarks(t *testing.T) {
	topics := []study.Topic{{ID: "earned-security", Label: "Earned security"}}
	m, err := Mapping(topics, "earn", "secur")
	if err != nil {
		t.Fatal(err)
	}
	var pairs, marks int
	for _, tok := range m.AnalyzerNamed(proseAnalyzer).Analyze([]byte("earned security")) {
		switch {
		case isPair(tok.Term):
			pairs++
		case strings.HasPrefix(string(tok.Term), mentionPrefix):
			marks++
		}
	}
	if pairs != 1 || marks != 1 {
		t.Errorf("%d pairs and %d marks, want one of each (a mark is never paired)", pairs, marks)
	}
}

// TestPairsHaveTheirOwnField: every pair is a term of fPairs, led by its
// prose field's name and without positions; no prose field holds one.
func TestPairsHaveTheirOwnField(t *testing.T) {
	ix := pairIndex(t)
	terms := func(field string) []string {
		d, err := ix.bi.FieldDict(field)
		if err != nil {
			t.Fatal(err)
		}
		defer d.Close()
		var out []string
		for {
			e, err := d.Next()
			if err != nil {
				t.Fatal(err)
			}
			if e == nil {
				return out
			}
			out = append(out, e.Term)
		}
	}
	for f := range pairedFields {
		for _, term := range terms(f) {
			if isPair([]byte(term)) {
				t.Fatalf("%s holds the pair %q", f, term)
			}
		}
	}
	pairs, seen := terms(fPairs), map[string]bool{}
	for _, term := range pairs {
		field, pair, ok := strings.Cut(term, pairPrefix)
		if !ok || !pairedFields[field] || !strings.Contains(pair, " ") {
			t.Fatalf("pair term %q is not a prose field's name, the prefix and two words", term)
		}
		seen[field] = true
	}
	if !seen[fSummary] || !seen[fTitle] {
		t.Fatalf("pairs only of %v", seen)
	}
	q := bleve.NewTermQuery(pairs[0])
	q.SetField(fPairs)
	req := bleve.NewSearchRequestOptions(q, 10, 0, false)
	req.IncludeLocations = true
	sr, err := ix.bi.Search(req)
	if err != nil {
		t.Fatal(err)
	}
	if len(sr.Hits) == 0 {
		t.Fatalf("no study has the pair %q", pairs[0])
	}
	for _, h := range sr.Hits {
		if len(h.Locations) > 0 {
			t.Errorf("%s: the pair %q has positions %v", h.ID, pairs[0], h.Locations)
		}
	}
}

var (
	pairIxOnce sync.Once
	pairIx     *Index
	pairErr    error
)

// pairIndex is an index of a generated corpus big enough to have common
// words and phrases that are rarer than their words.
func pairIndex(t *testing.T) *Index {
	t.Helper()
	pairIxOnce.Do(func() {
		dir := t.TempDir()
		c, err := generatedCorpus(filepath.Join(dir, "corpus"), 1500)
		if err != nil {
			pairErr = err
			return
		}
		pairIx, pairErr = Open(context.Background(), filepath.Join(dir, "index"), Options{Logger: slog.New(slog.DiscardHandler)})
		if pairErr == nil {
			_, pairErr = pairIx.Sync(context.Background(), Source{Fingerprint: c.Fingerprint, Studies: c.Studies, Topics: c.Topics})
		}
	})
	if pairErr != nil {
		t.Fatal(pairErr)
	}
	return pairIx
}

// TestPairedPhrasesFindWhatPhrasesFind: for every benchmark phrase and a
// few more, in every prose field, the paired phrase has exactly the plain
// phrase's hits with exactly its scores.
func TestPairedPhrasesFindWhatPhrasesFind(t *testing.T) {
	ix := pairIndex(t)
	phrases := benchPhrases(t, "state of the mind", "attachment and security", "security of attachment", "secure base of attachment", "parenting", "strange-situation", "the attachment")
	m := ix.bi.Mapping()
	paired, plain := newCompiler(m, false), newCompiler(m, false)
	plain.pairs = nil
	if paired.pairs == nil || len(paired.pairs.common) == 0 {
		t.Fatal("the index has no common words: nothing is paired")
	}
	withPairs := 0
	for _, text := range phrases {
		for f := range pairedFields {
			pq := paired.phrase(f, text, 1)
			if _, ok := pq.(*pairedPhrase); ok {
				withPairs++
			}
			// Ranked without locations (the ranking pass), then with them
			// (the page's highlights). A plain phrase has its locations
			// even unasked, which the ranking pass never reads.
			for _, locs := range []bool{false, true} {
				got, want := hitScores(t, ix, pq, locs), hitScores(t, ix, plain.phrase(f, text, 1), locs)
				if len(got) != len(want) {
					t.Errorf("%s:%q: %d hits with pairs, %d without", f, text, len(got), len(want))
					continue
				}
				for id, h := range want {
					if got[id].Score != h.Score || (locs && !reflect.DeepEqual(got[id].Locations, h.Locations)) {
						t.Errorf("%s:%q: %s scores %v at %v with pairs, %v at %v without", f, text, id, got[id].Score, got[id].Locations, h.Score, h.Locations)
					}
				}
			}
		}
	}
	if withPairs < 20 {
		t.Errorf("only %d phrase queries had pairs: the comparison says little", withPairs)
	}
}

func hitScores(t *testing.T, ix *Index, q query.Query, locations bool) map[string]*search.DocumentMatch {
	t.Helper()
	req := bleve.NewSearchRequestOptions(q, 10000, 0, false)
	req.IncludeLocations = locations
	sr, err := ix.bi.Search(req)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]*search.DocumentMatch{}
	for _, h := range sr.Hits {
		out[h.ID] = h
	}
	return out
}

// TestPairsChangeNoScore: the same studies indexed with and without pairs
// score alike for a word, because a field's length leaves its pairs out.
func TestPairsChangeNoScore(t *testing.T) {
	ix := pairIndex(t)
	studies := ix.studies.list[:300]
	scores := func(common []string) map[string]float64 {
		m, err := Mapping(nil, common...)
		if err != nil {
			t.Fatal(err)
		}
		bi, err := bleve.NewMemOnly(m)
		if err != nil {
			t.Fatal(err)
		}
		defer bi.Close()
		b := bi.NewBatch()
		for i := range studies {
			if err := indexStudy(b, m, studies[i], nil); err != nil {
				t.Fatal(err)
			}
		}
		if err := bi.Batch(b); err != nil {
			t.Fatal(err)
		}
		q := bleve.NewMatchQuery("attachment security")
		q.SetField(fSummary)
		q.Analyzer = en.AnalyzerName // as queries are analysed: no pairs
		sr, err := bi.Search(bleve.NewSearchRequestOptions(q, len(studies), 0, false))
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]float64{}
		for _, h := range sr.Hits {
			out[h.ID] = h.Score
		}
		return out
	}
	var words []string
	for w := range pairsOf(ix.bi.Mapping()).common {
		words = append(words, w)
	}
	without, with := scores(nil), scores(words)
	if len(without) == 0 || len(with) != len(without) {
		t.Fatalf("%d hits with pairs, %d without", len(with), len(without))
	}
	for id, s := range without {
		if with[id] != s {
			t.Fatalf("%s scores %v with pairs, %v without", id, with[id], s)
		}
	}
}

// BenchmarkPhrase runs the benchmark phrases through the ranking search
// (every hit, no page) with and without their pairs.
func BenchmarkPhrase(b *testing.B) {
	ix, _ := mustBenchIndex(b)
	qs, err := synth.Queries()
	if err != nil {
		b.Fatal(err)
	}
	var phrases []Node
	for _, q := range qs {
		if q.Kind == "phrase" {
			n, err := Parse(q.Text)
			if err != nil {
				b.Fatal(err)
			}
			phrases = append(phrases, n)
		}
	}
	for _, mode := range []string{"pairs", "plain"} {
		b.Run(mode, func(b *testing.B) {
			c := newCompiler(ix.bi.Mapping(), false)
			if mode == "plain" {
				c.pairs = nil
			}
			for i := 0; b.Loop(); i++ {
				q, err := c.compile(phrases[i%len(phrases)])
				if err != nil {
					b.Fatal(err)
				}
				if _, err := ix.bi.Search(bleve.NewSearchRequestOptions(q, 10, 0, false)); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestPairedFieldsAreTheProseFields: every field the prose analyzer (and
// so the pair filter) indexes has its length kept free of pairs, or its
// scores would change with the pairs.
func TestPairedFieldsAreTheProseFields(t *testing.T) {
	m, err := Mapping(nil, testCommon...)
	if err != nil {
		t.Fatal(err)
	}
	prose := map[string]bool{}
	for name, dm := range m.DefaultMapping.Properties {
		for _, f := range dm.Fields {
			if f.Analyzer == proseAnalyzer {
				prose[name] = true
			}
		}
	}
	if !maps.Equal(prose, pairedFields) {
		t.Errorf("fields analysed as prose %v, fields whose length leaves pairs out %v", prose, pairedFields)
	}
}

// benchPhrases are extra and then the benchmark set's phrases, unquoted.
func benchPhrases(t testing.TB, extra ...string) []string {
	t.Helper()
	qs, err := synth.Queries()
	if err != nil {
		t.Fatal(err)
	}
	phrases := extra
	for _, q := range qs {
		if q.Kind == "phrase" {
			phrases = append(phrases, strings.Trim(q.Text, `"`))
		}
	}
	return phrases
}
