package index

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/registry"

	"litkb/internal/corpus"
)

// TestDistinctWordsMatchesSegmentation: the words field, cut by
// distinctWords, holds the same words as Unicode word segmentation of the
// same texts, for every study of the bundled corpus.
func TestDistinctWordsMatchesSegmentation(t *testing.T) {
	c, err := corpus.Load(filepath.Join("..", "data"))
	if err != nil {
		t.Fatal(err)
	}
	tok, err := registry.NewCache().TokenizerNamed(unicode.Name)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range c.Studies {
		texts := []string{s.Title, s.Summary, s.Sample, s.Journal, s.Container}
		for _, f := range s.Findings {
			texts = append(texts, f.Text, f.Population)
		}
		for _, a := range s.Authors {
			texts = append(texts, a.Given+" "+a.Family)
		}
		var want []string
		for _, text := range texts {
			for _, tk := range tok.Tokenize([]byte(text)) {
				if w := strings.ToLower(string(tk.Term)); !slices.Contains(want, w) {
					want = append(want, w)
				}
			}
		}
		got := strings.Fields(distinctWords(texts))
		slices.Sort(want)
		slices.Sort(got)
		if !slices.Equal(got, want) {
			var missing, extra []string
			for _, w := range want {
				if !slices.Contains(got, w) {
					missing = append(missing, w)
				}
			}
			for _, w := range got {
				if !slices.Contains(want, w) {
					extra = append(extra, w)
				}
			}
			t.Errorf("%s: missing %q, extra %q", s.ID, missing, extra)
		}
	}
}
