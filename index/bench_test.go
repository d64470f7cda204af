package index

import (
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"

	"litkb/internal/corpus"
	"litkb/internal/synth"
)

// Benchmarks of the hot paths on a generated corpus (go test -bench . ./index/).
// "litkb bench" measures the whole program; these isolate one piece each.

// benchCorpusSize is small enough to build in a few seconds and large
// enough that the index has many segments' worth of terms.
const benchCorpusSize = 3000

var (
	benchOnce sync.Once
	benchIx   *Index
	benchDir  string // removed by TestMain (removeBenchIndex)
	benchSrc  Source
	benchErr  error
)

// mustBenchIndex builds (once per test binary) an index of a generated
// corpus in a temporary folder.
func mustBenchIndex(b *testing.B) (*Index, Source) {
	b.Helper()
	benchOnce.Do(func() {
		dir, err := os.MkdirTemp("", "litkb-index-bench-")
		if err != nil {
			benchErr = err
			return
		}
		benchDir = dir
		c, err := generatedCorpus(filepath.Join(dir, "corpus"), benchCorpusSize)
		if err != nil {
			benchErr = err
			return
		}
		benchSrc = Source{Fingerprint: c.Fingerprint, Studies: c.Studies, Topics: c.Topics, Intents: c.Intents}
		benchIx, benchErr = Open(context.Background(), filepath.Join(dir, "index"), Options{Logger: slog.New(slog.DiscardHandler)})
		if benchErr == nil {
			_, benchErr = benchIx.Sync(context.Background(), benchSrc)
		}
	})
	if benchErr != nil {
		b.Fatal(benchErr)
	}
	return benchIx, benchSrc
}

// removeBenchIndex closes and removes the benchmarks' shared index, if one
// was built: TestMain calls it, as no single benchmark owns it.
func removeBenchIndex() {
	if benchIx != nil {
		_ = benchIx.Close()
	}
	if benchDir != "" {
		_ = os.RemoveAll(benchDir)
	}
}

// generatedCorpus writes n generated studies with the bundled vocabulary
// into dir and loads them.
func generatedCorpus(dir string, n int) (*corpus.Corpus, error) {
	vocab := filepath.Join("..", "data")
	c, err := corpus.Load(vocab)
	if err != nil {
		return nil, err
	}
	if err := synth.Generate(context.Background(), dir, synth.Options{N: n, Seed: 1, Topics: c.Topics, Constructs: c.Constructs}); err != nil {
		return nil, err
	}
	for _, name := range []string{corpus.TopicsFile, corpus.ConstructsFile, corpus.IntentsFile} {
		data, err := os.ReadFile(filepath.Join(vocab, name))
		if err != nil {
			return nil, err
		}
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			return nil, err
		}
	}
	return corpus.Load(dir)
}

func benchQueries(b *testing.B) []Request {
	qs, err := synth.Queries()
	if err != nil {
		b.Fatal(err)
	}
	var out []Request
	for _, q := range qs {
		out = append(out, Request{Query: q.Text, Topics: q.Filters["topic"], Design: q.Filters.Get("design")})
	}
	return out
}

func BenchmarkParse(b *testing.B) {
	qs := benchQueries(b)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if _, err := Parse(qs[i%len(qs)].Query); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSearch runs the committed query set, one query per iteration,
// in the three modes of litkb bench.
func BenchmarkSearch(b *testing.B) {
	ix, _ := mustBenchIndex(b)
	qs := benchQueries(b)
	for _, m := range []struct {
		name           string
		noFacets, noHL bool
	}{{"plain", true, true}, {"highlight", true, false}, {"facets", false, false}} {
		b.Run(m.name, func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; b.Loop(); i++ {
				r := qs[i%len(qs)]
				r.NoFacets, r.NoHighlight = m.noFacets, m.noHL
				if _, err := ix.Search(context.Background(), r); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkSearchOne is one broad query with everything the page shows.
func BenchmarkSearchOne(b *testing.B) {
	ix, _ := mustBenchIndex(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ix.Search(context.Background(), Request{Query: "attachment security"}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSnippet builds a highlighted snippet of a generated summary.
func BenchmarkSnippet(b *testing.B) {
	_, src := mustBenchIndex(b)
	text := src.Studies[len(src.Studies)/2].Summary
	var sp []span
	for _, w := range []string{"attachment", "security", "the"} {
		for i := 0; ; {
			j := strings.Index(text[i:], w)
			if j < 0 {
				break
			}
			sp = append(sp, span{i + j, i + j + len(w)})
			i += j + len(w)
		}
	}
	sp = mergeSpans(sp)
	b.ReportAllocs()
	for b.Loop() {
		_ = highlight(text, sp, snippetLen)
	}
}

// BenchmarkBuild builds a whole index of the generated corpus.
func BenchmarkBuild(b *testing.B) {
	_, src := mustBenchIndex(b)
	b.ReportAllocs()
	for b.Loop() {
		dir := b.TempDir()
		if _, err := build(context.Background(), filepath.Join(dir, "i"), src, 2000, nil, slog.New(slog.DiscardHandler), nil); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(src.Studies))*float64(b.N)/b.Elapsed().Seconds(), "studies/s")
}

// BenchmarkTokenize cuts a generated summary into words with litkb's
// tokenizer (ASCII fast path) and with Bleve's unicode tokenizer, which
// it must match token for token (see tokenizer_test.go).
func BenchmarkTokenize(b *testing.B) {
	_, src := mustBenchIndex(b)
	text := []byte(src.Studies[len(src.Studies)/2].Summary)
	for _, tc := range []struct {
		name string
		tok  analysis.Tokenizer
	}{
		{"litkb", asciiWords{general: unicode.NewUnicodeTokenizer()}},
		{"unicode", unicode.NewUnicodeTokenizer()},
	} {
		b.Run(tc.name, func(b *testing.B) {
			b.SetBytes(int64(len(text)))
			b.ReportAllocs()
			for b.Loop() {
				_ = tc.tok.Tokenize(text)
			}
		})
	}
}

// BenchmarkFacetTable is what the first faceted search after a write pays
// once: reading the facet values of every document of the snapshot.
func BenchmarkFacetTable(b *testing.B) {
	ix, _ := mustBenchIndex(b)
	reader := liveReader(b, ix)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := newFacetTable(context.Background(), reader); err != nil {
			b.Fatal(err)
		}
	}
}
