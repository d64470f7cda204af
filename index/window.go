package index

import (
	"encoding/binary"
	"reflect"
	"sync"

	"github.com/blevesearch/bleve/v2/search"
	index "github.com/blevesearch/bleve_index_api"
)

// A search of common words visits most of the corpus, and finding, for
// every document, which of its words' terms are on it (comparisons with
// the candidate, mispredicted half the time, and a document match made,
// scored and compared at every level of the query) was most of the work
// above the postings. Here a query of words (termsSearcher) and of bags
// of them (bagSearcher, nested as a topic's words nest in a bag) is read a
// window of documents at a time, as Lucene's BooleanScorer does: each
// term adds its postings' scores to their documents' slots, term after
// term, then each bag sums its words' slots, and the window's hits are
// read off in document order. The scores are added in the order Bleve's
// disjunctions add them (the terms in their order, the words in theirs),
// so hits and scores are exactly the same. A window
// starts small after an Advance (a conjunction asking about one document
// should not read two thousand) and doubles while the search steps on.

const (
	windowMin = 64
	windowMax = 2048
)

// A wnode is read a window at a time: a word (termsSearcher), a bag
// (bagSearcher), or another disjunct stepped into a bag's window
// (stepped).
type wnode interface {
	// first is no later than the node's next hit: the first document
	// its leading terms are on.
	first(ctx *search.SearchContext) (uint64, error)
	// lead moves the leading terms to target or past it (the others
	// catch up in fill).
	lead(ctx *search.SearchContext, target uint64) error
	// fill computes the slots of the window of n documents from lo: all
	// of them, or only cands (ascending, in the window) when not nil.
	fill(ctx *search.SearchContext, lo, n uint64, cands []uint64) error
	// slots: after fill, n[k] > 0 where document lo+k is a hit, and
	// sum[k] its score.
	slots() *wordSlots
	release()
}

// wordSlots are one node's window.
type wordSlots struct {
	sum [windowMax]float64
	n   [windowMax]uint8 // a word's terms on the document (maxTerms fits); a bag's: 1 for a hit
}

var slotPool = sync.Pool{New: func() any { return new(wordSlots) }}

// slotted holds a node's window, taken from the pool when first read and
// given back by release.
type slotted struct{ slot *wordSlots }

func (s *slotted) slots() *wordSlots {
	if s.slot == nil {
		s.slot = slotPool.Get().(*wordSlots)
	}
	return s.slot
}

func (s *slotted) release() {
	if s.slot != nil {
		slotPool.Put(s.slot)
		s.slot = nil
	}
}

// windowed reads a root node window by window for its searcher, whose
// Next and Advance are its step and skip.
type windowed struct {
	root wnode
	hi   uint64 // the end of the window read
	size uint64 // of the next window
	hits []windowHit
	at   int
	id   [8]byte
}

type windowHit struct {
	doc   uint64
	score float64
}

// next is the next hit, in document order; ok is false when there is none.
func (w *windowed) next(ctx *search.SearchContext) (hit windowHit, ok bool, err error) {
	if w.size == 0 {
		w.size = windowMin
	}
	for w.at == len(w.hits) {
		lo, err := w.root.first(ctx)
		if err != nil || lo == done {
			return windowHit{}, false, err
		}
		n := min(w.size, done-lo)
		w.hi, w.size = lo+n, min(2*w.size, windowMax)
		if err := w.root.fill(ctx, lo, n, nil); err != nil {
			return windowHit{}, false, err
		}
		s := w.root.slots()
		w.hits, w.at = w.hits[:0], 0
		for k := range n {
			if s.n[k] > 0 {
				w.hits = append(w.hits, windowHit{doc: lo + k, score: s.sum[k]})
			}
		}
	}
	w.at++
	return w.hits[w.at-1], true, nil
}

// advance moves w so that next gives the first hit at or after target.
func (w *windowed) advance(ctx *search.SearchContext, target uint64) error {
	if target < w.hi { // in the window read: its hits stand
		for w.at < len(w.hits) && w.hits[w.at].doc < target {
			w.at++
		}
		return nil
	}
	w.hits, w.at, w.size = w.hits[:0], 0, windowMin
	return w.root.lead(ctx, target)
}

// step is the root's Next: its next hit as a document match from ctx's
// pool.
func (w *windowed) step(ctx *search.SearchContext) (*search.DocumentMatch, error) {
	hit, ok, err := w.next(ctx)
	if !ok || err != nil {
		return nil, err
	}
	rv := ctx.DocumentMatchPool.Get()
	binary.BigEndian.PutUint64(w.id[:], hit.doc)
	rv.IndexInternalID = index.NewIndexInternalIDFrom(rv.IndexInternalID, w.id[:])
	rv.Score = hit.score
	return rv, nil
}

// skip is the root's Advance.
func (w *windowed) skip(ctx *search.SearchContext, id index.IndexInternalID) (*search.DocumentMatch, error) {
	if err := w.advance(ctx, binary.BigEndian.Uint64(id)); err != nil {
		return nil, err
	}
	return w.step(ctx)
}

// The word's part (termsSearcher's terms).

func (s *termsSearcher) first(*search.SearchContext) (uint64, error) {
	lo := uint64(done)
	for _, t := range s.terms {
		lo = min(lo, t.doc)
	}
	return lo, nil
}

func (s *termsSearcher) lead(_ *search.SearchContext, target uint64) error {
	for _, t := range s.terms {
		if t.doc < target {
			if err := t.advance(target); err != nil {
				return err
			}
		}
	}
	return nil
}

func (s *termsSearcher) fill(_ *search.SearchContext, lo, n uint64, cands []uint64) error {
	sl := s.slots()
	clear(sl.sum[:n])
	clear(sl.n[:n])
	hi := lo + n
	for _, t := range s.terms {
		if cands != nil {
			for _, d := range cands {
				if t.doc < d {
					if err := t.advance(d); err != nil {
						return err
					}
				}
				if t.doc == d {
					sl.sum[d-lo] += float64(t.score()) // a conversion: never fused with the add
					sl.n[d-lo]++
				}
			}
			continue
		}
		if t.doc < lo { // a word that follows catches up
			if err := t.advance(lo); err != nil {
				return err
			}
		}
		for t.doc < hi {
			k := t.doc - lo
			sl.sum[k] += float64(t.score())
			sl.n[k]++
			if t.nextInBatch() {
				continue
			}
			if err := t.next(); err != nil {
				return err
			}
		}
	}
	// As Bleve's DisjunctionQueryScorer scores the word's disjunction of
	// term searchers: the sum times the share of the terms on the
	// document.
	terms := float64(len(s.terms))
	for k := range n {
		if c := sl.n[k]; c > 0 {
			sl.sum[k] *= float64(c) / terms
		}
	}
	return nil
}

// The bag's part: its words, sorted as disjunctionSearcher sorts them,
// lead and follow as there.

func (b *bagSearcher) release() {
	b.slotted.release()
	for _, x := range b.words {
		x.release()
	}
}

func (b *bagSearcher) first(ctx *search.SearchContext) (uint64, error) {
	lo := uint64(done)
	for _, x := range b.words[:b.leaders] {
		f, err := x.first(ctx)
		if err != nil {
			return 0, err
		}
		lo = min(lo, f)
	}
	return lo, nil
}

func (b *bagSearcher) lead(ctx *search.SearchContext, target uint64) error {
	for _, x := range b.words[:b.leaders] {
		if err := x.lead(ctx, target); err != nil {
			return err
		}
	}
	return nil
}

// fill reads the leaders, then the others. A document none of the
// leaders has cannot have min words, so where the leaders' documents are
// few the others are read only there, as the document-at-a-time
// disjunction moves them; where they are many, reading all is cheaper
// than skipping.
func (b *bagSearcher) fill(ctx *search.SearchContext, lo, n uint64, cands []uint64) error {
	if cands != nil {
		for _, x := range b.words {
			if err := x.fill(ctx, lo, n, cands); err != nil {
				return err
			}
		}
		b.combine(lo, n, cands)
		return nil
	}
	for _, x := range b.words[:b.leaders] {
		if err := x.fill(ctx, lo, n, nil); err != nil {
			return err
		}
	}
	if b.leaders < len(b.words) {
		leaders := b.slotsOf(b.words[:b.leaders])
		b.cands = b.cands[:0]
		for k := range n {
			for _, xs := range leaders {
				if xs.n[k] > 0 {
					b.cands = append(b.cands, lo+k)
					break
				}
			}
		}
		if uint64(len(b.cands))*16 < n {
			cands = b.cands
		}
		for _, x := range b.words[b.leaders:] {
			if err := x.fill(ctx, lo, n, cands); err != nil {
				return err
			}
		}
	}
	b.combine(lo, n, cands)
	return nil
}

// combine scores the window's documents (or cands) as Bleve's
// DisjunctionQueryScorer does: the matching words' scores summed in their
// order, times the share of words that match.
func (b *bagSearcher) combine(lo, n uint64, cands []uint64) {
	sl := b.slots()
	clear(sl.n[:n])
	words := float64(len(b.words))
	all := b.slotsOf(b.words)
	at := func(k uint64) {
		var sum float64
		m := 0
		for _, xs := range all {
			if xs.n[k] > 0 {
				sum += xs.sum[k]
				m++
			}
		}
		if m >= b.need {
			sl.sum[k], sl.n[k] = sum*(float64(m)/words), 1
		}
	}
	if cands != nil {
		for _, d := range cands {
			at(d - lo)
		}
		return
	}
	for k := range n {
		at(k)
	}
}

// slotsOf is the windows of xs, taken once for a window's loops over its
// documents rather than asked of each node (an interface call) for each
// document.
func (b *bagSearcher) slotsOf(xs []wnode) []*wordSlots {
	b.slotList = b.slotList[:0]
	for _, x := range xs {
		b.slotList = append(b.slotList, x.slots())
	}
	return b.slotList
}

var sizeOfWindowed = int(reflect.TypeFor[windowed]().Size()) + int(reflect.TypeFor[wordSlots]().Size())
