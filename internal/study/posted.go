package study

import (
	"slices"
	"strings"
)

// GenreTypes may say what kind of work they are (CSL genre); NumberTypes
// carry a number of their own (CSL number) and VersionTypes a version.
var (
	GenreTypes   = []string{"thesis", "report", "manuscript", "preprint", "dataset"}
	NumberTypes  = []string{"report", "dataset"}
	VersionTypes = []string{"dataset"}
)

// postedFields are the fields a preprint, a manuscript and a data set
// may not carry: the five styles were checked against citeproc-js with the
// others only, so a field they might print differently is refused rather
// than printed wrongly.
var postedFields = map[string][]string{
	"preprint":   {"journal", "container", "place", "edition", "volume", "issue", "pages", "article_number", "chapter", "isbn"},
	"manuscript": {"journal", "container", "volume", "issue", "pages", "article_number", "chapter", "isbn"},
	"dataset":    {"journal", "container", "place", "edition", "volume", "issue", "pages", "article_number", "chapter", "isbn"},
}

// validatePosted checks genre, number and version, and what a preprint,
// manuscript or data set needs: a preprint its server, a data set its
// repository, and both a DOI or URL, for they are found only there.
func (s *Study) validatePosted(ps *Problems, draft bool) {
	only := func(field, value string, types []string, what string) {
		if value != "" && !slices.Contains(types, s.Type) {
			ps.add(field, "only %s has a %s", what, strings.ReplaceAll(field, "_", " "))
		}
	}
	only("genre", s.Genre, GenreTypes, "a thesis, report, manuscript, preprint or data set")
	only("number", s.Number, NumberTypes, "a report or data set")
	only("version", s.Version, VersionTypes, "a data set")
	banned, ok := postedFields[s.Type]
	if !ok {
		return
	}
	values := map[string]string{
		"journal": s.Journal, "container": s.Container, "place": s.Place, "edition": s.Edition,
		"volume": s.Volume, "issue": s.Issue, "pages": s.Pages, "article_number": s.ArticleNumber,
		"chapter": s.Chapter, "isbn": s.ISBN,
	}
	for _, f := range banned {
		if values[f] != "" {
			ps.add(f, "a %s has no %s: choose another type if it was published in one", typeLabel(s.Type), strings.ReplaceAll(f, "_", " "))
		}
	}
	if len(s.Editors) > 0 {
		ps.add("editors", "a %s has no editors: name who wrote it under [[authors]]", typeLabel(s.Type))
	}
	if draft {
		return
	}
	switch s.Type {
	case "preprint":
		if s.Publisher == "" {
			ps.add("publisher", "missing: a preprint needs the server it was posted on (publisher = \"PsyArXiv\")")
		}
	case "dataset":
		if s.Publisher == "" {
			ps.add("publisher", "missing: a data set needs the repository that holds it (publisher = \"ICPSR\")")
		}
	}
	if (s.Type == "preprint" || s.Type == "dataset") && s.DOI == "" && s.URL == "" {
		ps.add("doi", "missing: a %s is found only where it is posted: give its DOI or URL", typeLabel(s.Type))
	}
}

func typeLabel(t string) string {
	if t == "dataset" {
		return "data set"
	}
	return t
}
