package index

import (
	"context"
	"encoding/json"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/blevesearch/bleve/v2/search/searcher"
	index "github.com/blevesearch/bleve_index_api"
)

// boolean is a BooleanQuery of documents that match every query of must
// (every document when there is none) and none of not, with Bleve's hits
// and scores and less work per hit (see required and excluded).
func boolean(must, not []query.Query) *query.BooleanQuery {
	b := bleve.NewBooleanQuery()
	switch len(must) {
	case 0:
		b.Must = required{bleve.NewMatchAllQuery()}
	case 1:
		b.Must = required{must[0]}
	default:
		b.AddMust(must...)
	}
	if len(not) > 0 {
		b.MustNot = excluded{disjunction(0, not...)}
	}
	return b
}

// required is q as the one must clause of a BooleanQuery, without the
// conjunction of one clause that AddMust wraps it in, which scores every
// hit again for nothing (a twelfth of a search of common words at 100,000
// studies). A query that can match nothing stays one: Bleve's
// BooleanQuery takes a MatchNoneSearcher for "no must clause", and its
// filters and exclusions would then apply to every study.
type required struct{ q query.Query }

func (r required) MarshalJSON() ([]byte, error) { return json.Marshal(r.q) }

func (r required) Searcher(ctx context.Context, ir index.IndexReader, m mapping.IndexMapping, o search.SearcherOptions) (search.Searcher, error) {
	s, err := r.q.Searcher(ctx, ir, m, o)
	if none, ok := s.(*searcher.MatchNoneSearcher); ok {
		return nothing{none}, err
	}
	return s, err
}

// nothing matches nothing, and is not a MatchNoneSearcher.
type nothing struct{ *searcher.MatchNoneSearcher }

// excluded is q as the must-not clause of a BooleanQuery: searched
// unscored, since an excluded document is only skipped (Bleve leaves the
// must-not clause out of the scores). Unscored, Bleve merges a disjunction
// of terms into one list of documents, so "NOT attachment" checks each
// study against one list instead of stepping seven scored term lists.
type excluded struct{ q query.Query }

func (e excluded) MarshalJSON() ([]byte, error) { return json.Marshal(e.q) }

func (e excluded) Searcher(ctx context.Context, ir index.IndexReader, m mapping.IndexMapping, _ search.SearcherOptions) (search.Searcher, error) {
	return e.q.Searcher(ctx, ir, m, search.SearcherOptions{Score: "none"})
}
