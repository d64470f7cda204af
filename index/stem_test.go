package index

import (
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/token/porter"

	"litkb/internal/corpus"
)

// stemWords are words whose stems the cache must give as Bleve's filter
// does: plain, inflected, short, longer than stemLongest, not ASCII.
func stemWords(t *testing.T) []string {
	t.Helper()
	words := []string{
		"", "a", "is", "attachment", "attachments", "attached", "securely", "earned",
		"relational", "conditional", "generalizations", "hopping", "caresses", "ponies",
		"mentalization", "mentalisation", "preoccupied", "disorganised", "müller", "naïve",
		"façade", "ωμέγα", "x1", "1950s", strings.Repeat("generalization", 4),
		"internationalizationalizations", "antidisestablishmentarianismisations",
	}
	// Every word of the bundled corpus.
	c, err := corpus.Load(filepath.Join("..", "data"))
	if err != nil {
		t.Fatal(err)
	}
	for _, st := range c.Studies {
		words = append(words, strings.Fields(strings.ToLower(st.Title+" "+st.Summary+" "+st.Sample))...)
	}
	return words
}

func stemTokens(words []string, keyword func(i int) bool) analysis.TokenStream {
	toks := make(analysis.TokenStream, len(words))
	for i, w := range words {
		toks[i] = &analysis.Token{Term: []byte(w), KeyWord: keyword(i), Position: i + 1}
	}
	return toks
}

func TestCachedStemmerMatchesPorter(t *testing.T) {
	words := stemWords(t)
	keyword := func(i int) bool { return i%7 == 3 }
	bleve := porter.NewPorterStemmer()
	s := newCachedStemmer()
	want := bleve.Filter(stemTokens(words, keyword))
	// Twice: the first pass fills the cache, the second reads it.
	for pass := range 2 {
		got := s.Filter(stemTokens(words, keyword))
		for i := range want {
			if string(got[i].Term) != string(want[i].Term) {
				t.Fatalf("pass %d: %q (keyword %v) stemmed to %q, want %q", pass, words[i], keyword(i), got[i].Term, want[i].Term)
			}
		}
	}
	if n := cachedStems(s); n == 0 || n > stemShards*stemPerShard {
		t.Errorf("%d stems cached, want some and at most %d", n, stemShards*stemPerShard)
	}
}

// A cache full to its bound still stems every word, and keeps no more.
func TestCachedStemmerBounded(t *testing.T) {
	s := newCachedStemmer()
	bleve := porter.NewPorterStemmer()
	n := stemShards*stemPerShard + 5000
	words := make([]string, n)
	for i := range words {
		words[i] = fmt.Sprintf("w%dings", i)
	}
	got := s.Filter(stemTokens(words, func(int) bool { return false }))
	want := bleve.Filter(stemTokens(words, func(int) bool { return false }))
	for i := range want {
		if string(got[i].Term) != string(want[i].Term) {
			t.Fatalf("%q stemmed to %q, want %q", words[i], got[i].Term, want[i].Term)
		}
	}
	if c := cachedStems(s); c > stemShards*stemPerShard {
		t.Errorf("%d stems cached, want at most %d", c, stemShards*stemPerShard)
	}
}

// Analysis runs on several goroutines at once (run with -race).
func TestCachedStemmerConcurrent(t *testing.T) {
	words := stemWords(t)
	bleve := porter.NewPorterStemmer()
	want := bleve.Filter(stemTokens(words, func(int) bool { return false }))
	s := newCachedStemmer()
	var wg sync.WaitGroup
	errs := make(chan string, 4)
	for range 4 {
		wg.Go(func() {
			got := s.Filter(stemTokens(words, func(int) bool { return false }))
			for i := range want {
				if string(got[i].Term) != string(want[i].Term) {
					errs <- fmt.Sprintf("%q stemmed to %q, want %q", words[i], got[i].Term, want[i].Term)
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

func cachedStems(s *cachedStemmer) int {
	n := 0
	for i := range s.shards {
		n += len(s.shards[i].stems)
	}
	return n
}
