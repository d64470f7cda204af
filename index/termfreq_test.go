package index

import (
	"reflect"
	"testing"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/document"
	index "github.com/blevesearch/bleve_index_api"
)

// termOptions are the indexing options litkb's fields use, and the rest.
var termOptions = []index.FieldIndexingOptions{
	index.IndexField | index.IncludeTermVectors, // prose
	index.IndexField,                   // keywords, words, pairs
	index.IndexField | index.DocValues, // faceted keywords
	index.IndexField | index.IncludeTermVectors | index.SkipFreqNorm,
	index.IndexField | index.SkipFreqNorm,
	index.IndexField | index.StoreField | index.IncludeTermVectors,
}

// sameFrequencies fails t unless termList lists what Bleve's
// TokenFrequency gives for toks: the same terms, each once and in the
// order first met, with the same frequency and locations in the same
// order.
func sameFrequencies(t *testing.T, toks analysis.TokenStream, arrayPositions []uint64) {
	t.Helper()
	for _, o := range termOptions {
		want := analysis.TokenFrequency(toks, arrayPositions, o)
		list := termList(toks, arrayPositions, o)
		if got := termMap(list); !reflect.DeepEqual(got, want) {
			t.Fatalf("options %v, %d tokens: got\n%v\nwant\n%v", o, len(toks), got, want)
		}
		var order []string
		seen := map[string]bool{}
		for _, tok := range toks {
			if !seen[string(tok.Term)] {
				seen[string(tok.Term)] = true
				order = append(order, string(tok.Term))
			}
		}
		if len(list) != len(order) {
			t.Fatalf("options %v: %d terms listed, want %d", o, len(list), len(order))
		}
		for i := range list {
			if string(list[i].Term) != order[i] {
				t.Fatalf("options %v: term %d is %q, want %q", o, i, list[i].Term, order[i])
			}
		}
	}
}

func TestTermFrequenciesMatchBleve(t *testing.T) {
	m, err := Mapping(nil)
	if err != nil {
		t.Fatal(err)
	}
	prose := m.AnalyzerNamed(proseAnalyzer)
	for _, text := range []string{
		"",
		"attachment",
		"attachment attachment attachment",
		"Earned security: earned-secure adults were securely attached, and their attachment was earned.",
		"the the the of of and",
		"a b a c a b d e a",
	} {
		sameFrequencies(t, prose.Analyze([]byte(text)), nil)
		sameFrequencies(t, prose.Analyze([]byte(text)), []uint64{2})
	}
}

// A location appended to a term met again must not write over another
// term's: the first location of each sits in one shared block. The map
// of terms termList uses is reused, and must start empty each time.
func TestTermFrequenciesKeepEachTermsLocations(t *testing.T) {
	toks := analysis.TokenStream{
		{Term: []byte("a"), Position: 1}, {Term: []byte("b"), Position: 2},
		{Term: []byte("a"), Position: 3}, {Term: []byte("c"), Position: 4},
		{Term: []byte("a"), Position: 5},
	}
	got := termMap(termList(toks, nil, index.IndexField|index.IncludeTermVectors))
	for term, want := range map[string][]int{"a": {1, 3, 5}, "b": {2}, "c": {4}} {
		var pos []int
		for _, l := range got[term].Locations {
			pos = append(pos, l.Position)
		}
		if !reflect.DeepEqual(pos, want) || got[term].Frequency() != len(want) {
			t.Errorf("%s: positions %v, frequency %d, want %v", term, pos, got[term].Frequency(), want)
		}
	}
}

// analyzeText gives what TextField.Analyze leaves in the field.
func TestAnalyzeTextMatchesTextField(t *testing.T) {
	m, err := Mapping(nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name  string
		field *document.TextField
	}{
		{"prose", document.NewTextFieldCustom(fSummary, []uint64{1}, []byte("Secure mothers, secure infants: attachment and attachment."), index.IndexField|index.IncludeTermVectors, m.AnalyzerNamed(proseAnalyzer))},
		{"keyword", document.NewTextFieldCustom(fFacet, nil, []byte("design:cohort"), index.IndexField|index.DocValues, m.AnalyzerNamed("keyword"))},
		{"stored", document.NewTextFieldCustom(fTitle, nil, []byte("Stored title, stored"), index.IndexField|index.StoreField|index.IncludeTermVectors, m.AnalyzerNamed(proseAnalyzer))},
		{"no analyzer", document.NewTextFieldCustom(fStudy, nil, []byte("smith-2020"), index.IndexField, nil)},
	} {
		length, terms := analyzeText(c.field)
		freqs := termMap(terms)
		c.field.Analyze()
		if length != c.field.AnalyzedLength() || !reflect.DeepEqual(freqs, c.field.AnalyzedTokenFrequencies()) {
			t.Errorf("%s: length %d, %v; want %d, %v", c.name, length, freqs, c.field.AnalyzedLength(), c.field.AnalyzedTokenFrequencies())
		}
	}
}

func FuzzTermFrequencies(f *testing.F) {
	for _, s := range []string{"a b a", "attachment and attachment security", "x x x x y"} {
		f.Add([]byte(s), uint8(0))
	}
	m, err := Mapping(nil)
	if err != nil {
		f.Fatal(err)
	}
	words := m.AnalyzerNamed(wordsAnalyzer)
	f.Fuzz(func(t *testing.T, text []byte, pos uint8) {
		var ap []uint64
		if pos > 0 {
			ap = []uint64{uint64(pos)}
		}
		sameFrequencies(t, words.Analyze(text), ap)
	})
}
