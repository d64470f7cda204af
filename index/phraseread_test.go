package index

import (
	"math"
	"path/filepath"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
)

// blevePhrases is q with every phrase of litkb's (exactPhrase, and the
// pairedPhrase around one) made Bleve's own phrase query.
func blevePhrases(q query.Query) query.Query {
	switch v := q.(type) {
	case *exactPhrase:
		return v.MatchPhraseQuery
	case *pairedPhrase:
		return blevePhrases(v.phrase)
	case *disjunctionQuery:
		ds := make([]query.Query, len(v.disjuncts))
		for i, d := range v.disjuncts {
			ds[i] = blevePhrases(d)
		}
		return disjunction(v.min, ds...)
	}
	return q
}

// TestPhraseReaderMatchesBleve: phrases of two to four words taken from
// the studies' text (stopwords among them, and phrases split by one),
// searched as a search compiles them (every prose field, word pairs in
// front) and beside a word (which advances them), find in the ranking
// pass exactly the hits that Bleve's conjunction of their words finds,
// with exactly its scores, and the hits of Bleve's own phrase queries, on
// an index of several segments with deleted documents. (The highlighting
// pass, which wants locations, is not read here.)
func TestPhraseReaderMatchesBleve(t *testing.T) {
	ix := editedIndex(t, 3000, 4, 97)
	c, err := generatedCorpus(filepath.Join(t.TempDir(), "corpus"), 3000)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	phrases := []string{"state of mind", "coherence of mind", "attachment security", "test-retest stability", "attachment and attachment"}
	for i := 0; i < len(c.Studies); i += 200 {
		s := c.Studies[i]
		words := strings.Fields(strings.NewReplacer(".", " ", ",", " ", ";", " ", "(", " ", ")", " ").Replace(s.Title + " " + s.Summary))
		for at := i % 5; at+1 < len(words); at += 5 {
			p := strings.Join(words[at:min(len(words), at+2+at%3)], " ")
			if !seen[p] {
				seen[p] = true
				phrases = append(phrases, p)
			}
		}
	}

	cp := newCompiler(ix.bi.Mapping(), false)
	r, sctx := rankingSnapshot(t, ix)
	other, err := cp.compile(Term{Text: "mothers"})
	if err != nil {
		t.Fatal(err)
	}
	read, found, compared := 0, 0, 0
	for _, p := range phrases {
		q, err := cp.compile(Term{Text: p, Phrase: true})
		if err != nil || q == nil {
			continue // only stopwords
		}
		if d, ok := q.(*disjunctionQuery); ok {
			for _, x := range d.disjuncts {
				if e, ok := x.(*exactPhrase); ok {
					s, err := e.Searcher(sctx, r, ix.bi.Mapping(), search.SearcherOptions{})
					if err != nil {
						t.Fatal(err)
					}
					if _, ok := s.(*phraseReader); !ok {
						t.Errorf("%q: the ranking pass searched by %T, want phraseReader", p, s)
					}
					_ = s.Close()
					read++
				}
			}
		}
		n := sameScores(t, ix, `"`+p+`"`, q, q, true)
		if n > 0 {
			found++
		}
		compared += n
		and := bleve.NewConjunctionQuery(q, other)
		compared += sameScores(t, ix, `"`+p+`" and mothers`, and, and, true)
		want := bleveQuery(blevePhrases(q))
		compared += sameScores(t, ix, `"`+p+`", Bleve's`, q, want, false)
		compared += sameScores(t, ix, `"`+p+`" and mothers, Bleve's`, and, bleve.NewConjunctionQuery(want, bleveQuery(other)), false)
	}
	if read < 200 || found < 100 || compared < 20000 {
		t.Errorf("%d phrases: %d fields read here, %d phrases found, %d hits compared: the comparison says little", len(phrases), read, found, compared)
	}
	t.Logf("%d phrases: %d fields read here, %d phrases found, %d hits compared", len(phrases), read, found, compared)
}

// sameScores compares the ranking pass of got, with phrases read here,
// with that of want read through Bleve's conjunction: the same hits, with
// exactly the same scores when exact, else within a relative 1e-12 (a
// phrase of litkb's and Bleve's own phrase query add the same scores in
// steps that can round the last bit apart). A comparison that differs is
// made once more, as in sameHits.
func sameScores(t *testing.T, ix *Index, name string, got, want query.Query, exact bool) int {
	t.Helper()
	run := func() (g, w map[string]*search.DocumentMatch) {
		g = hitScores(t, ix, got, false)
		readPhrases = false
		defer func() { readPhrases = true }() // also when hitScores stops the test
		return g, hitScores(t, ix, want, false)
	}
	g, w := run()
	if !sameMatches(g, w, false) { // once more, as sameHits does
		g, w = run()
	}
	if len(g) != len(w) {
		t.Errorf("%s: %d hits, Bleve's %d", name, len(g), len(w))
		return 0
	}
	for id, h := range w {
		switch {
		case g[id] == nil:
			t.Errorf("%s: %s not found", name, id)
		case exact && g[id].Score != h.Score, math.Abs(g[id].Score-h.Score) > 1e-12*math.Abs(h.Score):
			t.Errorf("%s: %s scores %.17g, Bleve's %.17g", name, id, g[id].Score, h.Score)
		}
	}
	return len(w)
}
