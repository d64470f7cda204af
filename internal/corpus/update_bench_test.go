package corpus_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"litkb/internal/corpus"
	"litkb/internal/synth"
)

// BenchmarkUpdate is a curator's save of one published study through the
// store (durable write, history) at two corpus sizes: what a write costs
// should not grow with the corpus (it copied every study, and rebuilt
// maps of every id and file, before).
func BenchmarkUpdate(b *testing.B) {
	vocab := filepath.Join("..", "..", "data")
	v, err := corpus.Load(vocab)
	if err != nil {
		b.Fatal(err)
	}
	for _, n := range []int{2000, 20000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			dir := b.TempDir()
			if err := synth.Generate(context.Background(), dir, synth.Options{N: n, Seed: 1, Topics: v.Topics, Constructs: v.Constructs}); err != nil {
				b.Fatal(err)
			}
			for _, name := range []string{corpus.TopicsFile, corpus.ConstructsFile} {
				data, err := os.ReadFile(filepath.Join(vocab, name))
				if err == nil {
					err = os.WriteFile(filepath.Join(dir, name), data, 0o644)
				}
				if err != nil {
					b.Fatal(err)
				}
			}
			s, err := corpus.OpenStore(b.Context(), dir, corpus.StoreOptions{})
			if err != nil {
				b.Fatal(err)
			}
			pub := s.Corpus().Published()
			if len(pub) == 0 {
				b.Fatal("no published study to change")
			}
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				st := *pub[i%len(pub)]
				st.Summary += " Edited."
				if _, err := s.Update(context.Background(), st.ID, st, s.Corpus().ETag(st.ID), editor); err != nil {
					b.Fatal(err)
				}
				i++
			}
		})
	}
}
