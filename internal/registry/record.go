package registry

import (
	"html"
	"regexp"
	"strconv"
	"strings"

	"litkb/internal/study"
)

// Service names as provenance shows them to readers.
const (
	SourceCrossref = "Crossref"
	SourcePubMed   = "PubMed"
	SourceDOI      = "doi.org content negotiation"
)

// Record is what one registry says about a work, in litkb's terms.
type Record struct {
	Source    string // SourceCrossref, SourcePubMed or SourceDOI
	Retrieved string // YYYY-MM-DD

	Type          string // a study.Types value
	Title         string
	Authors       []study.Person
	Editors       []study.Person
	Year          int
	Issued        string // "YYYY-MM" or "YYYY-MM-DD" when the registry gives more than the year
	Journal       string
	JournalAlt    []string // other names of the journal the registry gives (PubMed's catalogue title)
	JournalAbbrev string   // NLM abbreviation (PubMed only)
	Container     string   // book or proceedings title
	Publisher     string
	Place         string
	Volume        string
	Issue         string
	Pages         string
	ArticleNumber string
	DOI           string
	PMID          string
	PMCID         string
	ISBN          string

	// Notices are the registry's notices about the work; NoticesKnown
	// says the registry reports them at all (Crossref does), so an
	// empty list means "none" rather than "not asked".
	Notices      []study.Notice
	NoticesKnown bool
}

// Provenance is the source a check records: "Crossref, retrieved 2026-12-05".
func (r *Record) Provenance() string { return r.Source + ", retrieved " + r.Retrieved }

// typeOf maps CSL and Crossref work types onto litkb's.
func typeOf(t string) string {
	switch strings.ToLower(t) {
	case "book", "monograph", "edited-book", "reference-book":
		return "book"
	case "book-chapter", "chapter", "book-section", "book-part", "entry-encyclopedia", "reference-entry":
		return "chapter"
	case "proceedings-article", "paper-conference":
		return "paper-conference"
	case "report", "report-component":
		return "report"
	case "dissertation", "thesis":
		return "thesis"
	case "webpage", "post", "post-weblog":
		return "webpage"
	}
	return "article"
}

var (
	tagRE   = regexp.MustCompile(`<[^>]*>`)
	spaceRE = regexp.MustCompile(`\s+`)
)

// plain strips markup (JATS, MathML, HTML) and entities from a registry's
// text and collapses its spacing.
func plain(s string) string {
	s = html.UnescapeString(tagRE.ReplaceAllString(s, ""))
	return strings.TrimSpace(spaceRE.ReplaceAllString(s, " "))
}

// Pages writes a page range as litkb stores it: a hyphen, never an en
// dash, and the last page in full ("1204-19" is "1204-1219"). A single
// page repeated ("1100-1100") is one page.
func Pages(p string) string {
	p = strings.TrimSpace(strings.NewReplacer("–", "-", "—", "-", "‑", "-", " - ", "-").Replace(p))
	first, last, ok := strings.Cut(p, "-")
	if !ok || strings.Contains(last, "-") || strings.Contains(p, ",") {
		return p
	}
	first, last = strings.TrimSpace(first), strings.TrimSpace(last)
	if _, err := strconv.Atoi(first); err == nil {
		if _, err := strconv.Atoi(last); err == nil && len(last) < len(first) {
			last = first[:len(first)-len(last)] + last
		}
	}
	if first == last {
		return first
	}
	return first + "-" + last
}

// date writes date parts (year, month, day) as litkb's year and issued.
func date(parts []int) (year int, issued string) {
	if len(parts) == 0 || parts[0] <= 0 {
		return 0, ""
	}
	year = parts[0]
	switch {
	case len(parts) >= 3 && parts[1] >= 1 && parts[1] <= 12 && parts[2] >= 1 && parts[2] <= 31:
		issued = strconv.Itoa(year) + "-" + two(parts[1]) + "-" + two(parts[2])
	case len(parts) >= 2 && parts[1] >= 1 && parts[1] <= 12:
		issued = strconv.Itoa(year) + "-" + two(parts[1])
	}
	return year, issued
}

func two(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

// noticeKind maps Crossref's update types onto study.NoticeKinds; "" for
// updates that are no notice (a new version, an addendum).
func noticeKind(t string) string {
	switch strings.ToLower(strings.ReplaceAll(t, "-", "_")) {
	case "retraction":
		return "retraction"
	case "withdrawal", "removal":
		return "withdrawal"
	case "expression_of_concern":
		return "expression_of_concern"
	case "correction", "erratum", "corrigendum", "partial_retraction":
		return "correction"
	}
	return ""
}

// addNotice appends n unless a notice of the same kind and DOI is there.
func addNotice(ns []study.Notice, n study.Notice) []study.Notice {
	for _, o := range ns {
		if o.Kind == n.Kind && strings.EqualFold(o.DOI, n.DOI) {
			return ns
		}
	}
	return append(ns, n)
}
