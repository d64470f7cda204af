package index

import (
	"bytes"
	"sync"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/registry"
	"github.com/blevesearch/go-porterstemmer"
)

// stemFilter is Bleve's Porter stemmer (stemmer_porter) with the stems it
// made remembered: a build stems every word of every study's prose, a
// few thousand distinct words over and over, and stemming was a twentieth
// of a 100,000-study build's CPU. Each stem is made by the same function
// as Bleve's filter makes it, so the terms are the same; the query side
// keeps Bleve's filter.
const stemFilter = "litkb_porter"

const (
	stemShards   = 64   // locks, so that analysis goroutines rarely meet
	stemPerShard = 4096 // stems kept per shard, at most: a few MiB in all
	stemLongest  = 32   // longer words are stemmed each time, not kept
)

func init() {
	if err := registry.RegisterTokenFilter(stemFilter, func(map[string]any, *registry.Cache) (analysis.TokenFilter, error) {
		return newCachedStemmer(), nil
	}); err != nil {
		panic(err)
	}
}

type cachedStemmer struct {
	shards [stemShards]stemShard
}

type stemShard struct {
	sync.RWMutex
	stems map[string][]byte
}

func newCachedStemmer() *cachedStemmer {
	s := &cachedStemmer{}
	for i := range s.shards {
		s.shards[i].stems = map[string][]byte{}
	}
	return s
}

// Filter stems every token that is not a keyword, as Bleve's filter does.
func (s *cachedStemmer) Filter(input analysis.TokenStream) analysis.TokenStream {
	for _, t := range input {
		if !t.KeyWord {
			t.Term = s.stem(t.Term)
		}
	}
	return input
}

// stem is porterStem(term), from the cache when it holds it. A stem the
// cache gives is shared by every token it was given to: nothing after the
// stemmer writes into a term, and its capacity is its length, so an
// append copies it.
func (s *cachedStemmer) stem(term []byte) []byte {
	if len(term) > stemLongest {
		return porterStem(term)
	}
	sh := &s.shards[stemShardOf(term)]
	sh.RLock()
	st, ok := sh.stems[string(term)]
	sh.RUnlock()
	if ok {
		return st
	}
	st = porterStem(term)
	st = st[:len(st):len(st)]
	sh.Lock()
	if len(sh.stems) < stemPerShard {
		sh.stems[string(term)] = st
	}
	sh.Unlock()
	return st
}

// porterStem is what Bleve's stemmer_porter makes of term.
func porterStem(term []byte) []byte {
	return analysis.BuildTermFromRunes(porterstemmer.StemWithoutLowerCasing(bytes.Runes(term)))
}

// stemShardOf spreads words over the shards by their length and ends.
func stemShardOf(term []byte) int {
	h := uint(len(term))
	if len(term) > 0 {
		h = h*31 + uint(term[0])
		h = h*31 + uint(term[len(term)-1])
		h = h*31 + uint(term[len(term)/2])
	}
	return int(h % stemShards)
}
