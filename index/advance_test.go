package index

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search/query"
	bleveindex "github.com/blevesearch/bleve_index_api"
)

// zap's postings iterator is patched (third_party/zapx, see its
// LITKB.md): an Advance with frequencies, norms or locations jumps to the
// start of the target's chunk instead of stepping through every posting
// before it, and a list with deleted documents is read once, skipping
// them, instead of beside a copy without them. These tests hold both to
// what stepping through a clean segment finds.

// advanceVocab is the tests' words: w0 is on nearly every document, each
// next word on fewer, so the lists run from many chunks to a few postings.
const advanceVocab = 40

// advanceDoc is a generated document's text: word k with a chance that
// falls with k, some repeated (frequencies above 1), in random order.
func advanceDoc(r *rand.Rand) string {
	var words []string
	for k := range advanceVocab {
		if r.Float64() < 0.95/float64(1+k/2) {
			for range 1 + r.IntN(3) {
				words = append(words, fmt.Sprintf("w%d", k))
			}
		}
	}
	r.Shuffle(len(words), func(i, j int) { words[i], words[j] = words[j], words[i] })
	return strings.Join(words, " ")
}

// advanceIndex builds an index of n generated documents in batches of
// batch. With rewrite, every 23rd is then written again with other text,
// which deletes it from the segment that held it; clean is then an index
// of the same final documents in one segment, without deletions.
func advanceIndex(t testing.TB, n, batch int, rewrite bool) (bi, clean bleve.Index) {
	t.Helper()
	r := rand.New(rand.NewPCG(1, 2))
	first, final := make([]string, n), make([]string, n)
	for i := range first {
		first[i] = advanceDoc(r)
		final[i] = first[i]
		if rewrite && i%23 == 0 {
			final[i] = advanceDoc(r)
		}
	}
	open := func(name string) bleve.Index {
		bi, err := bleve.NewUsing(filepath.Join(t.TempDir(), name), mapping.NewIndexMapping(), scorch.Name, scorch.Name, nil)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { bi.Close() })
		return bi
	}
	put := func(bi bleve.Index, texts []string, step, batch int) {
		for start := 0; start < len(texts); start += step * batch {
			b := bi.NewBatch()
			for i := start; i < min(start+step*batch, len(texts)); i += step {
				if err := b.Index(fmt.Sprintf("d%05d", i), map[string]any{"text": texts[i]}); err != nil {
					t.Fatal(err)
				}
			}
			if err := bi.Batch(b); err != nil {
				t.Fatal(err)
			}
		}
	}
	bi = open("i")
	put(bi, first, 1, batch)
	if !rewrite {
		return bi, nil
	}
	put(bi, final, 23, batch)
	clean = open("clean")
	put(clean, final, 1, n)
	return bi, clean
}

// snapshotOf is bi's scorch snapshot; the caller closes it.
func snapshotOf(t testing.TB, bi bleve.Index) *scorch.IndexSnapshot {
	t.Helper()
	adv, err := bi.Advanced()
	if err != nil {
		t.Fatal(err)
	}
	r, err := adv.Reader()
	if err != nil {
		t.Fatal(err)
	}
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		t.Fatalf("reader is %T, want a scorch snapshot", r)
	}
	return snap
}

// posting is a term reader's answer, copied out of its reused buffers.
type posting struct {
	id         uint64
	freq       uint64
	norm       float64
	vectors    string
	hasVectors bool
}

func postingOf(d *bleveindex.TermFieldDoc) posting {
	p := posting{id: d.ID.Value(), freq: d.Freq, norm: d.Norm, hasVectors: d.Vectors != nil}
	var b strings.Builder
	for _, v := range d.Vectors {
		fmt.Fprintf(&b, "%s %v %d %d-%d;", v.Field, v.ArrayPositions, v.Pos, v.Start, v.End)
	}
	p.vectors = b.String()
	return p
}

// TestAdvanceMatchesStepping: on an index of one clean segment and on one
// of several segments with deleted documents, a term reader moved by a
// mix of Advance (within a chunk, across a few, across many) and Next
// gives, at every step, exactly the posting that stepping through the
// whole list of a clean segment finds there: the document, its frequency,
// its norm and every location. A reader that jumped to a chunk without
// reading off the postings before its target within that chunk would
// give another posting's frequency and locations; one that did not skip
// a deleted document, or skipped a live one, another document. With
// deletions, what is expected comes from the clean index of the same
// final documents, matched by document id.
func TestAdvanceMatchesStepping(t *testing.T) {
	for _, tc := range advanceCases {
		t.Run(tc.name, func(t *testing.T) {
			snap, clean := tc.open(t)
			var cleanSnap *scorch.IndexSnapshot
			if clean != nil {
				cleanSnap = snapshotOf(t, clean)
				defer cleanSnap.Close()
			}
			ctx := context.Background()
			long := 0
			for k := range advanceVocab {
				term := []byte(fmt.Sprintf("w%d", k))
				for _, opts := range [][3]bool{{true, true, true}, {true, true, false}, {true, false, false}, {false, false, false}} {
					want := stepAll(t, snap, term, opts)
					if cleanSnap != nil {
						ref := sameDocuments(t, snap, cleanSnap, term, opts)
						if !slices.Equal(want, ref) {
							t.Fatalf("%s %v: stepping found %d postings, the clean index %d (or others)", term, opts, len(want), len(ref))
						}
					}
					if len(want) > 2500 {
						long++
					}
					checkAdvances(t, ctx, snap, term, opts, want, uint64(k))
				}
			}
			if long == 0 {
				t.Fatal("no list spans several chunks")
			}
		})
	}
}

// advanceCase is an index the reading tests read: one clean segment, or
// several segments with deleted documents.
type advanceCase struct {
	name    string
	batch   int
	rewrite bool
}

var advanceCases = []advanceCase{
	{"one clean segment", 6000, false},
	{"segments with deletions", 1500, true},
}

// open builds the case's index, checks it is the index the case is about,
// and gives its snapshot (closed when the test ends) and, with deletions,
// the clean index of the same final documents.
func (c advanceCase) open(t *testing.T) (*scorch.IndexSnapshot, bleve.Index) {
	t.Helper()
	bi, clean := advanceIndex(t, 6000, c.batch, c.rewrite)
	snap := snapshotOf(t, bi)
	t.Cleanup(func() { snap.Close() })
	if whole := len(snap.Segments()) == 1 && deletedIn(snap) == 0; whole != !c.rewrite {
		t.Fatalf("%d segments, %d deleted: not the index the case is about", len(snap.Segments()), deletedIn(snap))
	}
	return snap, clean
}

// deletedIn counts the deleted documents in snap's segments.
func deletedIn(snap *scorch.IndexSnapshot) uint64 {
	n := uint64(0)
	for _, s := range snap.Segments() {
		if d := s.Deleted(); d != nil {
			n += d.GetCardinality()
		}
	}
	return n
}

// sameDocuments is what a reader of term in snap should step through: the
// postings of clean, an index of the same documents, on the documents
// live in snap, in snap's order and with its numbers.
func sameDocuments(t *testing.T, snap, clean *scorch.IndexSnapshot, term []byte, o [3]bool) []posting {
	t.Helper()
	byID := map[string]posting{}
	r, err := clean.TermFieldReader(context.Background(), term, "text", o[0], o[1], o[2])
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	for {
		d, err := r.Next(nil)
		if err != nil {
			t.Fatal(err)
		}
		if d == nil {
			break
		}
		id, err := clean.ExternalID(d.ID)
		if err != nil {
			t.Fatal(err)
		}
		byID[id] = postingOf(d)
	}
	docs, err := snap.DocIDReaderAll()
	if err != nil {
		t.Fatal(err)
	}
	defer docs.Close()
	var out []posting
	for {
		n, err := docs.Next()
		if err != nil {
			t.Fatal(err)
		}
		if n == nil {
			return out
		}
		id, err := snap.ExternalID(n)
		if err != nil {
			t.Fatal(err)
		}
		if p, ok := byID[id]; ok {
			p.id = n.Value()
			out = append(out, p)
		}
	}
}

// TestSearchesSkipDeletedDocuments: searches of the index with deleted
// documents find exactly the documents that the same searches of the
// clean index of the same documents find, scored or not (unscored
// conjunctions and disjunctions of terms are answered from the lists
// without their deleted documents, ActualBitmap).
func TestSearchesSkipDeletedDocuments(t *testing.T) {
	bi, clean := advanceIndex(t, 6000, 1500, true)
	queries := map[string]query.Query{
		"term":        bleve.NewTermQuery("w0"),
		"conjunction": bleve.NewConjunctionQuery(bleve.NewTermQuery("w0"), bleve.NewTermQuery("w3"), bleve.NewTermQuery("w9")),
		"disjunction": bleve.NewDisjunctionQuery(bleve.NewTermQuery("w20"), bleve.NewTermQuery("w31"), bleve.NewTermQuery("w7")),
		"phrase":      bleve.NewPhraseQuery([]string{"w0", "w1"}, "text"),
	}
	not := bleve.NewBooleanQuery()
	not.AddMust(bleve.NewTermQuery("w1"))
	not.AddMustNot(bleve.NewTermQuery("w2"))
	queries["not"] = not
	for name, q := range queries {
		for _, score := range []string{"", "none"} {
			ids := func(bi bleve.Index) []string {
				req := bleve.NewSearchRequestOptions(q, 10000, 0, false)
				req.Score = score
				res, err := bi.Search(req)
				if err != nil {
					t.Fatal(err)
				}
				var out []string
				for _, h := range res.Hits {
					out = append(out, h.ID)
				}
				slices.Sort(out)
				if uint64(len(out)) != res.Total {
					t.Fatalf("%s: %d hits of %d", name, len(out), res.Total)
				}
				return out
			}
			got, want := ids(bi), ids(clean)
			if len(want) == 0 || !slices.Equal(got, want) {
				t.Errorf("%s (score %q): %d documents, the clean index %d", name, score, len(got), len(want))
			}
		}
	}
}

// stepAll reads the whole list of term with Next.
func stepAll(t *testing.T, snap *scorch.IndexSnapshot, term []byte, o [3]bool) []posting {
	t.Helper()
	r, err := snap.TermFieldReader(context.Background(), term, "text", o[0], o[1], o[2])
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var out []posting
	for {
		d, err := r.Next(nil)
		if err != nil {
			t.Fatal(err)
		}
		if d == nil {
			return out
		}
		out = append(out, postingOf(d))
	}
}

// checkAdvances moves a reader of term forward by random steps, each an
// Advance to a target some documents on or a Next, and compares every
// answer with want.
func checkAdvances(t *testing.T, ctx context.Context, snap *scorch.IndexSnapshot, term []byte, o [3]bool, want []posting, seed uint64) {
	t.Helper()
	rnd := rand.New(rand.NewPCG(seed, 7))
	r, err := snap.TermFieldReader(ctx, term, "text", o[0], o[1], o[2])
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	at := -1 // index in want of the reader's last answer
	for step := 0; ; step++ {
		var d *bleveindex.TermFieldDoc
		var next int
		var what string
		if rnd.IntN(10) < 3 {
			d, err = r.Next(nil)
			next, what = at+1, "Next"
		} else {
			from := uint64(0)
			if at >= 0 {
				from = want[at].id + 1
			}
			gap := [...]uint64{0, 1 + rnd.Uint64N(3), 10 + rnd.Uint64N(300), 1000 + rnd.Uint64N(3000)}[rnd.IntN(4)]
			target := from + gap
			d, err = r.Advance(bleveindex.NewIndexInternalID(nil, target), nil)
			next = at + 1 + slices.IndexFunc(want[at+1:], func(p posting) bool { return p.id >= target })
			if next == at {
				next = len(want) // none at or after the target
			}
			what = fmt.Sprintf("Advance(%d)", target)
		}
		if err != nil {
			t.Fatal(err)
		}
		if next >= len(want) {
			if d != nil {
				t.Fatalf("%s %v step %d %s: got document %d, want the end", term, o, step, what, d.ID.Value())
			}
			return
		}
		if d == nil {
			t.Fatalf("%s %v step %d %s: got the end, want %+v", term, o, step, what, want[next])
		}
		if got := postingOf(d); got != want[next] {
			t.Fatalf("%s %v step %d %s:\n got %+v\nwant %+v", term, o, step, what, got, want[next])
		}
		at = next
	}
}

// BenchmarkAdvanceLocations advances a term reader with locations, as the
// snippets' pass does, to ten documents spread over a list on nearly
// every one of 50,000 documents.
func BenchmarkAdvanceLocations(b *testing.B) {
	bi, _ := advanceIndex(b, 50000, 50000, false)
	snap := snapshotOf(b, bi)
	defer snap.Close()
	ctx := context.Background()
	for b.Loop() {
		r, err := snap.TermFieldReader(ctx, []byte("w0"), "text", true, true, true)
		if err != nil {
			b.Fatal(err)
		}
		for i := range 10 {
			if d, err := r.Advance(bleveindex.NewIndexInternalID(nil, uint64(i*4999+17)), nil); err != nil || d == nil {
				b.Fatal(err, d)
			}
		}
		r.Close()
	}
}

// BenchmarkReadWithDeletions reads the whole list of a term on nearly
// every one of 50,000 documents, with frequencies and norms as a ranking
// search does, from a segment where one document in 23 is deleted.
func BenchmarkReadWithDeletions(b *testing.B) {
	bi, _ := advanceIndex(b, 50000, 50000, true)
	snap := snapshotOf(b, bi)
	defer snap.Close()
	ctx := context.Background()
	for b.Loop() {
		r, err := snap.TermFieldReader(ctx, []byte("w0"), "text", true, true, false)
		if err != nil {
			b.Fatal(err)
		}
		n := 0
		for d, err := r.Next(nil); d != nil || err != nil; d, err = r.Next(nil) {
			if err != nil {
				b.Fatal(err)
			}
			n++
		}
		if n < 40000 {
			b.Fatalf("read %d postings", n)
		}
		r.Close()
	}
}
