package study_test

import (
	"slices"
	"strings"
	"testing"

	"litkb/internal/study"
)

// TestPosted checks preprints, manuscripts and data sets: a server or
// repository and a DOI or URL once published, no journal-like fields,
// and genre, number and version only on the types that print them.
func TestPosted(t *testing.T) {
	published := func(s study.Study) study.Study { s.Status = "published"; return s }
	with := func(s study.Study, f func(*study.Study)) study.Study { f(&s); return s }
	preprint := study.Study{Type: "preprint", Year: 2021, Publisher: "PsyArXiv", DOI: "10.31234/osf.io/abcde"}
	checked := study.Provenance{Checks: []study.Check{{Fields: []string{"number", "version"}, Kind: "repository", Source: "a record"}}}
	dataset := study.Study{Type: "dataset", Year: 2019, Publisher: "ICPSR", URL: "https://example.org/d", Version: "2.1", Number: "ICPSR 1", Provenance: checked}
	manuscript := study.Study{Type: "manuscript", Year: 1998, Genre: "Unpublished manuscript", Edition: "3"}
	tests := []struct {
		name    string
		s       study.Study
		field   string
		problem string // "" when the field must have no problem
	}{
		{"published preprint", published(preprint), "publisher", ""},
		{"published preprint without server", published(with(preprint, func(s *study.Study) { s.Publisher = "" })), "publisher", "the server it was posted on"},
		{"draft preprint without server", with(preprint, func(s *study.Study) { s.Publisher = ""; s.Status = "draft" }), "publisher", ""},
		{"published preprint without DOI or URL", published(with(preprint, func(s *study.Study) { s.DOI = "" })), "doi", "give its DOI or URL"},
		{"preprint with URL only", published(with(preprint, func(s *study.Study) { s.DOI, s.URL = "", "https://osf.io/x" })), "doi", ""},
		{"preprint in a journal", with(preprint, func(s *study.Study) { s.Journal = "J" }), "journal", "a preprint has no journal"},
		{"preprint with volume", with(preprint, func(s *study.Study) { s.Volume = "3" }), "volume", "a preprint has no volume"},
		{"preprint genre", with(preprint, func(s *study.Study) { s.Genre = "Working paper" }), "genre", ""},
		{"preprint number", with(preprint, func(s *study.Study) { s.Number = "7" }), "number", "only a report or data set"},
		{"preprint editors", with(preprint, func(s *study.Study) { s.Editors = []study.Person{{Family: "Roe"}} }), "editors", "a preprint has no editors"},
		{"published data set", published(dataset), "publisher", ""},
		{"data set version", dataset, "version", ""},
		{"data set number", dataset, "number", ""},
		{"published data set without repository", published(with(dataset, func(s *study.Study) { s.Publisher = "" })), "publisher", "the repository"},
		{"data set pages", with(dataset, func(s *study.Study) { s.Pages = "1-2" }), "pages", "a data set has no pages"},
		{"manuscript edition and genre", published(manuscript), "edition", ""},
		{"manuscript place", with(manuscript, func(s *study.Study) { s.Place = "Leiden" }), "place", ""},
		{"manuscript with a book's container", with(manuscript, func(s *study.Study) { s.Container = "B" }), "container", "a manuscript has no container"},
		{"manuscript version", with(manuscript, func(s *study.Study) { s.Version = "2" }), "version", "only a data set"},
		{"article genre", study.Study{Type: "article", Year: 2020, Genre: "Editorial"}, "genre", "only a thesis, report, manuscript, preprint or data set"},
		{"thesis genre", study.Study{Type: "thesis", Year: 2020, Genre: "Doctoral dissertation"}, "genre", ""},
		{"report number", study.Study{Type: "report", Year: 2020, Number: "TR-12", Provenance: checked}, "number", ""},
		{"book version", study.Study{Type: "book", Year: 2020, Version: "2"}, "version", "only a data set"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, p := range tt.s.Validate(nil) {
				if p.Field == tt.field {
					got = append(got, p.Message)
				}
			}
			switch {
			case tt.problem == "" && len(got) > 0:
				t.Errorf("%s: unexpected problems %q", tt.field, got)
			case tt.problem != "" && !slices.ContainsFunc(got, func(m string) bool { return strings.Contains(m, tt.problem) }):
				t.Errorf("%s: got %q, want a problem containing %q", tt.field, got, tt.problem)
			}
		})
	}
}

// TestPrintedIdentifiersNeedACheck: a journal abbreviation (what Vancouver
// prints for the journal), a report or data set number and a version enter
// only with a provenance check that lists them, as a DOI or a volume does.
func TestPrintedIdentifiersNeedACheck(t *testing.T) {
	base := study.Study{Type: "dataset", Year: 2019, Publisher: "ICPSR", URL: "https://example.org/d"}
	for _, tt := range []struct {
		field string
		set   func(*study.Study)
	}{
		{"journal_abbrev", func(s *study.Study) { s.Type, s.Journal, s.JournalAbbrev = "article", "Child Development", "Child Dev" }},
		{"number", func(s *study.Study) { s.Number = "ICPSR 1" }},
		{"version", func(s *study.Study) { s.Version = "2" }},
	} {
		s := base
		tt.set(&s)
		if !hasProblem(s.Validate(nil), tt.field, "no provenance check lists") {
			t.Errorf("%s without a check: no problem", tt.field)
		}
		s.Provenance.Checks = []study.Check{{Fields: []string{tt.field}, Kind: "registry", Source: "a record"}}
		if hasProblem(s.Validate(nil), tt.field, "no provenance check lists") {
			t.Errorf("%s with a check: still a problem", tt.field)
		}
	}
}

func hasProblem(ps study.Problems, field, text string) bool {
	return slices.ContainsFunc(ps, func(p study.Problem) bool { return p.Field == field && strings.Contains(p.Message, text) })
}
