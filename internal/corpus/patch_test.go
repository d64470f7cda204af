package corpus_test

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"litkb/internal/corpus"
)

// TestPatchIsLoad checks that patching a corpus with the files a change
// touched gives what loading the changed folder gives: the same studies,
// hashes, fingerprint, claims and problems.
func TestPatchIsLoad(t *testing.T) {
	const (
		some   = "allen-2004-adolescent-stability-change"
		cited  = "bakermans-kranenburg-vanijzendoorn-1993-aai-psychometrics" // evidence of claims
		withDO = "bakermans-kranenburg-vanijzendoorn-2009-first-10000-aais"
	)
	studyFile := func(id string) string { return "studies/" + id + ".toml" }
	tests := []struct {
		name    string
		change  func(t *testing.T, dir string) []string // edits dir, returns the changed files
		problem string                                  // a problem the change brings, "" for none
	}{
		{"edit a title", func(t *testing.T, dir string) []string {
			replaceIn(t, dir, studyFile(some), "Stability and change", "Change and stability")
			return []string{studyFile(some)}
		}, ""},
		{"add a study", func(t *testing.T, dir string) []string {
			copyStudy(t, dir, some, "zz-2004-copy", true)
			return []string{studyFile("zz-2004-copy")}
		}, ""},
		{"remove a study claims cite", func(t *testing.T, dir string) []string {
			if err := os.Remove(filepath.Join(dir, studyFile(cited))); err != nil {
				t.Fatal(err)
			}
			return []string{studyFile(cited)}
		}, "no valid study"},
		{"break a study", func(t *testing.T, dir string) []string {
			replaceIn(t, dir, studyFile(some), `year   = 2004`, `year   = "soon"`)
			return []string{studyFile(some)}
		}, studyFile(some)},
		{"duplicate a DOI", func(t *testing.T, dir string) []string {
			copyStudy(t, dir, withDO, "zz-2009-same-doi", false)
			return []string{studyFile("zz-2009-same-doi")}
		}, "is also the DOI of"},
		{"edit a claim and a history file", func(t *testing.T, dir string) []string {
			claims, _ := filepath.Glob(filepath.Join(dir, "claims", "*.toml"))
			replaceIn(t, dir, "claims/"+filepath.Base(claims[0]), `statement`, `# a comment`+"\n"+`statement`)
			if err := os.MkdirAll(filepath.Join(dir, "history"), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, "history", some+".jsonl"), []byte("{}\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			return []string{"claims/" + filepath.Base(claims[0]), "history/" + some + ".jsonl"}
		}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := copyData(t)
			before, err := corpus.Load(dir)
			if err != nil {
				t.Fatal(err)
			}
			changed := tt.change(t, dir)
			claims, _ := filepath.Glob(filepath.Join(dir, "claims", "*.toml"))
			for i := range claims {
				claims[i] = "claims/" + filepath.Base(claims[i])
			}
			patched, err := before.Patch(changed, claims, func(rel string) ([]byte, error) {
				return os.ReadFile(filepath.Join(dir, filepath.FromSlash(rel)))
			})
			if err != nil {
				t.Fatal(err)
			}
			loaded, err := corpus.Load(dir)
			if err != nil {
				t.Fatal(err)
			}
			if got, want := ids(patched), ids(loaded); !slices.Equal(got, want) {
				t.Errorf("studies differ: patched %d, loaded %d", len(got), len(want))
			}
			if !slices.Equal(patched.StudyHashes(), loaded.StudyHashes()) {
				t.Error("study hashes differ")
			}
			if patched.Fingerprint != loaded.Fingerprint {
				t.Error("fingerprints differ")
			}
			if len(patched.Claims) != len(loaded.Claims) {
				t.Errorf("claims: patched %d, loaded %d", len(patched.Claims), len(loaded.Claims))
			}
			if got, want := problems(patched), problems(loaded); !slices.Equal(got, want) {
				t.Errorf("problems differ:\npatched %q\nloaded  %q", got, want)
			}
			news := before.NewProblems(patched)
			if tt.problem == "" && len(news) > 0 {
				t.Errorf("new problems: %v", news)
			}
			if tt.problem != "" && !strings.Contains(news.Error(), tt.problem) {
				t.Errorf("new problems %v do not mention %q", news, tt.problem)
			}
		})
	}
}

func TestPatchVocabularyNeedsFullLoad(t *testing.T) {
	dir := copyData(t)
	c, err := corpus.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{corpus.TopicsFile, corpus.ConstructsFile, corpus.IntentsFile} {
		if _, err := c.Patch([]string{f}, nil, nil); !errors.Is(err, corpus.ErrNeedsFullLoad) {
			t.Errorf("%s changed: %v, want ErrNeedsFullLoad", f, err)
		}
	}
}

// NewProblems names the files of the corpus it is asked about, even for
// a tree checked in another folder.
func TestNewProblemsNamesThisFolder(t *testing.T) {
	dir, other := copyData(t), copyData(t)
	replaceIn(t, other, "studies/allen-2004-adolescent-stability-change.toml", `year   = 2004`, `year   = "soon"`)
	a, err := corpus.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	b, err := corpus.Load(other)
	if err != nil {
		t.Fatal(err)
	}
	news := a.NewProblems(b)
	if len(news) == 0 || !strings.HasPrefix(news[0].File, dir) {
		t.Errorf("new problems %v: want them named in %s", news, dir)
	}
	if len(b.NewProblems(a)) != 0 {
		t.Error("a fix is not a new problem")
	}
}

func copyData(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "data")
	if err := os.CopyFS(dir, os.DirFS(filepath.Join("..", "..", "data"))); err != nil {
		t.Fatal(err)
	}
	return dir
}

func replaceIn(t *testing.T, dir, rel, from, to string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(rel))
	s := readFile(t, p)
	if !strings.Contains(s, from) {
		t.Fatalf("%s does not hold %q", rel, from)
	}
	if err := os.WriteFile(p, []byte(strings.Replace(s, from, to, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
}

// copyStudy writes study from under the id to, without its identifiers
// when dropIDs.
func copyStudy(t *testing.T, dir, from, to string, dropIDs bool) {
	t.Helper()
	var lines []string
	renamed := false
	for _, l := range strings.Split(readFile(t, filepath.Join(dir, "studies", from+".toml")), "\n") {
		k, _, _ := strings.Cut(l, "=")
		switch strings.TrimSpace(k) {
		case "id": // the study's, not its findings'
			if !renamed {
				l, renamed = `id = "`+to+`"`, true
			}
		case "doi", "pmid", "pmcid", "isbn":
			if dropIDs {
				continue
			}
		}
		lines = append(lines, l)
	}
	if err := os.WriteFile(filepath.Join(dir, "studies", to+".toml"), []byte(strings.Join(lines, "\n")), 0o644); err != nil {
		t.Fatal(err)
	}
}

func ids(c *corpus.Corpus) []string {
	var out []string
	for _, s := range c.Studies {
		out = append(out, s.ID)
	}
	return out
}

func problems(c *corpus.Corpus) []string {
	var out []string
	for _, p := range c.Problems {
		out = append(out, p.String())
	}
	slices.Sort(out)
	return out
}
