package study

import (
	"strings"
	"time"
)

// validateAccessed checks a web page's access date: a real day, not after
// today (a reader cannot have visited the page later than now).
func (s *Study) validateAccessed(ps *Problems) {
	if s.Accessed == "" {
		return
	}
	if s.Type != "webpage" {
		ps.add("accessed", "only a web page has an access date")
		return
	}
	t, err := time.Parse("2006-01-02", s.Accessed)
	if err != nil {
		ps.add("accessed", "%q is not a date: write YYYY-MM-DD (a real calendar date), the day the page was read", s.Accessed)
		return
	}
	if today := time.Now().UTC().Format("2006-01-02"); t.Format("2006-01-02") > today {
		ps.add("accessed", "%s is after today (%s): write the day the page was read", s.Accessed, today)
	}
}

// validateWebpageFields refuses what a web page's citation has no place
// for: the five styles were checked against citeproc-js with author, date,
// title, website, URL and access date only, so a field they might print
// differently is not stored rather than printed wrongly.
func (s *Study) validateWebpageFields(ps *Problems) {
	for _, f := range []struct{ name, value string }{
		{"journal", s.Journal}, {"publisher", s.Publisher}, {"place", s.Place}, {"edition", s.Edition},
		{"volume", s.Volume}, {"issue", s.Issue}, {"pages", s.Pages}, {"article_number", s.ArticleNumber},
		{"chapter", s.Chapter}, {"doi", s.DOI}, {"isbn", s.ISBN},
	} {
		if f.value != "" {
			ps.add(f.name, "a web page has no %s: cite the page by its site and URL, or choose another type", strings.ReplaceAll(f.name, "_", " "))
		}
	}
	if len(s.Editors) > 0 {
		ps.add("editors", "a web page has no editors: name who wrote it under [[authors]]")
	}
}
