package index

import (
	"context"
	"encoding/binary"
	"math"
	"reflect"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"
)

// A search of common words reads the postings of most of the corpus on
// one core, while the server's other cores may have nothing to do. Here
// the ranking pass of a large search is cut into parts by document
// number, and the parts after the first are searched on idle cores while
// the collector reads the first; their hits (document and score) are
// kept and handed to the collector after the first part's, in document
// order. The collector therefore sees the same matches with the same
// scores in the same order as from one searcher, so hits, totals, facets
// and pages are the same; only the time differs. The parts share the
// search's index snapshot, so a merge between them cannot renumber the
// documents.
//
// A part takes a core only when one is idle: ranking passes in flight
// (each large one holds a core) and their helpers are counted, and a
// search splits only into the cores left. A server busy with as many
// searches as it has cores searches each on one, as before.

// parallelMinCount is Bleve's estimate of the postings a search reads
// (its searcher's Count) from which it is worth splitting: below it, a
// search takes a few milliseconds and a second searcher's setup and the
// hand-over cost more than they save. A variable so tests can split
// every search.
var parallelMinCount uint64 = 20_000

// parallelMinDocs is the fewest documents a part covers.
var parallelMinDocs uint64 = 10_000

// searchCores is how many searches run at once, one core each (a
// variable so tests can have more parts than the machine has cores).
var searchCores = func() int { return runtime.GOMAXPROCS(0) }

var (
	busyCores atomic.Int64 // large ranking passes in flight, and their helpers
	splits    atomic.Int64 // searches split into parts (for the tests)
)

// takeCores takes up to n idle cores for helpers, and says how many.
func takeCores(n int) int {
	limit := int64(searchCores())
	took := 0
	for took < n {
		b := busyCores.Load()
		if b >= limit {
			break
		}
		if busyCores.CompareAndSwap(b, b+1) {
			took++
		}
	}
	return took
}

// parallelQuery is q, whose search is split into up to cores parts (0:
// as many as the machine has) when it is large and cores are idle. q
// must be the search's root query: the matches are handed to the
// collector by document number and score alone.
type parallelQuery struct {
	q     query.Query
	cores int
}

func (pq *parallelQuery) Searcher(ctx context.Context, r index.IndexReader, m mapping.IndexMapping, o search.SearcherOptions) (search.Searcher, error) {
	first, err := pq.q.Searcher(ctx, r, m, o)
	if err != nil {
		return nil, err
	}
	// A part hands over a hit's number and score: not its locations or
	// its explanation, which those searches ask for.
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok || o.Explain || o.IncludeTermVectors || first.Count() < parallelMinCount {
		return first, nil
	}
	var docs uint64
	for _, s := range snap.Segments() {
		docs += s.Segment().Count()
	}
	busyCores.Add(1) // this pass's own core
	ps := &parallelSearcher{Searcher: first, mine: true, end: math.MaxUint64, size: sizeOfParallelSearcher + first.Size()}
	parts := min(searchCores(), int(docs/parallelMinDocs))
	if pq.cores > 0 {
		parts = min(parts, pq.cores)
	}
	helpers := 0
	if parts > 1 {
		helpers = takeCores(parts - 1)
	}
	if helpers == 0 {
		return ps, nil
	}
	hctx, cancel := context.WithCancel(ctx)
	for i := 1; i <= helpers; i++ {
		lo, hi := bound(docs, i, helpers), bound(docs, i+1, helpers)
		// Each part counts its own term searchers against Bleve's limit,
		// as a search of its own would.
		s, err := pq.q.Searcher(search.ContextWithTermSearchersCounter(hctx), r, m, o)
		if err != nil {
			// The first part reads on to the end: one searcher, as before.
			for _, p := range ps.parts {
				_ = p.s.Close()
			}
			cancel()
			busyCores.Add(int64(-helpers))
			ps.parts = nil
			return ps, nil
		}
		ps.parts = append(ps.parts, &part{s: s, lo: lo, hi: hi, done: make(chan struct{})})
	}
	ps.cancel, ps.end = cancel, ps.parts[0].lo
	splits.Add(1)
	for _, p := range ps.parts {
		ps.size += p.s.Size()
		go p.run(hctx, r)
	}
	return ps, nil
}

// firstShare is the first part's size beside a helper's: its core also
// hands every hit to the collector and counts facets.
var firstShare = 0.7

// bound is where part i of 1+helpers begins (i = 1+helpers: the end).
func bound(docs uint64, i, helpers int) uint64 {
	if i > helpers {
		return docs
	}
	return uint64(float64(docs) * (firstShare + float64(i-1)) / (firstShare + float64(helpers)))
}

// part is one range [lo, hi) of document numbers, searched on a helper.
// A helper that finds its core wanted by another search stops: its hits
// end before resume, and the first part's searcher reads the rest.
type part struct {
	s      search.Searcher
	lo, hi uint64
	hits   []windowHit // its matches before resume, in document order
	resume uint64      // hi, or where the helper stopped
	err    error
	done   chan struct{}
}

var hitsPool = sync.Pool{New: func() any { return new([]windowHit) }}

// crowded says whether more searches and helpers run than there are
// cores: a search began after this one split. yieldEvery is how many
// hits a helper reads between two looks (variables for the tests).
var (
	crowded    = func() bool { return busyCores.Load() > int64(searchCores()) }
	yieldEvery = 1024
)

func (p *part) run(ctx context.Context, r index.IndexReader) {
	defer close(p.done)
	defer busyCores.Add(-1)
	buf := hitsPool.Get().(*[]windowHit)
	p.hits, p.resume = (*buf)[:0], p.hi
	sctx := &search.SearchContext{DocumentMatchPool: search.NewDocumentMatchPool(p.s.DocumentMatchPoolSize(), 0), IndexReader: r}
	var id [8]byte
	binary.BigEndian.PutUint64(id[:], p.lo)
	d, err := p.s.Advance(sctx, id[:])
	for n := 1; err == nil && d != nil; n++ {
		doc := binary.BigEndian.Uint64(d.IndexInternalID)
		if doc >= p.hi {
			break
		}
		if n%yieldEvery == 0 {
			if err = ctx.Err(); err != nil {
				break
			}
			if crowded() {
				p.resume = doc
				break
			}
		}
		p.hits = append(p.hits, windowHit{doc: doc, score: d.Score})
		sctx.DocumentMatchPool.Put(d)
		d, err = p.s.Next(sctx)
	}
	p.err = err
}

// release gives the part's hits back to the pool: after run, by the one
// who waited for done.
func (p *part) release() {
	if p.hits != nil {
		h := p.hits[:0]
		hitsPool.Put(&h)
		p.hits = nil
	}
}

// parallelSearcher reads its first part's searcher (the embedded one) up
// to end, then each helper's hits in turn, and where a helper stopped,
// the first searcher again to the end of its part.
type parallelSearcher struct {
	search.Searcher
	mine   bool                  // holds a core in busyCores until closed
	parts  []*part               // after the first, in document order
	end    uint64                // where the first part ends
	cur    int                   // the part being read: 0 the first, k parts[k-1]
	at     int                   // the next hit of parts[cur-1]
	tail   bool                  // reading parts[cur-1] from its resume with the first searcher
	held   *search.DocumentMatch // the first searcher's hit past where it was read to
	last   uint64                // the document of its last hit, held or given
	read   bool                  // it has given a hit (last is set)
	ended  bool                  // it has no more
	cancel context.CancelFunc
	size   int // as it was made: the helpers' searchers are theirs
	id     [8]byte
}

func (s *parallelSearcher) Next(ctx *search.SearchContext) (*search.DocumentMatch, error) {
	return s.next(ctx, 0)
}

func (s *parallelSearcher) Advance(ctx *search.SearchContext, id index.IndexInternalID) (*search.DocumentMatch, error) {
	return s.next(ctx, binary.BigEndian.Uint64(id))
}

// next is the first hit at or after target, in document order.
func (s *parallelSearcher) next(ctx *search.SearchContext, target uint64) (*search.DocumentMatch, error) {
	for s.cur <= len(s.parts) {
		if s.cur == 0 || s.tail {
			hi := s.end
			if s.cur > 0 {
				hi = s.parts[s.cur-1].hi
			}
			d, err := s.first(ctx, target)
			if err != nil {
				return nil, err
			}
			if d != nil && binary.BigEndian.Uint64(d.IndexInternalID) < hi {
				return d, nil
			}
			s.held = d
			s.cur, s.at, s.tail = s.cur+1, 0, false
			continue
		}
		p := s.parts[s.cur-1]
		<-p.done
		if p.err != nil {
			return nil, p.err
		}
		for s.at < len(p.hits) && p.hits[s.at].doc < target {
			s.at++
		}
		if s.at < len(p.hits) {
			h := p.hits[s.at]
			s.at++
			rv := ctx.DocumentMatchPool.Get()
			binary.BigEndian.PutUint64(s.id[:], h.doc)
			rv.IndexInternalID = index.NewIndexInternalIDFrom(rv.IndexInternalID, s.id[:])
			rv.Score = h.score
			return rv, nil
		}
		if p.resume < p.hi {
			s.tail, target = true, max(target, p.resume)
			continue
		}
		s.cur, s.at = s.cur+1, 0
	}
	return nil, nil
}

// first is the first searcher's first hit at or after target: the one
// it holds, its next, or where it advances to.
func (s *parallelSearcher) first(ctx *search.SearchContext, target uint64) (*search.DocumentMatch, error) {
	if d := s.held; d != nil {
		s.held = nil
		if binary.BigEndian.Uint64(d.IndexInternalID) >= target {
			return d, nil
		}
		ctx.DocumentMatchPool.Put(d)
	}
	if s.ended {
		return nil, nil
	}
	var d *search.DocumentMatch
	var err error
	if (!s.read && target == 0) || (s.read && target <= s.last) {
		d, err = s.Searcher.Next(ctx)
	} else {
		binary.BigEndian.PutUint64(s.id[:], target)
		d, err = s.Searcher.Advance(ctx, s.id[:])
	}
	if err != nil {
		return nil, err
	}
	if d == nil {
		s.ended = true
		return nil, nil
	}
	s.last, s.read = binary.BigEndian.Uint64(d.IndexInternalID), true
	return d, nil
}

// Close stops the helpers and waits for them: their searchers read the
// snapshot the caller closes next.
func (s *parallelSearcher) Close() error {
	if s.cancel != nil {
		s.cancel()
	}
	err := s.Searcher.Close()
	for _, p := range s.parts {
		<-p.done
		if cerr := p.s.Close(); err == nil {
			err = cerr
		}
		p.release()
	}
	s.parts = nil
	if s.mine {
		busyCores.Add(-1)
		s.mine = false
	}
	return err
}

var sizeOfParallelSearcher = int(reflect.TypeFor[parallelSearcher]().Size())

func (s *parallelSearcher) Size() int { return s.size }
