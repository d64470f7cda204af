package index

import (
	"context"
	"encoding/json"
	"errors"
	"reflect"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/blevesearch/bleve/v2/search/searcher"
	index "github.com/blevesearch/bleve_index_api"
)

// pairedPhrase is a phrase query whose candidates come from its word
// pairs (pairs.go). It cannot be a Bleve conjunction of the two: after
// every hit a conjunction moves each of its parts on with Next, and a
// phrase searcher's Next checks the positions of every study that has
// the phrase's words until the next that has the phrase, which is the
// very scan the pairs are there to avoid. Here the phrase is only ever
// asked about the studies the pairs name (Advance), and it alone scores
// and locates, so hits, scores and highlights are the phrase's.
//
// A phrase of two words is its pair exactly: a study has "attachment
// security" where it has the pair. A search that wants no locations (the
// ranking pass) then skips the phrase's check of positions: a Bleve
// phrase scores as the conjunction of its words, which words is.
type pairedPhrase struct {
	phrase query.Query
	pairs  []query.Query // term queries on the phrase's field
	words  query.Query   // for a two-word phrase, the conjunction of its words, boosted as the phrase
}

func (q *pairedPhrase) MarshalJSON() ([]byte, error) {
	return json.Marshal(map[string]any{"paired_phrase": q.phrase, "pairs": q.pairs})
}

func (q *pairedPhrase) Searcher(ctx context.Context, r index.IndexReader, m mapping.IndexMapping, o search.SearcherOptions) (search.Searcher, error) {
	ph, err := q.phraseSearcher(ctx, r, m, o)
	if err != nil {
		return nil, err
	}
	// The pairs only select: no scores, no locations.
	po := o
	po.Score, po.IncludeTermVectors = "none", false
	var ps []search.Searcher
	for _, p := range q.pairs {
		s, err := p.Searcher(ctx, r, m, po)
		if err != nil {
			closeAll(append(ps, ph))
			return nil, err
		}
		ps = append(ps, s)
	}
	if isMatchNone(ph) {
		closeAll(ps)
		return ph, nil
	}
	var sel search.Searcher = ps[0]
	if len(ps) > 1 {
		if sel, err = searcher.NewConjunctionSearcher(ctx, r, ps, po); err != nil {
			closeAll(append(ps, ph))
			return nil, err
		}
	}
	if isMatchNone(sel) {
		closeAll([]search.Searcher{ph})
		return sel, nil
	}
	return &pairedSearcher{phrase: ph, pairs: sel}, nil
}

func (q *pairedPhrase) phraseSearcher(ctx context.Context, r index.IndexReader, m mapping.IndexMapping, o search.SearcherOptions) (search.Searcher, error) {
	if q.words != nil && !o.IncludeTermVectors {
		return q.words.Searcher(ctx, r, m, o)
	}
	return q.phrase.Searcher(ctx, r, m, o)
}

func isMatchNone(s search.Searcher) bool {
	_, ok := s.(*searcher.MatchNoneSearcher)
	return ok
}

func closeAll(ss []search.Searcher) {
	for _, s := range ss {
		_ = s.Close()
	}
}

// pairedSearcher steps through the pairs' studies and asks the phrase
// about each.
type pairedSearcher struct {
	phrase, pairs search.Searcher
	ahead         *search.DocumentMatch // a phrase hit beyond the last candidate, kept for the pairs to reach
	done          bool                  // the phrase has no more hits
}

func (s *pairedSearcher) Next(ctx *search.SearchContext) (*search.DocumentMatch, error) {
	c, err := s.pairs.Next(ctx)
	if err != nil || c == nil {
		return nil, err
	}
	return s.settle(ctx, c)
}

func (s *pairedSearcher) Advance(ctx *search.SearchContext, id index.IndexInternalID) (*search.DocumentMatch, error) {
	c, err := s.pairs.Advance(ctx, id)
	if err != nil || c == nil {
		return nil, err
	}
	return s.settle(ctx, c)
}

// settle returns the first phrase hit at or after the pairs' candidate c.
// The phrase is only advanced, to candidates, never stepped, so it skips
// what the pairs skip; a hit it finds further on is held until the pairs
// reach it (every phrase hit has its pairs).
func (s *pairedSearcher) settle(ctx *search.SearchContext, c *search.DocumentMatch) (*search.DocumentMatch, error) {
	for !s.done {
		if s.ahead == nil || s.ahead.IndexInternalID.Compare(c.IndexInternalID) < 0 {
			if s.ahead != nil {
				ctx.DocumentMatchPool.Put(s.ahead)
			}
			m, err := s.phrase.Advance(ctx, c.IndexInternalID)
			if err != nil {
				ctx.DocumentMatchPool.Put(c)
				return nil, err
			}
			s.ahead, s.done = m, m == nil
			continue
		}
		if s.ahead.IndexInternalID.Equals(c.IndexInternalID) {
			m := s.ahead
			s.ahead = nil
			ctx.DocumentMatchPool.Put(c)
			return m, nil
		}
		ctx.DocumentMatchPool.Put(c)
		var err error
		if c, err = s.pairs.Advance(ctx, s.ahead.IndexInternalID); err != nil || c == nil {
			return nil, err
		}
	}
	ctx.DocumentMatchPool.Put(c)
	return nil, nil
}

func (s *pairedSearcher) Weight() float64        { return s.phrase.Weight() }
func (s *pairedSearcher) SetQueryNorm(n float64) { s.phrase.SetQueryNorm(n) }
func (s *pairedSearcher) Count() uint64          { return s.pairs.Count() }
func (s *pairedSearcher) Min() int               { return 0 }
func (s *pairedSearcher) Close() error           { return errors.Join(s.phrase.Close(), s.pairs.Close()) }

// A search's pool must hold a held hit beside those of both parts.
func (s *pairedSearcher) DocumentMatchPoolSize() int {
	return s.phrase.DocumentMatchPoolSize() + s.pairs.DocumentMatchPoolSize() + 1
}

func (s *pairedSearcher) Size() int {
	return int(reflect.TypeFor[pairedSearcher]().Size()) + s.phrase.Size() + s.pairs.Size()
}
