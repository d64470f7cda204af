package index

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/blevesearch/bleve/v2/search"
)

// Cursor paging, the way Elasticsearch's search_after works: a cursor
// holds the sort values of the last hit of a page, and the following page
// is the hits that sort after them. Unlike numbered pages it costs the same
// at any depth, so it has no MaxFrom limit. Nothing is held open between
// requests: a study added or changed between two pages may be missed or
// seen twice.
//
// A cursor is base64url of a small JSON object. It grants nothing: filters,
// drafts and size come from the request it is sent with, and its
// fingerprint only catches a cursor sent with another search by mistake.

// cursorVersion changes whenever the cursor's meaning changes; an older
// cursor is refused, never misread.
const cursorVersion = 1

// maxCursorLen bounds what we decode from the client; real cursors are a
// few hundred characters.
const maxCursorLen = 2048

// idSort is the tiebreaker of cursor sorts: Bleve's document id. It is
// unique, and it costs less per hit than the study_id doc values.
const idSort = "_id"

type cursor struct {
	Version int      `json:"v"`
	Search  string   `json:"search"` // fingerprint of query, filters and sort
	Sort    string   `json:"sort"`
	After   []string `json:"after"`           // the last hit's sort values
	Alt     string   `json:"alt,omitempty"`   // the "did you mean" text the first page was answered from
	Fuzzy   bool     `json:"fuzzy,omitempty"` // the first page came from the typo-tolerant pass
}

func (c *cursor) encode() string {
	b, _ := json.Marshal(c) // cannot fail: strings, ints and a bool
	return base64.RawURLEncoding.EncodeToString(b)
}

func badCursor(problem string) error {
	return &QueryError{Msg: "cursor " + problem + "; send the next value of the previous answer unchanged, or start again without a cursor"}
}

// errOtherSearch is a well-formed cursor sent with another query, other
// filters or another sort than the search that gave it.
var errOtherSearch = &QueryError{Msg: "this cursor belongs to a different search; start again without a cursor"}

// decodeCursor reads a cursor sent by a client. Anything unusable is a
// *QueryError saying what is wrong with it.
func decodeCursor(s string) (*cursor, error) {
	if len(s) > maxCursorLen {
		return nil, badCursor(fmt.Sprintf("is longer than %d characters", maxCursorLen))
	}
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return nil, badCursor("is not base64url")
	}
	var c cursor
	if err := json.Unmarshal(b, &c); err != nil {
		return nil, badCursor("does not hold a position")
	}
	switch {
	case c.Version != cursorVersion:
		return nil, badCursor("is from another version of this service")
	case len(c.After) == 0:
		return nil, badCursor("does not hold a position")
	case !slices.Contains(Sorts, c.Sort):
		return nil, badCursor(fmt.Sprintf("names an unknown sort %q", c.Sort))
	}
	return &c, nil
}

// fingerprint identifies what a request searches for and in which order;
// not the page size, which may change from page to page.
func fingerprint(r Request) string {
	b, _ := json.Marshal([]any{r.Query, slices.Sorted(slices.Values(r.Topics)), r.Design, r.Type, r.YearFrom, r.YearTo, r.Sort, r.Drafts}) // cannot fail
	sum := sha256.Sum256(b)
	return base64.RawURLEncoding.EncodeToString(sum[:12])
}

// uniqueOrder makes a sort total. Hits with equal sort values would be
// skipped or repeated across cursor pages: Bleve breaks such ties by
// position in the index, which a cursor cannot name. The year sorts and
// unscored searches already end with the study id.
func uniqueOrder(order []string) []string {
	if last := order[len(order)-1]; last == fStudy || last == idSort {
		return order
	}
	return append(slices.Clip(order), idSort)
}

func isScore(key string) bool { return strings.TrimPrefix(key, "-") == "_score" }

// afterValues is what SearchAfter needs to continue after h. For _score,
// Bleve's hit carries the literal "_score" as its sort value, and Bleve
// reads the score of SearchAfter with strconv.ParseFloat: the shortest
// formatting that parses back to exactly h.Score.
func afterValues(order []string, h *search.DocumentMatch) []string {
	vals := make([]string, len(order))
	for i, key := range order {
		if isScore(key) {
			vals[i] = strconv.FormatFloat(h.Score, 'g', -1, 64)
		} else if i < len(h.Sort) {
			vals[i] = h.Sort[i]
		}
	}
	return vals
}

// checkAfter refuses what Bleve would misread: a cursor's values must fit
// the sort (Bleve answers a length mismatch with an error, and silently
// uses score 0 for a score it cannot parse).
func checkAfter(order, after []string) error {
	if len(after) != len(order) {
		return badCursor(fmt.Sprintf("has %d sort values, the search sorts by %d", len(after), len(order)))
	}
	for i, key := range order {
		if !isScore(key) {
			continue
		}
		f, err := strconv.ParseFloat(after[i], 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			return badCursor(fmt.Sprintf("has %q where a score belongs", after[i]))
		}
	}
	return nil
}

// searchAfter answers the page after c: the pass the first page was
// answered from (as typed, "did you mean" or typo-tolerant), from where c
// ends. Facets are left out: the first page had them, and they are the
// same on every page. The caller holds the read lock.
func (ix *Index) searchAfter(ctx context.Context, r Request, ast Node, c *cursor) (*Result, error) {
	text, fuzzy := r.Query, c.Fuzzy
	if c.Alt != "" {
		alt, err := Parse(c.Alt)
		if err != nil {
			return nil, badCursor("holds a query that does not parse")
		}
		text, ast = c.Alt, ix.topics.expand(alt)
	}
	r.NoFacets = true
	res, err := ix.searchStudies(ctx, r, text, ast, fuzzy, c.After)
	if err != nil {
		return nil, err
	}
	res.Fuzzy = fuzzy || c.Alt != ""
	if r.Query != "" {
		res.Suggestion = ix.suggest(ctx, r.Query)
	}
	return res, nil
}

// nextCursor is the cursor of the page after the one ending with last.
func nextCursor(r Request, text string, fuzzy bool, order []string, last *search.DocumentMatch) string {
	c := cursor{Version: cursorVersion, Search: fingerprint(r), Sort: r.Sort, After: afterValues(order, last), Fuzzy: fuzzy}
	if text != r.Query {
		c.Alt = text
	}
	return c.encode()
}
