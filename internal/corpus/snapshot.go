package corpus

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"hash/crc32"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"time"
	"unsafe"

	"litkb/internal/study"
)

// A snapshot is a cache of decoded, valid studies in the state folder, so a
// restart decodes only the files that changed since (decoding TOML is
// nearly all of a load: 9 s of a 100,000-study corpus on two cores). data/
// stays the only truth: a file is taken from the snapshot only when its
// size and modification time are the ones recorded, and the snapshot is
// used only by the same program build over the same vocabulary files, so
// a change to the validation rules or the vocabulary re-checks every file.
// A missing, stale or damaged snapshot costs a full load, never an error.

// The layout: the magic; the index's CRC-32C (4 bytes), offset and length
// (8 bytes each, little-endian); the cached files' encoded studies in file
// order, in blocks of a fixed number of files: each block's records back
// to back, then their texts (see codec.go); then the index: the key, when
// it was written, the studies folder's stamp when the snapshot holds every
// study file it had (see folderStamp; zero otherwise), the block size, and
// per file its path, stamp, content hash, and its record's and text's
// lengths and CRC-32Cs. A start checks the index whole and each record
// only as its study is decoded, on every core: one pass over the file
// instead of two. A server's start that takes the files on trust does not
// read the texts at all (three quarters of the file), and checks them
// after it answers, with the files (checklater.go); any other load checks
// each text with its record. A damaged record or text costs its file's
// decoding, and is reported.
const snapshotMagic = snapshotKind + "4\n"

const snapshotKind = "litkb corpus snapshot "

const snapshotHead = len(snapshotMagic) + 4 + 8 + 8

// RacyWindow: a file changed this close to when it was read may change
// again within the same timestamp tick, so it is not cached (git's "racily
// clean" rule). Coarse file systems tick in seconds.
const RacyWindow = 2 * time.Second

// fileStamp is what tells a file unchanged without reading it.
type fileStamp struct {
	size  int64
	mtime int64 // unix nanoseconds
}

func stampOf(fi fs.FileInfo) fileStamp {
	return fileStamp{size: fi.Size(), mtime: fi.ModTime().UnixNano()}
}

// snapBlock is how many files' records a block holds before their texts:
// a start that reads only records reads runs of about 450 KB.
const snapBlock = 1024

// snapEntry is one cached study file.
type snapEntry struct {
	rel        string
	stamp      fileStamp
	hash       string
	blob, text string // the encoded study: its record and its text
	crc, tcrc  uint32 // theirs
}

type snapshot struct {
	written int64       // unix nanoseconds
	folder  fileStamp   // the studies folder's, when the entries are all its study files
	entries []snapEntry // sorted by rel
	records [][2]int    // each block's records, as offsets into mem
	mem     []byte      // the mapped file, which the entries' strings point into
	file    *os.File    // open until done, unless a check took it (uncheckedFiles)
	arena   *arena      // where its studies are decoded (nil: the heap)
	// laterTexts: the texts are not checked as the studies are decoded,
	// but after the load (a trusting start; see checklater.go).
	laterTexts bool
	damaged    atomic.Int64
	sum        uint32 // the CRC of its index, which tells the file's content apart
	// image: its entries' studies, decoded by an earlier start and mapped
	// from the image (image.go), or nil; imageMaps are the mappings.
	image     []study.Study
	imageMaps [][]byte
	// tables: the image's tables of a trusted load (loadTables), which
	// reads no entry (there are none); checkMaps are their mappings that
	// only the check of the files reads.
	tables    *loadTables
	checkMaps [][]byte
}

// cacheable says whether a file read at stamp may be cached by a snapshot
// written at now.
func cacheable(st fileStamp, now time.Time) bool {
	return st.mtime < now.Add(-RacyWindow).UnixNano()
}

// snapshotKey names what the cached studies depend on: this program (its
// validation rules), the corpus folder and the vocabulary files.
func snapshotKey(dir string, vocabHashes ...string) (string, error) {
	exe, err := exeHash()
	if err != nil {
		return "", err
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	h := sha256.New()
	for _, v := range append([]string{exe, abs}, vocabHashes...) {
		h.Write([]byte(v))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

var crcTable = crc32.MakeTable(crc32.Castagnoli)

// readSnapshot returns the snapshot at path if it was written under key,
// or nil: any problem means a full load. Its records are checked as they
// are used (see study). The caller starts the reading of the records with
// prefetch, and ends its use of the snapshot with done. With an image that
// holds its load's tables, and a folder stamp trust takes (a trusting
// start), nothing of it is read (see loadTables).
//
// The file is mapped, not read, and the studies decoded from it keep their
// text in the mapping: at 100,000 studies that is 174 MiB which is not on
// the heap, so the collector's headroom (as much again) is not spent on it
// either. A used mapping stays for the life of the process; litkb replaces
// a snapshot by renaming a new file over it, which leaves the mapped one
// intact (a snapshot truncated in place by something else would crash the
// reader: the state folder is litkb's).
func readSnapshot(path, key string, trust func(folder fileStamp) bool) (*snapshot, error) {
	f, err := os.Open(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, nil
		}
		return nil, err
	}
	used := false
	defer func() {
		if !used {
			f.Close()
		}
	}()
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if fi.Size() < int64(snapshotHead) || fi.Size() > math.MaxInt {
		return nil, errCorrupt
	}
	// The image of the snapshot's studies (image.go) needs the snapshot
	// where it was mapped when the image was written.
	img, imgFile := readImageHead(ImagePath(path), key)
	if imgFile != nil {
		defer imgFile.Close()
	}
	var mem []byte
	if img != nil {
		mem = mapAt(f, 0, int(fi.Size()), img.snapAt, false)
	}
	if mem == nil {
		if mem, err = mapFile(f, int(fi.Size())); err != nil {
			return nil, fmt.Errorf("corpus: snapshot: %w", err)
		}
	}
	defer func() {
		if !used {
			unmapFile(mem)
		}
	}()
	if magic := string(mem[:len(snapshotMagic)]); magic != snapshotMagic {
		if strings.HasPrefix(magic, snapshotKind) {
			return nil, nil // another version's, as after an upgrade: not an error
		}
		return nil, errCorrupt
	}
	head := mem[len(snapshotMagic):snapshotHead]
	sum, off, size := binary.LittleEndian.Uint32(head), binary.LittleEndian.Uint64(head[4:]), binary.LittleEndian.Uint64(head[12:])
	if off < uint64(snapshotHead) || off > uint64(len(mem)) || size != uint64(len(mem))-off {
		return nil, errCorrupt
	}
	var att *attached
	if img != nil {
		att = img.attach(imgFile, mem, sum)
		if s := att.snapshot(mem, f, sum, trust); s != nil {
			used = true
			return s, nil
		}
		defer func() {
			if !used {
				att.unmap()
			}
		}()
	}
	if crc32.Checksum(mem[off:], crcTable) != sum {
		return nil, errCorrupt
	}
	// Strings of the mapping: it is never written, and never unmapped once
	// a study may hold one.
	all := unsafe.String(unsafe.SliceData(mem), len(mem))
	d := &decoder{src: all[off:]}
	if d.str() != key {
		return nil, nil // another build or vocabulary: not an error
	}
	s := &snapshot{written: int64(d.uint()), folder: fileStamp{size: int64(d.uint()), mtime: int64(d.uint())}, mem: mem, file: f, arena: newArena(len(mem)), sum: sum}
	block := d.uint()
	n, _ := d.length()
	if block == 0 || block > 1<<20 {
		return nil, errCorrupt
	}
	s.entries = make([]snapEntry, 0, n)
	lengths := make([][2]uint64, 0, n)
	hashes := 0
	for range n {
		e := snapEntry{rel: d.str(), stamp: fileStamp{size: int64(d.uint()), mtime: int64(d.uint())}, hash: d.str()}
		length, crc, tlength, tcrc := d.uint(), d.uint(), d.uint(), d.uint()
		if d.err != nil || length > off || tlength > off || crc > math.MaxUint32 || tcrc > math.MaxUint32 || (len(s.entries) > 0 && e.rel <= s.entries[len(s.entries)-1].rel) {
			return nil, errCorrupt
		}
		e.crc, e.tcrc = uint32(crc), uint32(tcrc)
		hashes += len(e.hash)
		s.entries = append(s.entries, e)
		lengths = append(lengths, [2]uint64{length, tlength})
	}
	if d.err != nil || d.pos != len(d.src) {
		return nil, errCorrupt
	}
	// Each block's records, then their texts.
	pos := uint64(snapshotHead)
	for b := 0; b < len(s.entries); b += int(block) {
		end := min(b+int(block), len(s.entries))
		start := pos
		for k := b; k < end; k++ {
			if lengths[k][0] > off-pos {
				return nil, errCorrupt
			}
			s.entries[k].blob, pos = all[pos:pos+lengths[k][0]], pos+lengths[k][0]
		}
		s.records = append(s.records, [2]int{int(start), int(pos)})
		for k := b; k < end; k++ {
			if lengths[k][1] > off-pos {
				return nil, errCorrupt
			}
			s.entries[k].text, pos = all[pos:pos+lengths[k][1]], pos+lengths[k][1]
		}
	}
	if pos != off {
		return nil, errCorrupt
	}
	// Every sync reads the hashes: on the heap, in one allocation.
	var b strings.Builder
	b.Grow(hashes)
	for i := range s.entries {
		b.WriteString(s.entries[i].hash)
	}
	heap := b.String()
	for i := range s.entries {
		e := &s.entries[i]
		e.hash, heap = heap[:len(e.hash)], heap[len(e.hash):]
	}
	s.image, s.imageMaps = att.forEntries(len(s.entries))
	used = true
	return s, nil
}

// prefetch starts the reading of what the load decodes, while the index
// is opened: the pages are on disk after a server's start (see dropPages).
// laterTexts: only the records (see laterTexts).
func (s *snapshot) prefetch(laterTexts bool) {
	if s == nil {
		return
	}
	s.laterTexts = laterTexts
	ranges := [][2]int{{0, len(s.mem)}}
	if laterTexts {
		ranges = s.records
	}
	prefetch(s.file, s.mem, ranges)
}

// done ends a load's use of the snapshot. When no study came from it, it
// is unmapped: nothing points into it. Otherwise its pages leave the
// resident set, and only the text of studies shown is read again, a page
// at a time; unless keep says the caller reads every study next (a
// build), which would otherwise fault each page back in from the disk
// (42,000 reads of 4 KiB in a build of 100,000 studies). A replaced
// snapshot that studies still point into keeps its disk space until the
// process ends.
func (s *snapshot) done(used int, keep bool) {
	if s != nil && s.file != nil {
		s.file.Close()
	}
	switch {
	case s == nil:
	case used == 0:
		unmapFile(s.mem)
		for _, m := range s.imageMaps {
			unmapFile(m)
		}
	case !keep:
		dropPages(s.mem)
		// The image was read whole when it was checked. Its pages leave
		// the resident set and stay cached: the next start checks them
		// again, and reading them from the disk took a restart at
		// 100,000 studies from 0.10-0.12 s to 0.22-0.28 s.
		for _, m := range s.imageMaps {
			releasePages(m)
		}
	}
}

// abandon ends the use of a snapshot whose studies were all dropped (a
// load that gave up): nothing points into its mapping any more.
func (s *snapshot) abandon() {
	if s == nil {
		return
	}
	if s.file != nil {
		s.file.Close()
	}
	unmapFile(s.mem)
	for _, m := range s.imageMaps {
		unmapFile(m)
	}
}

// match finds the snapshot's entry of each of rels (sorted, as the
// entries are): its index, or -1. Both lists are walked once, no map.
func (s *snapshot) match(rels []string) []int {
	if s == nil {
		return nil
	}
	at := make([]int, len(rels))
	j := 0
	for i, rel := range rels {
		for j < len(s.entries) && s.entries[j].rel < rel {
			j++
		}
		at[i] = -1
		if j < len(s.entries) && s.entries[j].rel == rel {
			at[i] = j
		}
	}
	return at
}

// study decodes the entry of the i-th file (at is match's answer) into
// *into, with what it holds in b (see readStudies), if its stamp is st and
// its record is intact, and returns the file's hash. Its strings point
// into the snapshot, except those that scans over every study read (see
// copyOut). A damaged record is counted, and leaves *into zero.
func (s *snapshot) study(at []int, i int, st fileStamp, names map[string]string, b *block, into *study.Study) (string, bool) {
	if s == nil || at[i] < 0 {
		return "", false
	}
	e := &s.entries[at[i]]
	if e.stamp != st {
		return "", false
	}
	if !intact(e.blob, e.crc) || (!s.laterTexts && !intact(e.text, e.tcrc)) {
		s.damaged.Add(1)
		return "", false
	}
	if err := decodeEntry(*e, names, b, into); err != nil {
		*into = study.Study{}
		if !errors.Is(err, errArena) {
			s.damaged.Add(1)
		}
		return "", false
	}
	return e.hash, true
}

// intact says whether b (of the mapping) has the CRC-32C sum.
func intact(b string, sum uint32) bool {
	return crc32.Checksum(unsafe.Slice(unsafe.StringData(b), len(b)), crcTable) == sum
}

// err reports the damaged records found.
func (s *snapshot) err() error {
	if s == nil || s.damaged.Load() == 0 {
		return nil
	}
	return fmt.Errorf("corpus: %d damaged study records: %w", s.damaged.Load(), errCorrupt)
}
