package corpus_test

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"litkb/internal/corpus"
	"litkb/internal/synth"
)

// benchCorpus generates (once per test binary) a corpus of n studies with
// the bundled vocabulary.
var (
	benchOnce sync.Once
	benchDir  string
	benchErr  error
)

const benchStudies = 5000

// TestMain removes the benchmarks' generated corpus after the run, as no
// single benchmark owns it.
func TestMain(m *testing.M) {
	code := m.Run()
	if benchDir != "" {
		_ = os.RemoveAll(benchDir)
	}
	os.Exit(code)
}

func generated(b *testing.B) string {
	b.Helper()
	benchOnce.Do(func() {
		vocab := filepath.Join("..", "..", "data")
		c, err := corpus.Load(vocab)
		if err != nil {
			benchErr = err
			return
		}
		if benchDir, benchErr = os.MkdirTemp("", "litkb-corpus-bench-"); benchErr != nil {
			return
		}
		if benchErr = synth.Generate(context.Background(), benchDir, synth.Options{N: benchStudies, Seed: 1, Topics: c.Topics, Constructs: c.Constructs}); benchErr != nil {
			return
		}
		for _, name := range []string{corpus.TopicsFile, corpus.ConstructsFile} {
			data, err := os.ReadFile(filepath.Join(vocab, name))
			if err == nil {
				err = os.WriteFile(filepath.Join(benchDir, name), data, 0o644)
			}
			if err != nil {
				benchErr = err
				return
			}
		}
	})
	if benchErr != nil {
		b.Fatal(benchErr)
	}
	return benchDir
}

// BenchmarkLoad reads, decodes and validates a generated corpus.
func BenchmarkLoad(b *testing.B) {
	dir := generated(b)
	b.ReportAllocs()
	for b.Loop() {
		c, err := corpus.Load(dir)
		if err != nil {
			b.Fatal(err)
		}
		if len(c.Studies) != benchStudies || len(c.Problems) > 0 {
			b.Fatalf("%d studies, %d problems", len(c.Studies), len(c.Problems))
		}
	}
	b.ReportMetric(float64(benchStudies)*float64(b.N)/b.Elapsed().Seconds(), "studies/s")
}

// BenchmarkLoadFromSnapshot is a restart's load: every file unchanged since
// the snapshot was written, so nothing is decoded from TOML.
func BenchmarkLoadFromSnapshot(b *testing.B) {
	dir := generated(b)
	age(b, dir)
	cache := filepath.Join(b.TempDir(), "corpus.snapshot")
	if _, err := corpus.LoadCached(dir, cache); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		c, err := corpus.LoadCached(dir, cache)
		if err != nil {
			b.Fatal(err)
		}
		if c.Stats.FromSnapshot != benchStudies {
			b.Fatalf("%+v: want every study from the snapshot", c.Stats)
		}
	}
	b.ReportMetric(float64(benchStudies)*float64(b.N)/b.Elapsed().Seconds(), "studies/s")
}
