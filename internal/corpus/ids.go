package corpus

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"litkb/internal/study"
)

// An id, once used, belongs to one work for good: its file may fail to
// load (and so be missing from the corpus), or the study may survive only
// in its history, yet a new study that took the id would replace that
// file or continue that history as if it were the same work. The Store
// keeps every id seen on disk, loaded or not, and never hands one out again.

// ids is what the Store knows of the ids in use beyond the loaded corpus:
// the names of the study files and history logs when the folders were
// listed (searched, not copied into a set: a start at 100,000 studies has
// no time to spare) and the ids reserved since.
type ids struct {
	studies, history nameSet
	added            map[string]bool
	next             map[string]int // base id -> the candidate number to try next
}

// scanIDs lists the ids with a study file (valid or not) or a history log.
func scanIDs(dir string) (*ids, error) {
	return scanIDsFrom(dir, listDir(filepath.Join(dir, StudiesDir)))
}

// scanIDsFrom is scanIDs with the studies folder's listing taken already.
func scanIDsFrom(dir string, studies *listing) (*ids, error) {
	r := &ids{added: map[string]bool{}, next: map[string]int{}}
	for _, f := range []struct {
		l   *listing
		ext string
		to  *nameSet
	}{{studies, ".toml", &r.studies}, {listDir(filepath.Join(dir, HistoryDir)), ".jsonl", &r.history}} {
		if err := f.l.err; err != nil && !errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("corpus: list %s: %w", filepath.Base(f.l.dir), err)
		} else if err == nil {
			*f.to = namesOf(f.l, f.ext)
		}
	}
	return r, nil
}

// reserved reports whether a study file or a history log had id when the
// folders were listed, or id was reserved since. Files named with a
// leading dot are no study's.
func (r *ids) reserved(id string) bool {
	if r.added[id] {
		return true
	}
	return !strings.HasPrefix(id, ".") && (r.studies.has(id+".toml") || r.history.has(id+".jsonl"))
}

// nameSet is the names in a listing that end in one extension, kept as
// one string: the listing itself (a string and a type per name) held
// twice as much, for as long as the Store lives.
type nameSet struct {
	all  string
	ends []int // where each name ends in all
}

// namesOf is the names in l that end in ext, in l's order (sorted).
func namesOf(l *listing, ext string) nameSet {
	size, n := 0, 0
	for _, e := range l.entries {
		if strings.HasSuffix(e.name, ext) {
			size, n = size+len(e.name), n+1
		}
	}
	var b strings.Builder
	b.Grow(size)
	ends := make([]int, 0, n)
	for _, e := range l.entries {
		if strings.HasSuffix(e.name, ext) {
			b.WriteString(e.name)
			ends = append(ends, b.Len())
		}
	}
	return nameSet{all: b.String(), ends: ends}
}

// at is the i-th name.
func (s nameSet) at(i int) string {
	start := 0
	if i > 0 {
		start = s.ends[i-1]
	}
	return s.all[start:s.ends[i]]
}

// has reports whether name is one of the set's.
func (s nameSet) has(name string) bool {
	i := sort.Search(len(s.ends), func(i int) bool { return s.at(i) >= name })
	return i < len(s.ends) && s.at(i) == name
}

// reserve keeps id from being handed out again.
func (r *ids) reserve(id string) { r.added[id] = true }

// taken reports whether id is a loaded study or reserved by a file.
func (s *Store) taken(c *Corpus, id string) bool {
	_, ok := c.Study(id)
	return ok || s.ids.reserved(id)
}

// assignID is base, or the first free candidate after it (base-b, …).
// Each base remembers where its last search ended, so a run of records
// with the same base costs one probe each, not one per earlier record.
func (s *Store) assignID(c *Corpus, base string) string {
	id, n := study.UniqueIDFrom(base, s.ids.next[base], func(id string) bool { return s.taken(c, id) })
	s.ids.next[base] = n
	return id
}

// claimNew checks, just before a new study's file is written, that nothing
// on disk has the id: a file that appeared after the corpus was loaded
// (copied in, or pulled from git) must not be replaced.
func (s *Store) claimNew(id string) error {
	for _, p := range []string{s.studyPath(id), s.historyPath(id)} {
		if _, err := os.Lstat(p); err == nil {
			s.ids.reserve(id)
			return &ConflictError{Existing: id, Reason: fmt.Sprintf("the id %q is already used by a file in the corpus (%s); choose another id", id, filepath.Base(p))}
		} else if !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("check %s: %w", p, err)
		}
	}
	return nil
}

func (s *Store) studyPath(id string) string {
	return filepath.Join(s.dir, StudiesDir, id+".toml")
}
