package index

import (
	"context"
	"fmt"
	"log/slog"
	"path/filepath"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	bleveindex "github.com/blevesearch/bleve_index_api"

	"litkb/internal/study"
)

// TestTermsSearcherMatchesBleve: words searched by termsSearcher, alone,
// in bags and beside other words (which advance it), find exactly the
// hits of Bleve's term searchers under its disjunction, with exactly their
// scores, on an index of several segments with deleted documents (studies
// updated in place), where postings cross segments and skip the deleted.
func TestTermsSearcherMatchesBleve(t *testing.T) {
	ix := editedIndex(t, 3000, 4, 97)
	snap, sctx := rankingSnapshot(t, ix)
	cp := newCompiler(ix.bi.Mapping(), false)
	word := func(w string) query.Query {
		n, err := Parse(w)
		if err != nil {
			t.Fatal(err)
		}
		q, err := cp.compile(n)
		if err != nil {
			t.Fatal(err)
		}
		s, err := q.Searcher(sctx, snap, ix.bi.Mapping(), search.SearcherOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := s.(*termsSearcher); !ok {
			t.Fatalf("%s: searched by %T, want termsSearcher", w, s)
		}
		return q
	}
	words := []string{"attachment", "security", "revisited", "round", "infants", "mothers", "therapy", "adult", "zzzunknown"}
	compared := 0
	for _, w := range words {
		q := word(w)
		compared += sameHits(t, ix, w, q, bleveQuery(q))
		for _, other := range words[:4] {
			o := word(other)
			compared += sameHits(t, ix, w+" and "+other, bleve.NewConjunctionQuery(q, o), bleve.NewConjunctionQuery(bleveQuery(q), bleveQuery(o)))
		}
	}
	for _, bag := range [][]string{{"attachment", "security", "revisited"}, {"round", "infants", "mothers", "therapy"}} {
		var ws []query.Query
		for _, w := range bag {
			ws = append(ws, word(w))
		}
		for min := 0; min <= len(ws); min++ {
			q := disjunction(min, ws...)
			compared += sameHits(t, ix, fmt.Sprint(bag, " min ", min), q, bleveQuery(q))
		}
	}
	if compared < 20000 {
		t.Errorf("%d hits compared: the comparison says little", compared)
	}
}

// rankingSnapshot is ix's current snapshot, closed with the test, which
// must have several segments and deleted documents, and a context as
// Bleve's search gives its searchers (TF-IDF scoring).
func rankingSnapshot(t *testing.T, ix *Index) (*scorch.IndexSnapshot, context.Context) {
	t.Helper()
	r := liveReader(t, ix)
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		t.Fatalf("reader is %T, want a scorch snapshot", r)
	}
	deleted := uint64(0)
	for _, s := range snap.Segments() {
		if d := s.Deleted(); d != nil {
			deleted += d.GetCardinality()
		}
	}
	if len(snap.Segments()) < 2 || deleted == 0 {
		t.Fatalf("%d segments, %d deleted documents: want several segments and deletions", len(snap.Segments()), deleted)
	}
	ctx := context.WithValue(context.Background(), search.GetScoringModelCallbackKey, search.GetScoringModelCallbackFn(func() string { return bleveindex.DefaultScoringModel }))
	return snap, ctx
}

// editedIndex is an index of n generated studies synced rounds times,
// every every-th study edited between two syncs: the next sync updates
// them in place, which deletes their documents from the segments that
// held them, so the index has several segments and deleted documents.
func editedIndex(t *testing.T, n, rounds, every int) *Index {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	c, err := generatedCorpus(filepath.Join(dir, "corpus"), n)
	if err != nil {
		t.Fatal(err)
	}
	ix, err := Open(ctx, filepath.Join(dir, "index"), Options{Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = ix.Close() })
	studies := c.Studies
	for round := range rounds {
		if _, err := ix.Sync(ctx, Source{Fingerprint: fmt.Sprint("round ", round), Studies: studies, Topics: c.Topics, Intents: c.Intents}); err != nil {
			t.Fatal(err)
		}
		studies = append([]*study.Study(nil), studies...)
		for i := round; i < len(studies); i += every {
			s := *studies[i]
			s.Summary += fmt.Sprint(" Attachment security revisited in round ", round, ".")
			studies[i] = &s
		}
	}
	return ix
}
