package index

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"litkb/internal/study"
)

// Paging limits.
const (
	DefaultSize = 10
	MaxSize     = 100
	MaxFrom     = 10000 // deeper pages cost more than they are worth
)

// Sorts a request may ask for.
var Sorts = []string{"relevance", "newest", "oldest"}

// Request is one search: our query syntax plus filters, sort and page.
type Request struct {
	Query    string
	Topics   []string // every one must match
	Design   string
	Type     string
	YearFrom int
	YearTo   int
	Sort     string // relevance (default), newest, oldest
	Page     int    // from 1
	Size     int    // capped at MaxSize
	Drafts   bool   // include drafts and retracted studies (curators only)

	// The zero values give the full answer; a caller that shows less can
	// ask for less and pay for less.
	NoFacets    bool // leave Result.Facets empty
	NoHighlight bool // no TitleHTML, Snippet or best-matching Finding

	// Cursor paging (see cursor.go). WantNext fills Result.Next; it adds a
	// tiebreaker to the relevance sort, which costs a little on every hit,
	// so only callers that hand out cursors ask for it. Cursor continues
	// after the page that gave it, at any depth; Page must then be 1 or
	// unset, and Facets are left out (they were on the first page).
	WantNext bool
	Cursor   string
}

// Result is one page of study hits with facets over all of them.
type Result struct {
	Total      uint64 // every hit, on cursor pages too
	Page, Size int    // Page is 0 on a page reached through a cursor
	Took       time.Duration
	Hits       []Hit
	Facets     map[string][]FacetValue // topics, design, type, construct, year; shared between results: read only
	Suggestion string                  // "did you mean", when a word is not in the corpus
	Fuzzy      bool                    // hits came from the typo-tolerant fallback
	Next       string                  // the cursor of the following page; empty on the last page or without WantNext
}

// Hit is one matching study.
type Hit struct {
	ID        string
	Score     float64
	TitleHTML string // escaped title with <mark> around matches
	Snippet   string // escaped text with <mark> around matches
	Finding   *FindingMatch
}

// FindingMatch is the finding of a hit's study that best matched the query.
type FindingMatch struct {
	ID      string
	Snippet string
}

// FacetValue is one value of a facet and how many hits have it.
type FacetValue struct {
	Value string `json:"value"`
	Count int    `json:"count"`
}

// ErrNotReady is returned while no index is live.
var ErrNotReady = errors.New("index: not built yet")

// Normalize applies defaults and limits to r, returning an error a person
// can act on for values that cannot be used.
func (r *Request) Normalize() error {
	if r.Page == 0 {
		r.Page = 1
	}
	if r.Page < 0 {
		return &QueryError{Msg: "page must be 1 or more"}
	}
	if r.Cursor != "" && r.Page > 1 {
		return &QueryError{Msg: "page and cursor cannot be combined: the cursor already says where the page starts; leave page out"}
	}
	if r.Size == 0 {
		r.Size = DefaultSize
	}
	if r.Size < 0 {
		return &QueryError{Msg: "size must be 1 or more"}
	}
	r.Size = min(r.Size, MaxSize)
	if r.Page-1 > MaxFrom/r.Size { // divided, not multiplied: a huge page must not wrap round
		// Pages link no deeper; a person gets here by editing the URL, a
		// program by paging on, and the API can go further with a cursor.
		return &QueryError{Msg: fmt.Sprintf("page %d is deeper than numbered pages go (%d hits); narrow the search, or page on through the API with cursor: send cursor= (empty) with the first request, then each answer's next", r.Page, MaxFrom)}
	}
	if r.Sort == "" {
		r.Sort = "relevance"
	}
	if !slices.Contains(Sorts, r.Sort) {
		return &QueryError{Msg: fmt.Sprintf("sort %q is not one of: %s", r.Sort, strings.Join(Sorts, ", "))}
	}
	if r.YearFrom != 0 && r.YearTo != 0 && r.YearFrom > r.YearTo {
		return &QueryError{Msg: fmt.Sprintf("year_from %d is after year_to %d", r.YearFrom, r.YearTo)}
	}
	return nil
}

// Search runs r against the live index. A query syntax error is a
// *SyntaxError; other unusable input is a *QueryError.
func (ix *Index) Search(ctx context.Context, r Request) (*Result, error) {
	start := time.Now()
	if err := r.Normalize(); err != nil {
		return nil, err
	}
	ast, err := Parse(r.Query)
	if err != nil {
		return nil, err
	}
	var cur *cursor
	if r.Cursor != "" {
		if cur, err = decodeCursor(r.Cursor); err != nil {
			return nil, err
		}
		if cur.Search != fingerprint(r) || cur.Sort != r.Sort {
			return nil, errOtherSearch
		}
	}
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if ix.bi == nil {
		return nil, ErrNotReady
	}
	if plainQuery(r.Query) {
		ast = ix.intents.read(ast, ix.topics)
	}
	ast = ix.topics.expand(ast)

	if cur != nil {
		res, err := ix.searchAfter(ctx, r, ast, cur)
		if err != nil {
			return nil, err
		}
		res.Took = time.Since(start)
		return res, nil
	}
	res, err := ix.searchStudies(ctx, r, r.Query, ast, false, nil)
	if err != nil {
		return nil, err
	}
	if r.Query != "" {
		res.Suggestion = ix.suggest(ctx, r.Query)
	}
	// Nothing found: first the "did you mean" spelling, then typo-tolerant
	// matching of each word.
	if res.Total == 0 && res.Suggestion != "" {
		if sast, err := Parse(res.Suggestion); err == nil {
			sast = ix.intents.read(sast, ix.topics) // a suggestion is plain words
			if alt, err := ix.searchStudies(ctx, r, res.Suggestion, ix.topics.expand(sast), false, nil); err == nil && alt.Total > 0 {
				alt.Suggestion, alt.Fuzzy = res.Suggestion, true
				res = alt
			}
		}
	}
	if res.Total == 0 && hasPlainWords(ast) {
		fz, err := ix.searchStudies(ctx, r, r.Query, ast, true, nil)
		if err != nil {
			return nil, err
		}
		if fz.Total > 0 {
			fz.Fuzzy, fz.Suggestion = true, res.Suggestion
			res = fz
		}
	}
	res.Took = time.Since(start)
	return res, nil
}

// searchStudies runs ast (the query text, as parsed and expanded) with
// r's filters, sort and page, or the page after the sort values after (from
// a cursor). The caller holds the read lock.
func (ix *Index) searchStudies(ctx context.Context, r Request, text string, ast Node, fuzzy bool, after []string) (*Result, error) {
	c := newCompiler(ix.bi.Mapping(), fuzzy)
	uq, err := c.compile(ast)
	if err != nil {
		return nil, err
	}
	if uq == nil && ast != nil {
		return nil, &QueryError{Msg: "the query has only common words (the, of, and …); add a more specific word"}
	}
	// The ranking pass asks for no match locations and no stored fields:
	// Bleve would gather them for every matching document, not only for
	// the page. The page's snippets come from a second, narrow pass.
	var q query.Query = &parallelQuery{q: ix.restrict(uq, r), cores: ix.opts.SearchCores}
	order, size, from := sortOrder(r.Sort, uq != nil), r.Size, (r.Page-1)*r.Size
	cursored := r.WantNext || after != nil
	if cursored {
		// A cursor names a position in a total order; one hit more than
		// the page says whether there is a next page.
		order, size = uniqueOrder(order), size+1
	}
	req := bleve.NewSearchRequestOptions(q, size, from, false)
	req.SortBy(order)
	if after != nil {
		if err := checkAfter(order, after); err != nil {
			return nil, err
		}
		req.SetSearchAfter(after)
	}
	var facets map[string][]FacetValue
	var counted *facetCounts
	key := facetKey(text, fuzzy, r)
	if !r.NoFacets {
		if f, ok := ix.facets.get(ix.version, key); ok {
			facets = f
		} else {
			counted = new(facetCounts)
			req.Query = &countingQuery{q: q, tables: ix.tables, into: counted}
		}
	}
	sr, err := ix.bi.SearchInContext(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("index: search: %w", err)
	}
	res := &Result{Total: sr.Total, Page: r.Page, Size: r.Size, Facets: facets}
	if after != nil {
		res.Page = 0
	}
	hits := sr.Hits
	if cursored && len(hits) > r.Size {
		hits = hits[:r.Size]
		res.Next = nextCursor(r, text, fuzzy, order, hits[len(hits)-1])
	}
	switch {
	case r.NoFacets:
		res.Facets = map[string][]FacetValue{}
	case facets == nil:
		res.Facets = facetValues(counted.terms())
		if sr.Total >= facetCacheBroad {
			ix.facets.put(ix.version, key, res.Facets)
		}
	}
	res.Hits = make([]Hit, 0, len(hits))
	for _, h := range hits {
		res.Hits = append(res.Hits, Hit{ID: strings.TrimPrefix(h.ID, "s:"), Score: h.Score})
	}
	if !r.NoHighlight && len(res.Hits) > 0 {
		if err := ix.highlightPage(ctx, uq, question(ast), res); err != nil {
			return nil, err
		}
	}
	return res, nil
}

// highlightPage fills in the snippets of the page's hits and, for each,
// the finding whose own statement best matches the query, so a hit can
// show the number. It is one Bleve search restricted to the page's
// studies, with match locations: the ranking pass could not afford them.
func (ix *Index) highlightPage(ctx context.Context, uq query.Query, qn *Question, res *Result) error {
	docIDs := make([]string, len(res.Hits))
	for i, h := range res.Hits {
		docIDs[i] = studyDocID(h.ID)
	}
	var q query.Query = bleve.NewDocIDQuery(docIDs)
	if uq != nil {
		q = bleve.NewConjunctionQuery(uq, q)
	}
	req := bleve.NewSearchRequestOptions(q, len(docIDs), 0, false)
	req.IncludeLocations = uq != nil
	sr, err := ix.bi.SearchInContext(ctx, req)
	if err != nil {
		return fmt.Errorf("index: search page: %w", err)
	}
	byID := make(map[string]*search.DocumentMatch, len(sr.Hits))
	for _, h := range sr.Hits {
		byID[strings.TrimPrefix(h.ID, "s:")] = h
	}
	for i := range res.Hits {
		hit := &res.Hits[i]
		st, ok := ix.studies.get(hit.ID)
		h, found := byID[hit.ID]
		if !ok || !found {
			continue
		}
		hit.TitleHTML = highlight(st.Title, spans(h, fTitle), 0)
		hit.Snippet = bestSnippet(h, st)
		if n, sp := bestFinding(h, st, qn); n >= 0 {
			f := &st.Findings[n]
			hit.Finding = &FindingMatch{ID: f.ID, Snippet: highlight(f.Text, sp, 0)}
		}
	}
	return nil
}

// filters are the request's restrictions other than status, applied
// without scoring.
func (ix *Index) filters(r Request) []query.Query {
	var f []query.Query
	for _, t := range r.Topics {
		f = append(f, exact(fTopicID, t))
	}
	if r.Design != "" {
		f = append(f, exact(fDesign, r.Design))
	}
	if r.Type != "" {
		f = append(f, exact(fType, r.Type))
	}
	if r.YearFrom != 0 || r.YearTo != 0 {
		f = append(f, yearQuery(r.YearFrom, r.YearTo))
	}
	return f
}

// restrict limits q (nil: every study) to what r may see: its filters,
// and only published studies unless r.Drafts. "Published" is asked as "no
// other status": that term is in nearly every document, and stepping
// through it beside every hit was an eighth of a plain search at 100,000
// studies, where the few drafts and retractions are skipped cheaply. It
// relies on every indexed study having one of study.Statuses, which
// validation guarantees (a corpus never serves a study with problems).
func (ix *Index) restrict(q query.Query, r Request) query.Query {
	if q == nil {
		q = bleve.NewMatchAllQuery()
	}
	filters := ix.filters(r)
	if r.Drafts && len(filters) == 0 {
		return q
	}
	var not []query.Query
	if !r.Drafts {
		for _, s := range study.Statuses {
			if s != "published" {
				not = append(not, exact(fStatus, s))
			}
		}
	}
	b := boolean([]query.Query{q}, not)
	switch len(filters) {
	case 0:
	case 1:
		b.AddFilter(filters[0])
	default:
		b.AddFilter(bleve.NewConjunctionQuery(filters...))
	}
	return b
}

// sortOrder is the Bleve sort of a request. Relevance is the score alone
// when there is a score: any other key makes Bleve load that key for every
// hit, not only for the page, and equal scores are rare. Unscored searches
// and the year sorts end with the study id, so their pages are stable.
func sortOrder(s string, scored bool) []string {
	switch s {
	case "newest":
		return []string{"-" + fYearKey, "-_score", fStudy}
	case "oldest":
		return []string{fYearKey, "-_score", fStudy}
	}
	if !scored {
		return []string{"-" + fYearKey, fStudy}
	}
	return []string{"-_score"}
}

func hasPlainWords(n Node) bool {
	switch v := n.(type) {
	case Term:
		return !v.Prefix && (v.Field == "" || v.Field == "title" || v.Field == "journal")
	case And:
		return slices.ContainsFunc(v, hasPlainWords)
	case Loose:
		return slices.ContainsFunc(v, hasPlainWords)
	case Or:
		return slices.ContainsFunc(v, hasPlainWords)
	case Not:
		return false
	case Question:
		return hasPlainWords(v.Must)
	}
	return false
}
