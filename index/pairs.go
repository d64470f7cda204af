package index

import (
	"fmt"
	"slices"
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/registry"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"

	"litkb/internal/study"
)

// Word pairs ("common grams", as Lucene calls them). A phrase of common
// words ("attachment security") made Bleve check the positions of every
// study that has all its words: a quarter of a second at 100,000
// studies, seconds at a million. The prose analyzer therefore also
// finds each pair of adjacent common words as a single token, which goes
// to a field of pairs alone (splitPairs). A phrase query requires its
// pairs beside the phrase itself: the pair's postings name the few
// studies worth checking, and the phrase still decides, so the hits are
// exactly the phrase's.
//
// Only pairs of common, adjacent words are kept: a phrase with a rarer
// word is cheap already, pairs of every word doubled the index, and pairs
// across a stopword ("state [of] mind", which a phrase matches whatever
// word stands there, so every word two apart would need a pair) made it
// half as large again. Which words
// are common is decided when an index is built (commonWords) and kept in
// its mapping, so every document and every query of that index agree.
//
// The pairs score nothing, and a field's length, which weighs every match
// in it, counts its words and marks only, so a phrase ranks exactly as
// before.

const (
	pairFilterType = "litkb_word_pairs"
	pairFilter     = "word_pairs"
	pairPrefix     = "\x1e" // starts every pair
)

// The prefix is a control character, which the query parser refuses, so
// no prefix query ("attach*") reaches a pair, and a word never holds a
// space, which separates the two.
func pairTerm(first, second []byte) []byte {
	t := make([]byte, 0, 1+len(first)+1+len(second))
	t = append(t, pairPrefix...)
	t = append(t, first...)
	t = append(t, ' ')
	return append(t, second...)
}

func isPair(term []byte) bool {
	return len(term) > 0 && term[0] == pairPrefix[0]
}

func init() {
	if err := registry.RegisterTokenFilter(pairFilterType, newPairFilter); err != nil {
		panic(err)
	}
}

// pairConfig is the filter's configuration as the mapping stores it.
func pairConfig(common []string) map[string]any {
	words := make([]any, len(common))
	for i, w := range common {
		words[i] = w
	}
	return map[string]any{"type": pairFilterType, "common": words}
}

type pairFilterImpl struct {
	common map[string]bool // analysed terms
}

func newPairFilter(config map[string]any, _ *registry.Cache) (analysis.TokenFilter, error) {
	f := &pairFilterImpl{common: map[string]bool{}}
	list, _ := config["common"].([]any)
	for _, x := range list {
		w, ok := x.(string)
		if !ok {
			return nil, fmt.Errorf("index: word pairs: common word %v is %T", x, x)
		}
		f.common[w] = true
	}
	return f, nil
}

// Filter keeps every token and appends the pairs of adjacent common
// words (not topic marks). Words come in position order; marks follow
// them (the mention filter appends), so a mark ends the words.
func (f *pairFilterImpl) Filter(input analysis.TokenStream) analysis.TokenStream {
	if len(f.common) == 0 {
		return input
	}
	words := len(input)
	for i, t := range input {
		if strings.HasPrefix(string(t.Term), mentionPrefix) {
			words = i
			break
		}
	}
	out := input
	for i := range words {
		a := input[i]
		if !f.common[string(a.Term)] {
			continue
		}
		for j := i + 1; j < words && input[j].Position-a.Position <= 1; j++ {
			b := input[j]
			if b.Position == a.Position || !f.common[string(b.Term)] {
				continue
			}
			out = append(out, &analysis.Token{
				Start: a.Start, End: b.End, Term: pairTerm(a.Term, b.Term),
				Position: a.Position, Type: analysis.AlphaNumeric,
			})
		}
	}
	return out
}

// pairsOf is the pair filter of m's prose analyzer, or nil for an index
// without one.
func pairsOf(m mapping.IndexMapping) *pairFilterImpl {
	a, ok := m.AnalyzerNamed(proseAnalyzer).(*analysis.DefaultAnalyzer)
	if !ok {
		return nil
	}
	for _, tf := range a.TokenFilters {
		if p, ok := tf.(*pairFilterImpl); ok {
			return p
		}
	}
	return nil
}

// commonFraction: a word in at least this share of studies is common. Two
// such words meet in at most that share, which a phrase checks quickly.
const commonFraction = 0.1

// commonSample is how many studies, spread over the corpus, decide which
// words are common.
const commonSample = 2000

// commonWords are the analysed terms in at least commonFraction of a
// sample of studies' prose.
func commonWords(studies []*study.Study, topics map[string]study.Topic) ([]string, error) {
	if len(studies) == 0 {
		return nil, nil
	}
	an, err := registry.NewCache().AnalyzerNamed(en.AnalyzerName)
	if err != nil {
		return nil, err
	}
	step := max(1, len(studies)/commonSample)
	df := map[string]int{}
	sampled := 0
	for i := 0; i < len(studies); i += step {
		_, d := documents(studies[i], topics)
		seen := map[string]bool{}
		for _, text := range append([]string{d.Title, d.Journal, d.Summary, d.Sample, d.Topic}, d.Finding...) {
			for _, t := range an.Analyze([]byte(text)) {
				if w := string(t.Term); !seen[w] {
					seen[w] = true
					df[w]++
				}
			}
		}
		sampled++
	}
	least := max(2, int(commonFraction*float64(sampled)))
	var common []string
	for w, n := range df {
		if n >= least {
			common = append(common, w)
		}
	}
	slices.Sort(common)
	return common, nil
}

// phrase is a phrase query for text in a prose field, whose candidates
// are the studies with its pairs of common words (see pairedPhrase), when
// it has any; a phrase of one word is that word.
func (c *compiler) phrase(field, text string, boost float64) query.Query {
	pq := bleve.NewMatchPhraseQuery(text)
	pq.SetField(field)
	pq.SetBoost(boost)
	pq.Analyzer = en.AnalyzerName
	if c.en == nil {
		return pq
	}
	toks := c.en.Analyze([]byte(text))
	if len(toks) == 1 {
		// One word ("topic:parenting", a topic's id): a phrase would
		// check the positions of every study that has it, for nothing.
		q := bleve.NewTermQuery(string(toks[0].Term))
		q.SetField(field)
		q.SetBoost(boost)
		return q
	}
	var phrase query.Query = pq
	if e := newExactPhrase(pq, toks); e != nil {
		phrase = e
	}
	if c.pairs == nil || len(c.pairs.common) == 0 {
		return phrase
	}
	var pairs []query.Query
	for i := 1; i < len(toks); i++ {
		if toks[i].Position != toks[i-1].Position+1 || !c.pairs.common[string(toks[i-1].Term)] || !c.pairs.common[string(toks[i].Term)] {
			continue
		}
		q := bleve.NewTermQuery(fieldPairTerm(field, pairTerm(toks[i-1].Term, toks[i].Term)))
		q.SetField(fPairs)
		pairs = append(pairs, q)
	}
	if len(pairs) == 0 {
		return phrase
	}
	paired := &pairedPhrase{phrase: phrase, pairs: pairs}
	if len(toks) == 2 && len(pairs) == 1 {
		words := make([]query.Query, len(toks))
		for i, t := range toks {
			q := bleve.NewTermQuery(string(t.Term))
			q.SetField(field)
			q.SetBoost(boost)
			words[i] = q
		}
		paired.words = bleve.NewConjunctionQuery(words...)
	}
	return paired
}

// splitPairs wraps doc's prose fields so that their pairs go to one field
// of their own (see pairedField), and its other text fields so that Bleve
// counts their size without walking their tokens (see sizedField).
func splitPairs(doc *document.Document) {
	var pairs *pairsField
	for i, n := 0, len(doc.Fields); i < n; i++ {
		tf, ok := doc.Fields[i].(*document.TextField)
		if !ok {
			continue
		}
		if !pairedFields[tf.Name()] {
			doc.Fields[i] = &sizedField{TextField: tf}
			continue
		}
		if pairs == nil {
			pairs = &pairsField{}
			doc.Fields = append(doc.Fields, pairs)
		}
		p := &pairedField{TextField: tf}
		doc.Fields[i] = p
		pairs.of = append(pairs.of, p)
	}
}

// sizedField is a text field whose Size, which Bleve takes of every
// analysed document for its statistics alone, is its value's length:
// TextField's walks every token of the words field (1.4% of a build's CPU).
// It is analysed as TextField is, its terms listed (termfreq.go).
type sizedField struct {
	*document.TextField
	an listedTerms
}

func (f *sizedField) Analyze()                            { f.an.length, f.an.terms = analyzeText(f.TextField) }
func (f *sizedField) AnalyzedLength() int                 { return f.an.AnalyzedLength() }
func (f *sizedField) AnalyzedTermList() []index.TokenFreq { return f.an.AnalyzedTermList() }
func (f *sizedField) AnalyzedTokenFrequencies() index.TokenFrequencies {
	return f.an.AnalyzedTokenFrequencies()
}
func (f *sizedField) Size() int { return len(f.Value()) }

// pairedFields are the fields the prose analyzer indexes.
var pairedFields = map[string]bool{fTitle: true, fJournal: true, fSummary: true, fFinding: true, fSample: true, fTopic: true}

// fPairs holds every prose field's pairs, each term led by its field's
// name ("title" + pairTerm): one field rather than one for each prose
// field, as every field costs Bleve its own structures in every segment.
const fPairs = pairPrefix + "pairs"

func fieldPairTerm(field string, pair []byte) string { return field + string(pair) }

// pairedField is a prose field that keeps its words and marks, with their
// positions, and hands its pairs to fPairs without positions: a pair only
// names the studies a phrase checks. The field's length counts its words
// and marks alone, so scores are unchanged.
type pairedField struct {
	*document.TextField
	an    listedTerms
	pairs analysis.TokenStream
}

func (f *pairedField) Analyze() {
	an := f.Analyzer()
	if an == nil { // not a prose field after all: nothing to pair
		f.an.length, f.an.terms = analyzeText(f.TextField)
		return
	}
	toks := an.Analyze(f.Value()) // not stored, so not copied first
	words := make(analysis.TokenStream, 0, len(toks))
	f.pairs = nil
	for _, t := range toks {
		if isPair(t.Term) {
			f.pairs = append(f.pairs, t)
		} else {
			words = append(words, t)
		}
	}
	f.an.length = len(words)
	f.an.terms = termList(words, f.ArrayPositions(), f.Options())
}

func (f *pairedField) AnalyzedLength() int                 { return f.an.AnalyzedLength() }
func (f *pairedField) AnalyzedTermList() []index.TokenFreq { return f.an.AnalyzedTermList() }
func (f *pairedField) AnalyzedTokenFrequencies() index.TokenFrequencies {
	return f.an.AnalyzedTokenFrequencies()
}

// Size is what Bleve counts a document's memory by, for its statistics
// alone; TextField's walks every token.
func (f *pairedField) Size() int { return len(f.Value()) }

// pairsField is fPairs: the pairs its prose fields found when they were
// analysed, which Bleve does before it reads any field's tokens.
type pairsField struct {
	of   []*pairedField
	an   listedTerms
	done bool
}

// pairsOptions index a pair without its positions or a stored value.
const pairsOptions = index.IndexField

// gather lists the pairs the prose fields found, each term led by its
// field's name, the terms in one block.
func (p *pairsField) gather() *listedTerms {
	if p.done {
		return &p.an
	}
	p.done = true
	n, size := 0, 0
	for _, f := range p.of {
		n += len(f.pairs)
		for _, t := range f.pairs {
			size += len(f.Name()) + len(t.Term)
		}
	}
	all, block := make(analysis.TokenStream, 0, n), make([]byte, 0, size)
	for _, f := range p.of {
		for _, t := range f.pairs {
			from := len(block)
			block = append(append(block, f.Name()...), t.Term...)
			t.Term = block[from:len(block):len(block)]
			all = append(all, t)
		}
		f.pairs = nil
	}
	p.an.terms, p.an.length = termList(all, nil, pairsOptions), len(all)
	return &p.an
}

func (p *pairsField) AnalyzedLength() int                 { return p.gather().AnalyzedLength() }
func (p *pairsField) AnalyzedTermList() []index.TokenFreq { return p.gather().AnalyzedTermList() }
func (p *pairsField) AnalyzedTokenFrequencies() index.TokenFrequencies {
	return p.gather().AnalyzedTokenFrequencies()
}
func (p *pairsField) Name() string                        { return fPairs }
func (p *pairsField) ArrayPositions() []uint64            { return nil }
func (p *pairsField) Options() index.FieldIndexingOptions { return pairsOptions }
func (p *pairsField) Analyze()                            {}
func (p *pairsField) Value() []byte                       { return nil }
func (p *pairsField) NumPlainTextBytes() uint64           { return 0 }
func (p *pairsField) Size() int                           { return 0 }
func (p *pairsField) EncodedFieldType() byte              { return 't' }
