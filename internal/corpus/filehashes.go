package corpus

import "maps"

// fileHashes maps each file the corpus read (its path relative to the
// data folder) to the hash of its content. A write makes a new Corpus
// with a few files changed, and copying a map of every file for that cost
// a write 20 ms at 100,000 studies and half a second at 1,000,000. So
// versions share one base map, never written once made, and each carries
// only what changed since it; the changes are folded into a new base once
// they are many, which keeps a write's share of that copy small.
type fileHashes struct {
	base map[string]string // shared between versions: never written
	over map[string]string // changes since base: a new hash, or "" for a removed file
}

// foldAt is when a version's changes become its base: past a sixteenth
// of the base (and a floor, so small corpora do not fold at every write).
func foldAt(base int) int { return max(1024, base/16) }

func newFileHashes(m map[string]string) fileHashes { return fileHashes{base: m} }

// get is rel's hash, or "" when the corpus did not read rel.
func (f fileHashes) get(rel string) string {
	if h, ok := f.over[rel]; ok {
		return h
	}
	return f.base[rel]
}

// with is f with changes made: a hash per path, "" for a removed file.
// f itself is unchanged.
func (f fileHashes) with(changes map[string]string) fileHashes {
	over := make(map[string]string, len(f.over)+len(changes))
	maps.Copy(over, f.over)
	maps.Copy(over, changes)
	if len(over) < foldAt(len(f.base)) {
		return fileHashes{base: f.base, over: over}
	}
	base := make(map[string]string, len(f.base)+len(over))
	for rel, h := range f.all {
		base[rel] = h
	}
	for rel, h := range over {
		if h == "" {
			delete(base, rel)
		} else {
			base[rel] = h
		}
	}
	return fileHashes{base: base}
}

// all yields every file and its hash, in no particular order.
func (f fileHashes) all(yield func(rel, hash string) bool) {
	for rel, h := range f.over {
		if h != "" && !yield(rel, h) {
			return
		}
	}
	for rel, h := range f.base {
		if _, changed := f.over[rel]; !changed && !yield(rel, h) {
			return
		}
	}
}
