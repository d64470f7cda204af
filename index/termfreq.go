package index

import (
	"sync"
	"unsafe"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/document"
	index "github.com/blevesearch/bleve_index_api"
)

// A build analyses every field value of every study into its terms, each
// with its frequency and locations. Bleve's analysis.TokenFrequency makes
// a map for each value, with an entry and a slice of locations allocated
// for every term; allocating and collecting them, and walking the maps,
// were a tenth of a build's CPU, and the maps most of a batch's memory.
// litkb's fields (pairs.go) list their terms in one slice instead
// (termList), which the segment builder reads in order (zapx's
// TermLister); the map Bleve's Field interface asks for is made only if
// something asks (termMap).

// termList is the terms of tokens, each once in the order first met, with
// what analysis.TokenFrequency gives each: the same frequency, and the
// same locations in the same order.
func termList(tokens analysis.TokenStream, arrayPositions []uint64, options index.FieldIndexingOptions) []index.TokenFreq {
	seen := seenTerms.Get().(map[string]int32)
	defer func() {
		if len(seen) <= maxPooledTerms { // clearing a large map costs its size
			clear(seen)
			seenTerms.Put(seen)
		}
	}()
	terms := make([]index.TokenFreq, 0, len(tokens))
	counted := !options.SkipFreqNorm()
	withLocations := options.IncludeTermVectors()
	var locs []index.TokenLocation
	var ptrs []*index.TokenLocation
	if withLocations {
		locs = make([]index.TokenLocation, len(tokens))
		ptrs = make([]*index.TokenLocation, len(tokens))
	}
	for i, t := range tokens {
		k, ok := seen[string(t.Term)]
		if !ok {
			k = int32(len(terms))
			terms = append(terms, index.TokenFreq{Term: t.Term})
			// The key shares the token's bytes: seen is cleared before
			// this call returns, and nothing writes into a term.
			seen[unsafe.String(unsafe.SliceData(t.Term), len(t.Term))] = k
		}
		tf := &terms[k]
		if withLocations {
			locs[i] = index.TokenLocation{
				ArrayPositions: arrayPositions,
				Start:          t.Start,
				End:            t.End,
				Position:       t.Position,
			}
			ptrs[i] = &locs[i]
			if tf.Locations == nil {
				// A capacity of one: a second location makes a slice of
				// the term's own, and never writes over the next pointer.
				tf.Locations = ptrs[i : i+1 : i+1]
			} else {
				tf.Locations = append(tf.Locations, ptrs[i])
			}
		}
		if counted {
			tf.SetFrequency(tf.Frequency() + 1)
		}
	}
	return terms
}

// termMap is terms as Bleve's map, whose entries are terms' own.
func termMap(terms []index.TokenFreq) index.TokenFrequencies {
	m := make(index.TokenFrequencies, len(terms))
	for k := range terms {
		m[string(terms[k].Term)] = &terms[k]
	}
	return m
}

// seenTerms holds the maps termList finds repeated terms with, one for
// each goroutine analysing at a time.
var seenTerms = sync.Pool{New: func() any { return make(map[string]int32, 256) }}

const maxPooledTerms = 4096

// analyzeText is document.TextField's Analyze, with its results returned
// rather than kept in the field's unexported state, and its terms listed
// by termList.
func analyzeText(f *document.TextField) (length int, terms []index.TokenFreq) {
	var tokens analysis.TokenStream
	if an := f.Analyzer(); an != nil {
		text := f.Value()
		if f.Options().IsStored() { // Bleve keeps the value: analysis must not write into it
			text = append([]byte(nil), text...)
		}
		tokens = an.Analyze(text)
	} else {
		tokens = analysis.TokenStream{&analysis.Token{
			Start: 0, End: len(f.Value()), Term: f.Value(), Position: 1, Type: analysis.AlphaNumeric,
		}}
	}
	return len(tokens), termList(tokens, f.ArrayPositions(), f.Options())
}

// listedTerms is what litkb's fields keep of their analysis: their length
// and terms, and the map of them once asked for.
type listedTerms struct {
	length int
	terms  []index.TokenFreq
	asMap  index.TokenFrequencies
}

func (l *listedTerms) AnalyzedLength() int                 { return l.length }
func (l *listedTerms) AnalyzedTermList() []index.TokenFreq { return l.terms }
func (l *listedTerms) AnalyzedTokenFrequencies() index.TokenFrequencies {
	if l.asMap == nil {
		l.asMap = termMap(l.terms)
	}
	return l.asMap
}
