package server

import (
	"cmp"
	"strconv"
	"strings"

	"litkb/internal/study"
)

// schema.org JSON-LD for a study page, so search engines and scholarly
// crawlers read the work the page summarises. It sits in
// <script type="application/ld+json"> in the page body: a data block, not
// a script, so the Content-Security-Policy (script-src 'self' by default)
// does not apply to it; Chromium neither blocks it nor reports a violation
// (the browser test checks both). html/template writes it as JSON with <,
// > and & escaped, so no study text can end the element.

// jsonLDTypes maps litkb's types to schema.org's.
var jsonLDTypes = map[string]string{
	"article": "ScholarlyArticle", "book": "Book", "chapter": "Chapter", "report": "Report",
	// schema.org has no conference paper: an article in its proceedings.
	"paper-conference": "ScholarlyArticle", "thesis": "Thesis", "webpage": "WebPage",
	// A preprint is an article not (yet) in a journal; a manuscript has
	// no closer type than the default, CreativeWork.
	"preprint": "ScholarlyArticle", "dataset": "Dataset",
}

// studyJSONLD describes st; permalink is the study page's absolute URL.
func studyJSONLD(st *study.Study, permalink string, topics []study.Topic) map[string]any {
	typ := jsonLDTypes[st.Type]
	if typ == "" {
		typ = "CreativeWork"
	}
	ld := map[string]any{
		"@context":         "https://schema.org",
		"@type":            typ,
		"@id":              permalink + "#work",
		"name":             st.Title,
		"headline":         st.Title,
		"datePublished":    strconv.Itoa(st.Year),
		"mainEntityOfPage": permalink,
		"inLanguage":       cmp.Or(st.Language, "en"),
	}
	var authors []map[string]any
	for _, p := range st.Authors {
		authors = append(authors, personLD(p))
	}
	if len(authors) > 0 {
		ld["author"] = authors
	}
	var editors []map[string]any
	for _, p := range st.Editors {
		editors = append(editors, personLD(p))
	}
	if len(editors) > 0 {
		ld["editor"] = editors
	}
	// The page is our summary of the work, not the work: url and sameAs
	// say where the work itself is.
	if src := st.SourceURL(); src != "" {
		ld["url"], ld["sameAs"] = src, src
	}
	if ids := identifiersLD(st); len(ids) == 1 {
		ld["identifier"] = ids[0]
	} else if len(ids) > 1 {
		ld["identifier"] = ids
	}
	if st.ISBN != "" && (st.Type == "book" || st.Type == "chapter" || st.Type == "paper-conference") {
		ld["isbn"] = st.ISBN // schema.org's Book property; a chapter's or paper's is its book's
	}
	if pub := st.PublisherURL(); pub != "" {
		ld["sameAs"] = []string{st.SourceURL(), pub}
	}
	if st.Pages != "" {
		ld["pagination"] = st.Pages
		if first, last, ok := strings.Cut(strings.ReplaceAll(st.Pages, "–", "-"), "-"); ok {
			ld["pageStart"], ld["pageEnd"] = strings.TrimSpace(first), strings.TrimSpace(last)
		}
	}
	switch st.Type {
	case "article":
		if st.Journal != "" {
			var part any = map[string]any{"@type": "Periodical", "name": st.Journal}
			if st.Volume != "" {
				part = map[string]any{"@type": "PublicationVolume", "volumeNumber": st.Volume, "isPartOf": part}
			}
			if st.Issue != "" {
				part = map[string]any{"@type": "PublicationIssue", "issueNumber": st.Issue, "isPartOf": part}
			}
			ld["isPartOf"] = part
		}
	case "chapter", "paper-conference":
		if st.Container != "" {
			ld["isPartOf"] = map[string]any{"@type": "Book", "name": st.Container}
		}
	case "webpage":
		if st.Container != "" {
			ld["isPartOf"] = map[string]any{"@type": "WebSite", "name": st.Container}
		}
	}
	if st.Publisher != "" {
		ld["publisher"] = map[string]any{"@type": "Organization", "name": st.Publisher}
	}
	var about []string
	for _, t := range topics {
		about = append(about, t.Label)
	}
	if len(about) > 0 {
		ld["keywords"] = strings.Join(about, ", ")
	}
	if st.Summary != "" {
		ld["description"] = summaryLine(st.Summary, 300)
	}
	if w := st.Warning(); w != nil {
		// schema.org has no vocabulary for these: its examples use
		// free text ("Retracted"), which search engines show as it is.
		ld["creativeWorkStatus"] = w.Label
		var fixes []string
		for _, n := range w.Notices {
			if n.Kind == "correction" && n.DOI != "" {
				fixes = append(fixes, n.URL()) // schema.org's correction: a link to the correction
			}
		}
		if len(fixes) > 0 {
			ld["correction"] = fixes
		}
	}
	return ld
}

func personLD(p study.Person) map[string]any {
	if p.Literal != "" {
		return map[string]any{"@type": "Organization", "name": p.Literal}
	}
	m := map[string]any{"@type": "Person", "familyName": p.Family}
	name := p.Family
	if p.Given != "" {
		m["givenName"] = p.Given
		name = p.Given + " " + p.Family
	}
	if p.Suffix != "" {
		m["honorificSuffix"] = p.Suffix
		name += ", " + p.Suffix
	}
	m["name"] = name
	return m
}

// identifiersLD lists the work's identifiers as schema.org PropertyValues,
// PubMed's with their pages so a crawler can follow them; one alone is
// written as an object, as before there were several.
func identifiersLD(st *study.Study) []map[string]any {
	var ids []map[string]any
	add := func(prop, value, url string) {
		if value == "" {
			return
		}
		id := map[string]any{"@type": "PropertyValue", "propertyID": prop, "value": value}
		if url != "" {
			id["url"] = url
		}
		ids = append(ids, id)
	}
	add("DOI", st.DOI, "")
	add("PMID", st.PMID, st.PubMedURL())
	add("PMCID", st.PMCID, st.PMCURL())
	add("ISBN", st.ISBN, "")
	return ids
}
