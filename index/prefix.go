package index

import (
	"context"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"
)

// prefixQuery is Bleve's PrefixQuery ("attach*"), with the same hits and
// scores. Bleve expands a prefix into the field's terms that begin with
// it and searches their disjunction, one term searcher each: a prefix of
// common words steps through tens of thousands of postings that way, a
// match made, scored and compared for each. Most prefixes expand to a few
// terms, and a disjunction of a few terms is what litkb's disjunction
// searches in windows (termsearch.go) with Bleve's scores: the terms are
// searched as that disjunction, each term query with the prefix's field
// and boost, as Bleve makes its term searchers. More terms than it takes
// (maxTerms), or none, or only the prefix itself: Bleve's own searcher.
type prefixQuery struct {
	*query.PrefixQuery
}

func prefix(field, p string, boost float64) query.Query {
	q := bleve.NewPrefixQuery(p)
	q.SetField(field)
	q.SetBoost(boost)
	return &prefixQuery{q}
}

func (q *prefixQuery) Searcher(ctx context.Context, r index.IndexReader, m mapping.IndexMapping, o search.SearcherOptions) (search.Searcher, error) {
	field := q.FieldVal
	if field == "" {
		field = m.DefaultSearchField()
	}
	terms, err := prefixTerms(ctx, r, field, q.Prefix)
	if err != nil {
		return nil, err
	}
	if len(terms) == 0 || len(terms) > maxTerms || (len(terms) == 1 && terms[0] == q.Prefix) {
		return q.PrefixQuery.Searcher(ctx, r, m, o)
	}
	boost := q.BoostVal.Value()
	qs := make([]query.Query, len(terms))
	for i, t := range terms {
		tq := bleve.NewTermQuery(t)
		tq.SetField(field)
		tq.SetBoost(boost)
		qs[i] = tq
	}
	return disjunction(0, qs...).Searcher(ctx, r, m, o)
}

// prefixTerms are the terms of field that begin with p, in the order
// Bleve's prefix searcher takes them, up to one more than maxTerms; none
// when the search's context carries synonyms, which Bleve adds to them.
func prefixTerms(ctx context.Context, r index.IndexReader, field, p string) (terms []string, err error) {
	if ctx.Value(search.FieldTermSynonymMapKey) != nil {
		return nil, nil
	}
	d, err := r.FieldDictPrefix(field, []byte(p))
	if err != nil {
		return nil, err
	}
	defer func() {
		if cerr := d.Close(); cerr != nil && err == nil {
			err = cerr
		}
	}()
	seen := map[string]bool{}
	for len(terms) <= maxTerms {
		e, err := d.Next()
		if err != nil {
			return nil, err
		}
		if e == nil {
			break
		}
		if !seen[e.Term] {
			seen[e.Term] = true
			terms = append(terms, e.Term)
		}
	}
	return terms, nil
}
