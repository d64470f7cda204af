package index

import (
	"context"
	"errors"
	"log/slog"
	"math"
	"path/filepath"
	"reflect"
	"slices"
	"sync/atomic"
	"testing"

	"github.com/blevesearch/bleve/v2/search"

	"litkb/internal/synth"
)

// splitIndex is an index of edited studies (editedIndex) merged into one
// segment: with no merge left to run, its documents keep their numbers
// from one search to the next, and so equal scores keep their order
// (ties follow the order of documents). Facets are not kept between
// searches: each search counts its own.
func splitIndex(t *testing.T) *Index {
	t.Helper()
	ix := editedIndex(t, 1500, 3, 23)
	if err := compact(context.Background(), ix.bi); err != nil {
		t.Fatal(err)
	}
	ix.facets = newFacetCache(0)
	return ix
}

// splitting sets how searches split for one test: into up to cores
// parts of at least minDocs documents, from minCount postings.
func splitting(t *testing.T, cores int, minDocs, minCount uint64) {
	t.Helper()
	oldCores, oldDocs, oldCount := searchCores, parallelMinDocs, parallelMinCount
	t.Cleanup(func() { searchCores, parallelMinDocs, parallelMinCount = oldCores, oldDocs, oldCount })
	searchCores, parallelMinDocs, parallelMinCount = func() int { return cores }, minDocs, minCount
}

// splitRequests: the benchmark query set with and without facets, and
// with sorts, pages, cursors, filters and drafts.
func splitRequests(t *testing.T) []Request {
	t.Helper()
	qs, err := synth.Queries()
	if err != nil {
		t.Fatal(err)
	}
	var rs []Request
	for i, q := range qs {
		r := Request{Query: q.Text, Topics: q.Filters["topic"], Design: q.Filters.Get("design")}
		rs = append(rs, r)
		switch i % 5 {
		case 0:
			r.Sort = "newest"
		case 1:
			r.Page = 3
		case 2:
			r.WantNext = true
		case 3:
			r.Drafts, r.Sort = true, "oldest"
		case 4:
			r.YearFrom, r.NoFacets = 2005, true
		}
		rs = append(rs, r)
	}
	return rs
}

func searchResult(t *testing.T, ix *Index, r Request) *Result {
	t.Helper()
	res, err := ix.Search(context.Background(), r)
	var qe *QueryError
	if errors.As(err, &qe) {
		return nil
	}
	if err != nil {
		t.Fatalf("%+v: %v", r, err)
	}
	res.Took = 0
	return res
}

// TestSplitSearch: the tests below on one index (building one takes
// half a minute under the race detector).
func TestSplitSearch(t *testing.T) {
	ix := splitIndex(t)
	for _, c := range []struct {
		name string
		test func(*testing.T, *Index)
	}{
		{"same results", testSplitSearchesAreTheSame},
		{"needs idle cores", testSplitSearchNeedsIdleCores},
		{"keeps to its cores", testSplitSearchKeepsToItsCores},
		{"stops", testSplitSearchStops},
	} {
		t.Run(c.name, func(t *testing.T) { c.test(t, ix) })
	}
}

// sameResult says whether got is want, but for scores that may differ in
// their last bits: a part that resumes after a helper stopped advances
// Bleve's searchers to a document rather than stepping onto it, and a
// disjunction of Bleve's sums its matches' scores in the order its heap
// gives them then (0.266917610526182 against 0.26691761052618207, in
// one search of thousands). A cursor holds the last hit's score, so it
// may differ with it; the page it leads to is compared apart.
func sameResult(got, want *Result) bool {
	if got == nil || want == nil || len(got.Hits) != len(want.Hits) {
		return reflect.DeepEqual(got, want)
	}
	g := *got
	g.Hits = slices.Clone(got.Hits)
	for i := range g.Hits {
		if d := math.Abs(g.Hits[i].Score - want.Hits[i].Score); d != 0 && d <= 1e-12*math.Abs(want.Hits[i].Score) {
			g.Hits[i].Score, g.Next = want.Hits[i].Score, want.Next
		}
	}
	return reflect.DeepEqual(&g, want)
}

// testSplitSearchesAreTheSame: every request of the set gives the same
// result (hits, scores, totals, facets, snippets, cursors) searched in
// one part and in two (helpers that run to the end of their parts, or
// stop at times), three (helpers that stop at once: another search wants
// the core) and four (that stop soon); and the page its cursor leads to
// is the same too.
func testSplitSearchesAreTheSame(t *testing.T, ix *Index) {
	rs := splitRequests(t)
	splitting(t, 1, 1, math.MaxUint64)
	want := make([]*Result, len(rs))
	for i, r := range rs {
		want[i] = searchResult(t, ix, r)
	}
	oldCrowded, oldEvery := crowded, yieldEvery
	t.Cleanup(func() { crowded, yieldEvery = oldCrowded, oldEvery })
	var looks atomic.Int64
	for _, c := range []struct {
		cores int
		yield string
		every int
		stop  func() bool
	}{
		{2, "never", 1, func() bool { return false }},
		{3, "at once", 1, func() bool { return true }},
		{4, "soon", 7, func() bool { return true }},
		{2, "at times", 5, func() bool { return looks.Add(1)%3 == 0 }},
	} {
		crowded, yieldEvery = c.stop, c.every
		splitting(t, c.cores, 100, 0)
		before := splits.Load()
		hits := 0
		for i, r := range rs {
			got := searchResult(t, ix, r)
			if !sameResult(got, want[i]) {
				t.Fatalf("%d parts, helpers stopping %s, %+v:\n got %+v\nwant %+v", c.cores, c.yield, r, got, want[i])
			}
			if got == nil || got.Next == "" {
				continue
			}
			hits += len(got.Hits)
			after := Request{Query: r.Query, Topics: r.Topics, Design: r.Design, WantNext: true, Cursor: got.Next}
			splitting(t, 1, 1, math.MaxUint64)
			one := searchResult(t, ix, after)
			splitting(t, c.cores, 100, 0)
			if split := searchResult(t, ix, after); !sameResult(split, one) {
				t.Fatalf("%d parts, helpers stopping %s, the page after %+v:\n got %+v\nwant %+v", c.cores, c.yield, r, split, one)
			}
		}
		if n := splits.Load() - before; n < int64(len(rs))/2 {
			t.Errorf("%d parts: %d of %d searches split: the comparison says little", c.cores, n, len(rs))
		}
		if hits == 0 {
			t.Errorf("%d parts: no cursor page compared", c.cores)
		}
	}
	if looks.Load() == 0 {
		t.Error("no helper looked whether to stop: the comparison says little")
	}
	if n := busyCores.Load(); n != 0 {
		t.Errorf("%d cores still counted busy after the searches", n)
	}
}

// testSplitSearchNeedsIdleCores: a search splits only into the cores no
// other search holds.
func testSplitSearchNeedsIdleCores(t *testing.T, ix *Index) {
	splitting(t, 2, 100, 0)
	busyCores.Add(1) // another search on the second core
	before := splits.Load()
	searchResult(t, ix, Request{Query: "attachment"})
	busyCores.Add(-1)
	if n := splits.Load() - before; n != 0 {
		t.Errorf("%d searches split beside a search on the other core", n)
	}
	searchResult(t, ix, Request{Query: "attachment"})
	if n := splits.Load() - before; n != 1 {
		t.Errorf("%d searches split with a core idle, want 1", n)
	}
	if n := busyCores.Load(); n != 0 {
		t.Errorf("%d cores still counted busy after the searches", n)
	}
}

// testSplitSearchKeepsToItsCores: a search limited to one core (the
// search_cores setting) never splits; to two, into two parts at most.
func testSplitSearchKeepsToItsCores(t *testing.T, ix *Index) {
	splitting(t, 4, 100, 0)
	for _, c := range []struct{ cores, helpers int }{{1, 0}, {2, 1}, {0, 3}} {
		before := busyCores.Load()
		q := &parallelQuery{q: ix.restrict(nil, Request{}), cores: c.cores}
		adv, err := ix.bi.Advanced()
		if err != nil {
			t.Fatal(err)
		}
		r, err := adv.Reader()
		if err != nil {
			t.Fatal(err)
		}
		s, err := q.Searcher(context.Background(), r, ix.bi.Mapping(), search.SearcherOptions{})
		if err != nil {
			t.Fatal(err)
		}
		helpers := 0
		if ps, ok := s.(*parallelSearcher); ok {
			helpers = len(ps.parts)
		}
		if helpers != c.helpers {
			t.Errorf("search_cores %d: %d helpers, want %d", c.cores, helpers, c.helpers)
		}
		if err := s.Close(); err != nil {
			t.Error(err)
		}
		_ = r.Close()
		if n := busyCores.Load(); n != before {
			t.Errorf("search_cores %d: %d cores busy after the search, %d before", c.cores, n, before)
		}
	}
}

// testSplitSearchStops: a search stopped by its context stops its parts
// and gives their cores back.
func testSplitSearchStops(t *testing.T, ix *Index) {
	splitting(t, 4, 100, 0)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	before := splits.Load()
	if _, err := ix.Search(ctx, Request{Query: "attachment security"}); !errors.Is(err, context.Canceled) {
		t.Errorf("a stopped search gave %v, want context.Canceled", err)
	}
	if splits.Load() == before {
		t.Error("the stopped search did not split: the test says little")
	}
	if n := busyCores.Load(); n != 0 {
		t.Errorf("%d cores still counted busy after a stopped search", n)
	}
}

// BenchmarkSplitSearch: the ranking pass (no snippets, no facets) of the
// heaviest kinds of the query set (a common word, bags of them, a phrase
// across a stopword), one at a time, on an index of 20,000 generated
// studies (built here: the shared one is too small to split), in one
// part and split into as many as there are cores.
func BenchmarkSplitSearch(b *testing.B) {
	ctx := context.Background()
	dir := b.TempDir()
	c, err := generatedCorpus(filepath.Join(dir, "corpus"), 20_000)
	if err != nil {
		b.Fatal(err)
	}
	// Built as litkb index builds (merged into one segment), then opened
	// as a server opens it, with no merge left to run beside the searches.
	root, opts := filepath.Join(dir, "index"), Options{Logger: slog.New(slog.DiscardHandler)}
	if err := Build(ctx, root, Source{Fingerprint: c.Fingerprint, Studies: c.Studies, Topics: c.Topics, Intents: c.Intents}, opts, nil); err != nil {
		b.Fatal(err)
	}
	ix, err := Open(ctx, root, opts)
	if err != nil {
		b.Fatal(err)
	}
	defer ix.Close()
	queries := []string{"attachment", "attachment security adolescents", "childhood adversity adult attachment", `"state of mind"`}
	for _, parts := range []string{"one", "split"} {
		b.Run(parts, func(b *testing.B) {
			old := parallelMinCount
			if parts == "one" {
				parallelMinCount = math.MaxUint64
			}
			b.Cleanup(func() { parallelMinCount = old })
			for i := 0; b.Loop(); i++ {
				if _, err := ix.Search(ctx, Request{Query: queries[i%len(queries)], NoHighlight: true, NoFacets: true}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
