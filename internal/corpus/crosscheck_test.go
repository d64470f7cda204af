package corpus_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"litkb/internal/corpus"
	"litkb/internal/study"
)

// The identifiers a reader copies into a reference list must each trace back
// to a record someone looked at. The validator refuses a DOI, volume, issue
// or page range that no provenance check lists; this cross-check also asks
// that the check say what kind of source it was and name it, and that the DOI
// be one a resolver accepts, so a published reference can always be traced.

// crossChecked are the fields held to the rule, by their data names.
var crossChecked = []struct {
	name string
	get  func(*study.Study) string
}{
	{"doi", func(s *study.Study) string { return s.DOI }},
	{"volume", func(s *study.Study) string { return s.Volume }},
	{"issue", func(s *study.Study) string { return s.Issue }},
	{"pages", func(s *study.Study) string { return s.Pages }},
}

// crossCheck lists, as "<file>: <field>: <message>", every identifier of a
// published study that no named, typed check vouches for.
func crossCheck(file string, s *study.Study) []string {
	if s.Status != "published" {
		return nil
	}
	var out []string
	for _, f := range crossChecked {
		v := f.get(s)
		if v == "" {
			continue
		}
		if !vouchedFor(s.Provenance.Checks, f.name) {
			out = append(out, fmt.Sprintf("%s: %s: %q is listed by no provenance check that gives a kind (%s) and names its source",
				file, f.name, v, strings.Join(study.CheckKinds, ", ")))
		}
	}
	if s.DOI != "" && !wellFormedDOI(s.DOI) {
		out = append(out, fmt.Sprintf("%s: doi: %q is not a bare, well-formed DOI (10.<registrant>/<suffix>)", file, s.DOI))
	}
	return out
}

// vouchedFor reports whether some check lists field, gives a known kind and
// names where the field was seen.
func vouchedFor(checks []study.Check, field string) bool {
	for _, c := range checks {
		if slices.Contains(c.Fields, field) && slices.Contains(study.CheckKinds, c.Kind) && strings.TrimSpace(c.Source) != "" {
			return true
		}
	}
	return false
}

// doiShape is stricter than what the decoder accepts from a paste: no
// resolver prefix left, no spaces, and a suffix of printable characters.
var doiShape = regexp.MustCompile(`^10\.[0-9]{4,9}(\.[0-9]+)*/[!-~]+$`)

func wellFormedDOI(doi string) bool {
	return study.ValidDOI(doi) && doiShape.MatchString(doi) && study.NormalizeDOI(doi) == doi
}

// crossCheckDir runs crossCheck over every study file in dir and says how
// many published studies it read.
func crossCheckDir(dir string) (problems []string, published int, err error) {
	names, err := filepath.Glob(filepath.Join(dir, "*.toml"))
	if err != nil {
		return nil, 0, fmt.Errorf("list %s: %w", dir, err)
	}
	for _, name := range names {
		data, err := os.ReadFile(name)
		if err != nil {
			return nil, 0, fmt.Errorf("read study: %w", err)
		}
		s, ps := study.DecodeStudy(name, data)
		if len(ps) > 0 {
			problems = append(problems, fmt.Sprintf("%s: cannot be read: %v", filepath.Base(name), ps))
			continue
		}
		if s.Status == "published" {
			published++
		}
		problems = append(problems, crossCheck(filepath.Base(name), &s)...)
	}
	return problems, published, nil
}

func TestPublishedIdentifiersAreCrossChecked(t *testing.T) {
	problems, published, err := crossCheckDir(filepath.Join("..", "..", "data", corpus.StudiesDir))
	if err != nil {
		t.Fatal(err)
	}
	if published == 0 {
		t.Fatal("no published study was read: is the data folder where the test expects it?")
	}
	for _, p := range problems {
		t.Error(p)
	}
	t.Logf("%d published studies cross-checked", published)
}

// crossCheckFixture is a published study whose identifiers are all vouched
// for; each case below breaks one thing.
const crossCheckFixture = `id = "fixture-2001-crosscheck"
type = "article"
status = "published"
title = "A fixture"
year = 2001
journal = "Journal of Fixtures"
volume = "12"
issue = "3"
pages = "45-67"
doi = "10.1234/fixture.45"
topics = ["aai"]
design = "cross-sectional"
sample = "none"
summary = "A fixture."

[[authors]]
family = "Doe"
given = "Jane"

[provenance]
confidence = "medium"

[[provenance.checks]]
fields = ["title", "authors", "year", "journal", "volume", "issue", "pages"]
kind = "publisher"
source = "the journal's table of contents"

[[provenance.checks]]
fields = ["doi"]
kind = "registry"
source = "the Crossref record"
`

func TestCrossCheckNamesFileAndField(t *testing.T) {
	tests := []struct {
		name    string
		replace [][2]string // each old text of the fixture and its new text
		want    []string    // substrings of the problems expected; none: no problem
	}{
		{name: "every identifier vouched for"},
		{name: "doi listed by no check", replace: [][2]string{{`fields = ["doi"]`, `fields = ["title"]`}},
			want: []string{"fixture-2001-crosscheck.toml: doi:", "10.1234/fixture.45"}},
		{name: "no kind given", replace: [][2]string{{"kind = \"publisher\"\n", ""}},
			want: []string{"fixture-2001-crosscheck.toml: volume:", "fixture-2001-crosscheck.toml: issue:", "fixture-2001-crosscheck.toml: pages:"}},
		{name: "source left blank", replace: [][2]string{{`source = "the Crossref record"`, `source = "  "`}},
			want: []string{"fixture-2001-crosscheck.toml: doi:"}},
		{name: "doi with a space", replace: [][2]string{{`doi = "10.1234/fixture.45"`, `doi = "10.1234/fix ture.45"`}},
			want: []string{"fixture-2001-crosscheck.toml: doi:", "not a bare, well-formed DOI"}},
		{name: "a draft is not held to it", replace: [][2]string{{`status = "published"`, `status = "draft"`}, {`fields = ["doi"]`, `fields = ["title"]`}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text := crossCheckFixture
			for _, r := range tt.replace {
				if !strings.Contains(text, r[0]) {
					t.Fatalf("fixture has no %q", r[0])
				}
				text = strings.Replace(text, r[0], r[1], 1)
			}
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, "fixture-2001-crosscheck.toml"), []byte(text), 0o644); err != nil {
				t.Fatal(err)
			}
			problems, _, err := crossCheckDir(dir)
			if err != nil {
				t.Fatal(err)
			}
			joined := strings.Join(problems, "\n")
			if len(tt.want) == 0 && len(problems) > 0 {
				t.Fatalf("want no problem, got:\n%s", joined)
			}
			if len(tt.want) > 0 && len(problems) == 0 {
				t.Fatal("want a problem, got none")
			}
			for _, w := range tt.want {
				if !strings.Contains(joined, w) {
					t.Errorf("want a problem containing %q, got:\n%s", w, joined)
				}
			}
		})
	}
}

// A real published study copied to a temporary folder with its DOI check
// taken away must fail, naming that file and the field.
func TestCrossCheckFailsOnAModifiedCopy(t *testing.T) {
	src := filepath.Join("..", "..", "data", corpus.StudiesDir)
	names, err := filepath.Glob(filepath.Join(src, "*.toml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range names {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		s, ps := study.DecodeStudy(name, data)
		if len(ps) > 0 || s.Status != "published" || s.DOI == "" {
			continue
		}
		// Drop "doi" from every check's field list.
		stripped := regexp.MustCompile(`"doi",?\s*`).ReplaceAll(data, nil)
		stripped = regexp.MustCompile(`,\s*\]`).ReplaceAll(stripped, []byte("]"))
		dir := t.TempDir()
		base := filepath.Base(name)
		if err := os.WriteFile(filepath.Join(dir, base), stripped, 0o644); err != nil {
			t.Fatal(err)
		}
		problems, _, err := crossCheckDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		want := base + ": doi:"
		for _, p := range problems {
			if strings.HasPrefix(p, want) {
				return
			}
		}
		t.Fatalf("%s without its DOI check: want a problem starting %q, got %q", base, want, problems)
	}
	t.Skip("no published study with a DOI to modify")
}
