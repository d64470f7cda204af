package index

import (
	"context"
	"fmt"

	"github.com/blevesearch/bleve/v2"
)

// SearchDirect runs r the way a minimal Bleve application would, for the
// benchmark's baseline: the same compiled query, filters, sort and page on
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
	req := bleve.NewSearchRequestOptions(ix.restrict(uq, r), r.Size, (r.Page-1)*r.Size, false)
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
