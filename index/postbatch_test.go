package index

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/search/query"
)

// TestPostingBatchesMatchStepping: a term's postings read in batches
// (postbatch.go), moved by a mix of next and advance (within a batch,
// just past it, across chunks and segments), give exactly what Bleve's
// own term reader steps through: every live document once, in order, with
// its frequency and norm, on an index of several segments with deleted
// documents and on one clean segment.
func TestPostingBatchesMatchStepping(t *testing.T) {
	for _, tc := range advanceCases {
		t.Run(tc.name, func(t *testing.T) {
			snap, _ := tc.open(t)
			served, passed, long := 0, 0, 0
			for k := range advanceVocab {
				term := fmt.Sprintf("w%d", k)
				want := stepAll(t, snap, []byte(term), [3]bool{true, true, false})
				if len(want) > 2500 {
					long++
				}
				for seed := range uint64(3) {
					s, p := checkBatched(t, snap, term, want, seed*100+uint64(k))
					served, passed = served+s, passed+p
				}
			}
			if long == 0 || served == 0 || passed == 0 {
				t.Fatalf("lists over two chunks %d, advances within a batch %d, past one %d: want each", long, served, passed)
			}
		})
	}
}

// checkBatched reads term's postings as a termsSearcher does, moving by
// random steps, and compares each posting it lands on with want. It says
// how many advances the batch served and how many went past it.
func checkBatched(t *testing.T, snap *scorch.IndexSnapshot, term string, want []posting, seed uint64) (served, passed int) {
	t.Helper()
	tq := bleve.NewTermQuery(term)
	tq.SetField("text")
	s, err := newTermsSearcher(context.Background(), snap, []*query.TermQuery{tq})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	tp := s.terms[0]
	if tp.b == nil {
		t.Fatal("the term's postings are not read in batches")
	}
	rnd := rand.New(rand.NewPCG(seed, 11))
	at := 0 // want[at] is where tp should be
	var got, expect []posting
	for {
		if at < len(want) {
			expect = append(expect, want[at])
		} else {
			expect = append(expect, posting{id: done})
		}
		got = append(got, posting{id: tp.doc, freq: tp.freq, norm: tp.norm})
		if tp.doc == done || at >= len(want) {
			break
		}
		if rnd.IntN(3) > 0 {
			if err := tp.next(); err != nil {
				t.Fatal(err)
			}
			at++
			continue
		}
		spread := []uint64{4, 60, 1500, 9000}[rnd.IntN(4)]
		target := tp.doc + 1 + rnd.Uint64N(spread)
		inBatch := tp.b.at < tp.b.n && target-tp.offs[tp.seg] <= uint64(tp.b.docs[tp.b.n-1]) && (tp.seg+1 >= len(tp.offs) || target < tp.offs[tp.seg+1])
		if err := tp.advance(target); err != nil {
			t.Fatal(err)
		}
		if inBatch {
			served++
		} else {
			passed++
		}
		for at < len(want) && want[at].id < target {
			at++
		}
	}
	for i := range got {
		got[i].id, expect[i].id = min(got[i].id, done), min(expect[i].id, done)
		if expect[i].id == done {
			expect[i].freq, expect[i].norm = got[i].freq, got[i].norm // nothing to compare at the end
		}
		expect[i].vectors, expect[i].hasVectors = "", false
	}
	if !slices.Equal(got, expect) {
		for i := range got {
			if got[i] != expect[i] {
				t.Fatalf("%s (seed %d), step %d: at %+v, want %+v", term, seed, i, got[i], expect[i])
			}
		}
	}
	return served, passed
}
