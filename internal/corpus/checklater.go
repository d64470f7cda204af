package corpus

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"hash/crc32"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unsafe"

	"litkb/internal/study"
)

// A server's start takes the study files as the snapshot recorded them,
// when no name in the studies folder was added, removed or renamed since
// (its stamp, see folderStamp): listing a million study files and taking
// each one's stamp was a third of the CPU of a start at 1,000,000 studies,
// before the first answer. Every write litkb makes renames a file into
// the folder, and so do git's checkouts, so after any of them the start
// reads the folder as usual. What the folder's stamp cannot tell is a
// file edited in place (by hand, while the server was down): the folder
// is compared with the record file by file once the server answers
// (CheckFiles), and such a file is read in then, as a replica reads a
// commit. Writes wait for that check: a write must know every id in use,
// and a write to such a file is refused as stale anyway.

// unchecked is what a trusting load took from the snapshot: its files
// (sorted) and their stamps as recorded, the texts of their studies with
// their CRCs (not read yet; see snapshot.laterTexts), and where to write a
// snapshot of what the check finds.
type unchecked struct {
	rels       []string
	stamps     []fileStamp
	texts      []string // "" for a file not taken from the snapshot
	tcrcs      []uint32
	mapped     []byte   // the snapshot the texts are in
	file       *os.File // the same, open
	key, cache string
	drop       [][]byte // the image's mappings of the above, let go after the check (see loadTables)
}

// uncheckedFiles: rels are snap's entries, in order (snapshot.rels). It
// takes the snapshot's open file.
func uncheckedFiles(rels []string, files []loadedFile, snap *snapshot, key, cache string) *unchecked {
	u := &unchecked{rels: rels, stamps: make([]fileStamp, len(files)), texts: make([]string, len(files)), tcrcs: make([]uint32, len(files)),
		mapped: snap.mem, file: snap.file, key: key, cache: cache}
	snap.file = nil
	for i := range files {
		u.stamps[i] = files[i].stamp
		if files[i].fromSnap {
			u.texts[i], u.tcrcs[i] = snap.entries[i].text, snap.entries[i].tcrc
		}
	}
	return u
}

// damagedTexts are the files whose studies' texts fail their CRCs. The
// snapshot is read from its file, in order and 8 MiB at a time, and let go
// of as it is read: through the mapping, each page was a fault that waited
// for the disk (0.7 s of CPU at 100,000 studies), and the pages would have
// joined the server's resident set.
func (u *unchecked) damagedTexts() []string {
	defer u.file.Close()
	const chunk = 8 << 20
	r := bufio.NewReaderSize(u.file, chunk)
	base := uintptr(unsafe.Pointer(unsafe.SliceData(u.mapped)))
	var bad []string
	at, dropped := 0, 0 // where r is in the file; what was let go
	for i, t := range u.texts {
		if t == "" {
			continue
		}
		off := int(uintptr(unsafe.Pointer(unsafe.StringData(t))) - base)
		if _, err := r.Discard(off - at); err != nil {
			return append(bad, u.rels[i:]...) // unreadable: read every file again
		}
		sum := uint32(0)
		for n := len(t); n > 0; {
			b, err := r.Peek(min(n, chunk))
			if err != nil {
				return append(bad, u.rels[i:]...)
			}
			sum = crc32.Update(sum, crcTable, b)
			_, _ = r.Discard(len(b))
			n -= len(b)
		}
		if at = off + len(t); sum != u.tcrcs[i] {
			bad = append(bad, u.rels[i])
		}
		if at-dropped >= chunk {
			dropCached(u.file, dropped, at-dropped)
			dropped = at
		}
	}
	dropCached(u.file, dropped, len(u.mapped)-dropped)
	return bad
}

// folderRacyWindow is RacyWindow for the studies folder's stamp: a name
// changed within a tick of the time taken would leave the stamp as it
// was. A variable, so that tests need not wait two seconds.
var folderRacyWindow = RacyWindow

// folderCacheable says whether a folder listed at stamp may be taken on
// trust by a snapshot written at now.
func folderCacheable(st fileStamp, now time.Time) bool {
	return st.mtime < now.Add(-folderRacyWindow).UnixNano()
}

// sameFolder reports whether the folder at dir has the stamp want.
func sameFolder(dir string, want fileStamp) bool {
	st, err := folderStamp(dir)
	return err == nil && st == want
}

// rels are the snapshot's files, in one string on the heap: the corpus
// keeps them (its file hashes are keyed by them), and read from the
// mapping they would bring its pages back after the load lets them go.
func (s *snapshot) rels() []string {
	size := 0
	for i := range s.entries {
		size += len(s.entries[i].rel)
	}
	var b strings.Builder
	b.Grow(size)
	for i := range s.entries {
		b.WriteString(s.entries[i].rel)
	}
	all, out := b.String(), make([]string, len(s.entries))
	for i := range s.entries {
		n := len(s.entries[i].rel)
		out[i], all = all[:n], all[n:]
	}
	return out
}

// errUnchecked is what writes return when the check of the folder failed.
var errUnchecked = errors.New("corpus: the study files could not be checked against the snapshot; restart to load them again")

// lock waits until the folder has been checked (or ctx ends), then takes
// the writer lock.
func (s *Store) lock(ctx context.Context) error {
	select {
	case <-s.checked:
	case <-ctx.Done():
		return fmt.Errorf("corpus: waiting for the study files to be checked: %w", ctx.Err())
	}
	if s.checkErr != nil {
		return fmt.Errorf("%w: %w", errUnchecked, s.checkErr)
	}
	s.mu.Lock()
	return nil
}

// Checked reports whether the corpus served is known to be the folder's:
// false from a trusting start until CheckFiles has compared them.
func (s *Store) Checked() bool {
	select {
	case <-s.checked:
		return s.checkErr == nil
	default:
		return false
	}
}

// FilesCheck is what CheckFiles found.
type FilesCheck struct {
	// Changed are the study files added, removed or changed since the
	// snapshot was written, relative to the data folder.
	Changed []string
	// Damaged are the files whose studies' texts in the snapshot were
	// damaged (and are in Changed, read again from the files).
	Damaged []string
	// SnapshotErr: the snapshot of the result could not be written, so the
	// next start reads those files again. Nothing else is wrong.
	SnapshotErr error
}

// CheckFiles compares the studies folder with what the store's load took
// on trust, once: the study files added, removed or changed (by size or
// time) since the snapshot was written are read in, by the loader's rules,
// and the index follows as after a write. When there were any, a snapshot
// of the result is written for the next start (after the writes waiting
// have gone on). A store opened without CheckLater, or checked already,
// has nothing to check. Writes wait for the check; if it fails, they are
// refused.
func (s *Store) CheckFiles(ctx context.Context) (FilesCheck, error) {
	var res FilesCheck
	var err error
	s.checkOnce.Do(func() {
		if s.pending == nil {
			return
		}
		var write func() error
		var followErr error
		res.Damaged = s.pending.damagedTexts()
		res.Changed, write, followErr, err = s.checkFiles(ctx, s.pending, res.Damaged)
		for _, m := range s.pending.drop {
			dropPages(m)
		}
		s.pending, s.checkErr = nil, err
		close(s.checked)
		if write != nil {
			res.SnapshotErr = write()
		}
		if err == nil {
			err = followErr
		}
	})
	return res, err
}

// checkFiles is CheckFiles; write, when not nil, writes the snapshot.
// followErr is the index's failure to follow, which the next write's sync
// mends (as after Replace); err is the check's, which leaves writes
// refused.
func (s *Store) checkFiles(ctx context.Context, u *unchecked, damaged []string) (changed []string, write func() error, followErr, err error) {
	l := listDir(filepath.Join(s.dir, StudiesDir))
	if l.err != nil {
		return nil, nil, nil, fmt.Errorf("corpus: list %s: %w", StudiesDir, l.err)
	}
	rels := l.tomlFiles(StudiesDir)
	stamps, statErrs := make([]fileStamp, len(rels)), make([]error, len(rels))
	sd, err := openStatDir(l.dir)
	if err != nil {
		return nil, nil, nil, err
	}
	defer sd.close()
	// On one core: the server answers meanwhile, and its first searches
	// need the other.
	for i, rel := range rels {
		stamps[i], statErrs[i] = sd.stamp(rel[len(StudiesDir)+1:])
	}
	now := time.Now()
	bad := make(map[string]bool, len(damaged))
	for _, rel := range damaged {
		bad[rel] = true
	}
	// Both lists are sorted: one walk finds the files added, removed and
	// changed.
	i, j := 0, 0
	for i < len(rels) || j < len(u.rels) {
		switch {
		case j == len(u.rels) || (i < len(rels) && rels[i] < u.rels[j]):
			changed = append(changed, rels[i])
			i++
		case i == len(rels) || rels[i] > u.rels[j]:
			changed = append(changed, u.rels[j])
			j++
		default:
			if statErrs[i] != nil || stamps[i] != u.stamps[j] || bad[rels[i]] {
				changed = append(changed, rels[i])
			}
			i, j = i+1, j+1
		}
	}
	if s.staleTemps != nil {
		s.staleTemps(removeStaleTempsIn(l, now))
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(changed) == 0 {
		return nil, nil, nil, nil
	}
	var claims []string
	for _, rel := range tomlFiles(s.dir, ClaimsDir, new(study.Problems)) {
		claims = append(claims, filepath.ToSlash(rel))
	}
	slashed := make([]string, len(changed))
	for k, rel := range changed {
		slashed[k] = filepath.ToSlash(rel)
	}
	next, err := s.Corpus().Patch(slashed, claims, func(rel string) ([]byte, error) {
		return os.ReadFile(filepath.Join(s.dir, filepath.FromSlash(rel)))
	})
	full := err != nil
	if full {
		// A file Patch could not read (a load reports it as a problem
		// and goes on): the folder is loaded as a start without the
		// check loads it, which also writes the snapshot.
		if next, err = LoadWith(ctx, s.dir, LoadOptions{Cache: u.cache}); err != nil {
			return nil, nil, nil, err
		}
	}
	s.cur.Store(next)
	if s.afterWrite != nil {
		if err := s.afterWrite(ctx, next); err != nil {
			followErr = fmt.Errorf("the corpus changed on disk, but the index could not follow: %w", err)
		}
	}
	if u.cache == "" || full {
		return changed, nil, followErr, nil
	}
	// The next start trusts a snapshot of what is on disk now, not the
	// one this start trusted.
	return changed, func() error {
		files := checkedFiles(next, rels, stamps, statErrs, now)
		var folder fileStamp
		if len(files) == len(rels) && folderCacheable(l.stamp, now) {
			folder = l.stamp
		}
		err := writeSnapshot(ctx, u.cache, u.key, now, folder, files)
		dropPages(next.mapped) // the write read every study's text
		return err
	}, followErr, nil
}

// checkedFiles are the snapshot's files after a check: every study file
// of the folder that holds a valid study, with its stamp as the check
// took it (before any read), unless it changed too recently to trust.
func checkedFiles(c *Corpus, rels []string, stamps []fileStamp, statErrs []error, now time.Time) []snapFile {
	files := make([]snapFile, 0, len(c.Studies))
	for i, rel := range rels {
		id := strings.TrimSuffix(filepath.Base(rel), ".toml")
		st, ok := c.Study(id)
		if !ok || statErrs[i] != nil || !cacheable(stamps[i], now) {
			continue
		}
		files = append(files, snapFile{rel: rel, stamp: stamps[i], hash: c.files.get(rel), study: st})
	}
	return files
}
