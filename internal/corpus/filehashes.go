package corpus

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"maps"
	"path/filepath"
	"slices"
	"strings"

	"litkb/internal/study"
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

// hashTable is a base: the study files' hashes and the other files',
// each a table sorted by path with each hash as 32 bytes rather than 64
// hex digits in a map. At 100,000 studies the map and its hex strings
// held 10.8 MiB, live for as long as the server runs (and as much again
// in the collector's headroom); the tables hold 4.8. A study file
// (studies/<stem>.toml) is keyed by its stem, which for a valid study is
// its id as the corpus holds it (in the arena, after a load): the paths
// themselves held 56 MiB at 1,000,000 studies.
type hashTable struct {
	studies sumTable // keyed by stem, in path order (see cmpStem)
	others  sumTable // keyed by path
}

// sumTable is keys sorted, each with a hash. A hash that is not 64
// lowercase hex digits (no load makes one) is kept as it is in odd.
type sumTable struct {
	keys []string
	sums []byte // sha256.Size bytes per key
	odd  map[string]string
}

// studyStem is the stem of a study file's path (studies/<stem>.toml).
func studyStem(rel string) (string, bool) {
	const sep = string(filepath.Separator)
	stem, ok := strings.CutPrefix(rel, StudiesDir+sep)
	if !ok {
		return "", false
	}
	stem, ok = strings.CutSuffix(stem, ".toml")
	return stem, ok && stem != "" && !strings.ContainsAny(stem, `/\`)
}

// cmpStem orders stems as their paths: a+".toml" against b+".toml",
// without making them ("x-b.toml" comes before "x.toml").
func cmpStem(a, b string) int {
	n := min(len(a), len(b))
	if c := strings.Compare(a[:n], b[:n]); c != 0 || len(a) == len(b) {
		return c
	}
	if len(a) > len(b) {
		return cmpExt(a[n:])
	}
	return -cmpExt(b[n:])
}

// cmpExt compares rest+".toml" with ".toml", for a rest not empty.
func cmpExt(rest string) int {
	const ext = ".toml"
	for i := range len(ext) {
		x := ext[max(0, i-len(rest))]
		if i < len(rest) {
			x = rest[i]
		}
		if x != ext[i] {
			return cmp.Compare(x, ext[i])
		}
	}
	return 1 // longer, and the same up to ".toml"'s length
}

// add appends key, which sorts after every key added before it.
func (t *sumTable) add(key, hash string) {
	t.keys = append(t.keys, key)
	sum, ok := decodeSum(hash)
	if !ok {
		t.setOdd(key, hash)
	}
	t.sums = append(t.sums, sum[:]...)
}

func (t *sumTable) setOdd(key, hash string) {
	if t.odd == nil {
		t.odd = map[string]string{}
	}
	t.odd[key] = hash
}

// decodeSum is hash as 32 bytes when it is 64 lowercase hex digits, as
// contentHash writes them (decoded here without a copy of the string:
// a load adds one per file).
func decodeSum(hash string) (sum [sha256.Size]byte, ok bool) {
	if len(hash) != 2*len(sum) {
		return sum, false
	}
	var bad byte // any digit's high bit
	for i := range sum {
		hi, lo := lowerHex[hash[2*i]], lowerHex[hash[2*i+1]]
		bad |= hi | lo
		sum[i] = hi<<4 | lo&0x0f
	}
	return sum, bad&0x80 == 0
}

// lowerHex is each byte's value as a lowercase hex digit, or 0x80 for a
// byte that is none: a table, as a load decodes one hash per file.
var lowerHex = func() (t [256]byte) {
	for c := range t {
		switch {
		case c >= '0' && c <= '9':
			t[c] = byte(c - '0')
		case c >= 'a' && c <= 'f':
			t[c] = byte(c - 'a' + 10)
		default:
			t[c] = 0x80
		}
	}
	return t
}()

// hash is the i-th key's hash.
func (t *sumTable) hash(i int) string {
	if h, ok := t.odd[t.keys[i]]; ok {
		return h
	}
	return hex.EncodeToString(t.sums[i*sha256.Size : (i+1)*sha256.Size])
}

// get is key's hash, or "" when the table does not have it.
func (t *sumTable) get(key string, order func(a, b string) int) string {
	if i, ok := slices.BinarySearchFunc(t.keys, key, order); ok {
		return t.hash(i)
	}
	return ""
}

// get is rel's hash, or "" when the table does not have rel.
func (t *hashTable) get(rel string) string {
	if stem, ok := studyStem(rel); ok {
		return t.studies.get(stem, cmpStem)
	}
	return t.others.get(rel, strings.Compare)
}

// size is how many files the table has.
func (t *hashTable) size() int { return len(t.studies.keys) + len(t.others.keys) }

// studyTable is the table of the study files a load read (files[i] is
// rels[i]'s, studies[i] its valid study if any): those it could not read
// have no hash. A valid study's id is its file's stem, and is its key.
func studyTable(rels []string, files []loadedFile, studies []*study.Study) *hashTable {
	m := map[string]string{}
	t := &hashTable{}
	ordered := slices.IsSorted(rels) // as every listing gives them
	if ordered {
		t.studies = sumTable{keys: make([]string, 0, len(rels)), sums: make([]byte, 0, len(rels)*sha256.Size)}
	}
	for i, rel := range rels {
		if files[i].readErr != nil {
			continue
		}
		stem, ok := studyStem(rel)
		if !ordered || !ok {
			m[rel] = files[i].hash
			continue
		}
		if studies[i] != nil && studies[i].ID == stem {
			stem = studies[i].ID // the corpus's copy, not the listing's
		} else {
			stem = strings.Clone(stem)
		}
		t.studies.add(stem, files[i].hash)
	}
	return merged(t, m)
}

// newFileHashes is a base of m's files.
func newFileHashes(m map[string]string) fileHashes {
	return fileHashes{base: merged(&hashTable{}, m)}
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
	if len(over) < foldAt(f.base.size()) {
		return fileHashes{base: f.base, over: over}
	}
	return fileHashes{base: merged(f.base, over)}
}

// merged is b with changes made: a hash per path, "" for a removed file.
// Both sorted: one merge per table, b's hashes copied as they are.
func merged(b *hashTable, changes map[string]string) *hashTable {
	if len(changes) == 0 {
		return b
	}
	studies, others := map[string]string{}, map[string]string{}
	for rel, h := range changes {
		if stem, ok := studyStem(rel); ok {
			studies[stem] = h
		} else {
			others[rel] = h
		}
	}
	return &hashTable{studies: b.studies.merged(studies, cmpStem), others: b.others.merged(others, strings.Compare)}
}

// merged is t with changes made (by key), in order's order.
func (t *sumTable) merged(changes map[string]string, order func(a, b string) int) sumTable {
	if len(changes) == 0 {
		return *t
	}
	changed := slices.SortedFunc(maps.Keys(changes), order)
	n := sumTable{keys: make([]string, 0, len(t.keys)+len(changed)), sums: make([]byte, 0, (len(t.keys)+len(changed))*sha256.Size)}
	i := 0
	for _, key := range changed {
		for ; i < len(t.keys) && order(t.keys[i], key) < 0; i++ {
			n.copyFrom(t, i)
		}
		if i < len(t.keys) && t.keys[i] == key {
			i++
		}
		if h := changes[key]; h != "" {
			n.add(key, h)
		}
	}
	for ; i < len(t.keys); i++ {
		n.copyFrom(t, i)
	}
	return n
}

// copyFrom appends b's i-th key and hash.
func (t *sumTable) copyFrom(b *sumTable, i int) {
	key := b.keys[i]
	t.keys = append(t.keys, key)
	t.sums = append(t.sums, b.sums[i*sha256.Size:(i+1)*sha256.Size]...)
	if h, ok := b.odd[key]; ok {
		t.setOdd(key, h)
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
	add := func(rel string) {
		if _, changed := f.over[rel]; !changed {
			out = append(out, rel)
		}
	}
	others := f.base.others.keys
	i, _ := slices.BinarySearch(others, prefix)
	for ; i < len(others) && strings.HasPrefix(others[i], prefix); i++ {
		add(others[i])
	}
	if strings.HasPrefix(StudiesDir+string(filepath.Separator), prefix) {
		for _, stem := range f.base.studies.keys {
			add(filepath.Join(StudiesDir, stem+".toml"))
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
	for i, rel := range f.base.others.keys {
		if _, changed := f.over[rel]; !changed && !yield(rel, f.base.others.hash(i)) {
			return
		}
	}
	for i, stem := range f.base.studies.keys {
		rel := filepath.Join(StudiesDir, stem+".toml")
		if _, changed := f.over[rel]; !changed && !yield(rel, f.base.studies.hash(i)) {
			return
		}
	}
}
