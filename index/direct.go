package index

import (
	"context"
	"fmt"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
)

// SearchDirect runs r the way a minimal Bleve application would, for the
// benchmark's baseline: the same compiled query (made of Bleve's own
// queries, searched by Bleve's own searchers), filters, sort and page on
// the same live index, in one Bleve request, with Bleve's own HTML
// highlighter (unless r.NoHighlight) and the same facets (unless
// r.NoFacets). It has none of litkb's extras: no "did you mean", no typo
// fallback, no best-matching finding, no escaping of its own. It answers
// only the total: what it costs is the point, not what it says.
func (ix *Index) SearchDirect(ctx context.Context, r Request) (uint64, error) {
	if err := r.Normalize(); err != nil {
		return 0, err
	}
	ast, err := Parse(r.Query)
	if err != nil {
		return 0, err
	}
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if ix.bi == nil {
		return 0, ErrNotReady
	}
	ast = ix.topics.expand(ast)
	uq, err := newCompiler(ix.bi.Mapping(), false).compile(ast)
	if err != nil {
		return 0, err
	}
	req := bleve.NewSearchRequestOptions(bleveQuery(ix.restrict(uq, r)), r.Size, (r.Page-1)*r.Size, false)
	req.SortBy(sortOrder(r.Sort, uq != nil))
	if !r.NoHighlight {
		req.Highlight = bleve.NewHighlightWithStyle("html")
		req.Highlight.AddField(fTitle)
		req.Highlight.AddField(fSummary)
		req.Fields = []string{fTitle, fSummary}
	}
	if !r.NoFacets {
		req.AddFacet(fFacet, facetRequest())
	}
	sr, err := ix.bi.SearchInContext(ctx, req)
	if err != nil {
		return 0, fmt.Errorf("index: search: %w", err)
	}
	return sr.Total, nil
}

// bleveQuery is q with every disjunctionQuery in it, at any depth, made
// Bleve's DisjunctionQuery with the same disjuncts and minimum, every
// required clause the conjunction of one that AddMust makes, and every
// excluded clause scored, as Bleve would search them.
func bleveQuery(q query.Query) query.Query {
	all := func(qs []query.Query) []query.Query {
		out := make([]query.Query, len(qs))
		for i, x := range qs {
			out[i] = bleveQuery(x)
		}
		return out
	}
	switch v := q.(type) {
	case required:
		return bleve.NewConjunctionQuery(bleveQuery(v.q))
	case excluded:
		return bleveQuery(v.q)
	case *prefixQuery:
		return v.PrefixQuery
	case *disjunctionQuery:
		d := bleve.NewDisjunctionQuery(all(v.disjuncts)...)
		d.SetMin(float64(v.min))
		return d
	case *query.DisjunctionQuery:
		d := bleve.NewDisjunctionQuery(all(v.Disjuncts)...)
		d.SetMin(v.Min)
		return d
	case *query.ConjunctionQuery:
		return bleve.NewConjunctionQuery(all(v.Conjuncts)...)
	case *query.BooleanQuery:
		b := bleve.NewBooleanQuery()
		if v.Must != nil {
			b.Must = bleveQuery(v.Must)
		}
		if v.Should != nil {
			b.Should = bleveQuery(v.Should)
		}
		if v.MustNot != nil {
			b.MustNot = bleveQuery(v.MustNot)
		}
		if v.Filter != nil {
			b.Filter = bleveQuery(v.Filter)
		}
		return b
	}
	return q
}
