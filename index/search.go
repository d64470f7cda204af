package index

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
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
}

// Result is one page of study hits with facets over all of them.
type Result struct {
	Total      uint64
	Page, Size int
	Took       time.Duration
	Hits       []Hit
	Facets     map[string][]FacetValue // topics, design, type, construct, year
	Suggestion string                  // "did you mean", when a word is not in the corpus
	Fuzzy      bool                    // hits came from the typo-tolerant fallback
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
	if r.Size == 0 {
		r.Size = DefaultSize
	}
	if r.Size < 0 {
		return &QueryError{Msg: "size must be 1 or more"}
	}
	r.Size = min(r.Size, MaxSize)
	if (r.Page-1)*r.Size > MaxFrom {
		return &QueryError{Msg: fmt.Sprintf("page %d is deeper than results are paged (%d hits); narrow the search", r.Page, MaxFrom)}
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
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if ix.bi == nil {
		return nil, ErrNotReady
	}
	ast = ix.topics.expand(ast)

	res, err := ix.searchStudies(ctx, r, ast, false)
	if err != nil {
		return nil, err
	}
	if r.Query != "" {
		res.Suggestion = ix.suggest(r.Query)
	}
	// Nothing found: first the "did you mean" spelling, then typo-tolerant
	// matching of each word.
	if res.Total == 0 && res.Suggestion != "" {
		if sast, err := Parse(res.Suggestion); err == nil {
			if alt, err := ix.searchStudies(ctx, r, ix.topics.expand(sast), false); err == nil && alt.Total > 0 {
				alt.Suggestion, alt.Fuzzy = res.Suggestion, true
				res = alt
			}
		}
	}
	if res.Total == 0 && hasPlainWords(ast) {
		fz, err := ix.searchStudies(ctx, r, ast, true)
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

func (ix *Index) searchStudies(ctx context.Context, r Request, ast Node, fuzzy bool) (*Result, error) {
	c := newCompiler(ix.bi.Mapping(), fuzzy)
	uq, err := c.compile(ast)
	if err != nil {
		return nil, err
	}
	if uq == nil && ast != nil {
		return nil, &QueryError{Msg: "the query has only common words (the, of, and …); add a more specific word"}
	}
	q := withFilters(uq, ix.filters(r, "study"))
	req := bleve.NewSearchRequestOptions(q, r.Size, (r.Page-1)*r.Size, false)
	req.SortBy(sortOrder(r.Sort))
	if !r.NoHighlight {
		req.IncludeLocations = true
		req.Fields = []string{fTitle, fSummary, fSample}
	}
	if !r.NoFacets {
		for name, f := range facetRequests() {
			req.AddFacet(name, f)
		}
	}
	sr, err := ix.bi.SearchInContext(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("index: search: %w", err)
	}
	res := &Result{Total: sr.Total, Page: r.Page, Size: r.Size, Facets: facetValues(sr.Facets)}
	var ids []string
	for _, h := range sr.Hits {
		id := strings.TrimPrefix(h.ID, "s:")
		ids = append(ids, id)
		hit := Hit{ID: id, Score: h.Score}
		if !r.NoHighlight {
			hit.TitleHTML = highlight(stored(h, fTitle), spans(h, fTitle), 0)
			hit.Snippet = bestSnippet(h)
		}
		res.Hits = append(res.Hits, hit)
	}
	if uq != nil && len(ids) > 0 && !r.NoHighlight {
		if err := ix.attachFindings(ctx, r, uq, ids, res); err != nil {
			return nil, err
		}
	}
	return res, nil
}

// attachFindings finds, for the studies on this page, the finding whose
// own statement best matches the query, so a hit can show the number.
func (ix *Index) attachFindings(ctx context.Context, r Request, uq query.Query, ids []string, res *Result) error {
	var in []query.Query
	for _, id := range ids {
		in = append(in, exact(fStudy, id))
	}
	f := ix.filters(r, "finding")
	f = append(f, bleve.NewDisjunctionQuery(in...))
	req := bleve.NewSearchRequestOptions(withFilters(uq, f), len(ids)*8, 0, false)
	req.IncludeLocations = true
	req.Fields = []string{fFinding}
	sr, err := ix.bi.SearchInContext(ctx, req)
	if err != nil {
		return fmt.Errorf("index: search findings: %w", err)
	}
	best := map[string]*search.DocumentMatch{}
	for _, h := range sr.Hits {
		if len(h.Locations[fFinding]) == 0 {
			continue // matched on a copied study field, not on the finding itself
		}
		sid, _, _ := strings.Cut(strings.TrimPrefix(h.ID, "f:"), "#")
		if b, ok := best[sid]; !ok || h.Score > b.Score {
			best[sid] = h
		}
	}
	for i := range res.Hits {
		h, ok := best[res.Hits[i].ID]
		if !ok {
			continue
		}
		_, fid, _ := strings.Cut(h.ID, "#")
		res.Hits[i].Finding = &FindingMatch{ID: fid, Snippet: highlight(stored(h, fFinding), spans(h, fFinding), 0)}
	}
	return nil
}

// filters are the request's restrictions, applied without scoring.
func (ix *Index) filters(r Request, kind string) []query.Query {
	f := []query.Query{exact(fKind, kind)}
	if !r.Drafts {
		f = append(f, exact(fStatus, "published"))
	}
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

func withFilters(q query.Query, filters []query.Query) query.Query {
	b := bleve.NewBooleanQuery()
	if q == nil {
		q = bleve.NewMatchAllQuery()
	}
	b.AddMust(q)
	b.AddFilter(bleve.NewConjunctionQuery(filters...))
	return b
}

func sortOrder(s string) []string {
	switch s {
	case "newest":
		return []string{"-" + fYear, "-_score", "_id"}
	case "oldest":
		return []string{fYear, "-_score", "_id"}
	}
	return []string{"-_score", "-" + fYear, "_id"}
}

// Decades for the year facet, newest first.
var decades = []struct {
	name     string
	from, to float64
}{
	{"2020-2029", 2020, 2030}, {"2010-2019", 2010, 2020}, {"2000-2009", 2000, 2010},
	{"1990-1999", 1990, 2000}, {"1980-1989", 1980, 1990}, {"1970-1979", 1970, 1980},
	{"1960-1969", 1960, 1970}, {"before 1960", 0, 1960},
}

// DecadeRange gives the years of a year-facet value, for turning a chosen
// facet back into year_from and year_to.
func DecadeRange(name string) (from, to int, ok bool) {
	for _, d := range decades {
		if d.name == name {
			return int(d.from), int(d.to) - 1, true
		}
	}
	return 0, 0, false
}

func facetRequests() map[string]*bleve.FacetRequest {
	years := bleve.NewFacetRequest(fYear, len(decades))
	for _, d := range decades {
		from, to := d.from, d.to
		if from == 0 {
			years.AddNumericRange(d.name, nil, &to)
		} else {
			years.AddNumericRange(d.name, &from, &to)
		}
	}
	return map[string]*bleve.FacetRequest{
		"topics":    bleve.NewFacetRequest(fTopicID, 100),
		"design":    bleve.NewFacetRequest(fDesign, 20),
		"type":      bleve.NewFacetRequest(fType, 10),
		"construct": bleve.NewFacetRequest(fConstruct, 50),
		"year":      years,
	}
}

// facetValues orders facet values by count, then value, so pages are stable
// (Bleve's order of equal counts is not).
func facetValues(fr search.FacetResults) map[string][]FacetValue {
	out := map[string][]FacetValue{}
	for name, f := range fr {
		vals := []FacetValue{}
		if f.Terms != nil {
			for _, t := range f.Terms.Terms() {
				vals = append(vals, FacetValue{Value: t.Term, Count: t.Count})
			}
		}
		for _, nr := range f.NumericRanges {
			if nr.Count > 0 {
				vals = append(vals, FacetValue{Value: nr.Name, Count: nr.Count})
			}
		}
		if name == "year" {
			slices.SortFunc(vals, func(a, b FacetValue) int { return cmp.Compare(b.Value, a.Value) })
		} else {
			slices.SortFunc(vals, func(a, b FacetValue) int {
				return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(a.Value, b.Value))
			})
		}
		out[name] = vals
	}
	return out
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
	}
	return false
}
