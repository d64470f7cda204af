// Package corpus reads the curated corpus in data/: studies, topics,
// constructs and claims. It is the only package that touches data/ on disk.
package corpus

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"litkb/internal/study"
)

// Layout of data/.
const (
	StudiesDir     = "studies"
	ClaimsDir      = "claims"
	TopicsFile     = "topics.toml"
	ConstructsFile = "constructs.toml"
)

// Corpus is one consistent reading of data/. It is never modified after
// Load returns, so readers share it without locks.
type Corpus struct {
	Dir string
	// Studies are the valid studies, sorted by id. They are pointers so
	// that a write makes a new Corpus by copying a word per study, not
	// the studies (768 bytes each: a copy of them all was most of a
	// write, seconds at 1,000,000 studies). Never modified in place.
	Studies     []*study.Study
	Topics      []study.Topic
	Constructs  []study.Construct
	Claims      []study.Claim
	Intents     study.Intents // the question vocabulary (intents.go); empty without intents.toml
	Vocab       *study.Vocabulary
	Fingerprint string         // changes whenever any file's content or name does
	Problems    study.Problems // every problem found; files with problems are left out
	Stats       LoadStats

	claimBy map[string]int
	files   fileHashes // relative path -> sha256 of its content
	hashes  []uint64   // per study, aligned with Studies: the start of its file's hash
	ids     *idTable   // finds a study by id (idtable.go); made of Studies, or nil
	fp      setHash    // Fingerprint's state
	arena   *arena     // where the studies were decoded, nil on the heap (for Stats and the arena tests)
	mapped  []byte     // the snapshot they point into (for the arena tests)
	imaged  [][]byte   // the image they are in, when they are (for the image tests)

	unchecked *unchecked   // what a load that trusted the snapshot took on trust; the Store takes it
	image     *imageSource // what writes the image of the snapshot's studies (image.go); the Store takes it
}

// LoadStats say how a load went, for the log.
type LoadStats struct {
	Decoded      int   // study files read and decoded
	FromSnapshot int   // study files taken from the snapshot
	FromImage    int   // of those, studies not decoded but mapped from its image (image.go)
	OffHeap      int   // bytes mapped for their decoded studies, outside the Go heap (arena.go)
	SnapshotErr  error // the snapshot could not be read or written; the load went on without it
	CheckLater   bool  // the study files were taken as the snapshot recorded them (see Store.CheckFiles)
}

// loadCached is LoadWith; listed waits for the studies folder's listing
// when the caller takes it (OpenStore shares it), and nil lists it here.
func loadCached(ctx context.Context, dir string, o LoadOptions, listed func() *listing) (*Corpus, error) {
	cache := o.Cache
	if st, err := os.Stat(dir); err != nil {
		return nil, fmt.Errorf("corpus: %w", err)
	} else if !st.IsDir() {
		return nil, fmt.Errorf("corpus: %s is not a directory", dir)
	}
	// The study files are listed while the snapshot is read: each is a
	// good part of a load at 100,000 studies, and neither needs the other.
	if listed == nil {
		listed = listAsync(filepath.Join(dir, StudiesDir))
	}
	c := &Corpus{Dir: dir, claimBy: map[string]int{}}
	fm := map[string]string{} // the hashes of the files other than studies
	var others []string       // the files read other than studies
	read := func(rel string) ([]byte, bool) {
		data, err := os.ReadFile(filepath.Join(dir, rel))
		if err != nil {
			if !errors.Is(err, fs.ErrNotExist) {
				c.Problems = append(c.Problems, study.Problem{File: c.display(rel), Message: err.Error()})
			}
			return nil, false
		}
		fm[rel] = contentHash(data)
		others = append(others, rel)
		return data, true
	}

	if data, ok := read(TopicsFile); ok {
		ts, ps := study.DecodeTopics(c.display(TopicsFile), data)
		c.Topics, c.Problems = ts, append(c.Problems, ps...)
	} else {
		c.Problems = append(c.Problems, study.Problem{File: c.display(TopicsFile), Message: "missing: the topic vocabulary is required"})
	}
	if data, ok := read(ConstructsFile); ok {
		cs, ps := study.DecodeConstructs(c.display(ConstructsFile), data)
		c.Constructs, c.Problems = cs, append(c.Problems, ps...)
	} else {
		c.Problems = append(c.Problems, study.Problem{File: c.display(ConstructsFile), Message: "missing: the construct registry is required"})
	}
	for _, p := range study.ValidateVocabulary(c.Topics, c.Constructs) {
		if strings.HasPrefix(p.Field, "topic") {
			p.File = c.display(TopicsFile)
		} else {
			p.File = c.display(ConstructsFile)
		}
		c.Problems = append(c.Problems, p)
	}
	c.Vocab = study.NewVocabulary(c.Topics, c.Constructs)
	c.loadIntents(read)

	var snap *snapshot
	var key string
	if cache != "" {
		key, c.Stats.SnapshotErr = snapshotKey(dir, fm[TopicsFile], fm[ConstructsFile])
		if c.Stats.SnapshotErr == nil {
			snap, c.Stats.SnapshotErr = readSnapshot(cache, key, func(folder fileStamp) bool {
				return o.checkLater && folder != (fileStamp{}) && sameFolder(filepath.Join(dir, StudiesDir), folder)
			})
		}
	}
	var studyHashes *hashTable
	var studyFP setHash
	if snap != nil && snap.tables != nil {
		studyHashes, studyFP = c.fromImage(snap, key, cache, o.KeepPages)
	} else {
		var err error
		if studyHashes, studyFP, err = c.readFiles(ctx, snap, key, o, listed); err != nil {
			return nil, err
		}
	}
	c.readClaims(read)
	c.files = fileHashes{base: merged(studyHashes, fm)}
	c.Fingerprint = c.fingerprint(studyFP, others)
	return c, nil
}

// readFiles reads the study files, each from snap when it has it
// unchanged, else from its file (see readStudies), and writes a new
// snapshot when what it would hold changed: the studies' hash table and
// part of the fingerprint. A cancelled ctx stops it with ctx's error.
func (c *Corpus) readFiles(ctx context.Context, snap *snapshot, key string, o LoadOptions, listed func() *listing) (*hashTable, setHash, error) {
	dir, cache := c.Dir, o.Cache
	if snap == nil && o.NoSnapshot != nil {
		o.NoSnapshot()
	}
	// A server's start takes the study files as the snapshot recorded
	// them when no name in the folder changed since (checklater.go).
	var rels []string
	var l *listing
	trusted := o.checkLater && snap != nil && snap.folder != (fileStamp{}) && sameFolder(filepath.Join(dir, StudiesDir), snap.folder)
	snap.prefetch(trusted)
	if trusted {
		rels = snap.rels()
	} else {
		l = listed()
		rels = tomlFilesIn(l, dir, StudiesDir, &c.Problems)
	}
	// The studies go into an arena off the heap (arena.go) when loading
	// with a snapshot: once for a process (a server's start, a build).
	var ar *arena
	switch {
	case snap != nil:
		ar = snap.arena
	case cache != "":
		ar = newArena(len(rels) << 12)
	}
	studies, files := c.readStudies(ctx, snap, ar, rels, trusted, o.Progress)
	if err := ctx.Err(); err != nil {
		// Nothing the load made is kept, so nothing points into the
		// arena or the mapping any more.
		ar.release()
		snap.abandon()
		return nil, setHash{}, fmt.Errorf("corpus: load of %s stopped: %w", dir, err)
	}
	if trusted {
		c.unchecked = uncheckedFiles(rels, files, snap, key, cache)
	}
	now := time.Now()
	// The files a snapshot would keep: gathered only when one is written.
	cached, kept := make([]bool, len(rels)), 0
	changed := snap == nil
	valid := make([]bool, len(rels))
	var studyFP setHash
	for i, rel := range rels {
		f := &files[i]
		if f.readErr != nil && !errors.Is(f.readErr, fs.ErrNotExist) {
			c.Problems = append(c.Problems, study.Problem{File: c.display(rel), Message: f.readErr.Error()})
		}
		if f.readErr == nil {
			studyFP.xor(&f.sum)
		}
		if len(f.ps) > 0 {
			c.Problems = append(c.Problems, f.ps...)
			continue
		}
		if f.fromSnap {
			c.Stats.FromSnapshot++
			if f.fromImage {
				c.Stats.FromImage++
			}
		} else {
			c.Stats.Decoded++
		}
		if f.readErr == nil && (f.fromSnap || cacheable(f.stamp, now)) {
			changed = changed || !f.fromSnap
			cached[i], kept = true, kept+1
		}
		valid[i] = true
	}
	if c.arena = ar; c.Stats.FromSnapshot > 0 {
		c.mapped = snap.mem
	}
	if c.Stats.FromImage > 0 {
		c.imaged = snap.imageMaps
	}
	c.Stats.OffHeap = ar.size() + snap.imageSize()
	if snap != nil && len(snap.entries) != c.Stats.FromSnapshot {
		changed = true // some cached files were removed or changed
	}
	if err := snap.err(); err != nil {
		c.Stats.SnapshotErr = err
	}
	// The folder's stamp is recorded when the snapshot holds all its study
	// files, so that the next start may take them on trust.
	var folder fileStamp
	switch {
	case kept != len(rels):
	case trusted:
		folder = snap.folder
	case l.err == nil && folderCacheable(l.stamp, now):
		folder = l.stamp
	}
	if snap != nil && snap.folder != folder {
		changed = true
	}
	c.Stats.CheckLater = trusted
	if !changed && snap.err() == nil && c.Stats.FromSnapshot == len(rels) {
		c.image = snap.imageSource(cache, key, ar, studies)
	}
	// What follows runs beside the new snapshot's writing (a pass over
	// every study, one core for 10 s at 1,000,000 studies), then the old
	// one's release (a pass over its pages), and the table of the files'
	// hashes.
	var snapErr error
	written := make(chan struct{})
	go func(used int) {
		defer close(written)
		if cache != "" && key != "" && changed {
			keep := make([]snapFile, 0, kept)
			for i, rel := range rels {
				if cached[i] {
					keep = append(keep, snapFile{rel: rel, stamp: files[i].stamp, hash: files[i].hash, study: studies[i]})
				}
			}
			snapErr = writeSnapshot(ctx, cache, key, now, folder, keep)
		}
		go snap.done(used, o.KeepPages)
	}(c.Stats.FromSnapshot)
	var studyHashes *hashTable
	filesDone := make(chan struct{})
	go func() {
		defer close(filesDone)
		studyHashes = studyTable(rels, files, studies)
	}()
	// The valid studies stay where they were decoded: a study is a large
	// value (768 bytes), and a copy of them all was a tenth of a restart's
	// memory and its page faults. A valid study's id is its file's name,
	// so its file's hash is its ETag.
	c.Studies, c.hashes = make([]*study.Study, 0, len(rels)), make([]uint64, 0, len(rels))
	for i := range rels {
		if valid[i] {
			c.Studies, c.hashes = append(c.Studies, studies[i]), append(c.hashes, hash64(files[i].hash))
		}
	}
	c.sortStudies()
	c.ids = lazyIDs(c.Studies)
	c.ids.make() // now, while the studies are in memory (see idTable)
	problems := len(c.Problems)
	c.checkDuplicateDOIs()
	<-filesDone
	<-written
	if snapErr != nil {
		c.Stats.SnapshotErr = snapErr
	}
	if c.image != nil {
		c.image.load = &loadResult{folder: folder, entries: snap.entries, rels: rels, studies: c.Studies, hashes: c.hashes, ids: c.ids,
			files: studyHashes, fp: studyFP, dupDOIs: len(c.Problems) > problems}
	}
	return studyHashes, studyFP, nil
}

// sortStudies puts Studies (and hashes with them) in id order. File order
// (x.toml) is nearly that already, but not quite (x-b.toml comes before
// x.toml): the order is found by sorting indexes, then each study is
// moved once, in place.
func (c *Corpus) sortStudies() {
	if slices.IsSortedFunc(c.Studies, byID) {
		return
	}
	perm := make([]int, len(c.Studies)) // the study at i goes where perm[i] was
	for i := range perm {
		perm[i] = i
	}
	slices.SortFunc(perm, func(a, b int) int { return byID(c.Studies[a], c.Studies[b]) })
	for k := range perm {
		if perm[k] < 0 {
			continue // moved with an earlier cycle
		}
		held, heldHash, j := c.Studies[k], c.hashes[k], k
		for {
			from := perm[j]
			perm[j] = -1
			if from == k {
				c.Studies[j], c.hashes[j] = held, heldHash
				break
			}
			c.Studies[j], c.hashes[j] = c.Studies[from], c.hashes[from]
			j = from
		}
	}
}

// byID orders studies by id, the order of Corpus.Studies.
func byID(a, b *study.Study) int { return cmp.Compare(a.ID, b.ID) }

// display is the path shown to people: relative to the working directory
// when that is shorter, so problems read "data/studies/x.toml:12".
func (c *Corpus) display(rel string) string { return filepath.Join(c.Dir, rel) }

// tomlFiles lists sub/*.toml relative to dir, sorted.
func tomlFiles(dir, sub string, problems *study.Problems) []string {
	return tomlFilesIn(listDir(filepath.Join(dir, sub)), dir, sub, problems)
}

// tomlFilesIn is tomlFiles from sub's listing.
func tomlFilesIn(l *listing, dir, sub string, problems *study.Problems) []string {
	if l.err != nil {
		if !errors.Is(l.err, fs.ErrNotExist) {
			*problems = append(*problems, study.Problem{File: filepath.Join(dir, sub), Message: l.err.Error()})
		}
		return nil
	}
	return l.tomlFiles(sub)
}

// Study returns the study with id: found in the id table of Studies, or
// by a binary search of them.
func (c *Corpus) Study(id string) (*study.Study, bool) {
	i, ok := c.find(id)
	if !ok {
		return nil, false
	}
	return c.Studies[i], true
}

// find is the position of the study with id in Studies, or where it would go.
func (c *Corpus) find(id string) (int, bool) {
	if i, ok, _ := c.ids.find(c.Studies, id); ok {
		return i, true
	}
	return slices.BinarySearchFunc(c.Studies, id, func(s *study.Study, id string) int { return cmp.Compare(s.ID, id) })
}

// Claim returns the claim with id.
func (c *Corpus) Claim(id string) (*study.Claim, bool) {
	i, ok := c.claimBy[id]
	if !ok {
		return nil, false
	}
	return &c.Claims[i], true
}

// Topic returns the topic with id.
func (c *Corpus) Topic(id string) (study.Topic, bool) {
	t, ok := c.Vocab.Topics[id]
	return t, ok
}

// Construct returns the construct with id.
func (c *Corpus) Construct(id string) (study.Construct, bool) {
	k, ok := c.Vocab.Constructs[id]
	return k, ok
}

// PublishedCount is len(Published()) without the copies.
func (c *Corpus) PublishedCount() int {
	if n, ok := c.ids.publishedOf(c.Studies); ok {
		return n // counted, without reading every study again
	}
	n := 0
	for i := range c.Studies {
		if c.Studies[i].Status == "published" {
			n++
		}
	}
	return n
}

// Published returns the studies the public may see.
func (c *Corpus) Published() []*study.Study {
	out := make([]*study.Study, 0, c.PublishedCount())
	for i := range c.Studies {
		if c.Studies[i].Status == "published" {
			out = append(out, c.Studies[i])
		}
	}
	return out
}

// Modified is when a study's file last changed on disk (zero when it cannot
// be told): the date of a study that predates its history.
func (c *Corpus) Modified(id string) time.Time {
	if !study.ValidID(id) {
		return time.Time{}
	}
	fi, err := os.Stat(filepath.Join(c.Dir, StudiesDir, id+".toml"))
	if err != nil {
		return time.Time{}
	}
	return fi.ModTime().UTC().Truncate(time.Second)
}
