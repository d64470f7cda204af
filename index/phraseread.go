package index

import (
	"context"
	"encoding/binary"
	"math"
	"reflect"
	"slices"
	"sort"

	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/search"
	index "github.com/blevesearch/bleve_index_api"
	segment "github.com/blevesearch/scorch_segment_api/v2"
	zap "github.com/blevesearch/zapx/v17"
)

// A phrase's ranking pass wants its studies and scores, not its
// locations, but Bleve finds them through a conjunction of term
// searchers that decode every location of every study with all the
// words into a match ("state of mind": 45,000 of 96,000 studies at
// 100,000), to check their positions. phraseReader reads the words'
// postings and positions from zap itself, checks the positions where
// they are, and makes a match only for a study with the phrase: the same
// studies as phraseSearcher, with the scores of Bleve's conjunction of the
// words (each word's TF-IDF, added in the conjunction's order). The
// highlighting pass, which wants locations, still goes through Bleve.

// readPhrases: phrases are read here where they can be (a variable so
// tests can compare with Bleve's conjunction).
var readPhrases = true

// phraseReadable says whether a phrase searched with o can be read here:
// scored by Bleve's default (TF-IDF), without locations or explanations,
// on a scorch index.
func phraseReadable(ctx context.Context, r index.IndexReader, o search.SearcherOptions) (*scorch.IndexSnapshot, bool) {
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok || !readPhrases || o.Score == "none" || o.Explain || o.IncludeTermVectors || ctx.Value(search.FieldTermSynonymMapKey) != nil {
		return nil, false
	}
	if model, ok := ctx.Value(search.GetScoringModelCallbackKey).(search.GetScoringModelCallbackFn); ok && model() == index.BM25Scoring {
		return nil, false
	}
	return snap, true
}

// phraseWord is one word of the phrase: its postings in the field, with
// positions, across the segments.
type phraseWord struct {
	boost, idf, weight float64 // as termPostings has them
	count              uint64
	its                []segment.PostingsIterator
	offs               []uint64
	seg                int
	doc                uint64          // the current posting's document number, or done
	p                  segment.Posting // the current posting (its iterator's, valid until it moves)
	at                 uint64          // its position in the phrase, from the first word
}

func (w *phraseWord) next() error {
	for ; w.seg < len(w.its); w.seg++ {
		p, err := w.its[w.seg].Next()
		if err != nil {
			return err
		}
		if p != nil {
			w.doc, w.p = w.offs[w.seg]+p.Number(), p
			return nil
		}
	}
	w.doc, w.p = done, nil
	return nil
}

// advance moves w to its first posting at or after target.
func (w *phraseWord) advance(target uint64) error {
	for w.seg+1 < len(w.its) && w.offs[w.seg+1] <= target {
		w.seg++
	}
	if w.seg < len(w.its) && target >= w.offs[w.seg] {
		p, err := w.its[w.seg].Advance(target - w.offs[w.seg])
		if err != nil {
			return err
		}
		if p != nil {
			w.doc, w.p = w.offs[w.seg]+p.Number(), p
			return nil
		}
		w.seg++
	}
	return w.next()
}

// score is the current posting's TF-IDF score, as termPostings.score.
func (w *phraseWord) score() float64 {
	t := termPostings{idf: w.idf, weight: w.weight}
	if zp, ok := w.p.(*zap.Posting); ok {
		t.freq, t.norm = zp.Frequency(), norm(zp.NormUint64())
	} else {
		t.freq, t.norm = w.p.Frequency(), w.p.Norm()
	}
	return t.score()
}

type phraseReader struct {
	words    []*phraseWord // sorted by count, as Bleve's conjunction sorts its searchers
	byPos    []*phraseWord // in the phrase's order
	returned bool          // the words are on the study last returned
	id       [8]byte
}

// newPhraseReader reads the phrase terms (by position from the first; ""
// for a removed stopword) in field, each word boosted by boost.
func newPhraseReader(ctx context.Context, snap *scorch.IndexSnapshot, field string, terms []string, boost float64) (*phraseReader, error) {
	docTotal, err := snap.DocCount()
	if err != nil {
		return nil, err
	}
	segs := snap.Segments()
	offs := make([]uint64, len(segs))
	var running uint64
	for i, s := range segs {
		offs[i] = running
		running += s.Segment().Count()
	}
	s := &phraseReader{}
	for at, t := range terms {
		if t == "" {
			continue
		}
		if err := search.RecordTermSearcher(ctx); err != nil {
			return nil, err
		}
		w := &phraseWord{boost: boost, weight: 1, its: make([]segment.PostingsIterator, len(segs)), offs: offs, at: uint64(at)}
		for k, ss := range segs {
			dict, err := ss.Segment().Dictionary(field)
			if err != nil {
				return nil, err
			}
			pl, err := dict.PostingsList([]byte(t), ss.Deleted(), nil)
			if err != nil {
				return nil, err
			}
			w.count += pl.Count()
			w.its[k] = pl.Iterator(true, true, true, nil)
		}
		w.idf = 1.0 + math.Log(float64(docTotal)/float64(w.count+1.0)) // as scorer.NewTermQueryScorer
		s.byPos = append(s.byPos, w)
	}
	s.words = slices.Clone(s.byPos)
	sort.Sort(wordsByCount(s.words))
	s.SetQueryNorm(1 / math.Sqrt(s.Weight())) // as the phrase's conjunction normalises itself
	for _, w := range s.words {
		if err := w.next(); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// wordsByCount sorts as searcher.OrderedSearcherList does.
type wordsByCount []*phraseWord

func (b wordsByCount) Len() int           { return len(b) }
func (b wordsByCount) Less(i, j int) bool { return b[i].count < b[j].count }
func (b wordsByCount) Swap(i, j int)      { b[i], b[j] = b[j], b[i] }

func (s *phraseReader) Next(ctx *search.SearchContext) (*search.DocumentMatch, error) {
	return s.find(ctx, 0)
}

func (s *phraseReader) Advance(ctx *search.SearchContext, id index.IndexInternalID) (*search.DocumentMatch, error) {
	return s.find(ctx, binary.BigEndian.Uint64(id))
}

// find is the first study at or after target, and after the one last
// returned, where every word is and the phrase is.
func (s *phraseReader) find(ctx *search.SearchContext, target uint64) (*search.DocumentMatch, error) {
	if s.returned {
		s.returned = false
		if err := s.words[0].next(); err != nil {
			return nil, err
		}
	}
	for {
		at := target
		for _, w := range s.words {
			if w.doc == done {
				return nil, nil
			}
			at = max(at, w.doc)
		}
		all := true
		for _, w := range s.words {
			if w.doc < at {
				if err := w.advance(at); err != nil {
					return nil, err
				}
				all = false
			}
		}
		if !all {
			continue
		}
		if s.holds() {
			s.returned = true
			return s.match(ctx, at), nil
		}
		if err := s.words[0].next(); err != nil {
			return nil, err
		}
	}
}

// holds says whether the words' positions in the current study hold the
// phrase: the first word somewhere, each other word as many positions
// further on in the same value of the field (phraseSearcher.check).
func (s *phraseReader) holds() bool {
	for _, first := range s.byPos[0].p.Locations() {
		if s.from(first) {
			return true
		}
	}
	return false
}

func (s *phraseReader) from(first segment.Location) bool {
	for _, w := range s.byPos[1:] {
		pos, found := first.Pos()+w.at, false
		for _, l := range w.p.Locations() {
			if l.Pos() == pos && slices.Equal(l.ArrayPositions(), first.ArrayPositions()) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// match is the study doc with the conjunction's score: its words' scores
// added in its order.
func (s *phraseReader) match(ctx *search.SearchContext, doc uint64) *search.DocumentMatch {
	var sum float64
	for _, w := range s.words {
		sum += w.score()
	}
	rv := ctx.DocumentMatchPool.Get()
	binary.BigEndian.PutUint64(s.id[:], doc)
	rv.IndexInternalID = index.NewIndexInternalIDFrom(rv.IndexInternalID, s.id[:])
	rv.Score = sum
	return rv
}

// Weight is the conjunction's: its words' (boost × idf)², in its order.
func (s *phraseReader) Weight() float64 {
	var sum float64
	for _, w := range s.words {
		x := w.boost * w.idf
		sum += x * x
	}
	return sum
}

func (s *phraseReader) SetQueryNorm(n float64) {
	for _, w := range s.words {
		w.weight = w.boost * w.idf * n
	}
}

// Count is the conjunction's estimate: the sum of its words'.
func (s *phraseReader) Count() uint64 {
	var n uint64
	for _, w := range s.words {
		n += w.count
	}
	return n
}

func (s *phraseReader) Min() int                   { return 0 }
func (s *phraseReader) Close() error               { return nil }
func (s *phraseReader) DocumentMatchPoolSize() int { return len(s.words) + 1 }

var sizeOfPhraseReader = int(reflect.TypeFor[phraseReader]().Size())

func (s *phraseReader) Size() int {
	return sizeOfPhraseReader + len(s.words)*int(reflect.TypeFor[phraseWord]().Size())
}
