package corpus

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"strings"
	"sync"
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

const snapshotMagic = "litkb corpus snapshot 1\n"

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

// snapEntry is one cached study file.
type snapEntry struct {
	stamp fileStamp
	hash  string
	blob  string // the encoded study
}

type snapshot struct {
	written int64 // unix nanoseconds
	entries map[string]snapEntry
	mem     []byte // the mapped file, which the entries' strings point into
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

// exeHash is the SHA-256 of this program's file, computed once.
var exeHash = sync.OnceValues(func() (string, error) {
	path, err := os.Executable()
	if err != nil {
		return "", err
	}
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
})

var crcTable = crc32.MakeTable(crc32.Castagnoli)

// readSnapshot returns the snapshot at path if it was written under key,
// or nil: any problem means a full load.
//
// The file is mapped, not read, and the studies decoded from it keep their
// text in the mapping: at 100,000 studies that is 174 MiB which is not on
// the heap, so the collector's headroom (as much again) is not spent on it
// either. A used mapping stays for the life of the process; litkb replaces
// a snapshot by renaming a new file over it, which leaves the mapped one
// intact (a snapshot truncated in place by something else would crash the
// reader: the state folder is litkb's).
func readSnapshot(path, key string) (*snapshot, error) {
	f, err := os.Open(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, nil
		}
		return nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	head := len(snapshotMagic) + 4
	if fi.Size() < int64(head) || fi.Size() > math.MaxInt {
		return nil, errCorrupt
	}
	mem, err := mapFile(f, int(fi.Size()))
	if err != nil {
		return nil, fmt.Errorf("corpus: snapshot: %w", err)
	}
	used := false
	defer func() {
		if !used {
			unmapFile(mem)
		}
	}()
	if string(mem[:len(snapshotMagic)]) != snapshotMagic {
		return nil, errCorrupt
	}
	if crc32.Checksum(mem[head:], crcTable) != binary.LittleEndian.Uint32(mem[len(snapshotMagic):head]) {
		return nil, errCorrupt
	}
	// Strings of the mapping: it is never written, and never unmapped once
	// a study may hold one.
	d := &decoder{src: unsafe.String(unsafe.SliceData(mem[head:]), len(mem)-head)}
	if d.str() != key {
		return nil, nil // another build or vocabulary: not an error
	}
	s := &snapshot{written: int64(d.uint()), mem: mem}
	n, _ := d.length()
	s.entries = make(map[string]snapEntry, n)
	for range n {
		rel := d.str()
		e := snapEntry{stamp: fileStamp{size: int64(d.uint()), mtime: int64(d.uint())}, hash: strings.Clone(d.str()), blob: d.str()} // every sync reads the hashes
		if d.err != nil {
			break
		}
		s.entries[rel] = e
	}
	if d.err != nil || d.pos != len(d.src) {
		return nil, errCorrupt
	}
	used = true
	return s, nil
}

// done ends a load's use of the snapshot. When no study came from it, it
// is unmapped: nothing points into it. Otherwise its pages leave the
// resident set, and only the text of studies shown is read again, a page
// at a time. A replaced snapshot that studies still point into keeps its
// disk space until the process ends.
func (s *snapshot) done(used int) {
	switch {
	case s == nil:
	case used == 0:
		unmapFile(s.mem)
	default:
		dropPages(s.mem)
	}
}

// entry is the cached file rel, if it is there with the same stamp.
func (s *snapshot) entry(rel string, st fileStamp) (snapEntry, bool) {
	if s == nil {
		return snapEntry{}, false
	}
	e, ok := s.entries[rel]
	return e, ok && e.stamp == st
}

// decodeEntry is the study e holds. Its strings point into the snapshot,
// except those that scans over every study read (see onHeap).
func decodeEntry(e snapEntry, names map[string]string) (study.Study, error) {
	var s study.Study
	d := &decoder{src: e.blob}
	d.study(&s)
	if d.err == nil && d.pos != len(d.src) {
		d.fail()
	}
	onHeap(&s, names)
	return s, d.err
}

// onHeap moves to the heap what passes over every study read: the id (every
// lookup and sync), DOI and title (every write's duplicate check), status,
// type, design, topics and constructs (counts, topic and evidence pages).
// Otherwise each such pass would bring the whole mapped snapshot back into
// memory. The named values are shared: names holds one copy of each.
func onHeap(s *study.Study, names map[string]string) {
	s.ID, s.DOI, s.Title = strings.Clone(s.ID), strings.Clone(s.DOI), strings.Clone(s.Title)
	s.Status, s.Type, s.Design = named(names, s.Status), named(names, s.Type), named(names, s.Design)
	for i := range s.Topics {
		s.Topics[i] = named(names, s.Topics[i])
	}
	for i := range s.Findings {
		f := &s.Findings[i]
		f.Construct, f.Measure = named(names, f.Construct), named(names, f.Measure)
	}
}

func named(names map[string]string, v string) string {
	if n, ok := names[v]; ok {
		return n
	}
	return strings.Clone(v)
}

// snapshotNames are the values onHeap shares: the enumerations and the
// vocabulary's ids, each copied once.
func snapshotNames(topics []study.Topic, constructs []study.Construct) map[string]string {
	names := map[string]string{}
	add := func(v string) { names[v] = strings.Clone(v) }
	for _, list := range [][]string{study.Statuses, study.Types, study.Designs, study.Measures} {
		for _, v := range list {
			add(v)
		}
	}
	for _, t := range topics {
		add(t.ID)
	}
	for _, c := range constructs {
		add(c.ID)
	}
	return names
}

// snapFile is one study file as a snapshot records it.
type snapFile struct {
	rel   string
	stamp fileStamp
	hash  string
	study *study.Study
}

// snapshotTemp names the file a snapshot is written to before its rename.
const snapshotTemp = ".snapshot-*"

// removeStaleTemps deletes temporary snapshots that a killed process left
// behind (each as large as the corpus). One younger than an hour may still
// be being written by another litkb on the same state folder.
func removeStaleTemps(dir string, now time.Time) {
	names, _ := filepath.Glob(filepath.Join(dir, snapshotTemp))
	for _, name := range names {
		if fi, err := os.Stat(name); err == nil && now.Sub(fi.ModTime()) > time.Hour {
			_ = os.Remove(name)
		}
	}
}

// writeSnapshot replaces the snapshot at path: written to a temporary file
// and renamed, so a reader sees the old one or the new one. It is streamed
// (a million studies make 1.8 GB) and not synced: a snapshot lost or torn
// in a crash fails its checksum and costs one full load.
func writeSnapshot(path, key string, written time.Time, files []snapFile) (err error) {
	defer func() {
		if err != nil {
			err = fmt.Errorf("corpus snapshot: %w", err)
		}
	}()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	removeStaleTemps(filepath.Dir(path), written)
	tmp, err := os.CreateTemp(filepath.Dir(path), snapshotTemp)
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // after a successful rename there is nothing left to remove
	defer tmp.Close()           // a second Close after the explicit one is harmless

	// The header's checksum is filled in once the body is written.
	if _, err := tmp.WriteString(snapshotMagic + "\x00\x00\x00\x00"); err != nil {
		return err
	}
	sum := crc32.New(crcTable)
	body := io.MultiWriter(tmp, sum)
	e := &encoder{b: make([]byte, 0, 1<<20)}
	flush := func() error {
		_, err := body.Write(e.b)
		e.b = e.b[:0]
		return err
	}
	e.str(key)
	e.uint(uint64(written.UnixNano()))
	e.length(false, len(files))
	var blob encoder
	for _, f := range files {
		e.str(f.rel)
		e.uint(uint64(f.stamp.size))
		e.uint(uint64(f.stamp.mtime))
		e.str(f.hash)
		blob.b = blob.b[:0]
		blob.study(f.study)
		e.uint(uint64(len(blob.b)))
		e.b = append(e.b, blob.b...)
		if len(e.b) >= 1<<20 {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	if err := flush(); err != nil {
		return err
	}
	if _, err := tmp.WriteAt(binary.LittleEndian.AppendUint32(nil, sum.Sum32()), int64(len(snapshotMagic))); err != nil {
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
