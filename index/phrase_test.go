package index

import (
	"reflect"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
)

// TestExactPhraseIsBlevesPhrase: for every benchmark phrase and a few
// more (stopwords between, repeated words, words out of order), in every
// prose field, alone and in a conjunction (which advances it), the
// exactPhrase has Bleve's phrase's hits, scores and locations.
func TestExactPhraseIsBlevesPhrase(t *testing.T) {
	ix := pairIndex(t)
	phrases := benchPhrases(t, "state of the mind", "mind of state", "attachment to attachment", "security of attachment", "secure base of attachment", "the attachment", "attachment security attachment")
	analyzer := ix.bi.Mapping().AnalyzerNamed(en.AnalyzerName)
	hits := 0
	for _, text := range phrases {
		for f := range pairedFields {
			pq := bleve.NewMatchPhraseQuery(text)
			pq.SetField(f)
			pq.SetBoost(1.5)
			pq.Analyzer = en.AnalyzerName
			e := newExactPhrase(pq, analyzer.Analyze([]byte(text)))
			if e == nil {
				t.Errorf("%s:%q: no exact phrase", f, text)
				continue
			}
			word := bleve.NewTermQuery("infant")
			word.SetField(f)
			for _, within := range []bool{false, true} {
				var got, want query.Query = e, pq
				if within {
					got, want = bleve.NewConjunctionQuery(word, e), bleve.NewConjunctionQuery(word, pq)
				}
				for _, locs := range []bool{false, true} {
					g, w := hitScores(t, ix, got, locs), hitScores(t, ix, want, locs)
					if len(g) != len(w) {
						t.Errorf("%s:%q (in a conjunction: %v): %d hits, Bleve's phrase %d", f, text, within, len(g), len(w))
						continue
					}
					hits += len(w)
					for id, h := range w {
						if g[id] == nil || g[id].Score != h.Score || (locs && !reflect.DeepEqual(g[id].Locations, h.Locations)) {
							t.Errorf("%s:%q (in a conjunction: %v): %s: %+v, Bleve's phrase %v at %v", f, text, within, id, g[id], h.Score, h.Locations)
						}
					}
				}
			}
		}
	}
	if hits < 1000 {
		t.Errorf("only %d hits compared: the comparison says little", hits)
	}
}

// TestPhraseCheck: the positions the check accepts, on a study's
// locations as a conjunction gives them.
func TestPhraseCheck(t *testing.T) {
	loc := func(field, term string, pos uint64, value ...uint64) search.FieldTermLocation {
		return search.FieldTermLocation{Field: field, Term: term, Location: search.Location{Pos: pos, ArrayPositions: value}}
	}
	for _, tc := range []struct {
		name  string
		terms []string
		locs  []search.FieldTermLocation
		want  int // locations kept; 0: no match
	}{
		{"adjacent", []string{"state", "mind"}, []search.FieldTermLocation{loc("summary", "state", 4), loc("summary", "mind", 5)}, 2},
		{"out of order", []string{"state", "mind"}, []search.FieldTermLocation{loc("summary", "mind", 4), loc("summary", "state", 5)}, 0},
		{"a stopword between", []string{"state", "", "mind"}, []search.FieldTermLocation{loc("summary", "state", 4), loc("summary", "mind", 6)}, 2},
		{"no word between", []string{"state", "", "mind"}, []search.FieldTermLocation{loc("summary", "state", 4), loc("summary", "mind", 5)}, 0},
		{"other fields", []string{"state", "mind"}, []search.FieldTermLocation{loc("title", "state", 4), loc("summary", "mind", 5)}, 0},
		{"across two findings", []string{"state", "mind"}, []search.FieldTermLocation{loc("finding", "state", 4, 0), loc("finding", "mind", 5, 1)}, 0},
		{"within a finding", []string{"state", "mind"}, []search.FieldTermLocation{loc("finding", "state", 4, 1), loc("finding", "mind", 5, 0), loc("finding", "mind", 5, 1)}, 2},
		{"twice", []string{"state", "mind"}, []search.FieldTermLocation{loc("summary", "state", 1), loc("summary", "mind", 2), loc("summary", "state", 8), loc("summary", "mind", 9), loc("summary", "mind", 12)}, 4},
		{"a word repeated", []string{"mind", "mind"}, []search.FieldTermLocation{loc("summary", "mind", 1), loc("summary", "mind", 2), loc("summary", "mind", 3)}, 4},
	} {
		s := &phraseSearcher{terms: tc.terms}
		m := &search.DocumentMatch{FieldTermLocations: tc.locs}
		if got := s.check(m); got != (tc.want > 0) || (got && len(m.FieldTermLocations) != tc.want) {
			t.Errorf("%s: match %v with %d locations, want %d", tc.name, got, len(m.FieldTermLocations), tc.want)
		}
		// The pool hands m out again and Bleve refills every slot's
		// array positions in place: no two slots may share an array.
		slots := m.FieldTermLocations[:cap(m.FieldTermLocations)]
		for i := range slots {
			for j := range i {
				a, b := slots[i].Location.ArrayPositions, slots[j].Location.ArrayPositions
				if cap(a) > 0 && cap(b) > 0 && &a[:1][0] == &b[:1][0] {
					t.Errorf("%s: slots %d and %d share their array positions", tc.name, j, i)
				}
			}
		}
	}
}

// BenchmarkExactPhrase: phrases of common words across a stopword, searched
// as Bleve's phrase and as exactPhrase (the same hits and scores: see
// TestExactPhraseIsBlevesPhrase), ranked for a page of ten.
func BenchmarkExactPhrase(b *testing.B) {
	ix, _ := mustBenchIndex(b)
	analyzer := ix.bi.Mapping().AnalyzerNamed(en.AnalyzerName)
	for _, text := range []string{"state of mind", "coherence of mind"} {
		pq := bleve.NewMatchPhraseQuery(text)
		pq.SetField(fSummary)
		pq.Analyzer = en.AnalyzerName
		for _, v := range []struct {
			name string
			q    query.Query
		}{{"bleve", pq}, {"exact", newExactPhrase(pq, analyzer.Analyze([]byte(text)))}} {
			b.Run(text+"/"+v.name, func(b *testing.B) {
				for b.Loop() {
					if _, err := ix.bi.Search(bleve.NewSearchRequestOptions(v.q, 10, 0, false)); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
