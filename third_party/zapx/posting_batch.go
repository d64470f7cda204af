package zap

import "fmt"

// NextBatch reads the postings Next would give next, up to len(docs) of
// them, into docs, freqs and norms (each posting's norm bits as stored,
// what Posting.NormUint64 gives), and says how many it read; 0 at the
// list's end. It reads them as Next does, in one call for many: a search
// of common words steps through most postings of each of its terms, and
// each Next went through four calls and a Posting. ok is false, with
// nothing read, for an iterator it does not serve (one with locations or
// without frequencies, or a list read apart from its postings); such an
// iterator is read with Next. freqs and norms are at least as long as
// docs. A litkb addition (LITKB.md, change 5).
func (i *PostingsIterator) NextBatch(docs []uint32, freqs, norms []uint64) (n int, ok bool, err error) {
	if !i.includeFreqNorm || i.includeLocs {
		return 0, false, nil
	}
	if i.normBits1Hit != 0 {
		if i.docNum1Hit == DocNum1HitFinished || len(docs) == 0 {
			return 0, true, nil
		}
		docs[0], freqs[0], norms[0] = uint32(i.docNum1Hit), 1, i.normBits1Hit
		i.docNum1Hit = DocNum1HitFinished
		return 1, true, nil
	}
	if i.Actual == nil || i.postings == nil || i.postings == emptyPostingsList {
		return 0, true, nil
	}
	if i.postings.postings != i.ActualBM {
		return 0, false, nil
	}
	if i.postings.chunkSize == 0 {
		return 0, true, ErrChunkSizeZero
	}
	chunkSize := uint32(i.postings.chunkSize)
	for n < len(docs) && i.Actual.HasNext() {
		d := i.Actual.Next()
		// Postings are read in order, so d is the first of its chunk
		// whenever the chunk changes: the chunk is read from its start.
		if c := d / chunkSize; c != i.currChunk || i.freqNormReader.isNil() {
			if err := i.loadChunk(int(c)); err != nil {
				return n, true, fmt.Errorf("error loading chunk: %v", err)
			}
		}
		if i.deleted != nil && d >= i.nextDeleted && i.isDeleted(d) {
			if _, err := i.skipFreqNormReadHasLocs(); err != nil {
				return n, true, err
			}
			continue
		}
		// readFreqNormHasLocs, with one-byte varints (most frequencies
		// and field lengths) read here rather than by a call
		r := i.freqNormReader.r
		var freqHasLocs, normBits uint64
		if r.C < len(r.S) && r.S[r.C] < 0x80 {
			freqHasLocs = uint64(r.S[r.C])
			r.C++
		} else if freqHasLocs, err = r.ReadUvarint(); err != nil {
			return n, true, fmt.Errorf("error reading frequency: %v", err)
		}
		freq, _ := decodeFreqHasLocs(freqHasLocs)
		if freq != 0 {
			if r.C < len(r.S) && r.S[r.C] < 0x80 {
				normBits = uint64(r.S[r.C])
				r.C++
			} else if normBits, err = r.ReadUvarint(); err != nil {
				return n, true, fmt.Errorf("error reading norm: %v", err)
			}
		}
		docs[n], freqs[n], norms[n] = d, freq, normBits
		n++
	}
	return n, true, nil
}
