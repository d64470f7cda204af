package index_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"litkb/index"
	"litkb/internal/corpus"
)

// openTiedIndex indexes the bundled corpus plus twelve copies of one study
// that differ only in id and (two values) year: every search that finds
// one finds all twelve with the same score.
func openTiedIndex(t *testing.T) *index.Index {
	t.Helper()
	c, err := corpus.Load(filepath.Join("..", "data"))
	if err != nil {
		t.Fatal(err)
	}
	src := index.Source{Fingerprint: "ties", Studies: slices.Clone(c.Studies), Topics: c.Topics}
	orig, ok := c.Study("roisman-2002-earned-secure")
	if !ok {
		t.Fatal("roisman-2002-earned-secure is not in the corpus")
	}
	for i := range 12 {
		s := *orig
		s.ID = fmt.Sprintf("tie-%02d", i)
		s.Title = "Quetzal attachment in retrospect"
		s.Year = 2001 + 2*(i%2)
		src.Studies = append(src.Studies, &s)
	}
	ix, err := index.Open(context.Background(), t.TempDir(), index.Options{Logger: quiet()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	if _, err := ix.Sync(context.Background(), src); err != nil {
		t.Fatal(err)
	}
	return ix
}

// walk follows cursors from the first page to the last and returns every
// hit's id, checking what each page says along the way.
func walk(t *testing.T, ix *index.Index, r index.Request) []string {
	t.Helper()
	r.WantNext = true
	first := search(t, ix, r)
	var got []string
	for res, pages := first, 1; ; pages++ {
		got = append(got, ids(res)...)
		if res.Total != first.Total || res.Fuzzy != first.Fuzzy {
			t.Fatalf("page %d: total %d fuzzy %v, first page: total %d fuzzy %v", pages, res.Total, res.Fuzzy, first.Total, first.Fuzzy)
		}
		if res.Next == "" {
			break
		}
		if len(res.Hits) != r.Size {
			t.Fatalf("page %d has %d hits and a next cursor, want %d hits", pages, len(res.Hits), r.Size)
		}
		if pages > int(first.Total)+1 {
			t.Fatalf("%d pages for %d hits: the cursor does not advance", pages, first.Total)
		}
		next := r
		next.Cursor = res.Next
		res = search(t, ix, next)
		if res.Page != 0 || len(res.Facets) != 0 {
			t.Errorf("cursor page %d: page %d, %d facets; want page 0 and no facets", pages+1, res.Page, len(res.Facets))
		}
	}
	if len(first.Facets) == 0 {
		t.Error("the first page has no facets")
	}
	return got
}

// TestCursorWalkMatchesOneBigPage: following cursors a few hits at a time
// gives every hit once, in the order of one page holding them all, with
// ties in score, year and both, in every sort order.
func TestCursorWalkMatchesOneBigPage(t *testing.T) {
	ix := openTiedIndex(t)
	tests := []struct {
		name string
		r    index.Request
	}{
		{"twelve identical studies", index.Request{Query: "quetzal"}},
		{"varied scores with ties", index.Request{Query: "attachment"}},
		{"newest", index.Request{Query: "attachment", Sort: "newest"}},
		{"oldest", index.Request{Query: "attachment", Sort: "oldest"}},
		{"oldest of the ties", index.Request{Query: "quetzal", Sort: "oldest"}},
		{"no query", index.Request{}},
		{"exact field, one score for all", index.Request{Query: "design:longitudinal"}},
		{"filters", index.Request{Query: "secure", Topics: []string{"earned-security"}, YearFrom: 1995}},
		{"did you mean", index.Request{Query: "quetzl"}},
		{"typo-tolerant", index.Request{Query: "retrospect9"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			all := tt.r
			all.Size, all.WantNext = index.MaxSize, true
			want := search(t, ix, all)
			if want.Total < 5 || want.Total > index.MaxSize || want.Next != "" {
				t.Fatalf("%d hits (next %q): the test needs 5 to %d on one page", want.Total, want.Next, index.MaxSize)
			}
			plain := tt.r
			plain.Size = index.MaxSize
			if got := ids(search(t, ix, plain)); !slices.Equal(sorted(got), sorted(ids(want))) {
				t.Fatalf("without WantNext the search finds other studies:\n%v\nwant\n%v", got, ids(want))
			}
			for _, size := range []int{1, 3} {
				r := tt.r
				r.Size = size
				if got := walk(t, ix, r); !slices.Equal(got, ids(want)) {
					t.Errorf("size %d: cursor walk\n%v\nwant\n%v", size, got, ids(want))
				}
			}
		})
	}
}

// TestCursorFromNumberedPage: the next cursor of a numbered page continues
// where that page ends.
func TestCursorFromNumberedPage(t *testing.T) {
	ix := openTiedIndex(t)
	r := index.Request{Query: "attachment", Size: 4, Page: 3, WantNext: true}
	third := search(t, ix, r)
	r.Page, r.Cursor = 0, third.Next
	fourth := search(t, ix, r)
	want := search(t, ix, index.Request{Query: "attachment", Size: 4, Page: 4, WantNext: true})
	if !slices.Equal(ids(fourth), ids(want)) || len(want.Hits) == 0 {
		t.Errorf("after page 3: %v, want page 4 %v", ids(fourth), ids(want))
	}
}

// TestCursorErrors: a cursor that does not fit the search it is sent with
// is refused with a message saying why, never run.
func TestCursorErrors(t *testing.T) {
	ix, _ := MustOpenCorpusIndex(t)
	base := index.Request{Query: "attachment", Size: 3, WantNext: true, Topics: []string{"aai"}}
	next := search(t, ix, base).Next
	if next == "" {
		t.Fatal("no next cursor for a search with more than one page")
	}
	// tampered decodes the cursor, lets edit change it and encodes it again.
	tampered := func(edit func(map[string]any)) string {
		b, err := base64.RawURLEncoding.DecodeString(next)
		if err != nil {
			t.Fatal(err)
		}
		var c map[string]any
		if err := json.Unmarshal(b, &c); err != nil {
			t.Fatal(err)
		}
		edit(c)
		b, _ = json.Marshal(c)
		return base64.RawURLEncoding.EncodeToString(b)
	}
	const otherSearch = "this cursor belongs to a different search; start again without a cursor"
	tests := []struct {
		name string
		edit func(*index.Request)
		want string
	}{
		{"another query", func(r *index.Request) { r.Query = "security" }, otherSearch},
		{"another filter", func(r *index.Request) { r.Topics = []string{"aai", "earned-security"} }, otherSearch},
		{"another sort", func(r *index.Request) { r.Sort = "newest" }, otherSearch},
		{"drafts", func(r *index.Request) { r.Drafts = true }, otherSearch},
		{"with a page", func(r *index.Request) { r.Page = 2 }, "page and cursor cannot be combined"},
		{"not base64", func(r *index.Request) { r.Cursor = "not a cursor!" }, "cursor is not base64url"},
		{"not JSON", func(r *index.Request) { r.Cursor = base64.RawURLEncoding.EncodeToString([]byte("hello")) }, "cursor does not hold a position"},
		{"too long", func(r *index.Request) { r.Cursor = strings.Repeat("A", 5000) }, "cursor is longer than"},
		{"another version", func(r *index.Request) {
			r.Cursor = tampered(func(c map[string]any) { c["v"] = 99 })
		}, "cursor is from another version"},
		{"a score that is not a number", func(r *index.Request) {
			r.Cursor = tampered(func(c map[string]any) { c["after"].([]any)[0] = "NaN" })
		}, `cursor has "NaN" where a score belongs`},
		{"too few sort values", func(r *index.Request) {
			r.Cursor = tampered(func(c map[string]any) { c["after"] = c["after"].([]any)[:1] })
		}, "cursor has 1 sort values, the search sorts by 2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := base
			r.Cursor = next
			tt.edit(&r)
			_, err := ix.Search(context.Background(), r)
			var qe *index.QueryError
			if !errors.As(err, &qe) || !strings.Contains(qe.Msg, tt.want) {
				t.Errorf("error %v (%T), want a QueryError with %q", err, err, tt.want)
			}
		})
	}
	// Page size is not part of the search: a client may change it.
	r := base
	r.Cursor, r.Size = next, 5
	if res := search(t, ix, r); len(res.Hits) != 5 {
		t.Errorf("size 5 after a cursor: %d hits", len(res.Hits))
	}
}

// TestPageDepthErrorMentionsCursor: past the numbered pages, a caller that
// hands out cursors is told to use them; others to narrow the search.
func TestPageDepthErrorMentionsCursor(t *testing.T) {
	for _, wantNext := range []bool{true, false} {
		r := index.Request{Page: index.MaxFrom/index.DefaultSize + 2, WantNext: wantNext}
		err := r.Normalize()
		var qe *index.QueryError
		const want = "page on through the API with cursor: send cursor= (empty) with the first request"
		if !errors.As(err, &qe) || !strings.Contains(qe.Msg, want) {
			t.Errorf("WantNext %v: %v, want a QueryError with %q", wantNext, err, want)
		}
	}
	// The same depth through a cursor is fine: it is page 1 of what is left.
	if err := (&index.Request{Cursor: "x", Page: 1}).Normalize(); err != nil {
		t.Errorf("cursor with page 1: %v", err)
	}
}

// TestPageDepthCannotWrap: pages so deep that page times size passes the
// largest int are refused, not wrapped round to a page that looks fine.
func TestPageDepthCannotWrap(t *testing.T) {
	tests := []struct{ page, size int }{
		{math.MaxInt, 10}, {1844674407370955163, 10}, {math.MaxInt / 100, 100}, {index.MaxFrom/index.DefaultSize + 2, 0},
	}
	for _, tt := range tests {
		r := index.Request{Page: tt.page, Size: tt.size}
		var qe *index.QueryError
		if err := r.Normalize(); !errors.As(err, &qe) {
			t.Errorf("page %d size %d: %v; want a QueryError", tt.page, tt.size, err)
		}
	}
	last := index.Request{Page: index.MaxFrom/index.DefaultSize + 1}
	if err := last.Normalize(); err != nil {
		t.Errorf("the deepest numbered page: %v", err)
	}
}
