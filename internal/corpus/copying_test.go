package corpus_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"

	"litkb/internal/corpus"
	"litkb/internal/study"
)

// Summaries, findings and claim rationales are written in our own words. A
// run of this many words shared with a text we read while checking is taken
// as copied, whatever its case and punctuation.
const minSharedWords = 12

// Where the texts read while checking are kept: the excerpts recorded in
// testdata, and the popular article the claims come from, which sits beside
// the repository when the team's shared folder is there.
var (
	sourcesDir    = filepath.Join("testdata", "sources")
	sourceArticle = filepath.Join("..", "..", "..", "shared", "research", "source-article.md")
)

// normWords lowercases s and splits it into words: letters and digits stay,
// apostrophes vanish ("parent's" is "parents"), anything else separates.
func normWords(s string) []string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(r)
		case r == '\'' || r == '’' || r == 'ʼ':
		default:
			b.WriteByte(' ')
		}
	}
	return strings.Fields(b.String())
}

// sourceRuns maps every run of minSharedWords words in the sources to the
// source it was first seen in.
type sourceRuns map[string]string

func (sr sourceRuns) add(origin, text string) {
	w := normWords(text)
	for i := 0; i+minSharedWords <= len(w); i++ {
		k := strings.Join(w[i:i+minSharedWords], " ")
		if _, ok := sr[k]; !ok {
			sr[k] = origin
		}
	}
}

// shared returns the first run of text found in the sources, extended as far
// as it goes on matching, and where it was seen.
func (sr sourceRuns) shared(text string) (run, origin string, ok bool) {
	w := normWords(text)
	for i := 0; i+minSharedWords <= len(w); i++ {
		origin, ok = sr[strings.Join(w[i:i+minSharedWords], " ")]
		if !ok {
			continue
		}
		end := i + minSharedWords
		for end < len(w) {
			if _, more := sr[strings.Join(w[end+1-minSharedWords:end+1], " ")]; !more {
				break
			}
			end++
		}
		return strings.Join(w[i:end], " "), origin, true
	}
	return "", "", false
}

// loadSourceExcerpts adds every testdata excerpt to sr. Line 1 of each file
// names the record the text was seen in; a file without one is an error, so
// every excerpt stays traceable.
func loadSourceExcerpts(sr sourceRuns, dir string) (int, error) {
	names, err := filepath.Glob(filepath.Join(dir, "*.txt"))
	if err != nil {
		return 0, fmt.Errorf("list excerpts: %w", err)
	}
	for _, name := range names {
		data, err := os.ReadFile(name)
		if err != nil {
			return 0, fmt.Errorf("read excerpt: %w", err)
		}
		first, body, _ := strings.Cut(string(data), "\n")
		if !study.ValidSourceURL(strings.TrimSpace(first)) {
			return 0, fmt.Errorf("%s: line 1 must be the address of the record the text was seen in, not %q", filepath.Base(name), first)
		}
		sr.add(filepath.Base(name), body)
	}
	return len(names), nil
}

// copiedTexts lists, as "<file>: <field>: ...", every summary, finding text
// and claim rationale under dataDir that shares a run with the sources.
func copiedTexts(dataDir string, sr sourceRuns) ([]string, error) {
	var out []string
	flag := func(file, field, text string) {
		if run, origin, ok := sr.shared(text); ok {
			out = append(out, fmt.Sprintf("%s: %s: shares %d words with %s: %q",
				file, field, len(strings.Fields(run)), origin, run))
		}
	}
	studies, err := filepath.Glob(filepath.Join(dataDir, corpus.StudiesDir, "*.toml"))
	if err != nil {
		return nil, fmt.Errorf("list studies: %w", err)
	}
	for _, name := range studies {
		data, err := os.ReadFile(name)
		if err != nil {
			return nil, fmt.Errorf("read study: %w", err)
		}
		s, _ := study.DecodeStudy(name, data) // every status: a draft is published later
		file := filepath.Base(name)
		flag(file, "summary", s.Summary)
		for i, f := range s.Findings {
			flag(file, fmt.Sprintf("findings[%d].text (%s)", i+1, f.ID), f.Text)
		}
	}
	claims, err := filepath.Glob(filepath.Join(dataDir, corpus.ClaimsDir, "*.toml"))
	if err != nil {
		return nil, fmt.Errorf("list claims: %w", err)
	}
	for _, name := range claims {
		data, err := os.ReadFile(name)
		if err != nil {
			return nil, fmt.Errorf("read claim: %w", err)
		}
		c, _ := study.DecodeClaim(name, data)
		flag(filepath.Base(name), "rationale", c.Rationale)
	}
	return out, nil
}

func TestNoTextCopiedFromSources(t *testing.T) {
	sr := sourceRuns{}
	n, err := loadSourceExcerpts(sr, sourcesDir)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d recorded excerpts", n)
	if article, err := os.ReadFile(sourceArticle); err == nil {
		sr.add("the source article", string(article))
		t.Log("checked against the source article as well")
	} else {
		t.Logf("source article not beside the repository (%v): checking the recorded excerpts only", err)
	}
	copied, err := copiedTexts(filepath.Join("..", "..", "data"), sr)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range copied {
		t.Error(c)
	}
}

func TestNormWords(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Earned-secure wives managed", "earned secure wives managed"},
		{"the parent’s AAI (U/d), 51.4%", "the parents aai u d 51 4"},
		{"  κ = .63 ", "κ 63"},
	}
	for _, tt := range tests {
		if got := strings.Join(normWords(tt.in), " "); got != tt.want {
			t.Errorf("normWords(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// copyingSource is an excerpt as a curator records it.
const copyingSource = `https://example.org/record/1
Earned-secure wives managed their affect as well as continuous-secure wives during problem-solving discussions and better than preoccupied or dismissing wives.
`

func TestCopyDetectorFlagsPlantedCopy(t *testing.T) {
	tests := []struct {
		name      string
		summary   string
		finding   string
		rationale string
		want      string // the file and field flagged; empty: nothing
	}{
		{name: "own words", summary: "Wives judged earned-secure regulated emotion much like continuous-secure wives when the couple tackled a problem."},
		{name: "eleven shared words pass", summary: "In the study earned-secure wives managed their affect as well as continuous-secure ones did."},
		{name: "twelve shared words in a summary", summary: "Here earned-secure wives managed their affect as well as continuous-secure wives, the authors say.",
			want: "planted-2000-copy.toml: summary: shares 12 words with planted.txt"},
		{name: "case and punctuation do not hide a copy", finding: "EARNED SECURE wives -- managed their affect, as well as continuous secure wives; during problem solving discussions!",
			want: "planted-2000-copy.toml: findings[1].text (f1): shares 16 words"},
		{name: "a claim rationale", rationale: "As reported, earned-secure wives managed their affect as well as continuous-secure wives during problem-solving discussions and better than others.",
			want: "planted-claim.toml: rationale: shares 19 words"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := t.TempDir()
			for _, d := range []string{"sources", filepath.Join("data", corpus.StudiesDir), filepath.Join("data", corpus.ClaimsDir)} {
				if err := os.MkdirAll(filepath.Join(root, d), 0o755); err != nil {
					t.Fatal(err)
				}
			}
			files := map[string]string{
				filepath.Join("sources", "planted.txt"): copyingSource,
				filepath.Join("data", corpus.StudiesDir, "planted-2000-copy.toml"): fmt.Sprintf(
					"id = \"planted-2000-copy\"\nsummary = %q\n\n[[findings]]\nid = \"f1\"\ntext = %q\n", tt.summary, tt.finding),
				filepath.Join("data", corpus.ClaimsDir, "planted-claim.toml"): fmt.Sprintf("id = \"planted-claim\"\nrationale = %q\n", tt.rationale),
			}
			for name, text := range files {
				if err := os.WriteFile(filepath.Join(root, name), []byte(text), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			sr := sourceRuns{}
			if _, err := loadSourceExcerpts(sr, filepath.Join(root, "sources")); err != nil {
				t.Fatal(err)
			}
			copied, err := copiedTexts(filepath.Join(root, "data"), sr)
			if err != nil {
				t.Fatal(err)
			}
			switch {
			case tt.want == "" && len(copied) > 0:
				t.Fatalf("want nothing flagged, got %q", copied)
			case tt.want != "" && (len(copied) != 1 || !strings.HasPrefix(copied[0], tt.want)):
				t.Fatalf("want one problem starting %q, got %q", tt.want, copied)
			}
		})
	}
}

// An excerpt that does not say where it was seen is refused.
func TestExcerptNeedsItsRecord(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "x.txt"), []byte("Some abstract text without its address.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := loadSourceExcerpts(sourceRuns{}, dir); err == nil || !strings.Contains(err.Error(), "x.txt: line 1") {
		t.Fatalf("want an error naming x.txt and line 1, got %v", err)
	}
}
