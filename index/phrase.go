package index

import (
	"context"
	"math"
	"reflect"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/blevesearch/bleve/v2/search/searcher"
	index "github.com/blevesearch/bleve_index_api"
)

// exactPhrase is a phrase searched as Bleve searches it (a conjunction of
// its words, each study's positions then checked, the same hits, scores
// and locations) without Bleve's check's allocations: for every study
// with all the words it built a map of each field's terms and locations,
// and "state of mind" has all its words in 45,000 of 96,000 studies at
// 100,000, where the maps were a third of the search. Its JSON is the
// Bleve phrase query's.
type exactPhrase struct {
	*query.MatchPhraseQuery
	// terms are the analysed words by position from the first; "" where
	// the analyser removed one (a stopword), which any word matches, as in
	// Bleve.
	terms []string
}

// newExactPhrase is pq as an exactPhrase; toks are its text analysed by
// its Analyzer. Nil when a position holds two tokens, which Bleve matches
// by a disjunction this does not do.
func newExactPhrase(pq *query.MatchPhraseQuery, toks analysis.TokenStream) *exactPhrase {
	if len(toks) == 0 {
		return nil
	}
	first, last := toks[0].Position, toks[0].Position
	for _, t := range toks {
		first, last = min(first, t.Position), max(last, t.Position)
	}
	terms := make([]string, last-first+1)
	for _, t := range toks {
		if terms[t.Position-first] != "" || len(t.Term) == 0 {
			return nil
		}
		terms[t.Position-first] = string(t.Term)
	}
	return &exactPhrase{MatchPhraseQuery: pq, terms: terms}
}

func (q *exactPhrase) Searcher(ctx context.Context, r index.IndexReader, _ mapping.IndexMapping, o search.SearcherOptions) (search.Searcher, error) {
	field := q.FieldVal
	if snap, ok := phraseReadable(ctx, r, o); ok {
		return newPhraseReader(ctx, snap, field, q.terms, q.BoostVal.Value())
	}
	o.IncludeTermVectors = true
	var words []search.Searcher
	for _, t := range q.terms {
		if t == "" {
			continue
		}
		s, err := searcher.NewTermSearcher(ctx, r, t, field, q.BoostVal.Value(), o)
		if err != nil {
			closeAll(words)
			return nil, err
		}
		words = append(words, s)
	}
	must, err := searcher.NewConjunctionSearcher(ctx, r, words, o)
	if err != nil {
		closeAll(words)
		return nil, err
	}
	// Bleve's phrase normalises its conjunction, until a query around it
	// sets the norm.
	must.SetQueryNorm(1 / math.Sqrt(must.Weight()))
	return &phraseSearcher{must: must, terms: q.terms}, nil
}

// phraseSearcher returns the conjunction's studies whose positions hold
// the phrase, each with the locations of its occurrences only.
type phraseSearcher struct {
	must  search.Searcher
	terms []string
	// scratch: one occurrence's locations, all kept, and their copies
	at, keep []int
	vals     []search.FieldTermLocation
	flat     []uint64
	ends     []int
}

func (s *phraseSearcher) Next(ctx *search.SearchContext) (*search.DocumentMatch, error) {
	m, err := s.must.Next(ctx)
	return s.settle(ctx, m, err)
}

func (s *phraseSearcher) Advance(ctx *search.SearchContext, id index.IndexInternalID) (*search.DocumentMatch, error) {
	m, err := s.must.Advance(ctx, id)
	return s.settle(ctx, m, err)
}

// settle returns m, or the first study after it, that has the phrase.
func (s *phraseSearcher) settle(ctx *search.SearchContext, m *search.DocumentMatch, err error) (*search.DocumentMatch, error) {
	for m != nil && err == nil {
		if s.check(m) {
			return m, nil
		}
		ctx.DocumentMatchPool.Put(m)
		m, err = s.must.Next(ctx)
	}
	return nil, err
}

// check keeps in m the locations of every occurrence of the phrase, and
// says whether there is one: its first word somewhere, each other word
// at as many positions further on, in the same field and the same value
// of a field of many (findPhrasePaths in Bleve, with no slop).
func (s *phraseSearcher) check(m *search.DocumentMatch) bool {
	locs := m.FieldTermLocations
	s.keep = s.keep[:0]
	for i := range locs {
		start := &locs[i]
		if start.Term != s.terms[0] {
			continue
		}
		s.at = append(s.at[:0], i)
		for k := 1; k < len(s.terms) && len(s.at) > 0; k++ {
			if s.terms[k] == "" {
				continue
			}
			j := s.find(locs, start, k)
			if j < 0 {
				s.at = s.at[:0]
				break
			}
			s.at = append(s.at, j)
		}
		s.keep = append(s.keep, s.at...)
	}
	if len(s.keep) == 0 {
		return false
	}
	// The kept locations go back into m's slots, in order, each slot
	// keeping its own array positions: the pool hands m out again, and
	// Bleve then refills each slot's array in place, so no two slots may
	// share one (copied whole, they did, and one study's positions were
	// overwritten by another's).
	s.vals, s.flat, s.ends = s.vals[:0], s.flat[:0], s.ends[:0]
	for _, j := range s.keep {
		s.vals = append(s.vals, locs[j])
		s.flat = append(s.flat, locs[j].Location.ArrayPositions...)
		s.ends = append(s.ends, len(s.flat))
	}
	out, from := locs[:0], 0
	for i, v := range s.vals {
		var ap search.ArrayPositions
		if to := s.ends[i]; to > from {
			if i < cap(locs) {
				ap = locs[:i+1][i].Location.ArrayPositions[:0]
			}
			ap = append(ap, s.flat[from:to]...)
			from = to
		}
		v.Location.ArrayPositions = ap
		out = append(out, v)
	}
	m.FieldTermLocations = out
	return true
}

// find is the index in locs of the k-th word of the phrase that starts
// at start, or -1.
func (s *phraseSearcher) find(locs []search.FieldTermLocation, start *search.FieldTermLocation, k int) int {
	pos := start.Location.Pos + uint64(k)
	for j := range locs {
		l := &locs[j]
		if l.Location.Pos == pos && l.Term == s.terms[k] && l.Field == start.Field && l.Location.ArrayPositions.Equals(start.Location.ArrayPositions) {
			return j
		}
	}
	return -1
}

func (s *phraseSearcher) Weight() float64            { return s.must.Weight() }
func (s *phraseSearcher) SetQueryNorm(n float64)     { s.must.SetQueryNorm(n) }
func (s *phraseSearcher) Count() uint64              { return s.must.Count() }
func (s *phraseSearcher) Min() int                   { return 0 }
func (s *phraseSearcher) Close() error               { return s.must.Close() }
func (s *phraseSearcher) DocumentMatchPoolSize() int { return s.must.DocumentMatchPoolSize() + 1 }
func (s *phraseSearcher) Size() int {
	return int(reflect.TypeFor[phraseSearcher]().Size()) + s.must.Size()
}
