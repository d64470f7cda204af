package corpus

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"litkb/internal/study"
)

// A corpus that follows a git repository changes by commits: a few files
// at a time. Patch reads only those files, by the loader's own rules, so a
// replica applies a commit in time proportional to the commit, not to the
// corpus, and can check a commit's files before they reach the disk.

// ErrNeedsFullLoad is a change Patch does not apply piece by piece: the
// vocabulary (topics, constructs, intents) every study is checked against.
var ErrNeedsFullLoad = errors.New("the vocabulary changed: the corpus must be loaded again")

// Reader reads one file of the data folder by its slash-separated path
// relative to it; a removed file is an error wrapping fs.ErrNotExist.
type Reader func(rel string) ([]byte, error)

// Patch returns c with the files changed (slash-separated paths relative
// to the data folder) read again through read, and every claim read again
// from claims (all claim files of the new tree: their evidence depends on
// the studies). Files the corpus does not read (history, README) are
// ignored. Problems are recomputed for what changed, exactly as Load
// reports them.
func (c *Corpus) Patch(changed []string, claims []string, read Reader) (*Corpus, error) {
	var studyRels []string
	for _, rel := range changed {
		switch {
		case rel == TopicsFile || rel == ConstructsFile || rel == IntentsFile:
			return nil, ErrNeedsFullLoad
		case isStudyFile(rel):
			studyRels = append(studyRels, rel)
		}
	}
	n := *c
	changes := map[string]string{} // for n.files: a new hash, or "" for a file gone
	hashOf := func(rel string) string {
		if h, ok := changes[rel]; ok {
			return h
		}
		return c.files.get(rel)
	}
	drop := map[string]bool{} // display paths whose problems are recomputed
	for _, rel := range studyRels {
		drop[c.display(filepath.FromSlash(rel))] = true
	}
	claimDir := c.display(ClaimsDir) + string(filepath.Separator)
	n.Problems = nil
	for _, p := range c.Problems {
		if drop[p.File] || strings.HasPrefix(p.File, claimDir) || isDuplicateDOI(p) {
			continue
		}
		n.Problems = append(n.Problems, p)
	}

	type entry struct {
		st   *study.Study
		hash uint64
	}
	upserts := map[string]entry{}
	gone := map[string]bool{}
	for _, rel := range studyRels {
		osRel := filepath.FromSlash(rel)
		id := strings.TrimSuffix(path.Base(rel), ".toml")
		gone[id] = true // a file with problems is left out, as Load leaves it
		if prev := hashOf(osRel); prev != "" {
			n.fp.toggle(osRel, prev)
			changes[osRel] = ""
		}
		data, err := read(rel)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("corpus: read %s: %w", rel, err)
		}
		hash := contentHash(data)
		changes[osRel] = hash
		n.fp.toggle(osRel, hash)
		st, ps := study.CheckStudy(c.display(osRel), data, c.Vocab)
		if len(ps) > 0 {
			n.Problems = append(n.Problems, ps...)
			continue
		}
		upserts[st.ID] = entry{&st, hash64(hash)}
	}
	n.Studies = make([]*study.Study, 0, len(c.Studies)+len(upserts))
	n.hashes = make([]uint64, 0, cap(n.Studies))
	for i := range c.Studies {
		if !gone[c.Studies[i].ID] {
			n.Studies, n.hashes = append(n.Studies, c.Studies[i]), append(n.hashes, c.hashes[i])
		}
	}
	if len(upserts) > 0 {
		ids := make([]string, 0, len(upserts))
		for id := range upserts {
			ids = append(ids, id)
		}
		slices.Sort(ids)
		// Merge the sorted new entries into the sorted studies.
		studies := make([]*study.Study, 0, len(n.Studies)+len(ids))
		hashes := make([]uint64, 0, cap(studies))
		i := 0
		for _, id := range ids {
			for i < len(n.Studies) && n.Studies[i].ID < id {
				studies, hashes = append(studies, n.Studies[i]), append(hashes, n.hashes[i])
				i++
			}
			studies, hashes = append(studies, upserts[id].st), append(hashes, upserts[id].hash)
		}
		n.Studies, n.hashes = append(studies, n.Studies[i:]...), append(hashes, n.hashes[i:]...)
	}
	if !slices.IsSortedFunc(n.Studies, byID) {
		return nil, errors.New("corpus: patch: studies out of order") // two files naming one id
	}
	n.ids = lazyIDs(n.Studies)
	n.checkDuplicateDOIs()

	// Claims: every file of the new tree, checked against the new studies.
	for _, rel := range c.files.under(ClaimsDir) {
		if prev := hashOf(rel); prev != "" {
			n.fp.toggle(rel, prev)
			changes[rel] = ""
		}
	}
	n.Claims, n.claimBy = nil, map[string]int{}
	for _, rel := range claims {
		osRel := filepath.FromSlash(rel)
		data, err := read(rel)
		if err != nil {
			return nil, fmt.Errorf("corpus: read %s: %w", rel, err)
		}
		hash := contentHash(data)
		changes[osRel] = hash
		n.fp.toggle(osRel, hash)
		n.addClaim(osRel, data)
	}
	n.files = c.files.with(changes)
	n.Fingerprint = n.fp.String()
	return &n, nil
}

// idOfFile is the id a study file or a history log is named by.
func idOfFile(rel string) (string, bool) {
	dir, name := path.Split(rel)
	switch {
	case dir == StudiesDir+"/" && strings.HasSuffix(name, ".toml"):
		return strings.TrimSuffix(name, ".toml"), true
	case dir == HistoryDir+"/" && strings.HasSuffix(name, ".jsonl"):
		return strings.TrimSuffix(name, ".jsonl"), true
	}
	return "", false
}

// isStudyFile: what tomlFiles lists in the studies folder.
func isStudyFile(rel string) bool {
	dir, name := path.Split(rel)
	return dir == StudiesDir+"/" && strings.HasSuffix(name, ".toml")
}

// isDuplicateDOI is a problem checkDuplicateDOIs reports; Patch reports
// them again over the new studies.
func isDuplicateDOI(p study.Problem) bool {
	return p.Field == "doi" && strings.Contains(p.Message, " is also the DOI of ")
}

// NewProblems are the problems of next that c does not have, compared by
// file (relative to the data folder), field and message: what a change
// would break. Their files are named as c names its own, so a tree checked
// in another folder reports the paths of this one.
func (c *Corpus) NewProblems(next *Corpus) study.Problems {
	rel := func(base *Corpus, f string) string {
		if r, err := filepath.Rel(base.Dir, f); err == nil && !strings.HasPrefix(r, "..") {
			return r
		}
		return f
	}
	key := func(base *Corpus, p study.Problem) string {
		return rel(base, p.File) + "\x00" + p.Field + "\x00" + p.Message
	}
	had := map[string]bool{}
	for _, p := range c.Problems {
		had[key(c, p)] = true
	}
	var out study.Problems
	for _, p := range next.Problems {
		if !had[key(next, p)] {
			if p.File != "" {
				p.File = c.display(rel(next, p.File))
			}
			out = append(out, p)
		}
	}
	return out
}

// Replace makes next the corpus, once change (a fast-forward of the
// folder's files to those next was read from) has run, under the writer
// lock so no write comes in between. base is the corpus next was patched
// from: if a write replaced it since, nothing runs and ErrStale says to
// try again. A nil next loads the folder again after change (a vocabulary
// change). The index follows as after a write. changed are the files
// change brings (slash-separated, relative to the folder, as Patch takes
// them): their ids are in use from now on, as the ids of every file were
// when the store opened.
func (s *Store) Replace(ctx context.Context, base, next *Corpus, changed []string, change func() error) error {
	if err := s.lock(ctx); err != nil {
		return err
	}
	defer s.mu.Unlock()
	if base != nil && s.Corpus() != base {
		return ErrStale
	}
	if change != nil {
		if err := change(); err != nil {
			return err
		}
	}
	if next == nil {
		// No snapshot: a snapshot replaced under a running server keeps
		// its mapping (and disk space) for the life of the process.
		c, err := Load(s.dir)
		if err != nil {
			return err
		}
		next = c
	}
	// A file that change removes keeps its id reserved, as one it adds.
	for _, rel := range changed {
		if id, ok := idOfFile(rel); ok {
			s.ids.reserve(id)
		}
	}
	s.cur.Store(next)
	if s.afterWrite != nil {
		if err := s.afterWrite(ctx, next); err != nil {
			return fmt.Errorf("the corpus changed, but the index could not follow: %w", err)
		}
	}
	return nil
}
