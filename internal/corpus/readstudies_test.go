package corpus

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"litkb/internal/study"
)

// sortStudies moves every study to its place in id order, and each hash
// with its study, whatever the order they came in.
func TestSortStudies(t *testing.T) {
	for _, n := range []int{0, 1, 2, 7, 100} {
		for seed := range uint64(5) {
			rng := rand.New(rand.NewPCG(seed, uint64(n)))
			c := &Corpus{}
			for i := range n {
				c.Studies = append(c.Studies, &study.Study{ID: fmt.Sprintf("s%03d", i), Title: fmt.Sprint(i)})
				c.hashes = append(c.hashes, uint64(i))
			}
			rng.Shuffle(n, func(i, j int) {
				c.Studies[i], c.Studies[j] = c.Studies[j], c.Studies[i]
				c.hashes[i], c.hashes[j] = c.hashes[j], c.hashes[i]
			})
			c.sortStudies()
			for i, s := range c.Studies {
				if s.ID != fmt.Sprintf("s%03d", i) || s.Title != fmt.Sprint(i) || c.hashes[i] != uint64(i) {
					t.Fatalf("n %d seed %d: at %d: %s (%s) with hash %d", n, seed, i, s.ID, s.Title, c.hashes[i])
				}
			}
		}
	}
}

func BenchmarkSortStudies(b *testing.B) {
	const n = 100_000
	ids := make([]string, n)
	for i := range ids {
		ids[i] = fmt.Sprintf("author-%d-title", i)
		if i%10 == 0 {
			ids[i] += "-b" // sorts before its neighbour's file as x-b.toml
		}
	}
	files := slices.Clone(ids)
	slices.SortFunc(files, func(a, b string) int { return cmpFile(a, b) })
	for b.Loop() {
		b.StopTimer()
		c := &Corpus{Studies: make([]*study.Study, n), hashes: make([]uint64, n)}
		for i, id := range files {
			c.Studies[i] = &study.Study{ID: id}
		}
		b.StartTimer()
		c.sortStudies()
	}
}

// cmpFile orders ids as their files are listed.
func cmpFile(a, b string) int { return strings.Compare(a+".toml", b+".toml") }
