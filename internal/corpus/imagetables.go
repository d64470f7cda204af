package corpus

import (
	"crypto/sha256"
	"unsafe"

	"litkb/internal/study"
)

// loadTables are what a load makes of the snapshot beside the studies, kept
// in the image (image.go) so that a start that takes the files on trust
// (checklater.go) makes none of them: it reads neither the snapshot's index
// nor any file's entry. At 100,000 studies reading the index, taking each
// file's study, hash and part of the fingerprint, and building the tables
// below was most of a restart's serial work, and most of its page faults:
// every table was fresh memory, and a fault cost about 10 µs on the
// machine measured.
//
// They hold what a load's result holds, made by the load that wrote the
// image (see loadResult): the image is of one snapshot, and the load's
// result depends only on it, the program and the vocabulary, as the
// snapshot's key does. Their strings and pointers point into the image,
// the snapshot's mapping, and the studies' arena.
type loadTables struct {
	folder  fileStamp      // the studies folder's, as the snapshot recorded it
	studies []*study.Study // Corpus.Studies
	hashes  []uint64       // Corpus.hashes
	ids     []uint64       // the slots of Corpus.ids (idtable.go); none when it had none
	pub     int            // its count of published studies
	files   hashTable      // the study files' hashes (studyTable's)
	fp      setHash        // their part of the fingerprint
	dupDOIs bool           // the load found studies sharing a DOI: a start checks again
	// What the check of the files reads (unchecked), in chunks of their
	// own: a server lets their pages go after it.
	rels   []string
	stamps []fileStamp
	texts  []string
	tcrcs  []uint32
}

// fit says whether t holds tables of n files, as an image of n studies
// must.
func (t *loadTables) fit(n int) bool {
	ok := func(s *sumTable) bool { return s.odd == nil && len(s.sums) == len(s.keys)*sha256.Size }
	return len(t.rels) == n && len(t.stamps) == n && len(t.texts) == n && len(t.tcrcs) == n &&
		len(t.studies) <= n && len(t.hashes) == len(t.studies) && ok(&t.files.studies) && ok(&t.files.others) &&
		(len(t.ids) == 0 || len(t.ids) == idSlots(len(t.studies)))
}

// fromImage is a trusting load's studies and file tables from snap's
// image (snap.tables): the studies' hash table and fingerprint part for
// the caller to finish with.
func (c *Corpus) fromImage(snap *snapshot, key, cache string, keepPages bool) (*hashTable, setHash) {
	t := snap.tables
	c.Studies, c.hashes = t.studies, t.hashes
	c.ids = lazyIDs(c.Studies)
	if len(t.ids) > 0 {
		c.ids = readyIDs(c.Studies, t.ids, t.pub)
	}
	c.Stats.FromSnapshot, c.Stats.FromImage, c.Stats.CheckLater = len(t.studies), len(t.studies), true
	c.mapped, c.imaged, c.Stats.OffHeap = snap.mem, snap.imageMaps, snap.imageSize()
	c.unchecked = &unchecked{rels: t.rels, stamps: t.stamps, texts: t.texts, tcrcs: t.tcrcs,
		mapped: snap.mem, file: snap.file, key: key, cache: cache, drop: snap.checkMaps}
	snap.file = nil
	go snap.done(len(t.studies), keepPages)
	if t.dupDOIs {
		c.checkDuplicateDOIs()
	}
	return &t.files, t.fp
}

// loadResult is what a load that decoded its snapshot's every study made,
// for the tables of its image.
type loadResult struct {
	folder  fileStamp
	entries []snapEntry // the snapshot's
	rels    []string    // their files
	studies []*study.Study
	hashes  []uint64
	ids     *idTable
	files   *hashTable
	fp      setHash
	dupDOIs bool
}

// buildTables copies r into two new arenas: keep, what a server keeps,
// and check, what its check of the files reads. Every string and pointer
// in them points into them, the snapshot's mapping (at snapAt, snapSize
// long), or the studies' arena; false when one could not (nothing is left
// mapped then).
func buildTables(r *loadResult, snapAt, snapSize uint64, studies *arena) (t *loadTables, keep, check *arena, ok bool) {
	n := len(r.entries)
	if n != len(r.rels) || r.files == nil || r.files.studies.odd != nil || r.files.others.odd != nil {
		return nil, nil, nil, false
	}
	extents := studies.extents()
	in := func(p unsafe.Pointer, size uintptr) bool {
		a := uint64(uintptr(p))
		if a >= snapAt && a+uint64(size) <= snapAt+snapSize {
			return true
		}
		for _, e := range extents {
			if a >= addrOf(e) && a+uint64(size) <= addrOf(e)+uint64(len(e)) {
				return true
			}
		}
		return false
	}
	relBytes := 0
	for _, rel := range r.rels {
		relBytes += len(rel)
	}
	keep, check = newArena(len(r.studies)*64+len(r.files.studies.sums)*2), newArena(n*64+relBytes)
	if keep == nil || check == nil {
		return nil, nil, nil, false
	}
	fail := func() (*loadTables, *arena, *arena, bool) {
		keep.release()
		check.release()
		return nil, nil, nil, false
	}
	kb, cb := keep.block(), check.block()
	// A string that points elsewhere (the heap) is copied into b.
	str := func(s string, b *block) (string, bool) {
		if s == "" || in(unsafe.Pointer(unsafe.StringData(s)), uintptr(len(s))) {
			return s, true
		}
		return b.clone(s)
	}
	table := func(s *sumTable) (sumTable, bool) {
		out := sumTable{keys: sliceIn[string](kb, len(s.keys)), sums: sliceIn[byte](kb, len(s.sums))}
		if out.keys == nil || out.sums == nil {
			return out, false
		}
		copy(out.sums, s.sums)
		for i, k := range s.keys {
			var ok bool
			if out.keys[i], ok = str(k, kb); !ok {
				return out, false
			}
		}
		return out, true
	}
	if t = newIn[loadTables](kb); t == nil {
		return fail()
	}
	t.folder, t.fp, t.dupDOIs = r.folder, r.fp, r.dupDOIs
	t.studies, t.hashes = sliceIn[*study.Study](kb, len(r.studies)), sliceIn[uint64](kb, len(r.hashes))
	var ok1, ok2 bool
	t.files.studies, ok1 = table(&r.files.studies)
	t.files.others, ok2 = table(&r.files.others)
	if t.studies == nil || t.hashes == nil || !ok1 || !ok2 {
		return fail()
	}
	copy(t.hashes, r.hashes)
	if r.ids.of(r.studies) {
		r.ids.make()
	}
	if r.ids.of(r.studies) && r.ids.slots != nil {
		if t.ids = sliceIn[uint64](kb, len(r.ids.slots)); t.ids == nil {
			return fail()
		}
		copy(t.ids, r.ids.slots)
		t.pub = r.ids.published
	}
	for i, s := range r.studies {
		if !in(unsafe.Pointer(s), unsafe.Sizeof(*s)) {
			return fail()
		}
		t.studies[i] = s
	}
	t.rels, t.stamps, t.texts, t.tcrcs = sliceIn[string](cb, n), sliceIn[fileStamp](cb, n), sliceIn[string](cb, n), sliceIn[uint32](cb, n)
	all := sliceIn[byte](cb, relBytes)
	if t.rels == nil || t.stamps == nil || t.texts == nil || t.tcrcs == nil || (relBytes > 0 && all == nil) {
		return fail()
	}
	for i, e := range r.entries {
		m := copy(all, r.rels[i])
		t.rels[i], all = unsafe.String(unsafe.SliceData(all), m), all[m:]
		t.stamps[i], t.tcrcs[i] = e.stamp, e.tcrc
		if e.text != "" && !in(unsafe.Pointer(unsafe.StringData(e.text)), uintptr(len(e.text))) {
			return fail()
		}
		t.texts[i] = e.text
	}
	keep.seal()
	check.seal()
	return t, keep, check, true
}
