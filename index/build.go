package index

import (
	"context"
	"fmt"
	"log/slog"
	"math"
	"strings"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/index/scorch/mergeplan"
	"github.com/blevesearch/bleve/v2/mapping"

	"litkb/internal/study"
)

// build writes a complete index of src into path and the hashes of what
// it holds. Documents are mapped in one goroutine while Bleve analyses and
// writes the previous batch in another, so both cores work. Batches are
// not waited for one by one ("unsafe_batch"): nothing reads this index
// until it is complete, a failed build is deleted, and the last batch,
// which records the mapping version and fingerprint, is waited for until
// it and everything before it is on disk.
// release, when set, is called once every study has been read, before the
// merge (see Build).
func build(ctx context.Context, path string, src Source, batchSize int, progress func(done, total int), log *slog.Logger, release func()) (hashes *studyHashes, err error) {
	topics := map[string]study.Topic{}
	for _, t := range src.Topics {
		topics[t.ID] = t
	}
	common, err := commonWords(src.Studies, topics)
	if err != nil {
		return nil, err
	}
	m, err := Mapping(src.Topics, common...)
	if err != nil {
		return nil, err
	}
	bi, err := createForBuild(path, m)
	if err != nil {
		return nil, err
	}
	defer func() {
		if cerr := bi.Close(); cerr != nil && err == nil {
			err = fmt.Errorf("index: close new index: %w", cerr)
		}
		if err == nil {
			dropCached(path) // closed: its pages are no longer mapped
		}
	}()

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	batches := make(chan *bleve.Batch, 1)
	mapped := make(chan error, 1)
	go func() {
		defer close(batches)
		b := bi.NewBatch()
		for i := range src.Studies {
			if err := indexStudy(b, bi.Mapping(), src.Studies[i], topics); err != nil {
				mapped <- err
				return
			}
			if b.Size() >= batchSize || i == len(src.Studies)-1 {
				select {
				case batches <- b:
				case <-ctx.Done():
					mapped <- ctx.Err()
					return
				}
				b = bi.NewBatch()
			}
		}
		mapped <- nil
	}()
	// Batches are of 500 studies by default: the analysis of a batch of
	// 1000 holds about 90 MiB until its segment is made, and what is in
	// flight is most of a build's heap beside the corpus. Halving it costs
	// some merging (about 4 s of CPU at 100,000 studies); smaller batches
	// cost much more.
	//
	// Two batches are analysed and made into segments at once: Bleve
	// turns one batch into a segment on one core. Each writer waits for
	// its previous batch to be persisted before it takes another, so a
	// few batches at most wait in memory for the persister, which would
	// otherwise fall behind and hold the whole corpus's segments.
	writers := make(chan error, 2)
	var indexed struct {
		sync.Mutex
		n int
	}
	for range 2 {
		go func() {
			var pending chan error
			wait := func() error {
				if pending == nil {
					return nil
				}
				select {
				case err := <-pending:
					if err != nil {
						return fmt.Errorf("index: persist: %w", err)
					}
					return nil
				case <-ctx.Done():
					return ctx.Err()
				}
			}
			for b := range batches {
				done := make(chan error, 1)
				b.SetPersistedCallback(func(err error) { done <- err })
				n := b.Size()
				if err := bi.Batch(b); err != nil {
					cancel()
					writers <- fmt.Errorf("index: batch: %w", err)
					return
				}
				if progress != nil {
					indexed.Lock()
					indexed.n += n
					progress(indexed.n, len(src.Studies))
					indexed.Unlock()
				}
				if err := wait(); err != nil {
					cancel()
					writers <- err
					return
				}
				pending = done
			}
			writers <- wait()
		}()
	}
	for range 2 {
		if werr := <-writers; werr != nil && err == nil {
			err = werr
		}
	}
	if err != nil {
		for range batches { // let the mapper finish
		}
		<-mapped
		return nil, err
	}
	if err := <-mapped; err != nil {
		return nil, err
	}
	hashes, _ = hashAll(src)
	if release != nil {
		ownIDs(hashes)
		release() // the studies are read: the merge needs none of them
	}
	merging := time.Now()
	if err := compact(ctx, bi); err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		log.Warn("index left in several segments: merging them failed", "err", err)
	} else {
		log.Info("index merged", "segments", segmentCount(bi), "took", time.Since(merging).Round(time.Millisecond))
	}

	// The last batch is persisted with the root that holds the merged
	// segment: waiting for it waits for both.
	last := bi.NewBatch()
	last.SetInternal(keyMapping, []byte(MappingVersion))
	last.SetInternal(keyFingerprint, []byte(src.Fingerprint))
	persisted := make(chan error, 1)
	last.SetPersistedCallback(func(err error) { persisted <- err })
	if err := bi.Batch(last); err != nil {
		return nil, fmt.Errorf("index: %w", err)
	}
	select {
	case err := <-persisted:
		if err != nil {
			return nil, fmt.Errorf("index: persist: %w", err)
		}
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	// Files the merge left are removed soon after the index is next opened:
	// failing to see them go now is reported, not fatal.
	if err := settle(ctx, bi, path); err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		log.Warn("merged-away segments left on disk until the index is next opened", "err", err)
	}
	if err := writeHashes(path, hashes); err != nil {
		return nil, err
	}
	return hashes, nil
}

// buildMerges is how a build merges the segments it writes (Bleve's
// tiered plan, as JSON options): twenty of a size at a time instead of
// ten. With ten, every study's postings were written about three times
// before the final merge into one segment at 100,000 studies (612 MiB of
// merges for a 293 MiB index), and more often at 1,000,000; with twenty,
// 412 MiB. Fifty (351 MiB) built 1,000,000 studies faster still, but one
// of its merges took the build's peak to 5991-6186 MiB in three runs,
// against 4671 with twenty. A server's index merges as Bleve sets it.
var buildMerges = map[string]any{"SegmentsPerMergeTask": 20, "MaxSegmentsPerTier": 20, "TierGrowth": 20}

// createForBuild creates an empty index at path and opens it for a build:
// batches not waited for one by one, and segments merged by buildMerges.
// Both are given when opening, so the index's own metadata, which every
// later open reads, keeps Bleve's settings.
func createForBuild(path string, m mapping.IndexMapping) (bleve.Index, error) {
	bi, err := bleve.NewUsing(path, m, scorch.Name, scorch.Name, nil)
	if err != nil {
		return nil, fmt.Errorf("index: create %s: %w", path, err)
	}
	if err := bi.Close(); err != nil {
		return nil, fmt.Errorf("index: create %s: %w", path, err)
	}
	bi, err = bleve.OpenUsing(path, map[string]any{"unsafe_batch": true, "scorchMergePlanOptions": buildMerges})
	if err != nil {
		return nil, fmt.Errorf("index: open new %s: %w", path, err)
	}
	return bi, nil
}

// ownIDs copies the ids h shares with the studies into one string of its
// own, for a build whose studies are let go before it ends.
func ownIDs(h *studyHashes) {
	var b strings.Builder
	for _, id := range h.ids {
		b.WriteString(id)
	}
	all := b.String()
	for i, id := range h.ids {
		h.ids[i], all = all[:len(id)], all[len(id):]
	}
}

// compact merges the new index's segments into one, but for those of
// keepSegment studies or more, which it leaves as they are. The build
// leaves a dozen at 100,000 studies (Bleve merges its batches in tiers as
// they come), and every word of a search is then looked up in each one's
// dictionary: the bench's query set left about 300 MiB of the index's
// pages in the server's memory across them against 175 in one segment
// (the server held 445-450 MiB after it against 574-588), and the index
// is a tenth smaller. The merge costs a build one pass over the index
// (3-4 s at 100,000 studies, on one core) and, while it runs, disk space
// for a second copy. At 1,000,000 studies the build's tiers leave six
// segments of 100,000-200,000 studies and a few smaller ones: a pass over
// them all took 51 s of a 7.2-minute build, and searches over the six
// are no slower (see keepSegment), so only the smaller ones are merged.
// Hits, scores and facets are the same; only studies with exactly equal
// scores can come in another order, as ties follow the index's order of
// documents. A merge that fails leaves the index as it was, complete:
// the failure is reported, not fatal.
func compact(ctx context.Context, bi bleve.Index) error {
	adv, err := bi.Advanced()
	if err != nil {
		return err
	}
	s, ok := adv.(*scorch.Scorch)
	if !ok {
		return nil
	}
	one := mergeplan.SingleSegmentMergePlanOptions
	// Bleve merges only segments under half the largest it may make.
	one.MaxSegmentSize = 2 * keepSegment
	one.SegmentsPerMergeTask = math.MaxInt // all in one pass, not ten at a time
	// Scorch tells a forced merge's outcome on a channel under this
	// context key; without it a merge that fails is retried forever and
	// ForceMerge never returns. Closing the index (the caller's defer)
	// ends a ForceMerge left waiting.
	outcome := make(chan error, 1)
	mctx := context.WithValue(ctx, scorchMergeDone, outcome)
	forced := make(chan error, 1)
	go func() { forced <- s.ForceMerge(mctx, &one) }()
	select {
	case err := <-outcome:
		if err != nil {
			return err
		}
		return <-forced
	case err := <-forced:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// segmentCount is how many segments bi has now, or -1 if it cannot tell.
func segmentCount(bi bleve.Index) int {
	adv, err := bi.Advanced()
	if err != nil {
		return -1
	}
	r, err := adv.Reader()
	if err != nil {
		return -1
	}
	defer r.Close()
	if snap, ok := r.(*scorch.IndexSnapshot); ok {
		return len(snap.Segments())
	}
	return -1
}

// keepSegment is the size, in studies, from which a build's final merge
// leaves a segment as it is. A build writes batches of 500 studies and
// merges them twenty at a time (buildMerges), into segments of about
// 10,000, then about 200,000 studies. At 100,000 studies none is that
// large, so the index is merged into one, as before. At 1,000,000 the
// six of the last tier stay: that index, in seven segments, answered the bench's query set over HTTP at 2
// clients at p50 50-53 ms, p99 180-200 ms, with 1.2-1.3 GiB resident,
// against 53-58 ms, 190-198 ms and 1.0-1.1 GiB in one segment. When the
// smaller segments hold 200,000 studies or more between them, they are
// merged into more than one.
var keepSegment int64 = 100_000

// scorchMergeDone is scorch's context key for a merge's outcome
// (mergeDoneKey in its merge.go).
var scorchMergeDone any = "mergeDone"

// indexStudy adds a study's document to b, mapped by m, with its prose
// fields' word pairs in a field of their own (see pairs.go).
func indexStudy(b *bleve.Batch, m mapping.IndexMapping, s *study.Study, topics map[string]study.Topic) error {
	id, data := documents(s, topics)
	doc := document.NewDocument(id)
	if err := m.MapDocument(doc, data); err != nil {
		return fmt.Errorf("index: study %s: %w", s.ID, err)
	}
	splitPairs(doc)
	if err := b.IndexAdvanced(doc); err != nil {
		return fmt.Errorf("index: study %s: %w", s.ID, err)
	}
	return nil
}
