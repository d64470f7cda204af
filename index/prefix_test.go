package index

import (
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
)

// TestPrefixMatchesBleve: prefixes of the index's words, of two to six
// letters, alone, beside a word (which makes the conjunction advance
// them) and as a search compiles "prefix*" (with the author and title
// prefixes beside), find exactly the hits of Bleve's prefix queries, with
// exactly their scores and locations, on an index of several segments
// with deleted documents. Prefixes of every kind occur: of no term, of
// one term that is the prefix (Bleve's term searcher), of one to
// maxTerms terms (litkb's disjunction, read in windows) and of more
// (Bleve's searcher).
func TestPrefixMatchesBleve(t *testing.T) {
	ix := editedIndex(t, 3000, 4, 97)
	r, sctx := rankingSnapshot(t, ix)

	// Prefixes: every 150th distinct beginning of the words field's terms,
	// a few that begin no term, and a few that begin many.
	d, err := r.FieldDict(fWords)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	var prefixes []string
	for e, err := d.Next(); e != nil && err == nil; e, err = d.Next() {
		for n := 2; n <= 6 && n <= len(e.Term); n++ {
			if p := e.Term[:n]; !seen[p] {
				seen[p] = true
				if len(seen)%150 == 0 {
					prefixes = append(prefixes, p)
				}
			}
		}
	}
	_ = d.Close()
	prefixes = append(prefixes, "zzq", "qqqz", "co", "re", "in")

	cp := newCompiler(ix.bi.Mapping(), false)
	other, err := cp.compile(Term{Text: "attachment"})
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]int{}
	compared := 0
	for _, p := range prefixes {
		q := prefix(fWords, p, 1)
		terms, err := prefixTerms(sctx, r, fWords, p)
		if err != nil {
			t.Fatal(err)
		}
		s, err := q.Searcher(sctx, r, ix.bi.Mapping(), search.SearcherOptions{})
		if err != nil {
			t.Fatal(err)
		}
		_, windowed := s.(*termsSearcher)
		_ = s.Close()
		switch {
		case len(terms) == 0:
			kinds["no term"]++
		case len(terms) == 1 && terms[0] == p:
			kinds["the prefix itself"]++
		case len(terms) <= maxTerms:
			kinds["a few terms"]++
			if !windowed {
				t.Errorf("%s* (%d terms): searched by %T, want termsSearcher", p, len(terms), s)
			}
		default:
			kinds["many terms"]++
		}
		compared += sameHits(t, ix, p+"*", q, bleveQuery(q))
		compared += sameHits(t, ix, p+"* and attachment", bleve.NewConjunctionQuery(q, other), bleve.NewConjunctionQuery(bleveQuery(q), bleveQuery(other)))
		cq, err := cp.compile(Term{Text: p, Prefix: true})
		if err != nil {
			t.Fatal(err)
		}
		compared += sameHits(t, ix, p+"* compiled", cq, bleveQuery(cq))
	}
	for _, k := range []string{"no term", "the prefix itself", "a few terms", "many terms"} {
		if kinds[k] == 0 {
			t.Errorf("no prefix of %s among %d: %v", k, len(prefixes), kinds)
		}
	}
	if compared < 30000 {
		t.Errorf("%d hits compared: the comparison says little", compared)
	}
	t.Logf("%d prefixes %v, %d hits compared", len(prefixes), kinds, compared)
}
