package zap

import (
	"slices"
	"sync/atomic"

	"github.com/golang/snappy"
)

// dvChunks keeps one field's doc value chunks of a segment, once read and
// decompressed, for every search of that segment. A search that sorts by
// a field's doc values reads the chunk (about a thousand documents) of
// every hit, and each search decompressed each chunk again: at 100,000
// studies a filter's 11,000 hits sorted by year decompressed about a
// hundred chunks of two fields, a fifth of the search. A chunk is kept
// the first time a search reads it, so what is kept is at most the
// field's doc values uncompressed, and only for the fields searches sort
// by; it lives as long as the segment.
type dvChunks struct {
	slots []atomic.Pointer[[]byte] // a chunk's values, uncompressed; never written once kept
}

// CacheDocValueChunks: searches keep the chunks they decompress (a
// variable so tests can compare with reading each chunk every time).
var CacheDocValueChunks = true

var keptChunks atomic.Int64

// KeptDocValueChunks is how many chunks searches have kept (for tests).
func KeptDocValueChunks() int64 { return keptChunks.Load() }

// loadCachedChunk is loadDvChunk for a search's visits: the chunk's
// header is read as before, and its values come from the segment's kept
// chunks, or are decompressed and kept.
func (di *docValueReader) loadCachedChunk(chunkNumber uint64, s *SegmentBase) error {
	if err := di.loadDvChunk(chunkNumber, s); err != nil {
		return err
	}
	if di.chunks == nil || !CacheDocValueChunks || di.indexOptions.SkipDVChunking() || di.indexOptions.SkipDVCompression() ||
		chunkNumber >= uint64(len(di.chunks.slots)) || len(di.curChunkData) == 0 {
		return nil
	}
	slot := &di.chunks.slots[chunkNumber]
	data := slot.Load()
	if data == nil {
		d, err := snappy.Decode(nil, di.curChunkData)
		if err != nil {
			return err
		}
		d = slices.Clip(d)
		if slot.CompareAndSwap(nil, &d) {
			keptChunks.Add(1)
			data = &d
		} else {
			data = slot.Load()
		}
	}
	di.kept, di.useKept = *data, true
	return nil
}
