package corpus

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"litkb/internal/study"
)

// ImportSource starts the provenance source of fields taken from an
// imported file: they are what a reference manager said, not yet checked
// against the original, so such a study cannot be published.
const ImportSource = "import:"

// Roles a curator token may have. Editors may also publish.
const (
	RoleCurator = "curator"
	RoleEditor  = "editor"
)

// Actor is who asks for a write.
type Actor struct {
	Name string
	Role string
}

// Errors a write can end in; the server maps each to one HTTP status.
var (
	ErrNotFound = errors.New("no such study")
	ErrStale    = errors.New("the study has changed since it was loaded")
)

// ConflictError is a study that already exists under the same id or DOI,
// or (Possible) one whose title and year look like the same work.
type ConflictError struct {
	Existing string
	Reason   string
	Possible bool // a near-identical title: the curator may confirm it is a different work
}

func (e *ConflictError) Error() string { return e.Reason }

// ForbiddenError is a write the actor's role or the review rule does not allow.
type ForbiddenError struct{ Reason string }

func (e *ForbiddenError) Error() string { return e.Reason }

// Store is the corpus on disk and its one writer. Readers take the current
// Corpus (an immutable snapshot) and never wait for a write.
type Store struct {
	dir           string
	mu            sync.Mutex // one writer at a time
	cur           atomic.Pointer[Corpus]
	afterWrite    func(context.Context, *Corpus) error
	onWrite       func(Written)
	requireReview bool
	now           func() time.Time
	ids           *ids // guarded by mu

	// A start that took the folder on trust (checklater.go): checked is
	// closed once CheckFiles has compared them, with checkErr its failure.
	checked    chan struct{}
	checkErr   error
	checkOnce  sync.Once
	pending    *unchecked
	staleTemps func([]string, error)
	image      *imageSource // the load's, until WriteImage
	imageOnce  sync.Once
}

// StoreOptions configure a Store.
type StoreOptions struct {
	// AfterWrite runs after each write is on disk and before it is
	// acknowledged, e.g. to bring the index in line, so the next search
	// sees the change.
	AfterWrite func(context.Context, *Corpus) error
	// OnWrite is told of each write once it is durable, under the writer
	// lock and before AfterWrite: it must not block (see Written).
	OnWrite func(Written)
	// RequireReview: the publisher must not be the author of the last change.
	RequireReview bool
	// Cache is where the corpus snapshot lives (see LoadCached); empty for none.
	Cache string
	// Progress is told how the load goes (see LoadOptions).
	Progress func(done, total int)
	// KeepPages keeps the snapshot's pages after the load (see LoadOptions).
	KeepPages bool
	// NoSnapshot is called when the load will decode every file (see
	// LoadOptions).
	NoSnapshot func()
	// StaleTemps, when set, has the temporary files that interrupted writes
	// left in the studies folder removed (see RemoveStaleTemps) and is told
	// what was removed. It shares the folder's one listing with the load.
	StaleTemps func(removed []string, err error)
	// CheckLater takes the study files as the snapshot recorded them,
	// without listing the folder or taking a stamp of each file, when no
	// name in the folder changed since it was written, and leaves
	// comparing them to CheckFiles, which writes wait for (see
	// checklater.go). Otherwise the load reads the folder as usual.
	CheckLater bool
}

// OpenStore loads dir and returns its writer; a cancelled ctx stops the
// load (see LoadWith). The studies folder is
// listed once, for the load and the temporary files (by CheckFiles,
// after a load that took them on trust).
func OpenStore(ctx context.Context, dir string, opts StoreOptions) (*Store, error) {
	var studies func() *listing
	if !opts.CheckLater {
		studies = listAsync(filepath.Join(dir, StudiesDir))
	} else {
		studies = sync.OnceValue(func() *listing { return listDir(filepath.Join(dir, StudiesDir)) })
	}
	c, err := loadCached(ctx, dir, LoadOptions{Cache: opts.Cache, Progress: opts.Progress, KeepPages: opts.KeepPages, NoSnapshot: opts.NoSnapshot, checkLater: opts.CheckLater}, studies)
	if err != nil {
		return nil, err
	}
	s := &Store{dir: dir, afterWrite: opts.AfterWrite, onWrite: opts.OnWrite, requireReview: opts.RequireReview, now: time.Now,
		checked: make(chan struct{}), pending: c.unchecked, staleTemps: opts.StaleTemps, ids: newIDs(dir), image: c.image}
	c.unchecked, c.image = nil, nil
	if s.pending == nil {
		// After the load, which the listing overlaps with reading the
		// snapshot: no temporary file's name is a study file's or an id's.
		if opts.StaleTemps != nil {
			opts.StaleTemps(removeStaleTempsIn(studies(), time.Now()))
		}
		close(s.checked)
	}
	s.cur.Store(c)
	return s, nil
}

// Corpus is the current snapshot.
func (s *Store) Corpus() *Corpus { return s.cur.Load() }

// Create adds a new study as a draft. Its id is derived from the first
// author, year and title when empty, and never one in use: by a loaded
// study, a file that does not load, or an earlier study's history. Same
// id or DOI as an existing study is a conflict; a near-identical title in
// the same or an adjacent year is a possible conflict unless confirmed.
func (s *Store) Create(ctx context.Context, st study.Study, who Actor, confirmed bool) (*study.Study, error) {
	if err := s.lock(ctx); err != nil {
		return nil, err
	}
	defer s.mu.Unlock()
	c := s.Corpus()
	st.Status = "draft"
	if st.ID == "" {
		st.ID = s.assignID(c, study.SuggestID(&st))
	} else if old, ok := c.Study(st.ID); ok {
		return nil, &ConflictError{Existing: old.ID, Reason: fmt.Sprintf("a study with the id %q already exists", old.ID)}
	} else if s.ids.reserved(st.ID) {
		return nil, &ConflictError{Existing: st.ID, Reason: fmt.Sprintf("the id %q belongs to a study file that does not load or to an earlier study's history; choose another id", st.ID)}
	}
	if err := s.validate(c, &st); err != nil {
		return nil, err
	}
	if err := duplicates(c, &st, "", confirmed); err != nil {
		return nil, err
	}
	return s.write(ctx, c, nil, st, who, "create", "")
}

// CreateMany adds several new studies as drafts in one write, bringing the
// index in line once at the end: an import. A study that would be a
// duplicate or is invalid is not written; its error is returned at its
// position (nil where the study was saved). Each study costs the same
// whatever the corpus's size. All are checked before any is written; if
// ctx ends before the writes start, nothing is written.
func (s *Store) CreateMany(ctx context.Context, sts []study.Study, who Actor, action string) ([]*study.Study, []error) {
	out := make([]*study.Study, len(sts))
	errs := make([]error, len(sts))
	if err := s.lock(ctx); err != nil {
		for i := range errs {
			errs[i] = err
		}
		return out, errs
	}
	defer s.mu.Unlock()
	c := s.Corpus()
	dups := NewDupIndex(c)
	var (
		saved   []study.Study
		writes  []*pending
		at      []int
		stopped error
	)
	for i, st := range sts {
		if stopped = ctx.Err(); stopped != nil {
			for j := i; j < len(sts); j++ {
				errs[j] = fmt.Errorf("not saved: %w", stopped)
			}
			break
		}
		st.Status = "draft"
		if st.ID == "" {
			st.ID = study.SuggestID(&st)
		}
		st.ID = s.assignID(c, st.ID)
		if err := s.validate(c, &st); err != nil {
			errs[i] = err
			continue
		}
		if ce := dups.Check(&st, false); ce != nil {
			errs[i] = ce
			continue
		}
		p, err := s.prepare(nil, st, who, action, "")
		if err != nil {
			errs[i] = err
			continue
		}
		dups.Add(&st)
		saved, writes, at = append(saved, st), append(writes, p), append(at, i)
	}
	if stopped != nil { // nothing is on disk yet: leave it so
		for _, i := range at {
			errs[i] = fmt.Errorf("not saved: %w", stopped)
		}
		return out, errs
	}
	var hashes []string
	var committed []*pending
	k := 0
	for j, err := range commitAll(writes) {
		if err != nil {
			errs[at[j]] = err
			continue
		}
		saved[k], at[k] = saved[j], at[j]
		hashes, committed = append(hashes, writes[j].hash), append(committed, writes[j])
		k++
	}
	saved, at = saved[:k], at[:k]
	if len(saved) == 0 {
		return out, errs
	}
	c = c.withMany(saved, hashes)
	s.cur.Store(c)
	s.written(action, who, committed...)
	for k, i := range at {
		out[i], _ = c.Study(saved[k].ID)
	}
	if s.afterWrite != nil {
		// What is on disk is acknowledged: the index follows it even when
		// the client has gone.
		if err := s.afterWrite(context.WithoutCancel(ctx), c); err != nil {
			for _, i := range at {
				errs[i] = fmt.Errorf("saved, but the index could not follow: %w", err)
			}
		}
	}
	return out, errs
}

// Duplicate reports the study st would duplicate (same DOI, or a
// near-identical title in the same or an adjacent year), or nil.
func (c *Corpus) Duplicate(st *study.Study) *ConflictError {
	var ce *ConflictError
	if err := duplicates(c, st, "", false); errors.As(err, &ce) {
		return ce
	}
	return nil
}

// Update replaces a study's content. etag must be the one the curator
// loaded; if the file changed since, nothing is written and ErrStale says
// so. An update that changes nothing writes nothing. Status changes go through Publish, Retract and Restore.
func (s *Store) Update(ctx context.Context, id string, st study.Study, etag string, who Actor) (*study.Study, error) {
	if err := s.lock(ctx); err != nil {
		return nil, err
	}
	defer s.mu.Unlock()
	c := s.Corpus()
	old, ok := c.Study(id)
	if !ok {
		return nil, ErrNotFound
	}
	if etag != c.ETag(id) {
		return nil, ErrStale
	}
	if st.ID == "" {
		st.ID = id
	}
	if st.ID != id {
		return nil, study.Problems{{Field: "id", Message: fmt.Sprintf("%q cannot be renamed to %q; create a new study instead", id, st.ID)}}
	}
	st.Status = old.Status
	if err := s.validate(c, &st); err != nil {
		return nil, err
	}
	if sameContent(&st, old) {
		// Nothing to record: the file keeps its curator's formatting and
		// the history gets no empty entry.
		return old, nil
	}
	if err := duplicates(c, &st, id, true); err != nil {
		return nil, err
	}
	return s.write(ctx, c, old, st, who, "update", "")
}

// Publish makes a draft public. Only editors publish, and with review
// required, not the author of the last change.
func (s *Store) Publish(ctx context.Context, id string, who Actor) (*study.Study, error) {
	if err := s.lock(ctx); err != nil {
		return nil, err
	}
	defer s.mu.Unlock()
	c := s.Corpus()
	old, ok := c.Study(id)
	if !ok {
		return nil, ErrNotFound
	}
	if who.Role != RoleEditor {
		return nil, &ForbiddenError{Reason: "only an editor can publish a study"}
	}
	if old.Status != "draft" {
		return nil, &ConflictError{Existing: id, Reason: fmt.Sprintf("%s is %s, not a draft; to undo a retraction or withdrawal, restore a version from before it", id, old.Status)}
	}
	if s.requireReview {
		if h, _ := s.History(id); len(h) > 0 && h[len(h)-1].Who == who.Name {
			return nil, &ForbiddenError{Reason: fmt.Sprintf("review is required: %s made the last change, so another editor must publish", who.Name)}
		}
	}
	for _, ch := range old.Provenance.Checks {
		if strings.HasPrefix(ch.Source, ImportSource) {
			return nil, study.Problems{{Field: "provenance.checks", Message: "fields still rest on the imported record; check them against the original and record that source before publishing"}}
		}
	}
	st := *old
	st.Status = "published"
	st.Provenance.ToCheck = slices.Clone(st.Provenance.ToCheck)
	if err := s.validate(c, &st); err != nil {
		return nil, err
	}
	return s.write(ctx, c, old, st, who, "publish", "")
}

// Retract marks a published study retracted: the file stays and its page
// shows why. A draft was never public, so it is withdrawn instead: kept
// with its history, out of the drafts queue and of every public page.
func (s *Store) Retract(ctx context.Context, id, reason string, who Actor) (*study.Study, error) {
	if err := s.lock(ctx); err != nil {
		return nil, err
	}
	defer s.mu.Unlock()
	c := s.Corpus()
	old, ok := c.Study(id)
	if !ok {
		return nil, ErrNotFound
	}
	if strings.TrimSpace(reason) == "" {
		return nil, study.Problems{{Field: "reason", Message: "say why the study is retracted; readers see it"}}
	}
	st := *old
	action := "retract"
	switch old.Status {
	case "draft":
		st.Status, action = "withdrawn", "withdraw"
	case "published":
		st.Status = "retracted"
	default:
		return nil, &ConflictError{Existing: id, Reason: fmt.Sprintf("%s is already %s", id, old.Status)}
	}
	st.Retraction = strings.TrimSpace(reason)
	if err := s.validate(c, &st); err != nil {
		return nil, err
	}
	return s.write(ctx, c, old, st, who, action, reason)
}

// Restore writes version n of a study's history back as its current
// content (status included).
func (s *Store) Restore(ctx context.Context, id string, n int, etag string, who Actor) (*study.Study, error) {
	hist, err := s.History(id)
	if err != nil {
		return nil, err
	}
	var snap *study.Study
	for _, v := range hist {
		if v.Version == n {
			snap = v.Study
		}
	}
	if snap == nil {
		return nil, study.Problems{{Field: "version", Message: fmt.Sprintf("%s has no version %d", id, n)}}
	}
	if err := s.lock(ctx); err != nil {
		return nil, err
	}
	defer s.mu.Unlock()
	c := s.Corpus()
	old, ok := c.Study(id)
	if !ok {
		return nil, ErrNotFound
	}
	if etag != c.ETag(id) {
		return nil, ErrStale
	}
	st := *snap
	if err := s.validate(c, &st); err != nil {
		return nil, err
	}
	return s.write(ctx, c, old, st, who, "restore", fmt.Sprintf("version %d", n))
}

// validate is the check every write runs (see Corpus.CheckNew).
func (s *Store) validate(c *Corpus, st *study.Study) error { return c.validate(st) }

// sameContent reports whether a and b would be written as the same file.
func sameContent(a, b *study.Study) bool {
	x, errX := study.EncodeStudy(*a)
	y, errY := study.EncodeStudy(*b)
	return errX == nil && errY == nil && bytes.Equal(x, y)
}

// unlocated drops the file and line from problems with a study that is
// not on disk yet: they would point into a file the curator never saw.
func unlocated(ps study.Problems) study.Problems {
	for i := range ps {
		ps[i].File, ps[i].Line = "", 0
	}
	return ps
}

// write puts st on disk durably, records it in the history, swaps in the
// new snapshot and runs AfterWrite, all before returning.
func (s *Store) write(ctx context.Context, c *Corpus, old *study.Study, st study.Study, who Actor, action, note string) (*study.Study, error) {
	p, err := s.persist(old, st, who, action, note)
	if err != nil {
		return nil, err
	}
	next := c.withMany([]study.Study{st}, []string{p.hash})
	s.cur.Store(next)
	s.written(action, who, p)
	if s.afterWrite != nil {
		if err := s.afterWrite(ctx, next); err != nil {
			return nil, fmt.Errorf("the study is saved, but the index could not follow: %w", err)
		}
	}
	out, _ := next.Study(st.ID)
	return out, nil
}
