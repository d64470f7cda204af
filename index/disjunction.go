package index

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"math"
	"reflect"
	"sort"

	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/blevesearch/bleve/v2/search/scorer"
	"github.com/blevesearch/bleve/v2/search/searcher"
	index "github.com/blevesearch/bleve_index_api"
)

// disjunctionQuery is Bleve's DisjunctionQuery, with the same hits and the
// same scores, searched with less work per hit. Every word of a search is
// a disjunction (one term per prose field) and so is a bag of words, and
// a search of common words steps through most of the corpus: in Bleve's
// searcher a fifth of that time went to finding, for every hit, which of
// its disjuncts are on the hit, comparing their document ids as byte
// slices. Here the ids are compared as the numbers they are (scorch's
// 8-byte document numbers), and with a minimum of matching disjuncts (a
// bag: all words but one) only the n-min+1 rarest disjuncts lead, since
// every hit matches one of them: the others are moved only to the
// documents the leaders name, as Lucene does.
type disjunctionQuery struct {
	disjuncts []query.Query
	min       int
}

// disjunction is bleve.NewDisjunctionQuery(qs...) with SetMin(min).
func disjunction(min int, qs ...query.Query) query.Query {
	return &disjunctionQuery{disjuncts: qs, min: min}
}

// MarshalJSON writes it as Bleve writes its DisjunctionQuery.
func (q *disjunctionQuery) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Disjuncts []query.Query `json:"disjuncts"`
		Min       float64       `json:"min"`
	}{q.disjuncts, float64(q.min)})
}

func (q *disjunctionQuery) Searcher(ctx context.Context, r index.IndexReader, m mapping.IndexMapping, o search.SearcherOptions) (search.Searcher, error) {
	if tqs, snap, ok := termsSearchable(ctx, r, q, o); ok {
		return newTermsSearcher(ctx, snap, tqs)
	}
	ss := make([]search.Searcher, 0, len(q.disjuncts))
	closeAll := func() {
		for _, s := range ss {
			_ = s.Close()
		}
	}
	for _, d := range q.disjuncts {
		s, err := d.Searcher(ctx, r, m, o)
		if err != nil {
			closeAll()
			return nil, err
		}
		if s != nil {
			ss = append(ss, s)
		}
	}
	_, scorchIDs := r.(*scorch.IndexSnapshot)
	unadorned := q.min <= 1 && o.Score == "none" && !o.IncludeTermVectors
	switch {
	case len(ss) == 0:
		return searcher.NewMatchNoneSearcher(r)
	case q.min > len(ss):
		closeAll() // as in Bleve's: no document matches more disjuncts than there are
		return searcher.NewMatchNoneSearcher(r)
	case !scorchIDs || unadorned || len(ss) > searcher.DisjunctionHeapTakeover:
		// Ids of another length, Bleve's optimisation for unscored
		// disjunctions, or Bleve's heap searcher (which adds the scores in
		// another order): Bleve's own searcher.
		return searcher.NewDisjunctionSearcher(context.WithValue(ctx, search.IncludeScoreBreakdownKey, false), r, ss, float64(q.min), o)
	}
	if windowable(ss) {
		return newBagSearcher(ss, q.min), nil
	}
	return newDisjunctionSearcher(ss, q.min, o), nil
}

// done is the key of a disjunct with no more matches.
const done = math.MaxUint64

// disjunctionSearcher finds what Bleve's DisjunctionSliceSearcher with the
// same minimum finds, and scores it alike: the disjuncts in the same order
// (sorted by Count, as Bleve sorts them), the same query norm, the same
// scorer over the matching disjuncts in that order.
type disjunctionSearcher struct {
	disjuncts
	currs    []*search.DocumentMatch // each searcher's current match; nil when done
	keys     []uint64                // its document number, or done
	lead     int                     // disjuncts[:lead] lead: every hit is a match of one of them
	min      int
	scorer   *scorer.DisjunctionQueryScorer
	matching []*search.DocumentMatch
	matchIdx []int
	cand     index.IndexInternalID
	started  bool
}

func newDisjunctionSearcher(ss []search.Searcher, min int, o search.SearcherOptions) *disjunctionSearcher {
	sorted := make(searcher.OrderedSearcherList, len(ss))
	copy(sorted, ss)
	sort.Sort(sorted)
	lead := len(ss) - max(min, 1) + 1
	for _, x := range sorted[lead:] {
		if _, ok := x.(*searcher.BooleanSearcher); ok {
			// Advanced, Bleve's boolean searcher also moves its optional
			// clause on when that clause is already at or past the target,
			// and so can miss its score on the next hit: such a disjunct is
			// stepped through, as Bleve's disjunction steps it.
			lead = len(ss)
		}
	}
	s := &disjunctionSearcher{
		disjuncts: disjuncts(sorted),
		currs:     make([]*search.DocumentMatch, len(ss)),
		keys:      make([]uint64, len(ss)),
		lead:      lead,
		min:       min,
		scorer:    scorer.NewDisjunctionQueryScorer(o),
		matching:  make([]*search.DocumentMatch, 0, len(ss)),
		matchIdx:  make([]int, 0, len(ss)),
	}
	s.SetQueryNorm(1 / math.Sqrt(s.Weight()))
	return s
}

func key(d *search.DocumentMatch) uint64 {
	if d == nil {
		return done
	}
	return binary.BigEndian.Uint64(d.IndexInternalID)
}

func (s *disjunctionSearcher) set(i int, d *search.DocumentMatch) {
	s.currs[i], s.keys[i] = d, key(d)
}

func (s *disjunctionSearcher) start(ctx *search.SearchContext) error {
	s.started = true
	for i, x := range s.disjuncts {
		d, err := x.Next(ctx)
		if err != nil {
			return err
		}
		s.set(i, d)
	}
	return nil
}

func (s *disjunctionSearcher) Next(ctx *search.SearchContext) (*search.DocumentMatch, error) {
	if !s.started {
		if err := s.start(ctx); err != nil {
			return nil, err
		}
	}
	for {
		// The candidate: the first document any leader is on.
		cand, at := uint64(done), -1
		for i, k := range s.keys[:s.lead] {
			if k < cand {
				cand, at = k, i
			}
		}
		if at < 0 {
			return nil, nil
		}
		if s.lead < len(s.disjuncts) {
			// The others catch up to it.
			s.cand = append(s.cand[:0], s.currs[at].IndexInternalID...)
			for i := s.lead; i < len(s.disjuncts); i++ {
				if s.keys[i] < cand {
					ctx.DocumentMatchPool.Put(s.currs[i])
					d, err := s.disjuncts[i].Advance(ctx, s.cand)
					if err != nil {
						return nil, err
					}
					s.set(i, d)
				}
			}
		}
		s.matching, s.matchIdx = s.matching[:0], s.matchIdx[:0]
		for i, k := range s.keys {
			if k == cand {
				s.matching = append(s.matching, s.currs[i])
				s.matchIdx = append(s.matchIdx, i)
			}
		}
		var rv *search.DocumentMatch
		if len(s.matching) >= s.min {
			rv = s.scorer.Score(ctx, s.matching, len(s.matching), len(s.disjuncts))
		}
		for _, i := range s.matchIdx {
			if s.currs[i] != rv {
				ctx.DocumentMatchPool.Put(s.currs[i])
			}
			d, err := s.disjuncts[i].Next(ctx)
			if err != nil {
				return nil, err
			}
			s.set(i, d)
		}
		if rv != nil {
			return rv, nil
		}
	}
}

func (s *disjunctionSearcher) Advance(ctx *search.SearchContext, id index.IndexInternalID) (*search.DocumentMatch, error) {
	if !s.started {
		if err := s.start(ctx); err != nil {
			return nil, err
		}
	}
	// Only the leaders: Next brings the others to the candidate.
	target := binary.BigEndian.Uint64(id)
	for i, k := range s.keys[:s.lead] {
		if k < target {
			ctx.DocumentMatchPool.Put(s.currs[i])
			d, err := s.disjuncts[i].Advance(ctx, id)
			if err != nil {
				return nil, err
			}
			s.set(i, d)
		}
	}
	return s.Next(ctx)
}

// disjuncts are a disjunction's searchers, in its order; what it says
// of itself is theirs summed in that order.
type disjuncts []search.Searcher

func (d disjuncts) Weight() float64 {
	var w float64
	for _, x := range d {
		w += x.Weight()
	}
	return w
}

func (d disjuncts) SetQueryNorm(norm float64) {
	for _, x := range d {
		x.SetQueryNorm(norm)
	}
}

// Count is at most the sum of the disjuncts' (Bleve's estimate too).
func (d disjuncts) Count() uint64 {
	var n uint64
	for _, x := range d {
		n += x.Count()
	}
	return n
}

func (s *disjunctionSearcher) Min() int { return s.min }

var sizeOfDisjunction = int(reflect.TypeFor[disjunctionSearcher]().Size())

func (s *disjunctionSearcher) Size() int {
	n := sizeOfDisjunction + s.scorer.Size() + len(s.cand) + 8*(cap(s.matchIdx)+cap(s.matching)+len(s.keys))
	for _, x := range s.disjuncts {
		n += x.Size()
	}
	for _, c := range s.currs {
		if c != nil {
			n += c.Size()
		}
	}
	return n
}

func (s *disjunctionSearcher) DocumentMatchPoolSize() int {
	n := len(s.currs)
	for _, x := range s.disjuncts {
		n += x.DocumentMatchPoolSize()
	}
	return n
}

func (s *disjunctionSearcher) Close() error {
	var first error
	for _, x := range s.disjuncts {
		if err := x.Close(); err != nil && first == nil {
			first = err
		}
	}
	return first
}
