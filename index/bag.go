package index

import (
	"encoding/binary"
	"math"
	"reflect"
	"sort"

	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/searcher"
	index "github.com/blevesearch/bleve_index_api"
)

// bagSearcher is disjunctionSearcher read a window at a time (window.go),
// with the same hits and scores: a bag of plain words, or a word beside
// the topic it names. Its words are termsSearchers and bags of them; any
// other disjunct (a phrase, a topic's id) is stepped through into the
// window.
type bagSearcher struct {
	disjuncts         // sorted by Count, as Bleve's disjunction sorts them
	words     []wnode // the same, as window nodes
	min       int
	need      int // words a hit has: min, and at least one
	leaders   int // words[:leaders] lead: every hit has one of theirs
	slotted
	cands    []uint64
	slotList []*wordSlots // slotsOf's
	win      windowed     // read as the root of the search
}

// windowable: ss can be a bag's, read a window at a time: words, bags,
// and searchers that find the same documents whether stepped or advanced
// (terms, phrases, litkb's disjunctions). Bleve's boolean searcher is not
// one (see newDisjunctionSearcher), nor, as the tests found, are its
// other composite searchers in every case. At least one must be a word or
// a bag: a window saves nothing over the others alone. Words exist only
// for scored searches without locations (termsSearchable).
func windowable(ss []search.Searcher) bool {
	native := false
	for _, s := range ss {
		switch s.(type) {
		case wnode:
			native = true
		case *searcher.TermSearcher, *pairedSearcher, *phraseSearcher, *phraseReader, *disjunctionSearcher:
		default:
			return false
		}
	}
	return native
}

func newBagSearcher(ss []search.Searcher, min int) *bagSearcher {
	sorted := make(searcher.OrderedSearcherList, len(ss))
	copy(sorted, ss)
	sort.Sort(sorted) // as newDisjunctionSearcher sorts: equal counts end alike
	need := max(min, 1)
	b := &bagSearcher{disjuncts: disjuncts(sorted), words: make([]wnode, len(ss)), min: min, need: need, leaders: len(ss) - need + 1}
	for i, s := range sorted {
		if w, ok := s.(wnode); ok {
			b.words[i] = w
			continue
		}
		b.words[i] = &stepped{s: s}
	}
	b.win.root = b
	b.SetQueryNorm(1 / math.Sqrt(b.Weight()))
	return b
}

func (b *bagSearcher) Next(ctx *search.SearchContext) (*search.DocumentMatch, error) {
	return b.win.step(ctx)
}

func (b *bagSearcher) Advance(ctx *search.SearchContext, id index.IndexInternalID) (*search.DocumentMatch, error) {
	return b.win.skip(ctx, id)
}

func (b *bagSearcher) Min() int { return b.min }

func (b *bagSearcher) DocumentMatchPoolSize() int {
	n := 1
	for _, x := range b.disjuncts {
		n += 1 + x.DocumentMatchPoolSize()
	}
	return n
}

func (b *bagSearcher) Close() error {
	b.release()
	var first error
	for _, x := range b.disjuncts {
		if err := x.Close(); err != nil && first == nil {
			first = err
		}
	}
	return first
}

var sizeOfBag = int(reflect.TypeFor[bagSearcher]().Size())

func (b *bagSearcher) Size() int {
	n := sizeOfBag + sizeOfWindowed + 8*(cap(b.cands)+cap(b.slotList))
	for _, x := range b.disjuncts {
		n += x.Size()
	}
	return n
}

// stepped is a disjunct that is neither word nor bag, read a document at
// a time into its window.
type stepped struct {
	s       search.Searcher
	cur     *search.DocumentMatch
	doc     uint64 // cur's document number, or done
	started bool
	slotted
	id [8]byte
}

func (x *stepped) start(ctx *search.SearchContext) error {
	if x.started {
		return nil
	}
	x.started = true
	d, err := x.s.Next(ctx)
	x.cur, x.doc = d, key(d)
	return err
}

// to moves x to its first match at or after target (past its current one).
func (x *stepped) to(ctx *search.SearchContext, target uint64) error {
	ctx.DocumentMatchPool.Put(x.cur)
	binary.BigEndian.PutUint64(x.id[:], target)
	d, err := x.s.Advance(ctx, x.id[:])
	x.cur, x.doc = d, key(d)
	return err
}

func (x *stepped) first(ctx *search.SearchContext) (uint64, error) {
	err := x.start(ctx)
	return x.doc, err
}

func (x *stepped) lead(ctx *search.SearchContext, target uint64) error {
	if err := x.start(ctx); err != nil || x.doc >= target {
		return err
	}
	return x.to(ctx, target)
}

func (x *stepped) fill(ctx *search.SearchContext, lo, n uint64, cands []uint64) error {
	if err := x.start(ctx); err != nil {
		return err
	}
	sl := x.slots()
	clear(sl.n[:n])
	if cands != nil {
		for _, d := range cands {
			if x.doc < d {
				if err := x.to(ctx, d); err != nil {
					return err
				}
			}
			if x.doc == d {
				sl.sum[d-lo], sl.n[d-lo] = x.cur.Score, 1
			}
		}
		return nil
	}
	if x.doc < lo {
		if err := x.to(ctx, lo); err != nil {
			return err
		}
	}
	for hi := lo + n; x.doc < hi; {
		sl.sum[x.doc-lo], sl.n[x.doc-lo] = x.cur.Score, 1
		ctx.DocumentMatchPool.Put(x.cur)
		d, err := x.s.Next(ctx)
		if x.cur, x.doc = d, key(d); err != nil {
			return err
		}
	}
	return nil
}
