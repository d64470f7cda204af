package index

import (
	"context"
	"encoding/binary"
	"errors"
	"log/slog"
	"path/filepath"
	"reflect"
	"slices"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	bleveindex "github.com/blevesearch/bleve_index_api"

	"litkb/internal/corpus"
)

// TestFacetCountsMatchBleve: the counts litkb takes from its per-snapshot
// table are the counts Bleve's own terms facet gives for the same search,
// on a fresh index and after edits and a removal have left it several
// segments with deleted documents in them.
func TestFacetCountsMatchBleve(t *testing.T) {
	c, err := corpus.Load(filepath.Join("..", "data"))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	ix, err := Open(ctx, t.TempDir(), Options{Logger: slog.New(slog.DiscardHandler), FacetCache: -1})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	src := Source{Fingerprint: "0", Studies: slices.Clone(c.Studies), Topics: c.Topics}
	if _, err := ix.Sync(ctx, src); err != nil {
		t.Fatal(err)
	}
	requests := []Request{
		{},
		{Query: "attachment"},
		{Query: "earned security"},
		{Query: `"state of mind"`},
		{Query: "therapy OR psychotherapy"},
		{Query: "attachment -infants"},
		{Query: "AAI", Design: "meta-analysis"},
		{Topics: []string{"aai"}, YearFrom: 1990},
		{Query: "attachment", Drafts: true},
		{Query: "zzzznotaword"},
	}
	check := func(stage string) {
		t.Helper()
		for _, r := range requests {
			got, err := ix.Search(ctx, r)
			if err != nil {
				t.Fatalf("%s %+v: %v", stage, r, err)
			}
			want := bleveFacets(t, ix, r)
			if !reflect.DeepEqual(got.Facets, want) {
				t.Errorf("%s %+v:\nlitkb %v\nbleve %v", stage, r, got.Facets, want)
			}
			if r.Query == "" && len(got.Facets["type"]) == 0 {
				t.Errorf("%s %+v: no type facet at all", stage, r)
			}
		}
	}
	check("fresh")
	// Searches on the same snapshot share its table.
	r := liveReader(t, ix)
	first, err1 := ix.tables.get(ctx, r)
	again, err2 := ix.tables.get(ctx, r)
	if err1 != nil || err2 != nil || first != again {
		t.Errorf("two searches on one snapshot: tables %p and %p (%v, %v), want one shared", first, again, err1, err2)
	}

	// Each edit is a batch: a new segment, the old document deleted.
	for i, n := range []int{0, 3, 5} {
		next := slices.Clone(src.Studies)
		st := *next[n] // a copy: the corpus's studies are shared
		st.Design = "meta-analysis"
		st.Topics = append(slices.Clone(st.Topics), "earned-security")
		st.Year = 1961 + i
		next[n] = &st
		src = Source{Fingerprint: src.Fingerprint + "e", Studies: next, Topics: src.Topics}
		if _, err := ix.Sync(ctx, src); err != nil {
			t.Fatal(err)
		}
		check("edit " + src.Fingerprint)
	}
	src = Source{Fingerprint: "removed", Studies: slices.Delete(slices.Clone(src.Studies), 1, 3), Topics: src.Topics}
	if _, err := ix.Sync(ctx, src); err != nil {
		t.Fatal(err)
	}
	check("removal")
}

// bleveFacets counts r's facets with Bleve's terms facet on fFacet, as
// litkb did before it kept its own table.
func bleveFacets(t *testing.T, ix *Index, r Request) map[string][]FacetValue {
	t.Helper()
	if err := r.Normalize(); err != nil {
		t.Fatal(err)
	}
	ast, err := Parse(r.Query)
	if err != nil {
		t.Fatal(err)
	}
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	uq, err := newCompiler(ix.bi.Mapping(), false).compile(ix.topics.expand(ast))
	if err != nil {
		t.Fatal(err)
	}
	req := bleve.NewSearchRequestOptions(ix.restrict(uq, r), 0, 0, false)
	req.AddFacet(fFacet, facetRequest())
	sr, err := ix.bi.SearchInContext(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	terms := map[string]int{}
	if f := sr.Facets[fFacet]; f != nil && f.Terms != nil {
		for _, tf := range f.Terms.Terms() {
			terms[tf.Term] = tf.Count
		}
	}
	if len(terms) == 0 && sr.Total > 0 {
		t.Fatalf("%+v: Bleve counted no facets for %d hits", r, sr.Total)
	}
	return facetValues(terms)
}

// liveReader is a reader of the live index's current snapshot, closed when
// the test ends.
func liveReader(tb testing.TB, ix *Index) bleveindex.IndexReader {
	tb.Helper()
	adv, err := ix.bi.Advanced()
	if err != nil {
		tb.Fatal(err)
	}
	r, err := adv.Reader()
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { _ = r.Close() })
	return r
}

// TestWarmBuildsTheFirstSearchsTable: after a restart, Warm builds the
// facet table that the first faceted search then uses, instead of that
// search building one.
func TestWarmBuildsTheFirstSearchsTable(t *testing.T) {
	c, err := corpus.Load(filepath.Join("..", "data"))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	dir := t.TempDir()
	opts := Options{Logger: slog.New(slog.DiscardHandler), FacetCache: -1}
	ix, err := Open(ctx, dir, opts)
	if err != nil {
		t.Fatal(err)
	}
	if err := ix.Warm(ctx); !errors.Is(err, ErrNotReady) {
		t.Errorf("warming an index never built: %v, want ErrNotReady", err)
	}
	if _, err := ix.Sync(ctx, Source{Fingerprint: "0", Studies: c.Studies, Topics: c.Topics}); err != nil {
		t.Fatal(err)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	if ix, err = Open(ctx, dir, opts); err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if err := ix.Warm(ctx); err != nil {
		t.Fatal(err)
	}
	warmed := ix.tables.entries[0]
	if warmed == nil || warmed.t == nil {
		t.Fatal("Warm built no table")
	}
	if _, err := ix.Search(ctx, Request{Query: "attachment"}); err != nil {
		t.Fatal(err)
	}
	if ix.tables.entries[0] != warmed || ix.tables.entries[1] != nil {
		t.Error("the first search built a table of its own")
	}
}

// Each document's values are laid out the same in 2 bytes as in 4, and a
// hit counts the same values either way.
func TestFacetOrdsWidths(t *testing.T) {
	docs := [][]uint32{{0, 2, 5}, {2}, {}, {1, 2, 3, 5}} // each term's documents
	start := make([]uint32, 7)                           // 6 documents
	for _, ds := range docs {
		for _, d := range ds {
			start[d+1]++
		}
	}
	for d := range 6 {
		start[d+1] += start[d]
	}
	wide, small := fillOrds[uint32](docs, start), fillOrds[uint16](docs, start)
	want := [][]uint32{{0}, {3}, {0, 1, 3}, {3}, {}, {0, 3}} // each document's terms
	for d, w := range want {
		got := wide[start[d]:start[d+1]]
		if !slices.Equal(got, w) {
			t.Errorf("document %d: terms %v, want %v", d, got, w)
		}
		for i, o := range small[start[d]:start[d+1]] {
			if uint32(o) != got[i] {
				t.Errorf("document %d: in 2 bytes %v, in 4 %v", d, small[start[d]:start[d+1]], got)
			}
		}
	}
	terms := []string{"a", "b", "c", "d"}
	count := func(tab *facetTable) []int {
		s := &countingSearcher{t: tab, counts: make([]int, len(terms))}
		for d := range uint64(8) { // two past the table: no values
			id := make([]byte, 8)
			binary.BigEndian.PutUint64(id, d)
			s.count(&search.DocumentMatch{IndexInternalID: id})
		}
		return s.counts
	}
	w, sm := count(&facetTable{terms: terms, start: start, ords: wide}), count(&facetTable{terms: terms, start: start, small: small})
	if want := []int{3, 1, 0, 4}; !slices.Equal(w, want) || !slices.Equal(sm, want) {
		t.Errorf("counts %v (4 bytes) and %v (2 bytes), want %v", w, sm, want)
	}
}
