package index

import (
	"math"
	"reflect"
	"sync"

	zap "github.com/blevesearch/zapx/v17"
)

// A termPostings reads its postings from zap a batch at a time
// (zap.PostingsIterator.NextBatch) into a postingBatch, and steps through
// the batch: a word on most studies has tens of thousands of postings in
// each field, and taking them one Next at a time went through four calls
// and a Posting each. A batch starts small after an advance, as a window
// does (window.go): a conjunction asking about one document should not
// read a hundred. The postings, and so the hits and scores, are the same.

const (
	batchMin = 16
	batchMax = 256
)

type postingBatch struct {
	docs   [batchMax]uint32 // segment-local document numbers
	freqs  [batchMax]uint64
	norms  [batchMax]uint64 // read: norm bits as zap stores them (the field's length); then the norm's float64 bits
	at, n  int              // docs[at:n] are still to be taken
	size   int              // of the next read
	zapIts []*zap.PostingsIterator
}

var (
	batchPool   = sync.Pool{New: func() any { return new(postingBatch) }}
	sizeOfBatch = int(reflect.TypeFor[postingBatch]().Size())
)

// batched gives t a batch when every segment's iterator is zap's.
func (t *termPostings) batched() {
	b := batchPool.Get().(*postingBatch)
	b.zapIts = b.zapIts[:0]
	for _, it := range t.its {
		z, ok := it.(*zap.PostingsIterator)
		if !ok {
			batchPool.Put(b)
			return
		}
		b.zapIts = append(b.zapIts, z)
	}
	b.at, b.n, b.size = 0, 0, batchMin
	t.b = b
}

// releaseBatch gives t's batch back; t then reads one posting at a time.
func (t *termPostings) releaseBatch() {
	if t.b != nil {
		batchPool.Put(t.b)
		t.b = nil
	}
}

// nextBatched is next from the batch, read from zap when it is empty.
func (t *termPostings) nextBatched() error {
	b := t.b
	for b.at == b.n {
		if t.seg >= len(t.its) {
			t.doc = done
			return nil
		}
		n, ok, err := b.zapIts[t.seg].NextBatch(b.docs[:b.size], b.freqs[:b.size], b.norms[:b.size])
		if err != nil {
			return err
		}
		if !ok { // an iterator NextBatch does not serve: one posting
			if ok, err := t.step(); err != nil || ok {
				return err
			}
			t.seg++
			continue
		}
		b.at, b.n, b.size = 0, n, min(2*b.size, batchMax)
		if n == 0 {
			t.seg++
		}
		for i, length := range b.norms[:n] {
			b.norms[i] = math.Float64bits(norm(length))
		}
	}
	t.take()
	return nil
}

// nextInBatch is next when the batch holds the next posting (and says
// so), small enough to be inlined into the loops over a window.
func (t *termPostings) nextInBatch() bool {
	b := t.b
	if b == nil || b.at >= b.n {
		return false
	}
	t.take()
	return true
}

// take moves t to the batch's next posting.
func (t *termPostings) take() {
	b := t.b
	t.doc, t.freq, t.norm = t.offs[t.seg]+uint64(b.docs[b.at]), b.freqs[b.at], math.Float64frombits(b.norms[b.at])
	b.at++
}

// advanceBatched moves t to target when the batch holds a posting at or
// after it; otherwise it empties the batch (the iterator is already past
// what it held), so that the next read after the advance is a small one,
// and says so.
func (t *termPostings) advanceBatched(target uint64) bool {
	b := t.b
	if b.at < b.n && t.seg < len(t.its) && target >= t.offs[t.seg] {
		if local := target - t.offs[t.seg]; local <= uint64(b.docs[b.n-1]) {
			for uint64(b.docs[b.at]) < local {
				b.at++
			}
			t.take()
			return true
		}
	}
	b.at, b.n, b.size = 0, 0, batchMin
	return false
}
