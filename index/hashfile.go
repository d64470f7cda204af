package index

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// The hashes of what an index holds live in two files beside Bleve's: a
// base of every study's hash (hashesFile), and a log of what each update
// since changed (hashesLog). An update appends its few records to the log
// instead of writing out a hash per study (40 MB at 1,000,000 studies);
// when the log is long, or damaged, the next update writes a new base and
// removes it.
//
// Either file may be older than the index after a crash, never newer: both
// are written after the index. A record cut short at the end of the log
// (a crash while appending) fails its checksum and ends the reading there,
// which leaves the hashes older than the index, so the next diff re-applies
// changes the index already has: harmless, and never a change skipped.

const hashesMagic = "litkb-studies 3\n" // 3: file hashes from the corpus; an older index is rebuilt once

const hashesLog = hashesFile + ".log"

const (
	logSet    = 's'
	logRemove = 'r'
)

var logCRC = crc32.MakeTable(crc32.Castagnoli)

// logLimit is how many records the log may hold before the next update
// writes a new base instead.
func logLimit(studies int) int { return max(1024, studies/16) }

// hashFile is what an index directory's hash files hold.
type hashFile struct {
	*studyHashes
	logged int // records in the log since the base; past logLimit when it is damaged
}

// writeHashes stores h in dir durably as a new base, in id order, and
// removes the log the base replaces.
func writeHashes(dir string, h *studyHashes) error {
	var buf bytes.Buffer
	buf.Grow(len(hashesMagic) + 8 + len(h.ids)*48)
	buf.WriteString(hashesMagic)
	var b [binary.MaxVarintLen64]byte
	buf.Write(binary.LittleEndian.AppendUint64(b[:0], h.vocab))
	for i, id := range h.ids {
		buf.Write(binary.AppendUvarint(b[:0], uint64(len(id))))
		buf.WriteString(id)
		buf.Write(binary.LittleEndian.AppendUint64(b[:0], h.seq[i]))
	}
	if err := writeDurably(dir, hashesFile, buf.Bytes()); err != nil {
		return err
	}
	// Replaying the log over the new base would change nothing (the base
	// holds every record's effect), so a crash before this is harmless.
	if err := os.Remove(filepath.Join(dir, hashesLog)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("index: %w", err)
	}
	return nil
}

// recordHashes stores next, which is f with the studies at changed (its
// positions in next) set and the removed ids gone: as log records, or as
// a new base when the log would grow past its limit.
func recordHashes(dir string, f hashFile, next *studyHashes, changed []int, removed []string) (hashFile, error) {
	n := f.logged + len(changed) + len(removed)
	if n > logLimit(len(next.ids)) {
		return hashFile{studyHashes: next}, writeHashes(dir, next)
	}
	var buf []byte
	record := func(kind byte, id string, sum uint64) {
		start := len(buf)
		buf = append(buf, kind)
		buf = binary.AppendUvarint(buf, uint64(len(id)))
		buf = append(buf, id...)
		buf = binary.LittleEndian.AppendUint64(buf, sum)
		buf = binary.LittleEndian.AppendUint32(buf, crc32.Checksum(buf[start:], logCRC))
	}
	for _, id := range removed {
		record(logRemove, id, 0)
	}
	for _, j := range changed {
		record(logSet, next.ids[j], next.seq[j])
	}
	lf, err := os.OpenFile(filepath.Join(dir, hashesLog), os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o644)
	if err != nil {
		return hashFile{}, fmt.Errorf("index: %w", err)
	}
	if _, err := lf.Write(buf); err != nil {
		lf.Close()
		return hashFile{}, fmt.Errorf("index: %w", err)
	}
	if err := lf.Sync(); err != nil {
		lf.Close()
		return hashFile{}, fmt.Errorf("index: %w", err)
	}
	if err := lf.Close(); err != nil {
		return hashFile{}, fmt.Errorf("index: %w", err)
	}
	return hashFile{studyHashes: next, logged: n}, nil
}

var errHashes = errors.New("index: study hashes: damaged")

// readHashes loads the base and replays the log over it. A missing or
// damaged base is an error, after which the index is rebuilt rather than
// diffed; a damaged log record ends the replay there (see above) and has
// the next update write a new base.
func readHashes(dir string) (hashFile, error) {
	data, err := os.ReadFile(filepath.Join(dir, hashesFile))
	if err != nil {
		return hashFile{}, err
	}
	if !bytes.HasPrefix(data, []byte(hashesMagic)) || len(data) < len(hashesMagic)+8 {
		return hashFile{}, errors.New("index: study hashes: not a hashes file")
	}
	data = data[len(hashesMagic):]
	h := &studyHashes{vocab: binary.LittleEndian.Uint64(data)}
	for rest := data[8:]; len(rest) > 0; {
		id, sum, n := readEntry(rest)
		if n == 0 {
			return hashFile{}, errHashes
		}
		h.ids, h.seq, rest = append(h.ids, id), append(h.seq, sum), rest[n:]
	}
	if !strictlySorted(h.ids) { // an older litkb wrote them in map order
		h, _ = sortHashes(h)
	}
	f := hashFile{studyHashes: h}
	log, err := os.ReadFile(filepath.Join(dir, hashesLog))
	if errors.Is(err, fs.ErrNotExist) {
		return f, nil
	}
	if err != nil {
		return hashFile{}, err
	}
	set, gone := map[string]uint64{}, map[string]bool{}
	for len(log) > 0 {
		kind := log[0]
		id, sum, n := readEntry(log[1:])
		if n == 0 || len(log) < 1+n+4 || (kind != logSet && kind != logRemove) ||
			binary.LittleEndian.Uint32(log[1+n:]) != crc32.Checksum(log[:1+n], logCRC) {
			f.logged = logLimit(len(h.ids)) + 1 // cut short: write a new base next time
			break
		}
		if kind == logSet {
			set[id] = sum
			delete(gone, id)
		} else {
			gone[id] = true
			delete(set, id)
		}
		f.logged++
		log = log[1+n+4:]
	}
	f.studyHashes = h.with(set, gone)
	return f, nil
}

// readEntry reads an id and its hash; n is 0 when b does not hold one.
func readEntry(b []byte) (id string, sum uint64, n int) {
	l, k := binary.Uvarint(b)
	if k <= 0 || l > 1<<10 || uint64(len(b)-k) < l+8 {
		return "", 0, 0
	}
	id = string(b[k : k+int(l)])
	return id, binary.LittleEndian.Uint64(b[k+int(l):]), k + int(l) + 8
}

// with is h with the ids in set given those hashes and those in gone
// removed: one merge of two sorted lists.
func (h *studyHashes) with(set map[string]uint64, gone map[string]bool) *studyHashes {
	if len(set) == 0 && len(gone) == 0 {
		return h
	}
	add := make([]string, 0, len(set))
	for id := range set {
		add = append(add, id)
	}
	slices.Sort(add)
	out := &studyHashes{vocab: h.vocab, ids: make([]string, 0, len(h.ids)+len(add)), seq: make([]uint64, 0, len(h.ids)+len(add))}
	i := 0
	for _, id := range add {
		for ; i < len(h.ids) && h.ids[i] < id; i++ {
			if !gone[h.ids[i]] {
				out.ids, out.seq = append(out.ids, h.ids[i]), append(out.seq, h.seq[i])
			}
		}
		if i < len(h.ids) && h.ids[i] == id {
			i++
		}
		out.ids, out.seq = append(out.ids, id), append(out.seq, set[id])
	}
	for ; i < len(h.ids); i++ {
		if !gone[h.ids[i]] {
			out.ids, out.seq = append(out.ids, h.ids[i]), append(out.seq, h.seq[i])
		}
	}
	return out
}

// strictlySorted reports whether ids are in order with none twice.
func strictlySorted(ids []string) bool {
	for i := 1; i < len(ids); i++ {
		if ids[i-1] >= ids[i] {
			return false
		}
	}
	return true
}

// sortHashes is h in id order, keeping the last entry of an id listed
// twice, and where each entry was in h.
func sortHashes(h *studyHashes) (*studyHashes, []int) {
	at := make([]int, len(h.ids))
	for i := range at {
		at[i] = i
	}
	slices.SortFunc(at, func(a, b int) int { // equal ids in their order in h
		if c := strings.Compare(h.ids[a], h.ids[b]); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	})
	out := &studyHashes{vocab: h.vocab}
	keep := at[:0]
	for k, i := range at {
		if k+1 < len(at) && h.ids[at[k+1]] == h.ids[i] {
			continue
		}
		out.ids, out.seq, keep = append(out.ids, h.ids[i]), append(out.seq, h.seq[i]), append(keep, i)
	}
	return out, keep
}
