package study

import (
	"slices"
	"strings"
)

// A confidence label means one thing: "high" only when every part of the
// citation the study shows was confirmed against the publisher or a
// registry (see PrimaryKinds). The reference is what a clinician copies,
// so a field seen only in someone else's reference list, a pre-print or a
// blog cannot carry "high", however many of them agree.

// citedFields are the parts of a reference, by their data names, each with
// the study's value (people count when there is at least one).
var citedFields = []struct {
	name string
	get  func(*Study) bool
}{
	{"title", func(s *Study) bool { return s.Title != "" }},
	{"authors", func(s *Study) bool { return len(s.Authors) > 0 }},
	{"editors", func(s *Study) bool { return len(s.Editors) > 0 }},
	{"year", func(s *Study) bool { return s.Year != 0 }},
	{"issued", func(s *Study) bool { return s.Issued != "" }},
	{"original_year", func(s *Study) bool { return s.OriginalYear != 0 }},
	{"journal", func(s *Study) bool { return s.Journal != "" }},
	{"container", func(s *Study) bool { return s.Container != "" }},
	{"publisher", func(s *Study) bool { return s.Publisher != "" }},
	{"place", func(s *Study) bool { return s.Place != "" }},
	{"edition", func(s *Study) bool { return s.Edition != "" }},
	{"volume", func(s *Study) bool { return s.Volume != "" }},
	{"issue", func(s *Study) bool { return s.Issue != "" }},
	{"pages", func(s *Study) bool { return s.Pages != "" }},
	{"article_number", func(s *Study) bool { return s.ArticleNumber != "" }},
	{"chapter", func(s *Study) bool { return s.Chapter != "" }},
	{"event", func(s *Study) bool { return s.Event != "" }},
	{"genre", func(s *Study) bool { return s.Genre != "" }},
	{"number", func(s *Study) bool { return s.Number != "" }},
	{"version", func(s *Study) bool { return s.Version != "" }},
	{"doi", func(s *Study) bool { return s.DOI != "" }},
	{"url", func(s *Study) bool { return s.URL != "" }},
	{"isbn", func(s *Study) bool { return s.ISBN != "" }},
	{"pmid", func(s *Study) bool { return s.PMID != "" }},
	{"pmcid", func(s *Study) bool { return s.PMCID != "" }},
	{"journal_abbrev", func(s *Study) bool { return s.JournalAbbrev != "" }}, // what Vancouver prints for the journal
}

// CitedFields lists, by data name and in reference order, the parts of a
// reference s has: what an import's provenance check says it took from
// the file.
func (s *Study) CitedFields() []string {
	var out []string
	for _, f := range citedFields {
		if f.get(s) {
			out = append(out, f.name)
		}
	}
	return out
}

// Unconfirmed lists the citation fields s shows that no check against the
// publisher or a registry lists, in reference order. A "high" study has none.
func (s *Study) Unconfirmed() []string {
	var out []string
	for _, f := range citedFields {
		if !f.get(s) {
			continue
		}
		confirmed := false
		for _, c := range s.Provenance.Checks {
			if c.Primary() && slices.Contains(c.Fields, f.name) {
				confirmed = true
				break
			}
		}
		if !confirmed {
			out = append(out, f.name)
		}
	}
	return out
}

// FieldLabel is how a page names a data field to readers: field names such
// as article_number never appear on public pages.
func FieldLabel(name string) string {
	if l, ok := fieldLabels[name]; ok {
		return l
	}
	return strings.ReplaceAll(name, "_", " ")
}

var fieldLabels = map[string]string{
	"doi":            "DOI",
	"url":            "link to the original",
	"isbn":           "ISBN",
	"pmid":           "PubMed id",
	"pmcid":          "PubMed Central id",
	"article_number": "article number",
	"issued":         "date of issue",
	"original_year":  "year first published",
	"container":      "book or series title",
	"place":          "place of publication",
	"sample":         "sample description",
	"genre":          "kind of work",
	"number":         "report or data set number",
	"journal_abbrev": "journal abbreviation",
}

// internalWords are data names and working documents that mean nothing to a
// reader; the public provenance text must not use them.
var internalWords = []string{
	"sample_size", "original_year", "to_check", "how_checked", "design_detail", "article_number", "ci_low", "ci_high",
	"provenance.", "bibliography-notes", "bibliography.toml",
}

// internalWord returns the first internal word in text, if any.
func internalWord(text string) (string, bool) {
	lower := strings.ToLower(text)
	for _, w := range internalWords {
		if strings.Contains(lower, w) {
			return w, true
		}
	}
	return "", false
}
