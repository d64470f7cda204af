package corpus

import (
	"crypto/sha256"
	"encoding/hex"
	"maps"
	"path/filepath"
	"slices"
	"strings"
)

// fileHashes maps each file the corpus read (its path relative to the
// data folder) to the hash of its content. A write makes a new Corpus
// with a few files changed, and copying a map of every file for that cost
// a write 20 ms at 100,000 studies and half a second at 1,000,000. So
// versions share one base, never written once made, and each carries
// only what changed since it; the changes are folded into a new base once
// they are many, which keeps a write's share of that copy small.
type fileHashes struct {
	base *hashTable        // shared between versions: never written
	over map[string]string // changes since base: a new hash, or "" for a removed file
}

// hashTable is a base: the paths sorted, each with its hash as 32 bytes
// rather than 64 hex digits in a map. At 100,000 studies the map and its
// hex strings held 10.8 MiB, live for as long as the server runs (and as
// much again in the collector's headroom); the table holds 4.8, its paths
// the load's own strings. A hash that is not 64 lowercase hex digits (no
// load makes one) is kept as it is in odd.
type hashTable struct {
	rels []string
	sums []byte // sha256.Size bytes per path
	odd  map[string]string
}

// add appends rel, which sorts after every path added before it.
func (t *hashTable) add(rel, hash string) {
	t.rels = append(t.rels, rel)
	sum, ok := decodeSum(hash)
	if !ok {
		t.addOdd(rel, hash)
	}
	t.sums = append(t.sums, sum[:]...)
}

// decodeSum is hash as 32 bytes when it is 64 lowercase hex digits, as
// contentHash writes them (decoded here without a copy of the string:
// a load adds one per file).
func decodeSum(hash string) (sum [sha256.Size]byte, ok bool) {
	if len(hash) != 2*len(sum) {
		return sum, false
	}
	for i := range sum {
		hi, ok1 := unhex(hash[2*i])
		lo, ok2 := unhex(hash[2*i+1])
		if !ok1 || !ok2 {
			return sum, false
		}
		sum[i] = hi<<4 | lo
	}
	return sum, true
}

func unhex(c byte) (byte, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10, true
	}
	return 0, false
}

func (t *hashTable) addOdd(rel, hash string) {
	if t.odd == nil {
		t.odd = map[string]string{}
	}
	t.odd[rel] = hash
}

// hash is the i-th path's hash.
func (t *hashTable) hash(i int) string {
	if h, ok := t.odd[t.rels[i]]; ok {
		return h
	}
	return hex.EncodeToString(t.sums[i*sha256.Size : (i+1)*sha256.Size])
}

// get is rel's hash, or "" when the table does not have rel.
func (t *hashTable) get(rel string) string {
	if i, ok := slices.BinarySearch(t.rels, rel); ok {
		return t.hash(i)
	}
	return ""
}

// studyTable is the table of the study files a load read (files[i] is
// rels[i]'s): those it could not read have no hash.
func studyTable(rels []string, files []loadedFile) *hashTable {
	if !slices.IsSorted(rels) { // no listing gives them unsorted: a table needs them sorted
		m := map[string]string{}
		for i, rel := range rels {
			if files[i].readErr == nil {
				m[rel] = files[i].hash
			}
		}
		return newFileHashes(m).base
	}
	t := &hashTable{rels: make([]string, 0, len(rels)), sums: make([]byte, 0, len(rels)*sha256.Size)}
	for i, rel := range rels {
		if files[i].readErr == nil {
			t.add(rel, files[i].hash)
		}
	}
	return t
}

// newFileHashes is a base of m's files.
func newFileHashes(m map[string]string) fileHashes {
	t := &hashTable{}
	for _, rel := range slices.Sorted(maps.Keys(m)) {
		t.add(rel, m[rel])
	}
	return fileHashes{base: t}
}

// foldAt is when a version's changes become its base: past a sixteenth
// of the base (and a floor, so small corpora do not fold at every write).
func foldAt(base int) int { return max(1024, base/16) }

// get is rel's hash, or "" when the corpus did not read rel.
func (f fileHashes) get(rel string) string {
	if h, ok := f.over[rel]; ok {
		return h
	}
	return f.base.get(rel)
}

// with is f with changes made: a hash per path, "" for a removed file.
// f itself is unchanged.
func (f fileHashes) with(changes map[string]string) fileHashes {
	over := make(map[string]string, len(f.over)+len(changes))
	maps.Copy(over, f.over)
	maps.Copy(over, changes)
	if len(over) < foldAt(len(f.base.rels)) {
		return fileHashes{base: f.base, over: over}
	}
	return fileHashes{base: merged(f.base, over)}
}

// merged is b with changes made: a hash per path, "" for a removed file.
// Both sorted: one merge, b's hashes copied as they are.
func merged(b *hashTable, changes map[string]string) *hashTable {
	if len(changes) == 0 {
		return b
	}
	changed := slices.Sorted(maps.Keys(changes))
	t := &hashTable{rels: make([]string, 0, len(b.rels)+len(changed)), sums: make([]byte, 0, (len(b.rels)+len(changed))*sha256.Size)}
	i := 0
	for _, rel := range changed {
		for ; i < len(b.rels) && b.rels[i] < rel; i++ {
			t.copyFrom(b, i)
		}
		if i < len(b.rels) && b.rels[i] == rel {
			i++
		}
		if h := changes[rel]; h != "" {
			t.add(rel, h)
		}
	}
	for ; i < len(b.rels); i++ {
		t.copyFrom(b, i)
	}
	return t
}

// copyFrom appends b's i-th path and hash.
func (t *hashTable) copyFrom(b *hashTable, i int) {
	rel := b.rels[i]
	t.rels = append(t.rels, rel)
	t.sums = append(t.sums, b.sums[i*sha256.Size:(i+1)*sha256.Size]...)
	if h, ok := b.odd[rel]; ok {
		t.addOdd(rel, h)
	}
}

// under is the paths in folder dir, sorted.
func (f fileHashes) under(dir string) []string {
	prefix := dir + string(filepath.Separator)
	var out []string
	for rel, h := range f.over {
		if h != "" && strings.HasPrefix(rel, prefix) {
			out = append(out, rel)
		}
	}
	rels := f.base.rels
	i, _ := slices.BinarySearch(rels, prefix)
	for ; i < len(rels) && strings.HasPrefix(rels[i], prefix); i++ {
		if _, changed := f.over[rels[i]]; !changed {
			out = append(out, rels[i])
		}
	}
	slices.Sort(out)
	return out
}

// all yields every file and its hash, in no particular order.
func (f fileHashes) all(yield func(rel, hash string) bool) {
	for rel, h := range f.over {
		if h != "" && !yield(rel, h) {
			return
		}
	}
	for i, rel := range f.base.rels {
		if _, changed := f.over[rel]; !changed && !yield(rel, f.base.hash(i)) {
			return
		}
	}
}
