package corpus

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"litkb/internal/study"
)

// An id, once used, belongs to one work for good: its file may fail to
// load (and so be missing from the corpus), or the study may survive only
// in its history, yet a new study that took the id would replace that
// file or continue that history as if it were the same work. The Store
// never hands out an id that has a file on disk, loaded or not, or that
// it reserved since it opened.

// ids is what the Store knows of the ids in use beyond the loaded corpus:
// the study files and history logs on disk, looked up when asked (a
// listing kept for that held 49 bytes per study for as long as the
// server ran, and missed the files that appeared since), and the ids
// reserved since the Store opened, a removed file's among them.
type ids struct {
	dir   string
	added map[string]bool
	next  map[string]int // base id -> the candidate number to try next
}

func newIDs(dir string) *ids {
	return &ids{dir: dir, added: map[string]bool{}, next: map[string]int{}}
}

// reserved reports whether a study file or a history log has id, or id
// was reserved since. Files named with a leading dot are no study's. A
// lookup that fails for another reason than a missing file leaves the id
// free here: the write's own check (claimNew) refuses it.
func (r *ids) reserved(id string) bool {
	if r.added[id] {
		return true
	}
	if id == "" || strings.HasPrefix(id, ".") || strings.ContainsAny(id, `/\`) {
		return false // no file's name: validation has the last word on it
	}
	for _, p := range []string{filepath.Join(r.dir, StudiesDir, id+".toml"), filepath.Join(r.dir, HistoryDir, id+".jsonl")} {
		if _, err := os.Lstat(p); err == nil {
			return true
		}
	}
	return false
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
