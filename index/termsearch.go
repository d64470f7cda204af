package index

import (
	"context"
	"math"
	"reflect"
	"sort"

	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/blevesearch/bleve/v2/search/scorer"
	index "github.com/blevesearch/bleve_index_api"
	segment "github.com/blevesearch/scorch_segment_api/v2"
	zap "github.com/blevesearch/zapx/v17"
)

// A word is a disjunction of one term per prose field, and a search of
// common words steps through most postings of each: Bleve's term
// searcher makes a document match of every posting (taken from the pool,
// scored, compared and put back by the disjunction above it), and its
// reader computes each posting's norm with a square root. termsSearcher
// reads the terms' postings itself, segment by segment, a window of
// documents at a time (window.go), and makes one match per document: the
// same hits with the same scores, as Bleve's term searchers under litkb's
// disjunction give them (the same order of the terms, the same arithmetic
// in the same order; a test holds the two to each other on every
// benchmark query).

// termsSearchable says whether q's disjuncts can be searched as one: all
// single terms, scored as Bleve scores them by default (TF-IDF), without
// locations, on a scorch index.
func termsSearchable(ctx context.Context, r index.IndexReader, q *disjunctionQuery, o search.SearcherOptions) ([]*query.TermQuery, *scorch.IndexSnapshot, bool) {
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok || o.Score == "none" || o.Explain || o.IncludeTermVectors || q.min > 1 || len(q.disjuncts) == 0 || len(q.disjuncts) > maxTerms {
		return nil, nil, false
	}
	if model, ok := ctx.Value(search.GetScoringModelCallbackKey).(search.GetScoringModelCallbackFn); ok && model() == index.BM25Scoring {
		return nil, nil, false
	}
	if ctx.Value(search.FieldTermSynonymMapKey) != nil {
		return nil, nil, false
	}
	tqs := make([]*query.TermQuery, len(q.disjuncts))
	for i, d := range q.disjuncts {
		tq, ok := d.(*query.TermQuery)
		if !ok || tq.FieldVal == "" {
			return nil, nil, false
		}
		tqs[i] = tq
	}
	return tqs, snap, true
}

// maxTerms: Bleve's disjunction takes another searcher (a heap) from
// more disjuncts on, which adds the scores in another order.
const maxTerms = 10

// termPostings is one term's postings in one field, across the segments.
type termPostings struct {
	boost, idf, weight float64 // weight: boost × idf × the query norm, as Bleve's scorer has it
	count              uint64  // postings of live documents: Bleve's Count
	its                []segment.PostingsIterator
	offs               []uint64        // each segment's first document number
	seg                int             // the segment it reads
	doc, freq          uint64          // the current posting's document number (or done) and frequency
	norm               float64         // and its norm
	b                  *postingBatch   // postings read ahead, when its are zap's (postbatch.go)
	p                  segment.Posting // the current posting when read one at a time, valid until t moves (a phrase reads its positions)
}

type termsSearcher struct {
	terms   []*termPostings // sorted by count, as Bleve's disjunction sorts its searchers
	slotted                 // its window (window.go)
	win     windowed        // read as the root of the search (a bag reads its words itself)
}

func newTermsSearcher(ctx context.Context, snap *scorch.IndexSnapshot, tqs []*query.TermQuery) (*termsSearcher, error) {
	o, err := openSnapshot(snap)
	if err != nil {
		return nil, err
	}
	s := &termsSearcher{terms: make([]*termPostings, len(tqs))}
	s.win.root = s
	for i, tq := range tqs {
		if s.terms[i], err = o.term(ctx, tq.FieldVal, tq.Term, tq.BoostVal.Value(), false); err != nil {
			return nil, err
		}
	}
	sort.Sort(byCount(s.terms))
	s.SetQueryNorm(1 / math.Sqrt(s.Weight()))
	for _, t := range s.terms {
		t.batched()
		if err := t.next(); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// opened is a snapshot whose terms' postings are read segment by
// segment, its documents numbered across them as scorch numbers them.
type opened struct {
	segs     []*scorch.SegmentSnapshot
	offs     []uint64 // each segment's first document number
	docTotal uint64
}

func openSnapshot(snap *scorch.IndexSnapshot) (*opened, error) {
	docTotal, err := snap.DocCount()
	if err != nil {
		return nil, err
	}
	o := &opened{segs: snap.Segments(), docTotal: docTotal}
	o.offs = make([]uint64, len(o.segs))
	var running uint64
	for i, s := range o.segs {
		o.offs[i] = running
		running += s.Segment().Count()
	}
	return o, nil
}

// term opens term's postings in field, as Bleve's term searcher with
// boost would read them (with positions when locs), not yet on any.
func (o *opened) term(ctx context.Context, field, term string, boost float64, locs bool) (*termPostings, error) {
	if err := search.RecordTermSearcher(ctx); err != nil {
		return nil, err
	}
	t := &termPostings{boost: boost, its: make([]segment.PostingsIterator, len(o.segs)), offs: o.offs}
	for k, ss := range o.segs {
		dict, err := ss.Segment().Dictionary(field)
		if err != nil {
			return nil, err
		}
		pl, err := dict.PostingsList([]byte(term), ss.Deleted(), nil)
		if err != nil {
			return nil, err
		}
		t.count += pl.Count()
		t.its[k] = pl.Iterator(true, true, locs, nil)
	}
	// As scorer.NewTermQueryScorer computes it.
	t.idf = 1.0 + math.Log(float64(o.docTotal)/float64(t.count+1.0))
	t.weight = 1.0
	return t, nil
}

// byCount sorts as searcher.OrderedSearcherList does, so that equal
// counts end in the same order.
type byCount []*termPostings

func (b byCount) Len() int           { return len(b) }
func (b byCount) Less(i, j int) bool { return b[i].count < b[j].count }
func (b byCount) Swap(i, j int)      { b[i], b[j] = b[j], b[i] }

// next moves t to its next posting.
func (t *termPostings) next() error {
	if t.b != nil {
		return t.nextBatched()
	}
	for ; t.seg < len(t.its); t.seg++ {
		if ok, err := t.step(); err != nil || ok {
			return err
		}
	}
	t.doc = done
	return nil
}

// step reads the next posting of the segment t is in; false at its end.
func (t *termPostings) step() (bool, error) {
	p, err := t.its[t.seg].Next()
	if err != nil || p == nil {
		return false, err
	}
	t.set(p)
	return true, nil
}

// advance moves t to its first posting at or after the document target
// (past its current one).
func (t *termPostings) advance(target uint64) error {
	for t.seg+1 < len(t.its) && t.offs[t.seg+1] <= target {
		t.seg++ // the target is in a later segment: this one's rest is skipped
		if t.b != nil {
			t.b.at, t.b.n, t.b.size = 0, 0, batchMin
		}
	}
	if t.b != nil && t.advanceBatched(target) {
		return nil
	}
	if t.seg < len(t.its) && target >= t.offs[t.seg] {
		p, err := t.its[t.seg].Advance(target - t.offs[t.seg])
		if err != nil {
			return err
		}
		if p != nil {
			t.set(p)
			return nil
		}
		t.seg++
	}
	return t.next()
}

// set reads p, a zap posting read by its own methods, which are called
// directly (not through the interface) for each of a search's postings.
func (t *termPostings) set(p segment.Posting) {
	t.p = p
	if zp, ok := p.(*zap.Posting); ok {
		t.doc, t.freq, t.norm = t.offs[t.seg]+zp.Number(), zp.Frequency(), norm(zp.NormUint64())
		return
	}
	t.doc, t.freq, t.norm = t.offs[t.seg]+p.Number(), p.Frequency(), p.Norm()
}

// score is scorer.TermQueryScorer's TF-IDF score of the current posting,
// with its norm as zap's Posting.Norm computes it.
func (t *termPostings) score() float64 {
	var tf float64
	if t.freq < scorer.MaxSqrtCache {
		tf = scorer.SqrtCache[int(t.freq)]
	} else {
		tf = math.Sqrt(float64(t.freq))
	}
	score := tf * t.norm * t.idf
	if t.weight != 1.0 {
		score = score * t.weight
	}
	return score
}

// norm is zap's Posting.Norm of a field of length terms,
// float64(float32(1/√length)), from a table for common lengths.
func norm(length uint64) float64 {
	if length < uint64(len(normTable)) {
		return normTable[length]
	}
	return float64(float32(1.0 / math.Sqrt(float64(length))))
}

var normTable = func() (t [4096]float64) {
	for i := range t {
		t[i] = float64(float32(1.0 / math.Sqrt(float64(i))))
	}
	return t
}()

func (s *termsSearcher) Next(ctx *search.SearchContext) (*search.DocumentMatch, error) {
	return s.win.step(ctx)
}

func (s *termsSearcher) Advance(ctx *search.SearchContext, id index.IndexInternalID) (*search.DocumentMatch, error) {
	return s.win.skip(ctx, id)
}

func (s *termsSearcher) Weight() float64        { return weightOf(s.terms) }
func (s *termsSearcher) SetQueryNorm(n float64) { setQueryNorm(s.terms, n) }
func (s *termsSearcher) Count() uint64          { return countOf(s.terms) }

// weightOf is the sum of terms' (boost × idf)², in their order: the
// Weight of Bleve's disjunction or conjunction of their term searchers.
func weightOf(terms []*termPostings) float64 {
	var w float64
	for _, t := range terms {
		sum := t.boost * t.idf
		w += sum * sum
	}
	return w
}

func setQueryNorm(terms []*termPostings, n float64) {
	for _, t := range terms {
		t.weight = t.boost * t.idf * n
	}
}

// countOf is the sum of terms' counts (Bleve's estimate too).
func countOf(terms []*termPostings) uint64 {
	var n uint64
	for _, t := range terms {
		n += t.count
	}
	return n
}

func (s *termsSearcher) Min() int                   { return 0 }
func (s *termsSearcher) DocumentMatchPoolSize() int { return 1 }

func (s *termsSearcher) Close() error {
	s.release()
	return nil
}

// release gives back the window (window.go) and the terms' batches.
func (s *termsSearcher) release() {
	s.slotted.release()
	for _, t := range s.terms {
		t.releaseBatch()
	}
}

var sizeOfTermsSearcher = int(reflect.TypeFor[termsSearcher]().Size())

func (s *termsSearcher) Size() int {
	n := sizeOfTermsSearcher + sizeOfWindowed
	for _, t := range s.terms {
		n += int(reflect.TypeFor[termPostings]().Size()) + 8*len(t.offs)
		for _, it := range t.its {
			n += it.Size()
		}
		if t.b != nil {
			n += sizeOfBatch
		}
	}
	return n
}
