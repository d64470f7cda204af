package cite

import (
	"bytes"
	"encoding/json"
	"strings"

	"litkb/internal/study"
)

// Item is one CSL-JSON item: the pivot every style and export is rendered
// from, and the form Zotero, Mendeley and pandoc exchange. Field names and
// JSON keys follow the CSL 1.0.2 schema; only what litkb can fill is here.
type Item struct {
	ID              string `json:"id"`
	Type            string `json:"type"` // article-journal, book, chapter, paper-conference, report, thesis, webpage, article (a preprint), manuscript, dataset
	Title           string `json:"title,omitempty"`
	ContainerTitle  string `json:"container-title,omitempty"`
	CollectionTitle string `json:"collection-title,omitempty"`
	Author          []Name `json:"author,omitempty"`
	Editor          []Name `json:"editor,omitempty"`
	Issued          *Date  `json:"issued,omitempty"`
	OriginalDate    *Date  `json:"original-date,omitempty"` // first publication of a reprint
	Volume          string `json:"volume,omitempty"`
	Issue           string `json:"issue,omitempty"`
	Page            string `json:"page,omitempty"`
	// Number holds an article number for journal articles (how apa.csl
	// expects it: "Article 966") and a report number for reports.
	Number         string `json:"number,omitempty"`
	ChapterNumber  string `json:"chapter-number,omitempty"`
	Event          string `json:"event,omitempty"` // a conference paper's conference; citeproc-js 2.4.63 reads "event", not CSL 1.0.2's "event-title"
	Genre          string `json:"genre,omitempty"`
	Version        string `json:"version,omitempty"` // a data set's version
	Publisher      string `json:"publisher,omitempty"`
	PublisherPlace string `json:"publisher-place,omitempty"`
	Edition        string `json:"edition,omitempty"`
	DOI            string `json:"DOI,omitempty"`
	URL            string `json:"URL,omitempty"`
	Accessed       *Date  `json:"accessed,omitempty"` // the day a web page was read
	ISBN           string `json:"ISBN,omitempty"`
	PMID           string `json:"PMID,omitempty"`
	PMCID          string `json:"PMCID,omitempty"`

	// ContainerTitleShort is the journal's abbreviation, what vancouver.csl
	// prints instead of the journal's name ("J Pers Soc Psychol").
	ContainerTitleShort string `json:"container-title-short,omitempty"`
	// Language is a BCP 47 tag; the titles of an item in a language other
	// than English are not title-cased (see Item.titleCase).
	Language string `json:"language,omitempty"`

	// Locator and Label belong to a citation of the item rather than to the
	// item (CSL keeps them on the cite); litkb carries them here so that a
	// finding's page travels with the reference it is cited from.
	Locator string `json:"locator,omitempty"`
	Label   string `json:"label,omitempty"` // "page" when Locator is set

	// Note is CSL's free-text note; litkb fills it only when citing a
	// finding, with the finding's statement, numbers and permalink, so
	// that a reference manager keeps what the citation was for. No style
	// litkb renders prints it.
	Note string `json:"note,omitempty"`
}

// Name is a CSL name object. A corporate author has only Literal.
type Name struct {
	Family              string `json:"family,omitempty"`
	Given               string `json:"given,omitempty"`
	Suffix              string `json:"suffix,omitempty"`
	NonDroppingParticle string `json:"non-dropping-particle,omitempty"`
	DroppingParticle    string `json:"dropping-particle,omitempty"`
	Literal             string `json:"literal,omitempty"`
}

// Date is a CSL date: a year, year and month, or a full date.
type Date struct {
	DateParts [][]int `json:"date-parts"`
}

// Year returns the first year of the date, or 0.
func (d *Date) Year() int {
	if d == nil || len(d.DateParts) == 0 || len(d.DateParts[0]) == 0 {
		return 0
	}
	return d.DateParts[0][0]
}

// Month returns the first month of the date, or 0.
func (d *Date) Month() int { return d.part(1) }

// Day returns the first day of the date, or 0.
func (d *Date) Day() int { return d.part(2) }

func (d *Date) part(i int) int {
	if d == nil || len(d.DateParts) == 0 || len(d.DateParts[0]) <= i {
		return 0
	}
	return d.DateParts[0][i]
}

// cslTypes maps litkb study types to CSL item types.
var cslTypes = map[string]string{
	"article":          "article-journal",
	"book":             "book",
	"chapter":          "chapter",
	"paper-conference": "paper-conference",
	"report":           "report",
	"thesis":           "thesis",
	"webpage":          "webpage",
	// CSL has no preprint type: "article" is "a preprint, working paper,
	// or other article not published in a journal" (CSL 1.0.2), and it is
	// what Zotero's preprint becomes.
	"preprint":   "article",
	"manuscript": "manuscript",
	"dataset":    "dataset",
}

// PreprintGenre is the genre a preprint is cited with when it names none:
// APA prints "[Preprint]", Chicago "Preprint.".
const PreprintGenre = "Preprint"

// FromStudy converts a study to its CSL-JSON item. The item's id is the
// study id. Fields a style never prints for the type are still carried, so
// that exports lose nothing.
func FromStudy(s study.Study) Item {
	it := Item{
		ID:             s.ID,
		Type:           cslTypes[s.Type],
		Title:          s.Title,
		Author:         namesFromPeople(s.Authors),
		Editor:         namesFromPeople(s.Editors),
		Volume:         s.Volume,
		Issue:          s.Issue,
		Page:           s.Pages,
		ChapterNumber:  s.Chapter,
		Publisher:      s.Publisher,
		PublisherPlace: s.Place,
		Edition:        s.Edition,
		Genre:          s.Genre,
		Number:         s.Number,
		Version:        s.Version,
		DOI:            s.DOI,
		URL:            s.URL,
		ISBN:           s.ISBN,
		PMID:           s.PMID,
		PMCID:          s.PMCID,
		Language:       s.Language,
	}
	if it.Type == "" {
		it.Type = "document"
	}
	if s.Year != 0 {
		parts := []int{s.Year}
		if _, m, d, ok := study.IssuedParts(s.Issued); ok {
			parts = append(parts, m)
			if d != 0 {
				parts = append(parts, d)
			}
		}
		it.Issued = &Date{DateParts: [][]int{parts}}
	}
	if y, m, d, ok := study.IssuedParts(s.Accessed); ok && d != 0 {
		it.Accessed = &Date{DateParts: [][]int{{y, m, d}}}
	}
	if s.OriginalYear != 0 {
		it.OriginalDate = &Date{DateParts: [][]int{{s.OriginalYear}}}
	}
	switch s.Type {
	case "article":
		it.ContainerTitle = s.Journal
		it.ContainerTitleShort = s.JournalAbbrev
		it.Number = s.ArticleNumber
	case "chapter":
		it.ContainerTitle = s.Container
	case "paper-conference":
		it.ContainerTitle, it.Event = s.Container, s.Event
	case "webpage":
		it.ContainerTitle = s.Container // the website
	case "preprint":
		if it.Genre == "" {
			it.Genre = PreprintGenre
		}
	case "report":
		// Container is "series or institution": with a publisher it can
		// only be the series; without one it is the issuing institution.
		if s.Publisher != "" {
			it.CollectionTitle = s.Container
		} else {
			it.Publisher = s.Container
		}
	}
	// Books and theses have no container in litkb's model; Container is
	// documented only for chapters and reports, so it is not guessed at.
	return it
}

// FromFinding is the item for citing one finding of a study: the study's
// item with the finding's page as locator (no locator when the page is not
// known).
func FromFinding(s study.Study, f study.Finding) Item {
	it := FromStudy(s)
	if p := strings.TrimSpace(f.Page); p != "" {
		it.Locator, it.Label = p, "page"
	}
	return it
}

func namesFromPeople(ps []study.Person) []Name {
	if len(ps) == 0 {
		return nil
	}
	ns := make([]Name, len(ps))
	for i, p := range ps {
		ns[i] = nameFromPerson(p)
	}
	return ns
}

// nameFromPerson splits the particle out of Family ("van IJzendoorn" ->
// non-dropping-particle "van", family "IJzendoorn"): a style demotes or
// sorts on the particle, and citeproc-js does the same split.
func nameFromPerson(p study.Person) Name {
	if p.Literal != "" {
		return Name{Literal: strings.TrimSpace(p.Literal)}
	}
	particle, family := splitParticle(strings.TrimSpace(p.Family))
	return Name{
		Family:              family,
		Given:               strings.TrimSpace(p.Given),
		Suffix:              strings.TrimSpace(p.Suffix),
		NonDroppingParticle: particle,
	}
}

// MarshalCSLJSON encodes items as a CSL-JSON array (what Zotero imports),
// indented, with a trailing newline. HTML characters are not escaped: the
// output is a file, not markup.
func MarshalCSLJSON(items []Item) ([]byte, error) {
	if items == nil {
		items = []Item{}
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(items); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
