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

// phraseWord is one word of the phrase: its postings in the field, read
// one at a time with their positions, and its place in the phrase.
type phraseWord struct {
	*termPostings
	at uint64 // its position in the phrase, from the first word
}

type phraseReader struct {
	words    []*termPostings // sorted by count, as Bleve's conjunction sorts its searchers
	byPos    []phraseWord    // in the phrase's order
	returned bool            // the words are on the study last returned
	id       [8]byte
}

// newPhraseReader reads the phrase terms (by position from the first; ""
// for a removed stopword) in field, each word boosted by boost.
func newPhraseReader(ctx context.Context, snap *scorch.IndexSnapshot, field string, terms []string, boost float64) (*phraseReader, error) {
	o, err := openSnapshot(snap)
	if err != nil {
		return nil, err
	}
	s := &phraseReader{}
	for at, t := range terms {
		if t == "" {
			continue
		}
		w, err := o.term(ctx, field, t, boost, true)
		if err != nil {
			return nil, err
		}
		s.byPos = append(s.byPos, phraseWord{termPostings: w, at: uint64(at)})
		s.words = append(s.words, w)
	}
	sort.Sort(byCount(s.words))
	s.SetQueryNorm(1 / math.Sqrt(s.Weight())) // as the phrase's conjunction normalises itself
	for _, w := range s.words {
		if err := w.next(); err != nil {
			return nil, err
		}
	}
	return s, nil
}

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

// Weight, SetQueryNorm and Count are the conjunction's.
func (s *phraseReader) Weight() float64        { return weightOf(s.words) }
func (s *phraseReader) SetQueryNorm(n float64) { setQueryNorm(s.words, n) }
func (s *phraseReader) Count() uint64          { return countOf(s.words) }

func (s *phraseReader) Min() int                   { return 0 }
func (s *phraseReader) Close() error               { return nil }
func (s *phraseReader) DocumentMatchPoolSize() int { return len(s.words) + 1 }

var sizeOfPhraseReader = int(reflect.TypeFor[phraseReader]().Size())

func (s *phraseReader) Size() int {
	return sizeOfPhraseReader + len(s.words)*int(reflect.TypeFor[termPostings]().Size())
}
