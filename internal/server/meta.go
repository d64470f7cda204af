package server

import (
	"cmp"
	"strconv"
	"strings"

	"litkb/internal/study"
)

// citationMeta are the Highwire Press tags (citation_*) that Zotero's
// browser connector and Google Scholar read to save a study in one click.
func citationMeta(st *study.Study, pageURL string) []metaTag {
	var m []metaTag
	put := func(name, v string) {
		if v != "" {
			m = append(m, metaTag{name, v})
		}
	}
	put("citation_title", st.Title)
	for _, a := range st.Authors {
		switch {
		case a.Literal != "":
			put("citation_author", a.Literal)
		case a.Given != "":
			put("citation_author", a.Family+", "+a.Given)
		default:
			put("citation_author", a.Family)
		}
	}
	put("citation_publication_date", strconv.Itoa(st.Year))
	switch st.Type {
	case "article":
		put("citation_journal_title", st.Journal)
	case "chapter":
		put("citation_inbook_title", st.Container)
	case "paper-conference":
		// Google Scholar's tag for a conference paper takes the proceedings' title.
		put("citation_conference_title", st.Container)
	case "report":
		put("citation_technical_report_institution", cmp.Or(st.Container, st.Publisher))
	case "thesis":
		put("citation_dissertation_institution", cmp.Or(st.Publisher, st.Container))
	}
	put("citation_publisher", st.Publisher)
	put("citation_volume", st.Volume)
	put("citation_issue", st.Issue)
	first, last := pageSpan(st.Pages)
	put("citation_firstpage", first)
	put("citation_lastpage", last)
	put("citation_doi", st.DOI)
	put("citation_pmid", st.PMID) // read by Zotero's embedded-metadata translator
	put("citation_isbn", st.ISBN)
	put("citation_abstract_html_url", pageURL)
	put("citation_language", cmp.Or(st.Language, "en"))
	return m
}

// pageSpan is where pages start and end: "1204-1219" gives 1204 and 1219,
// a list "10-14, 20-22" its first and last page, a single page itself.
func pageSpan(pages string) (first, last string) {
	pages = strings.ReplaceAll(pages, "–", "-")
	if pages == "" {
		return "", ""
	}
	parts := strings.Split(pages, ",")
	first, _, _ = strings.Cut(parts[0], "-")
	lastPart := parts[len(parts)-1]
	if _, end, ok := strings.Cut(lastPart, "-"); ok {
		last = end
	} else if len(parts) > 1 {
		last = lastPart
	}
	return strings.TrimSpace(first), strings.TrimSpace(last)
}
