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
	slots []atomic.Pointer[dvChunk]
}

// dvChunk is a chunk's documents (numbers and the ends of their values)
// and their values, uncompressed; neither is ever written once kept.
type dvChunk struct {
	header []MetaData
	data   []byte
}

// CacheDocValueChunks: searches keep the chunks they decompress (a
// variable so tests can compare with reading each chunk every time).
var CacheDocValueChunks = true

var keptChunks atomic.Int64

// KeptDocValueChunks is how many chunks searches have kept (for tests).
func KeptDocValueChunks() int64 { return keptChunks.Load() }

// loadCachedChunk is loadDvChunk for a search's visits: the chunk comes
// from the segment's kept chunks, or is read, decompressed and kept.
func (di *docValueReader) loadCachedChunk(chunkNumber uint64, s *SegmentBase) error {
	if di.chunks == nil || !CacheDocValueChunks || di.indexOptions.SkipDVChunking() || chunkNumber >= uint64(len(di.chunks.slots)) {
		return di.loadDvChunk(chunkNumber, s)
	}
	slot := &di.chunks.slots[chunkNumber]
	c := slot.Load()
	if c == nil {
		if err := di.loadDvChunk(chunkNumber, s); err != nil {
			return err
		}
		c = &dvChunk{header: slices.Clone(di.curChunkHeader)}
		switch {
		case len(di.curChunkData) == 0:
		case di.indexOptions.SkipDVCompression():
			c.data = slices.Clip(di.curChunkData)
		default:
			data, err := snappy.Decode(nil, di.curChunkData)
			if err != nil {
				return err
			}
			c.data = slices.Clip(data)
		}
		if slot.CompareAndSwap(nil, c) {
			keptChunks.Add(1)
		} else {
			c = slot.Load()
		}
	}
	di.dropShared()
	di.curChunkHeader, di.sharedHeader = c.header, true
	di.kept, di.useKept = c.data, true
	di.curChunkData = nil
	di.curChunkNum = chunkNumber
	return nil
}

// dropShared lets go of a kept chunk's header and values before di reads
// a chunk into its own buffers, which would otherwise overwrite them.
func (di *docValueReader) dropShared() {
	if di.sharedHeader {
		di.curChunkHeader, di.sharedHeader = nil, false
	}
	di.kept, di.useKept = nil, false
}
