package corpus

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode"

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
	requireReview bool
	now           func() time.Time
}

// StoreOptions configure a Store.
type StoreOptions struct {
	// AfterWrite runs after each write is on disk and before it is
	// acknowledged, e.g. to bring the index in line, so the next search
	// sees the change.
	AfterWrite func(context.Context, *Corpus) error
	// RequireReview: the publisher must not be the author of the last change.
	RequireReview bool
	// Cache is where the corpus snapshot lives (see LoadCached); empty for none.
	Cache string
}

// OpenStore loads dir and returns its writer.
func OpenStore(dir string, opts StoreOptions) (*Store, error) {
	c, err := LoadCached(dir, opts.Cache)
	if err != nil {
		return nil, err
	}
	s := &Store{dir: dir, afterWrite: opts.AfterWrite, requireReview: opts.RequireReview, now: time.Now}
	s.cur.Store(c)
	return s, nil
}

// Corpus is the current snapshot.
func (s *Store) Corpus() *Corpus { return s.cur.Load() }

// Create adds a new study as a draft. Its id is derived from the first
// author, year and title when empty. Same id or DOI as an existing study is
// a conflict; a near-identical title in the same or an adjacent year is a
// possible conflict unless confirmed.
func (s *Store) Create(ctx context.Context, st study.Study, who Actor, confirmed bool) (*study.Study, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.Corpus()
	st.Status = "draft"
	derived := st.ID == ""
	if derived {
		st.ID = study.SuggestID(&st)
	}
	if err := s.validate(c, &st); err != nil {
		return nil, err
	}
	if err := duplicates(c, &st, "", confirmed); err != nil {
		return nil, err
	}
	if old, ok := c.Study(st.ID); ok {
		if !derived {
			return nil, &ConflictError{Existing: old.ID, Reason: fmt.Sprintf("a study with the id %q already exists", old.ID)}
		}
		st.ID = study.UniqueID(st.ID, c.taken)
	}
	return s.write(ctx, c, nil, st, who, "create", "")
}

// CreateMany adds several new studies as drafts in one write, bringing the
// index in line once at the end: an import. A study that would be a
// duplicate or is invalid is not written; its error is returned at its
// position (nil where the study was saved).
func (s *Store) CreateMany(ctx context.Context, sts []study.Study, who Actor, action string) ([]*study.Study, []error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]*study.Study, len(sts))
	errs := make([]error, len(sts))
	c := s.Corpus()
	for i, st := range sts {
		st.Status = "draft"
		if st.ID == "" {
			st.ID = study.SuggestID(&st)
		}
		st.ID = study.UniqueID(st.ID, c.taken)
		if err := s.validate(c, &st); err != nil {
			errs[i] = err
			continue
		}
		if err := duplicates(c, &st, "", false); err != nil {
			errs[i] = err
			continue
		}
		next, err := s.persist(c, nil, st, who, action, "")
		if err != nil {
			errs[i] = err
			continue
		}
		c = next
		out[i], _ = c.Study(st.ID)
	}
	s.cur.Store(c)
	if s.afterWrite != nil {
		if err := s.afterWrite(ctx, c); err != nil {
			for i := range errs {
				if errs[i] == nil {
					errs[i] = fmt.Errorf("saved, but the index could not follow: %w", err)
				}
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
// so. Status changes go through Publish, Retract and Restore.
func (s *Store) Update(ctx context.Context, id string, st study.Study, etag string, who Actor) (*study.Study, error) {
	s.mu.Lock()
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
	if err := duplicates(c, &st, id, true); err != nil {
		return nil, err
	}
	return s.write(ctx, c, old, st, who, "update", "")
}

// Publish makes a draft public. Only editors publish, and with review
// required, not the author of the last change.
func (s *Store) Publish(ctx context.Context, id string, who Actor) (*study.Study, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.Corpus()
	old, ok := c.Study(id)
	if !ok {
		return nil, ErrNotFound
	}
	if who.Role != RoleEditor {
		return nil, &ForbiddenError{Reason: "only an editor can publish a study"}
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

// Retract marks a study retracted; the file stays and its page shows why.
func (s *Store) Retract(ctx context.Context, id, reason string, who Actor) (*study.Study, error) {
	s.mu.Lock()
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
	st.Status = "retracted"
	st.Retraction = strings.TrimSpace(reason)
	return s.write(ctx, c, old, st, who, "retract", reason)
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
	s.mu.Lock()
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

func (s *Store) validate(c *Corpus, st *study.Study) error {
	data, err := study.EncodeStudy(*st)
	if err != nil {
		return err
	}
	// Round-trip through the file form, so what is checked is what is stored.
	dec, ps := study.CheckStudy(st.ID+".toml", data, c.Vocab)
	if len(ps) > 0 {
		for i := range ps {
			ps[i].File, ps[i].Line = "", 0
		}
		return ps
	}
	*st = dec
	return nil
}

// write puts st on disk durably, records it in the history, swaps in the
// new snapshot and runs AfterWrite, all before returning.
func (s *Store) write(ctx context.Context, c *Corpus, old *study.Study, st study.Study, who Actor, action, note string) (*study.Study, error) {
	next, err := s.persist(c, old, st, who, action, note)
	if err != nil {
		return nil, err
	}
	s.cur.Store(next)
	if s.afterWrite != nil {
		if err := s.afterWrite(ctx, next); err != nil {
			return nil, fmt.Errorf("the study is saved, but the index could not follow: %w", err)
		}
	}
	out, _ := next.Study(st.ID)
	return out, nil
}

// persist writes st's file durably and appends its history entry, and
// returns the snapshot that includes it.
func (s *Store) persist(c *Corpus, old *study.Study, st study.Study, who Actor, action, note string) (*Corpus, error) {
	data, err := study.EncodeStudy(st)
	if err != nil {
		return nil, err
	}
	rel := filepath.Join(StudiesDir, st.ID+".toml")
	if err := writeFileDurable(filepath.Join(s.dir, rel), data); err != nil {
		return nil, err
	}
	hist, _ := s.History(st.ID)
	saved := st
	v := Version{Version: len(hist) + 1, Time: s.now().UTC().Truncate(time.Second), Who: who.Name, Action: action, Note: note, Changes: diff(old, &st), Study: &saved}
	if err := s.appendHistory(v); err != nil {
		return nil, err
	}
	return c.with(st, contentHash(data)), nil
}

// with returns a copy of c in which st replaces (or joins) the studies.
func (c *Corpus) with(st study.Study, hash string) *Corpus {
	n := *c
	n.Studies = slices.Clone(c.Studies)
	n.hashes = slices.Clone(c.hashes)
	i, found := slices.BinarySearchFunc(n.Studies, st.ID, func(a study.Study, id string) int { return strings.Compare(a.ID, id) })
	if found {
		n.Studies[i], n.hashes[i] = st, hash64(hash)
	} else {
		n.Studies = slices.Insert(n.Studies, i, st)
		n.hashes = slices.Insert(n.hashes, i, hash64(hash))
	}
	if !found { // an insert moves the studies after it; an update moves none
		n.byID = make(map[string]int, len(n.Studies))
		for j := range n.Studies {
			n.byID[n.Studies[j].ID] = j
		}
	}
	n.files = make(map[string]string, len(c.files)+1)
	for k, v := range c.files {
		n.files[k] = v
	}
	rel := filepath.Join(StudiesDir, st.ID+".toml")
	if prev, ok := c.files[rel]; ok {
		n.fp.toggle(rel, prev)
	}
	n.files[rel] = hash
	n.fp.toggle(rel, hash)
	n.Fingerprint = n.fp.String()
	return &n
}

// duplicates refuses a second entry for the same DOI and flags a
// near-identical title in the same or an adjacent year. self is the id of
// the study being updated ("" for a new one), which is not its own duplicate.
//
// It runs on every write over every study, so nothing in the loop
// allocates: DOIs are compared case-insensitively in place, and a title
// key is made only for studies of a nearby year.
func duplicates(c *Corpus, st *study.Study, self string, confirmed bool) error {
	doi := study.NormalizeDOI(st.DOI)
	key := TitleKey(st.Title)
	for i := range c.Studies {
		o := &c.Studies[i]
		if o.ID == self {
			continue
		}
		if doi != "" && strings.EqualFold(study.NormalizeDOI(o.DOI), doi) {
			return &ConflictError{Existing: o.ID, Reason: fmt.Sprintf("DOI %s is already the study %q", st.DOI, o.ID)}
		}
		if !confirmed && key != "" && abs(o.Year-st.Year) <= 1 && TitleKey(o.Title) == key {
			return &ConflictError{Existing: o.ID, Possible: true,
				Reason: fmt.Sprintf("%q (%d) looks like the same work; if it is a different one, confirm and send again", o.ID, o.Year)}
		}
	}
	return nil
}

// TitleKey is a title with case, punctuation and spacing removed, for
// spotting the same work entered twice.
func TitleKey(t string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(t) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// taken reports whether a study has the id.
func (c *Corpus) taken(id string) bool {
	_, ok := c.Study(id)
	return ok
}
