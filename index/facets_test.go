package index

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"reflect"
	"testing"

	"litkb/internal/corpus"
)

// TestFacetCache: a broad search's facets are kept and served again, equal
// to counting them afresh, until the index changes.
func TestFacetCache(t *testing.T) {
	c, err := corpus.Load(filepath.Join("..", "data"))
	if err != nil {
		t.Fatal(err)
	}
	ix, err := Open(context.Background(), t.TempDir(), Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	src := Source{Fingerprint: "v1", Studies: c.Studies, Topics: c.Topics}
	if _, err := ix.Sync(context.Background(), src); err != nil {
		t.Fatal(err)
	}
	defer func(n uint64) { facetCacheBroad = n }(facetCacheBroad)
	facetCacheBroad = 1

	search := func(r Request) *Result {
		t.Helper()
		res, err := ix.Search(context.Background(), r)
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	for _, r := range []Request{{}, {Query: "attachment"}, {Query: "AAI", Design: "meta-analysis"}, {Topics: []string{"aai"}, YearFrom: 1990}} {
		first := search(r)
		key := facetKey(r.Query, false, r)
		cached, ok := ix.facets.get(ix.version, key)
		if !ok {
			t.Fatalf("%+v: facets not kept", r)
		}
		again := search(Request{Query: r.Query, Topics: r.Topics, Design: r.Design, YearFrom: r.YearFrom, Sort: "newest", Page: 1, Size: 3})
		if !reflect.DeepEqual(first.Facets, cached) || !reflect.DeepEqual(again.Facets, first.Facets) {
			t.Errorf("%+v: cached facets differ:\n%v\n%v", r, first.Facets, again.Facets)
		}
	}
	// A change to the index forgets them.
	before := ix.version
	src.Fingerprint = "v2"
	src.Studies = src.Studies[1:]
	if _, err := ix.Sync(context.Background(), src); err != nil {
		t.Fatal(err)
	}
	if ix.version == before {
		t.Fatal("the index version did not change")
	}
	if _, ok := ix.facets.get(ix.version, facetKey("", false, Request{})); ok {
		t.Error("facets of the old index were served for the new one")
	}
	all := search(Request{})
	n := 0
	for _, v := range all.Facets["type"] {
		n += v.Count
	}
	if uint64(n) != all.Total {
		t.Errorf("type facet counts %d, want %d", n, all.Total)
	}
}
