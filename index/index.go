// Package index keeps the Bleve full-text index of the corpus: the mapping,
// building and swapping whole indexes, and searching them. The index is a
// disposable cache of data/: it can always be rebuilt from the studies.
package index

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"

	"litkb/internal/study"
)

// Internal keys stored in the index beside the documents.
var (
	keyFingerprint = []byte("litkb:fingerprint")
	keyMapping     = []byte("litkb:mapping")
)

const currentFile = "CURRENT" // names the live index directory under the root

// Options tune how an index is opened.
type Options struct {
	OpenTimeout time.Duration // how long to wait for Bleve's file lock; default 10s
	Logger      *slog.Logger
	BatchSize   int // studies per batch when building; default 500 (see build)
	// SearchCores is how many cores one search may use when they are
	// idle (parallel.go): 0 as many as there are, 1 one.
	SearchCores int
	// FacetCache is how many broad searches keep their facet counts until
	// the index changes; 0 means 512, negative means none (for measuring).
	FacetCache int
	// Progress, when set, is told how many studies a rebuild has indexed
	// after each batch (from more than one goroutine, in order).
	Progress func(done, total int)
}

// Index is the live index. Searches hold a read lock for their duration;
// a swap takes the write lock only to change which index is live, so a
// search always sees one whole index, old or new, never half of one.
type Index struct {
	root string
	opts Options

	mu       sync.RWMutex
	bi       bleve.Index
	dir      string // directory of bi under root
	fp       string
	topics   *synonyms
	intents  *intentTable // how questions are read; nil without a question vocabulary
	version  uint64       // changes whenever what bi holds does; keys caches
	hashes   *hashFile    // what bi holds, per study; nil until needed
	studies  studyTable   // what bi was built from, for snippets
	facets   *facetCache
	tables   *facetTables // facet counting tables, per snapshot of bi
	building sync.Mutex   // one build or update at a time
	lock     *os.File     // the folder's lock (rootlock.go), held until Close
}

// Open opens the index under root (creating root if needed), which no
// other process may use until Close (an *InUseError after the timeout).
// An index that is missing, fails to open within the timeout, or was
// built by another mapping version is left for Sync to rebuild; Open
// itself only fails when root cannot be used.
func Open(ctx context.Context, root string, opts Options) (*Index, error) {
	if opts.OpenTimeout <= 0 {
		opts.OpenTimeout = 10 * time.Second
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.BatchSize <= 0 {
		opts.BatchSize = 500
	}
	if err := os.MkdirAll(root, 0o755); err != nil {
		return nil, fmt.Errorf("index: create %s: %w", root, err)
	}
	if opts.FacetCache == 0 {
		opts.FacetCache = 512
	}
	lock, err := lockRoot(ctx, root, opts.OpenTimeout, opts.Logger)
	if err != nil {
		return nil, err
	}
	ix := &Index{root: root, opts: opts, facets: newFacetCache(max(0, opts.FacetCache)), tables: new(facetTables), lock: lock}
	name, err := os.ReadFile(filepath.Join(root, currentFile))
	if err != nil {
		if !errors.Is(err, os.ErrNotExist) {
			lock.Close()
			return nil, fmt.Errorf("index: %w", err)
		}
		return ix, nil
	}
	dir := strings.TrimSpace(string(name))
	bi, err := openWithTimeout(ctx, filepath.Join(root, dir), opts.OpenTimeout)
	if err != nil {
		opts.Logger.Warn("index does not open; it will be rebuilt", "dir", dir, "err", err)
		return ix, nil
	}
	mv, _ := bi.GetInternal(keyMapping)
	fp, _ := bi.GetInternal(keyFingerprint)
	if string(mv) != MappingVersion {
		opts.Logger.Info("index was built by another mapping version; it will be rebuilt", "have", string(mv), "want", MappingVersion)
		_ = bi.Close()
		return ix, nil
	}
	ix.bi, ix.dir, ix.fp = bi, dir, string(fp)
	return ix, nil
}

// openWithTimeout opens a Bleve index, giving up after d: Bleve's Open waits
// on a file lock with no deadline of its own.
func openWithTimeout(ctx context.Context, path string, d time.Duration) (bleve.Index, error) {
	type res struct {
		bi  bleve.Index
		err error
	}
	ch := make(chan res, 1)
	go func() {
		// A live index acknowledges a batch only once it is on disk,
		// whatever an older build recorded in its metadata (see
		// createForBuild).
		bi, err := bleve.OpenUsing(path, map[string]any{"unsafe_batch": false})
		ch <- res{bi, err}
	}()
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	select {
	case r := <-ch:
		return r.bi, r.err
	case <-ctx.Done():
		go func() { // close it if it ever opens
			if r := <-ch; r.err == nil {
				_ = r.bi.Close()
			}
		}()
		return nil, fmt.Errorf("open %s: %w (is another litkb using this state folder?)", path, ctx.Err())
	}
}

// Fingerprint is the corpus fingerprint the live index was built from.
func (ix *Index) Fingerprint() string {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return ix.fp
}

// Ready reports whether an index is live.
func (ix *Index) Ready() bool {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return ix.bi != nil
}

// Sync makes the live index match src. When only some studies differ from
// what the index holds, it updates those in place, in one batch that
// searches see whole or not at all; when the vocabulary or the mapping
// changed, or most studies did, it builds a new index beside the old one
// and swaps it in. It reports whether the index changed.
func (ix *Index) Sync(ctx context.Context, src Source) (bool, error) {
	ix.building.Lock()
	defer ix.building.Unlock()
	// The question vocabulary changes no document: it takes effect at once.
	intents := newIntentTable(src.Intents)
	ix.mu.Lock()
	ix.intents = intents
	ix.mu.Unlock()
	ix.mu.RLock()
	live, fp, topics := ix.bi != nil, ix.fp, ix.topics
	ix.mu.RUnlock()
	if live && fp == src.Fingerprint {
		if topics == nil { // opened from disk: only the in-memory tables are missing
			ix.mu.Lock()
			ix.topics, ix.studies = newSynonyms(src.Topics), src.studyTable()
			ix.mu.Unlock()
		}
		return false, nil
	}
	if live {
		done, err := ix.update(ctx, src)
		if err != nil {
			ix.opts.Logger.Warn("index update failed; rebuilding", "err", err)
		}
		if done {
			return true, nil
		}
	}
	return true, ix.rebuild(ctx, src, nil)
}

// maxUpdate is how many changed studies an in-place update takes on; past
// it a rebuild is as quick and leaves a compact index.
func maxUpdate(studies int) int { return max(2000, studies/10) }

// update brings the live index in line with src in place, when it can:
// same vocabulary, known per-study hashes, few changes. It reports
// whether it did.
func (ix *Index) update(ctx context.Context, src Source) (bool, error) {
	start := time.Now()
	ix.mu.RLock()
	bi, dir, old := ix.bi, ix.dir, ix.hashes
	ix.mu.RUnlock()
	if old == nil {
		h, err := readHashes(filepath.Join(ix.root, dir))
		if err != nil {
			return false, nil // built before hashes were kept, or damaged: rebuild
		}
		old = &h
	}
	// Two sorted lists compared in one pass: what changed, what is gone.
	next, at := hashAll(src)
	if next.vocab != old.vocab {
		return false, nil // topic labels and marks are in every document
	}
	changed, removed := old.diff(next)
	if len(changed)+len(removed) > maxUpdate(len(src.Studies)) {
		return false, nil
	}
	topics := map[string]study.Topic{}
	for _, t := range src.Topics {
		topics[t.ID] = t
	}
	b := bi.NewBatch()
	for _, id := range removed {
		b.Delete(studyDocID(id))
	}
	for _, j := range changed {
		i := j
		if at != nil {
			i = at[j]
		}
		if err := indexStudy(b, bi.Mapping(), src.Studies[i], topics); err != nil {
			return false, err
		}
	}
	b.SetInternal(keyFingerprint, []byte(src.Fingerprint))
	// Searches wait for the batch: a search must never pair the new
	// documents with the old texts their snippets are cut from.
	studies := studyTable{list: src.Studies, find: src.Find}
	if at != nil {
		studies = newStudyTable(src.Studies)
	}
	ix.mu.Lock()
	err := bi.Batch(b)
	if err == nil {
		ix.fp, ix.topics, ix.studies = src.Fingerprint, newSynonyms(src.Topics), studies
		ix.version++
	}
	ix.mu.Unlock()
	if err != nil {
		return false, fmt.Errorf("index: update: %w", err)
	}
	// After the index, so a crash between the two leaves hashes that are
	// older than the index: the next diff repeats work, never skips it.
	kept, err := recordHashes(filepath.Join(ix.root, dir), *old, next, changed, removed)
	if err != nil {
		ix.opts.Logger.Warn("keep study hashes", "err", err)
	}
	ix.mu.Lock()
	ix.hashes = &kept
	if err != nil {
		ix.hashes = nil // read them again (or rebuild) next time
	}
	ix.mu.Unlock()
	ix.opts.Logger.Info("index updated", "changed", len(changed), "removed", len(removed), "took", time.Since(start).Round(time.Millisecond))
	return true, nil
}

// Rebuild builds a new index from src and swaps it in, whatever the
// fingerprint says.
func (ix *Index) Rebuild(ctx context.Context, src Source) error {
	ix.building.Lock()
	defer ix.building.Unlock()
	return ix.rebuild(ctx, src, nil)
}

// Build writes a new index of src under root and makes it the current
// one, for a process that only builds (litkb index): it leaves no index
// open. release, when set, is called once the build has read every study,
// before its last and largest step, the final merge (see compact): the
// caller may let the studies go then (at 1,000,000 studies read from
// their files they hold 3 GiB), and nothing reads them after.
func Build(ctx context.Context, root string, src Source, opts Options, release func()) error {
	ix, err := Open(ctx, root, opts)
	if err != nil {
		return err
	}
	ix.building.Lock()
	err = ix.rebuild(ctx, src, release)
	ix.building.Unlock()
	if cerr := ix.Close(); err == nil {
		err = cerr
	}
	return err
}

// rebuild builds a new index and swaps it in; with release (see Build),
// it makes the new index current on disk and serves neither.
func (ix *Index) rebuild(ctx context.Context, src Source, release func()) error {
	start := time.Now()
	dir := fmt.Sprintf("idx-%d", time.Now().UnixNano())
	path := filepath.Join(ix.root, dir)
	hashes, err := build(ctx, path, src, ix.opts.BatchSize, ix.opts.Progress, ix.opts.Logger, release)
	if err != nil {
		_ = os.RemoveAll(path)
		return err
	}
	// Reopen what was written, so the live index is the one on disk.
	bi, err := openWithTimeout(ctx, path, ix.opts.OpenTimeout)
	if err != nil {
		_ = os.RemoveAll(path)
		return fmt.Errorf("index: reopen new index: %w", err)
	}
	if err := writeCurrent(ix.root, dir); err != nil {
		_ = bi.Close()
		_ = os.RemoveAll(path)
		return err
	}
	if release != nil { // the studies are gone: nothing is served from here
		if err := bi.Close(); err != nil {
			return fmt.Errorf("index: close new index: %w", err)
		}
	}
	ix.mu.Lock()
	old := ix.bi
	if release != nil {
		ix.bi, ix.dir, ix.fp, ix.topics, ix.hashes, ix.studies = nil, "", "", nil, nil, studyTable{}
	} else {
		ix.bi, ix.dir, ix.fp, ix.topics, ix.hashes, ix.studies = bi, dir, src.Fingerprint, newSynonyms(src.Topics), &hashFile{studyHashes: hashes}, src.studyTable()
	}
	ix.version++
	ix.mu.Unlock()
	if old != nil {
		if err := old.Close(); err != nil {
			ix.opts.Logger.Warn("close old index", "err", err)
		}
	}
	ix.removeStale(dir)
	ix.opts.Logger.Info("index built", "dir", dir, "studies", len(src.Studies), "took", time.Since(start).Round(time.Millisecond))
	return nil
}

// writeCurrent points the root at dir durably: temp file, fsync, rename,
// fsync of the directory.
func writeCurrent(root, dir string) error {
	if err := writeDurably(root, currentFile, []byte(dir+"\n")); err != nil {
		return err
	}
	d, err := os.Open(root)
	if err != nil {
		return fmt.Errorf("index: %w", err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("index: sync %s: %w", root, err)
	}
	return nil
}

// removeStale deletes index directories other than the live one.
func (ix *Index) removeStale(keep string) {
	entries, err := os.ReadDir(ix.root)
	if err != nil {
		return
	}
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), "idx-") && e.Name() != keep {
			if err := os.RemoveAll(filepath.Join(ix.root, e.Name())); err != nil {
				ix.opts.Logger.Warn("remove old index", "dir", e.Name(), "err", err)
			}
		}
	}
}

// Close closes the live index and lets go of the folder.
func (ix *Index) Close() error {
	ix.building.Lock()
	defer ix.building.Unlock()
	ix.mu.Lock()
	defer ix.mu.Unlock()
	var err error
	if ix.bi != nil {
		err = ix.bi.Close()
		ix.bi = nil
	}
	if ix.lock != nil {
		ix.lock.Close()
		ix.lock = nil
	}
	return err
}
