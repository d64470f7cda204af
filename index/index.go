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
	BatchSize   int // documents per batch when building; default 500
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
	building sync.Mutex // one build at a time
}

// Open opens the index under root (creating root if needed). An index that
// is missing, fails to open within the timeout, or was built by another
// mapping version is left for Sync to rebuild; Open itself only fails when
// root cannot be used.
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
	ix := &Index{root: root, opts: opts}
	name, err := os.ReadFile(filepath.Join(root, currentFile))
	if err != nil {
		if !errors.Is(err, os.ErrNotExist) {
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
		bi, err := bleve.Open(path)
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

// Sync makes the live index match src: when the fingerprint or mapping
// version differs it builds a new index beside the old one and swaps it in.
// It reports whether it rebuilt.
func (ix *Index) Sync(ctx context.Context, src Source) (bool, error) {
	ix.building.Lock()
	defer ix.building.Unlock()
	ix.mu.RLock()
	same := ix.bi != nil && ix.fp == src.Fingerprint && ix.topics != nil
	ix.mu.RUnlock()
	if same {
		return false, nil
	}
	ix.mu.RLock()
	fresh := ix.bi != nil && ix.fp == src.Fingerprint
	ix.mu.RUnlock()
	if fresh { // opened from disk: only the in-memory synonym table is missing
		ix.mu.Lock()
		ix.topics = newSynonyms(src.Topics)
		ix.mu.Unlock()
		return false, nil
	}
	return true, ix.rebuild(ctx, src)
}

// Rebuild builds a new index from src and swaps it in, whatever the
// fingerprint says.
func (ix *Index) Rebuild(ctx context.Context, src Source) error {
	ix.building.Lock()
	defer ix.building.Unlock()
	return ix.rebuild(ctx, src)
}

func (ix *Index) rebuild(ctx context.Context, src Source) error {
	start := time.Now()
	dir := fmt.Sprintf("idx-%d", time.Now().UnixNano())
	path := filepath.Join(ix.root, dir)
	if err := build(ctx, path, src, ix.opts.BatchSize); err != nil {
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
	ix.mu.Lock()
	old := ix.bi
	ix.bi, ix.dir, ix.fp, ix.topics = bi, dir, src.Fingerprint, newSynonyms(src.Topics)
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

// build writes a complete index of src into path.
func build(ctx context.Context, path string, src Source, batchSize int) (err error) {
	m, err := Mapping()
	if err != nil {
		return err
	}
	bi, err := bleve.New(path, m)
	if err != nil {
		return fmt.Errorf("index: create %s: %w", path, err)
	}
	defer func() {
		if cerr := bi.Close(); cerr != nil && err == nil {
			err = fmt.Errorf("index: close new index: %w", cerr)
		}
	}()
	topics := map[string]study.Topic{}
	for _, t := range src.Topics {
		topics[t.ID] = t
	}
	b := bi.NewBatch()
	flush := func() error {
		if b.Size() == 0 {
			return nil
		}
		if err := bi.Batch(b); err != nil {
			return fmt.Errorf("index: batch: %w", err)
		}
		b.Reset()
		return nil
	}
	for i := range src.Studies {
		if err := ctx.Err(); err != nil {
			return err
		}
		id, doc, fids, fdocs := documents(&src.Studies[i], topics)
		if err := b.Index(id, doc); err != nil {
			return fmt.Errorf("index: study %s: %w", src.Studies[i].ID, err)
		}
		for j := range fids {
			if err := b.Index(fids[j], fdocs[j]); err != nil {
				return fmt.Errorf("index: finding %s: %w", fids[j], err)
			}
		}
		if b.Size() >= batchSize {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	for _, t := range src.Topics {
		def := synonymDefinition(t)
		if def == nil {
			continue
		}
		if err := b.IndexSynonym("syn:"+t.ID, synonymColl, def); err != nil {
			return fmt.Errorf("index: synonyms of %s: %w", t.ID, err)
		}
	}
	if err := flush(); err != nil {
		return err
	}
	if err := bi.SetInternal(keyMapping, []byte(MappingVersion)); err != nil {
		return fmt.Errorf("index: %w", err)
	}
	if err := bi.SetInternal(keyFingerprint, []byte(src.Fingerprint)); err != nil {
		return fmt.Errorf("index: %w", err)
	}
	return nil
}

// synonymDefinition is a topic's one-word forms as an equivalence set for
// Bleve's synonym source (e.g. mentalization = mentalisation = mentalizing).
func synonymDefinition(t study.Topic) *bleve.SynonymDefinition {
	var words []string
	for _, s := range append([]string{t.Label}, t.Synonyms...) {
		s = strings.ToLower(strings.TrimSpace(s))
		if singleWord(s) && len(s) > 1 && !contains(words, s) {
			words = append(words, s)
		}
	}
	if len(words) < 2 {
		return nil
	}
	return &bleve.SynonymDefinition{Synonyms: words}
}

// writeCurrent points the root at dir durably: temp file, fsync, rename,
// fsync of the directory.
func writeCurrent(root, dir string) error {
	tmp, err := os.CreateTemp(root, currentFile+".tmp*")
	if err != nil {
		return fmt.Errorf("index: %w", err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.WriteString(dir + "\n"); err != nil {
		tmp.Close()
		return fmt.Errorf("index: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("index: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("index: %w", err)
	}
	if err := os.Rename(tmp.Name(), filepath.Join(root, currentFile)); err != nil {
		return fmt.Errorf("index: %w", err)
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

// Close closes the live index.
func (ix *Index) Close() error {
	ix.building.Lock()
	defer ix.building.Unlock()
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if ix.bi == nil {
		return nil
	}
	err := ix.bi.Close()
	ix.bi = nil
	return err
}
