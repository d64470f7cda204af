package corpus_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"litkb/internal/corpus"
	"litkb/internal/study"
)

var editor = corpus.Actor{Name: "test", Role: corpus.RoleEditor}

// draft is a minimal draft whose id derives to tester-2010-some-draft.
func draft(title string) study.Study {
	return study.Study{Type: "article", Title: title, Year: 2010,
		Authors:    []study.Person{{Family: "Tester", Given: "Ada"}},
		Provenance: study.Provenance{Confidence: "low"}}
}

func openStore(t *testing.T, dir string) *corpus.Store {
	t.Helper()
	s, err := corpus.OpenStore(t.Context(), dir, corpus.StoreOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// A draft was never public: retracting it withdraws it, and the withdrawn
// file loads again after a restart, so its id stays taken.
func TestRetractingADraftWithdrawsIt(t *testing.T) {
	dir := writeCorpus(t, threeStudies())
	s := openStore(t, dir)
	ctx := context.Background()
	d, err := s.Create(ctx, draft("Some draft about security"), editor, false)
	if err != nil {
		t.Fatal(err)
	}
	out, err := s.Retract(ctx, d.ID, "entered by mistake", editor)
	if err != nil {
		t.Fatalf("retract a draft: %v", err)
	}
	if out.Status != "withdrawn" || out.Public() {
		t.Errorf("retracted draft: status %q, public %v; want withdrawn, not public", out.Status, out.Public())
	}
	if _, err := s.Retract(ctx, d.ID, "again", editor); err == nil {
		t.Error("withdrawing a withdrawn draft again was accepted")
	}
	if _, err := s.Publish(ctx, d.ID, editor); err == nil {
		t.Error("a withdrawn draft was published without being restored first")
	}
	c, err := corpus.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Problems) > 0 {
		t.Fatalf("after withdrawing a draft the corpus has problems: %v", c.Problems)
	}
	if got, ok := c.Study(d.ID); !ok || got.Status != "withdrawn" || got.Retraction != "entered by mistake" {
		t.Fatalf("after a reload %s = %+v, %v; want it withdrawn with its reason", d.ID, got, ok)
	}
	again, err := openStore(t, dir).Create(ctx, draft("Some draft about other things"), editor, false)
	if err != nil {
		t.Fatal(err)
	}
	if again.ID == d.ID {
		t.Errorf("a new study took the id %s of the withdrawn draft", d.ID)
	}
}

// Retracting a published study keeps it valid and public, with its notice.
func TestRetractingAPublishedStudy(t *testing.T) {
	dir := writeCorpus(t, threeStudies())
	s := openStore(t, dir)
	out, err := s.Retract(context.Background(), "a-2000-x", "the journal retracted it", editor)
	if err != nil {
		t.Fatal(err)
	}
	if out.Status != "retracted" || !out.Public() {
		t.Errorf("status %q public %v, want retracted and public", out.Status, out.Public())
	}
	if c, _ := corpus.Load(dir); len(c.Problems) > 0 {
		t.Errorf("problems after retracting: %v", c.Problems)
	}
}

// An id in use by anything on disk is never given to a new work: a file
// that does not load, a history with no file, a file that appeared after
// the store opened. The file there is left exactly as it was.
func TestNewStudyNeverTakesAnIDInUse(t *testing.T) {
	const id = "tester-2010-some-draft"
	broken := "id = \"" + id + "\"\nstatus = \"retracted\"\ntitle = \"An older, different work\"\n"
	tests := []struct {
		name   string
		before func(t *testing.T, dir string) string // returns the file that must not change
		after  func(t *testing.T, dir string) string // the same, after the store opened
	}{
		{name: "a study file that does not load", before: func(t *testing.T, dir string) string {
			p := filepath.Join(dir, "studies", id+".toml")
			write(t, p, broken)
			return p
		}},
		{name: "a history with no study file", before: func(t *testing.T, dir string) string {
			p := filepath.Join(dir, "history", id+".jsonl")
			write(t, p, `{"version":1,"action":"create","study":{"id":"`+id+`"}}`+"\n")
			return p
		}},
		{name: "a file that appeared after the store opened", after: func(t *testing.T, dir string) string {
			p := filepath.Join(dir, "studies", id+".toml")
			write(t, p, broken)
			return p
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := writeCorpus(t, threeStudies())
			var guarded string
			if tt.before != nil {
				guarded = tt.before(t, dir)
			}
			s := openStore(t, dir)
			if tt.after != nil {
				guarded = tt.after(t, dir)
			}
			want := readFile(t, guarded)
			out, err := s.Create(context.Background(), draft("Some draft about security"), editor, false)
			var ce *corpus.ConflictError
			switch {
			case err == nil && out.ID == id:
				t.Fatalf("the new study took the id %s", id)
			case err != nil && !errors.As(err, &ce):
				t.Fatalf("create: %v; want a new id or a conflict", err)
			}
			explicit := draft("Yet another work")
			explicit.ID = id
			if _, err := s.Create(context.Background(), explicit, editor, true); !errors.As(err, &ce) {
				t.Errorf("create with the id %s itself: %v; want a conflict", id, err)
			}
			if got := readFile(t, guarded); got != want {
				t.Errorf("%s was changed:\n%s", guarded, got)
			}
		})
	}
}

func write(t *testing.T, path, body string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}

// An update never replaces a file that changed on disk since it was loaded.
func TestUpdateRefusesAFileChangedOnDisk(t *testing.T) {
	dir := writeCorpus(t, threeStudies())
	s := openStore(t, dir)
	p := filepath.Join(dir, "studies", "b-2001-y.toml")
	other := studyTOML("b-2001-y", "10.1000/other", `"doi"`)
	write(t, p, other)
	b, _ := s.Corpus().Study("b-2001-y")
	edited := *b
	edited.Title = "A retitled study"
	_, err := s.Update(context.Background(), edited.ID, edited, s.Corpus().ETag(edited.ID), editor)
	if !errors.Is(err, corpus.ErrStale) {
		t.Errorf("update over a changed file: %v; want ErrStale", err)
	}
	if got := readFile(t, p); got != other {
		t.Errorf("the changed file was replaced:\n%s", got)
	}
}

// An import of many records with the same derived id gives each its own,
// keeps the corpus equal to a fresh load, and saves nothing once cancelled.
func TestCreateManySameBase(t *testing.T) {
	dir := writeCorpus(t, threeStudies())
	s := openStore(t, dir)
	const n = 300
	sts := make([]study.Study, n)
	for i := range sts {
		sts[i] = draft(fmt.Sprintf("Some draft number %d", i))
	}
	out, errs := s.CreateMany(context.Background(), sts, editor, "import")
	seen := map[string]bool{}
	for i := range sts {
		if errs[i] != nil {
			t.Fatalf("record %d: %v", i, errs[i])
		}
		if seen[out[i].ID] {
			t.Fatalf("record %d: id %s given twice", i, out[i].ID)
		}
		seen[out[i].ID] = true
	}
	full, err := corpus.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(full.Problems) > 0 || len(full.Studies) != 3+n || full.Fingerprint != s.Corpus().Fingerprint {
		t.Errorf("after the import: %d studies, %d problems, fingerprint match %v", len(full.Studies), len(full.Problems), full.Fingerprint == s.Corpus().Fingerprint)
	}

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	more := []study.Study{draft("A later draft"), draft("Another later draft")}
	out, errs = s.CreateMany(ctx, more, editor, "import")
	for i := range more {
		if out[i] != nil || !errors.Is(errs[i], context.Canceled) {
			t.Errorf("cancelled import, record %d: %v, %v; want not saved, context.Canceled", i, out[i], errs[i])
		}
	}
	if c, _ := corpus.Load(dir); len(c.Studies) != 3+n {
		t.Errorf("a cancelled import wrote %d studies", len(c.Studies)-3-n)
	}
}

// BenchmarkCreateManySameBase: the cost per record of an import whose
// records all derive the same id (before the fix, every record probed all
// the ids the earlier ones took).
func BenchmarkCreateManySameBase(b *testing.B) {
	for _, n := range []int{500, 2000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			sts := make([]study.Study, n)
			for i := range sts {
				sts[i] = draft(fmt.Sprintf("Some draft number %d", i))
			}
			for b.Loop() {
				b.StopTimer()
				s, err := corpus.OpenStore(b.Context(), writeCorpus(b, threeStudies()), corpus.StoreOptions{})
				if err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				if _, errs := s.CreateMany(context.Background(), sts, editor, "import"); errs[n-1] != nil {
					b.Fatal(errs[n-1])
				}
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N*n), "µs/record")
		})
	}
}

// An update that changes nothing leaves the file as its curator wrote it
// and adds no history entry.
func TestUpdateThatChangesNothingWritesNothing(t *testing.T) {
	dir := writeCorpus(t, threeStudies())
	s := openStore(t, dir)
	p := filepath.Join(dir, "studies", "b-2001-y.toml")
	before := readFile(t, p)
	b, _ := s.Corpus().Study("b-2001-y")
	if _, err := s.Update(context.Background(), b.ID, *b, s.Corpus().ETag(b.ID), editor); err != nil {
		t.Fatal(err)
	}
	if got := readFile(t, p); got != before {
		t.Errorf("the file was rewritten:\n%s", got)
	}
	if h, _ := s.History(b.ID); len(h) != 0 {
		t.Errorf("history has %d entries; want none", len(h))
	}
}

// The same PubMed or PubMed Central id, or the same ISBN on two books, is
// one work entered twice; chapters of one book share its ISBN and are not.
func TestDuplicatesByIdentifier(t *testing.T) {
	withIDs := func(title, typ, pmid, pmcid, isbn string) study.Study {
		s := draft(title)
		s.Type, s.PMID, s.PMCID, s.ISBN = typ, pmid, pmcid, isbn
		if typ == "chapter" {
			s.Container = "A handbook"
		}
		s.Provenance.Checks = []study.Check{{Fields: []string{"title", "pmid", "pmcid", "isbn"}, Source: "test"}}
		return s
	}
	withDOI := func(title, doi string) study.Study {
		s := withIDs(title, "article", "", "", "")
		s.DOI = doi
		s.Provenance.Checks[0].Fields = append(s.Provenance.Checks[0].Fields, "doi")
		return s
	}
	tests := []struct {
		name        string
		first, next study.Study
		dup         bool
	}{
		{"same DOI, another case and pasted as a link", withDOI("One work", "10.1000/Abc.DEF"), withDOI("Another title", " https://doi.org/10.1000/abc.def"), true},
		{"same DOI, with a doi: prefix", withDOI("One work", "10.1000/abc"), withDOI("Another title", "doi:10.1000/ABC"), true},
		{"same DOI, the first pasted as a link", withDOI("One work", " https://doi.org/10.1000/abc"), withDOI("Another title", "10.1000/ABC"), true},
		{"a DOI that only starts the same", withDOI("One work", "10.1000/abc.def"), withDOI("Another title", "10.1000/abc.de"), false},
		{"same PMID", withIDs("One work", "article", "12345678", "", ""), withIDs("Another title", "article", "12345678", "", ""), true},
		{"same PMCID", withIDs("One work", "article", "", "PMC123", ""), withIDs("Another title", "article", "", "PMC123", ""), true},
		{"same ISBN, two books", withIDs("One book", "book", "", "", "9780306406157"), withIDs("Another book", "book", "", "", "9780306406157"), true},
		{"same ISBN, two chapters", withIDs("One chapter", "chapter", "", "", "9780306406157"), withIDs("Another chapter", "chapter", "", "", "9780306406157"), false},
		{"different PMIDs", withIDs("One work", "article", "12345678", "", ""), withIDs("Another title", "article", "87654321", "", ""), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, many := range []bool{false, true} { // Create scans, CreateMany indexes
				s := openStore(t, writeCorpus(t, threeStudies()))
				if _, err := s.Create(context.Background(), tt.first, editor, false); err != nil {
					t.Fatal(err)
				}
				var err error
				if many {
					_, errs := s.CreateMany(context.Background(), []study.Study{tt.next}, editor, "import")
					err = errs[0]
				} else {
					_, err = s.Create(context.Background(), tt.next, editor, false)
				}
				var ce *corpus.ConflictError
				if got := errors.As(err, &ce); got != tt.dup {
					t.Errorf("many=%v: %v; want a duplicate: %v", many, err, tt.dup)
				}
			}
		})
	}
}

// The ids of the files a replaced corpus brings (a commit pulled from git)
// are in use at once, though the folders are not listed again: a new
// study gets another id, even when the file brought does not load.
func TestReplaceReservesTheIDsItBrings(t *testing.T) {
	const id = "tester-2010-some-draft"
	broken := "id = \"" + id + "\"\nstatus = \"retracted\"\ntitle = \"An older, different work\"\n"
	dir := writeCorpus(t, threeStudies())
	s := openStore(t, dir)
	rel := corpus.StudiesDir + "/" + id + ".toml"
	base := s.Corpus()
	next, err := base.Patch([]string{rel}, nil, func(string) ([]byte, error) { return []byte(broken), nil })
	if err != nil {
		t.Fatal(err)
	}
	if len(base.NewProblems(next)) == 0 {
		t.Fatal("the file brought should not load")
	}
	err = s.Replace(context.Background(), base, next, []string{rel}, func() error {
		write(t, filepath.Join(dir, filepath.FromSlash(rel)), broken) // what the fast-forward does
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	out, err := s.Create(context.Background(), draft("Some draft about security"), editor, false)
	if err != nil || out.ID == id {
		t.Fatalf("create after the replace: %v, %v; want a new study with another id than %s", out, err, id)
	}
	if got := readFile(t, filepath.Join(dir, filepath.FromSlash(rel))); got != broken {
		t.Errorf("the file brought was changed:\n%s", got)
	}
}
