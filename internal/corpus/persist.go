package corpus

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"litkb/internal/study"
)

// persist writes st's file durably and appends its history entry, and
// returns what it wrote. It is the only way into data/studies,
// so it checks what it is about to write by the loader's own rules (a file
// the loader would leave out is never written), and that the file it
// replaces is the one old was read from (nil: that there is none), so
// one work's file is never replaced by another's.
func (s *Store) persist(old *study.Study, st study.Study, who Actor, action, note string) (*pending, error) {
	p, err := s.prepare(old, st, who, action, note)
	if err != nil {
		return nil, err
	}
	return p, p.commit()
}

// pending is a checked write, ready to go to disk.
type pending struct {
	path, historyPath string
	data              []byte
	hash              string
	version           Version
}

// prepare checks st and builds what persist writes. It runs under the
// store's lock and reserves st's id.
func (s *Store) prepare(old *study.Study, st study.Study, who Actor, action, note string) (*pending, error) {
	c := s.Corpus()
	data, err := study.EncodeStudy(st)
	if err != nil {
		return nil, err
	}
	if _, ps := study.CheckStudy(st.ID+".toml", data, c.Vocab); len(ps) > 0 {
		return nil, unlocated(ps)
	}
	rel := filepath.Join(StudiesDir, st.ID+".toml")
	version := 1 // claimNew has seen no history
	if old == nil {
		if err := s.claimNew(st.ID); err != nil {
			return nil, err
		}
	} else {
		if err := s.unchangedOnDisk(c, rel); err != nil {
			return nil, err
		}
		hist, _ := s.History(st.ID)
		version = len(hist) + 1
	}
	s.ids.reserve(st.ID)
	saved := st
	return &pending{
		path: filepath.Join(s.dir, rel), historyPath: s.historyPath(st.ID), data: data, hash: contentHash(data),
		version: Version{Version: version, Time: s.now().UTC().Truncate(time.Second), Who: who.Name, Action: action, Note: note, Changes: diff(old, &st), Study: &saved},
	}, nil
}

// commit puts the file on disk durably, then appends its history entry.
func (p *pending) commit() error {
	if err := writeFileDurable(p.path, p.data); err != nil {
		return err
	}
	return appendHistory(p.historyPath, p.version)
}

// commitAll commits writes of distinct studies side by side: each waits on
// its fsyncs, and the file system serves fsyncs that wait together in one
// journal commit, so an import of thousands is not thousands of waits in a row.
func commitAll(ps []*pending) []error {
	errs := make([]error, len(ps))
	var wg sync.WaitGroup
	next := make(chan int)
	for range min(16, len(ps)) {
		wg.Go(func() {
			for i := range next {
				errs[i] = ps[i].commit()
			}
		})
	}
	for i := range ps {
		next <- i
	}
	close(next)
	wg.Wait()
	return errs
}

// unchangedOnDisk reports a study file whose content is no longer what
// the corpus was loaded from (edited by hand, or checked out from git).
func (s *Store) unchangedOnDisk(c *Corpus, rel string) error {
	data, err := os.ReadFile(filepath.Join(s.dir, rel))
	if err != nil {
		return fmt.Errorf("read %s before replacing it: %w", rel, err)
	}
	if contentHash(data) != c.files.get(rel) {
		return fmt.Errorf("%w: %s was changed on disk since the corpus was loaded; restart or reload to pick it up", ErrStale, rel)
	}
	return nil
}

// withMany returns a copy of c in which sts replace (or join) the studies;
// hashes are their files' content hashes. Building it once for a whole
// import keeps an import linear in the corpus's size.
func (c *Corpus) withMany(sts []study.Study, hashes []string) *Corpus {
	n := *c
	n.Studies = slices.Clone(c.Studies)
	n.hashes = slices.Clone(c.hashes)
	type added struct {
		st   *study.Study
		hash uint64
	}
	var adds []added
	for k := range sts {
		st := sts[k] // its own copy: the caller's slice may be reused
		if i, ok := c.find(st.ID); ok {
			n.Studies[i], n.hashes[i] = &st, hash64(hashes[k])
		} else {
			adds = append(adds, added{&st, hash64(hashes[k])})
		}
	}
	if len(adds) > 0 { // an insert moves the studies after it; an update moves none
		slices.SortFunc(adds, func(a, b added) int { return strings.Compare(a.st.ID, b.st.ID) })
		studies := make([]*study.Study, 0, len(n.Studies)+len(adds))
		hs := make([]uint64, 0, cap(studies))
		i := 0
		for _, a := range adds {
			for i < len(n.Studies) && n.Studies[i].ID < a.st.ID {
				studies, hs = append(studies, n.Studies[i]), append(hs, n.hashes[i])
				i++
			}
			studies, hs = append(studies, a.st), append(hs, a.hash)
		}
		n.Studies, n.hashes = append(studies, n.Studies[i:]...), append(hs, n.hashes[i:]...)
	}
	if len(adds) > 0 {
		n.ids = lazyIDs(n.Studies)
	} else {
		n.ids = c.ids.reuse(c.Studies, n.Studies)
	}
	changes := make(map[string]string, len(sts))
	for k, st := range sts {
		rel := filepath.Join(StudiesDir, st.ID+".toml")
		prev, ok := changes[rel]
		if !ok {
			prev = c.files.get(rel)
		}
		if prev != "" {
			n.fp.toggle(rel, prev)
		}
		changes[rel] = hashes[k]
		n.fp.toggle(rel, hashes[k])
	}
	n.files = c.files.with(changes)
	n.Fingerprint = n.fp.String()
	return &n
}
