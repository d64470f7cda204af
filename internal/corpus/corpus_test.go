package corpus_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"litkb/internal/corpus"
)

// TestBundledCorpus: the shipped corpus is clean and complete.
func TestBundledCorpus(t *testing.T) {
	c, err := corpus.Load(filepath.Join("..", "..", "data"))
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Problems) > 0 {
		t.Fatalf("problems:\n%v", c.Problems)
	}
	// The 49 of the checked bibliography and the drafts and new studies
	// completed since; a study leaves this count only by being retracted.
	if got := len(c.Published()); got < 62 {
		t.Errorf("%d published studies, want at least 62", got)
	}
	for _, s := range c.Studies {
		if s.Status == "draft" && len(s.Provenance.ToCheck) == 0 {
			t.Errorf("%s: a draft without a list of what to check", s.ID)
		}
		if s.Status != "published" {
			continue
		}
		if s.Summary == "" || len(s.Topics) == 0 || s.Design == "" || s.Sample == "" || len(s.Provenance.Checks) == 0 {
			t.Errorf("%s: published without summary, topics, design, sample or provenance", s.ID)
		}
	}
	if len(c.Claims) < 8 {
		t.Errorf("%d claims, want at least 8", len(c.Claims))
	}
}

// writeCorpus lays out a small corpus: the vocabulary from testdata plus
// the given study files.
func writeCorpus(t testing.TB, studies map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for _, f := range []string{"topics.toml", "constructs.toml"} {
		b, err := os.ReadFile(filepath.Join("testdata", f))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, f), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.MkdirAll(filepath.Join(dir, "studies"), 0o755); err != nil {
		t.Fatal(err)
	}
	for name, body := range studies {
		if err := os.WriteFile(filepath.Join(dir, "studies", name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func studyTOML(id, doi, verified string) string {
	b, err := os.ReadFile(filepath.Join("testdata", "study.toml.tmpl"))
	if err != nil {
		panic(err)
	}
	return strings.NewReplacer("{{id}}", id, "{{doi}}", doi, "{{verified}}", verified).Replace(string(b))
}

func TestLoadFindsCrossFileProblems(t *testing.T) {
	tests := []struct {
		name    string
		studies map[string]string
		want    []string // substrings, one problem each
		valid   int
	}{
		{"clean", map[string]string{"a-2000-x.toml": studyTOML("a-2000-x", "10.1000/abc", `"doi"`)}, nil, 1},
		{"doi without a check", map[string]string{"a-2000-x.toml": studyTOML("a-2000-x", "10.1000/abc", "")},
			[]string{`doi: present but no provenance check lists "doi"`}, 0},
		{"same DOI twice, any case", map[string]string{
			"a-2000-x.toml": studyTOML("a-2000-x", "10.1000/ABC", `"doi"`),
			"b-2001-y.toml": studyTOML("b-2001-y", "https://doi.org/10.1000/abc", `"doi"`),
		}, []string{"is also the DOI of a-2000-x"}, 2},
		{"same id in two files", map[string]string{
			"a-2000-x.toml": studyTOML("a-2000-x", "10.1000/a", `"doi"`),
			"copy.toml":     studyTOML("a-2000-x", "10.1000/b", `"doi"`),
		}, []string{`does not match the file name "copy.toml"`}, 1},
		{"bad file does not stop the rest", map[string]string{
			"a-2000-x.toml": studyTOML("a-2000-x", "10.1000/a", `"doi"`),
			"b-2001-y.toml": "id = \"b-2001-y\"\ntitle = \"unterminated\n",
		}, []string{"TOML syntax"}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := corpus.Load(writeCorpus(t, tt.studies))
			if err != nil {
				t.Fatal(err)
			}
			if len(c.Problems) != len(tt.want) {
				t.Fatalf("problems:\n%v\nwant %d: %q", c.Problems, len(tt.want), tt.want)
			}
			for i, w := range tt.want {
				if !strings.Contains(c.Problems[i].String(), w) {
					t.Errorf("problem %d = %q, want it to say %q", i, c.Problems[i], w)
				}
				if c.Problems[i].File == "" {
					t.Errorf("problem %d names no file", i)
				}
			}
			if len(c.Studies) != tt.valid {
				t.Errorf("%d valid studies, want %d", len(c.Studies), tt.valid)
			}
		})
	}
}

func TestFingerprintFollowsContent(t *testing.T) {
	dir := writeCorpus(t, map[string]string{"a-2000-x.toml": studyTOML("a-2000-x", "10.1000/a", `"doi"`)})
	load := func() string {
		c, err := corpus.Load(dir)
		if err != nil {
			t.Fatal(err)
		}
		return c.Fingerprint
	}
	before := load()
	if load() != before {
		t.Fatal("fingerprint changed without a change")
	}
	p := filepath.Join(dir, "studies", "a-2000-x.toml")
	b, _ := os.ReadFile(p)
	if err := os.WriteFile(p, []byte(strings.Replace(string(b), "year = 2000", "year = 2001", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	if load() == before {
		t.Error("fingerprint did not change with the content")
	}
}
