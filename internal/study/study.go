// Package study holds litkb's domain: studies, their findings, the topic and
// construct vocabularies and claims, with their TOML form and validation.
// It imports nothing else of ours, so every other package can depend on it.
package study

import "slices"

// Study is one curated work: bibliographic facts, our summary, and the
// findings a clinician cites. One study is one file, data/studies/<id>.toml.
type Study struct {
	ID     string `toml:"id" json:"id"`
	Type   string `toml:"type" json:"type"`     // see Types
	Status string `toml:"status" json:"status"` // see Statuses

	Title string `toml:"title" json:"title"` // sentence case, proper nouns capitalised (the CSL convention)
	Year  int    `toml:"year" json:"year"`
	// Issued is the full date of issue when it is known beyond the year:
	// "1997-08" or "1997-08-15". Year stays the one source of the year;
	// Issued must agree with it.
	Issued string `toml:"issued,omitempty" json:"issued,omitempty"`
	// OriginalYear is the year a reprint or new edition was first
	// published (Bowlby 1969 for the 1982 edition).
	OriginalYear int      `toml:"original_year,omitzero" json:"original_year,omitempty"`
	Authors      []Person `toml:"authors" json:"authors"`
	Editors      []Person `toml:"editors,omitempty" json:"editors,omitempty"`

	Journal       string `toml:"journal,omitempty" json:"journal,omitempty"`     // articles
	Container     string `toml:"container,omitempty" json:"container,omitempty"` // book title of a chapter; series or institution of a report
	Publisher     string `toml:"publisher,omitempty" json:"publisher,omitempty"` // also a thesis's institution, a preprint's server, a data set's repository
	Place         string `toml:"place,omitempty" json:"place,omitempty"`         // publisher's place
	Edition       string `toml:"edition,omitempty" json:"edition,omitempty"`
	Volume        string `toml:"volume,omitempty" json:"volume,omitempty"`
	Issue         string `toml:"issue,omitempty" json:"issue,omitempty"`
	Pages         string `toml:"pages,omitempty" json:"pages,omitempty"` // "1204-1219"
	ArticleNumber string `toml:"article_number,omitempty" json:"article_number,omitempty"`
	Chapter       string `toml:"chapter,omitempty" json:"chapter,omitempty"`
	Event         string `toml:"event,omitempty" json:"event,omitempty"` // a conference paper's conference name (CSL event)
	// Genre says what kind of thesis, report, manuscript, preprint or data
	// set the work is, as the styles print it: "Doctoral dissertation",
	// "Technical report", "Unpublished manuscript". Empty for a preprint
	// means "Preprint".
	Genre   string `toml:"genre,omitempty" json:"genre,omitempty"`
	Number  string `toml:"number,omitempty" json:"number,omitempty"`   // a report's or data set's number ("TR-12", "ICPSR 21940")
	Version string `toml:"version,omitempty" json:"version,omitempty"` // a data set's version ("2.1")
	DOI     string `toml:"doi,omitempty" json:"doi,omitempty"`         // bare, "10.1111/1467-8624.00467"
	URL     string `toml:"url,omitempty" json:"url,omitempty"`         // the original (a publisher's page, beside a DOI or without one)
	// Accessed is the day a web page was read ("2024-03-05"): Vancouver
	// and Harvard print it, since a page can change after it is cited.
	Accessed string `toml:"accessed,omitempty" json:"accessed,omitempty"`
	ISBN     string `toml:"isbn,omitempty" json:"isbn,omitempty"`   // books: ISBN-13 or ISBN-10
	PMID     string `toml:"pmid,omitempty" json:"pmid,omitempty"`   // PubMed id, digits
	PMCID    string `toml:"pmcid,omitempty" json:"pmcid,omitempty"` // PubMed Central id, "PMC" and digits

	JournalAbbrev string `toml:"journal_abbrev,omitempty" json:"journal_abbrev,omitempty"` // the journal's standard abbreviation (CSL container-title-short)
	Language      string `toml:"language,omitempty" json:"language,omitempty"`             // the work's language as a BCP 47 tag ("de"); empty: English

	Topics       []string `toml:"topics" json:"topics"` // ids from data/topics.toml
	Design       string   `toml:"design" json:"design"` // see Designs
	DesignDetail string   `toml:"design_detail,omitempty" json:"design_detail,omitempty"`
	Sample       string   `toml:"sample" json:"sample"` // population and size, in words
	SampleSize   int      `toml:"sample_size,omitzero" json:"sample_size,omitempty"`
	Summary      string   `toml:"summary" json:"summary"` // our own words

	Retraction string `toml:"retraction,omitempty" json:"retraction,omitempty"` // why it was retracted, shown on its page
	// Notices are the registry's retraction, correction, concern and
	// withdrawal notices about the work (see Notice).
	Notices []Notice `toml:"notices,omitempty" json:"notices,omitempty"`
	// NoticesChecked is the day a registry was last asked for notices
	// about the work ("2026-12-05"); empty: never.
	NoticesChecked string `toml:"notices_checked,omitempty" json:"notices_checked,omitempty"`

	Findings   []Finding  `toml:"findings,omitempty" json:"findings,omitempty"`
	Provenance Provenance `toml:"provenance" json:"provenance"`
}

// Person is an author or editor. Family carries its particle ("van
// IJzendoorn"); Literal is for corporate authors and has no other parts.
type Person struct {
	Family  string `toml:"family,omitempty" json:"family,omitempty"`
	Given   string `toml:"given,omitempty" json:"given,omitempty"`
	Suffix  string `toml:"suffix,omitempty" json:"suffix,omitempty"`
	Literal string `toml:"literal,omitempty" json:"literal,omitempty"`
}

// Finding is one number (or one qualitative result) a study reports, citable
// on its own at /studies/<study>#<id>.
type Finding struct {
	ID         string   `toml:"id" json:"id"`
	Text       string   `toml:"text" json:"text"`                           // one statement, our own words
	Construct  string   `toml:"construct" json:"construct"`                 // id from data/constructs.toml
	Measure    string   `toml:"measure,omitempty" json:"measure,omitempty"` // see Measures; empty for a finding without a number
	Value      *float64 `toml:"value,omitempty" json:"value,omitempty"`
	Unit       string   `toml:"unit,omitempty" json:"unit,omitempty"`
	N          *int     `toml:"n,omitempty" json:"n,omitempty"` // people the value rests on
	K          *int     `toml:"k,omitempty" json:"k,omitempty"` // studies or samples, for meta-analyses
	CILow      *float64 `toml:"ci_low,omitempty" json:"ci_low,omitempty"`
	CIHigh     *float64 `toml:"ci_high,omitempty" json:"ci_high,omitempty"`
	Population string   `toml:"population,omitempty" json:"population,omitempty"`
	Page       string   `toml:"page,omitempty" json:"page,omitempty"`
}

// Provenance says what was checked, against what, and how sure we are.
// Readers see the confidence, the checks and HowChecked; Notes and ToCheck
// are the curators' working text, in their words, and never leave curator
// pages and signed-in API answers.
type Provenance struct {
	Confidence string   `toml:"confidence" json:"confidence"` // high | medium | low; "high" needs Unconfirmed() empty
	Checks     []Check  `toml:"checks" json:"checks"`
	HowChecked string   `toml:"how_checked,omitempty" json:"how_checked,omitempty"` // public: what a reader should know about the checking
	Notes      string   `toml:"notes,omitempty" json:"notes,omitempty"`             // private: curator notes
	ToCheck    []string `toml:"to_check,omitempty" json:"to_check,omitempty"`       // private: what a curator must still verify
}

// Public returns p as readers may see it: without curator notes and to-do items.
func (p Provenance) Public() Provenance {
	p.Notes, p.ToCheck = "", nil
	return p
}

// Check records that some fields were checked against one kind of source.
type Check struct {
	Fields []string `toml:"fields" json:"fields"`                 // names from CheckableFields
	Kind   string   `toml:"kind,omitempty" json:"kind,omitempty"` // one of CheckKinds; empty: not said
	Source string   `toml:"source" json:"source"`
}

// Primary reports whether the check was made against the publisher or a
// registry, the only sources that can make a citation "high" confidence.
func (c Check) Primary() bool { return slices.Contains(PrimaryKinds, c.Kind) }

// Topic is one entry of the topic vocabulary (data/topics.toml).
type Topic struct {
	ID         string   `toml:"id" json:"id"`
	Label      string   `toml:"label" json:"label"`
	Definition string   `toml:"definition" json:"definition"`
	Synonyms   []string `toml:"synonyms,omitempty" json:"synonyms,omitempty"` // abbreviations and variants a student types
}

// Construct is an operational definition (data/constructs.toml): findings
// under different constructs are never the same quantity.
type Construct struct {
	ID         string `toml:"id" json:"id"`
	Label      string `toml:"label" json:"label"`
	Instrument string `toml:"instrument" json:"instrument"`
	Coding     string `toml:"coding,omitempty" json:"coding,omitempty"`
	Definition string `toml:"definition" json:"definition"`
}

// Claim is a statement people make, with a curator's verdict and the
// findings that bear on it (data/claims/<id>.toml).
type Claim struct {
	ID        string     `toml:"id" json:"id"`
	Statement string     `toml:"statement" json:"statement"`
	Verdict   string     `toml:"verdict" json:"verdict"` // see Verdicts
	Rationale string     `toml:"rationale" json:"rationale"`
	Topics    []string   `toml:"topics,omitempty" json:"topics,omitempty"`
	Evidence  []Evidence `toml:"evidence" json:"evidence"`
}

// Evidence links a claim to one finding.
type Evidence struct {
	Study    string `toml:"study" json:"study"`
	Finding  string `toml:"finding" json:"finding"`
	Relation string `toml:"relation" json:"relation"` // supports | complicates | contradicts
	Note     string `toml:"note,omitempty" json:"note,omitempty"`
}

// Vocabularies of enumerated fields, in the order pages list them.
var (
	Types       = []string{"article", "book", "chapter", "paper-conference", "report", "thesis", "webpage", "preprint", "manuscript", "dataset"}
	Statuses    = []string{"draft", "published", "retracted", "withdrawn"}
	Confidences = []string{"high", "medium", "low"}
	Designs     = []string{
		"cross-sectional", "longitudinal", "randomized controlled trial", "case-control",
		"meta-analysis", "systematic review", "review", "psychometric", "measure development", "theory",
	}
	Measures = []string{
		"proportion", "correlation", "kappa", "effect size", "odds ratio",
		"mean", "count", "difference",
	}
	Verdicts  = []string{"supported", "mixed", "not supported", "unverifiable"}
	Relations = []string{"supports", "complicates", "contradicts"}
	// CheckKinds are the kinds of source a check may name, strongest first:
	// the publisher (its page, or the published work itself), a registry or
	// index record (Crossref, doi.org, PubMed, a library catalogue, a
	// citation index), a repository (institutional record, author
	// manuscript, pre-print), another work's reference list, and anything
	// secondary (blogs, summaries, inference, recall).
	CheckKinds = []string{"publisher", "registry", "repository", "reference list", "secondary"}
	// PrimaryKinds are the kinds a "high" confidence citation rests on.
	PrimaryKinds = []string{"publisher", "registry"}
	// CheckableFields are the names a provenance check may list.
	CheckableFields = []string{
		"title", "authors", "editors", "year", "issued", "original_year", "journal", "container", "publisher", "place", "edition",
		"volume", "issue", "pages", "article_number", "chapter", "event", "genre", "number", "version", "doi", "url", "isbn", "pmid", "pmcid", "journal_abbrev",
		"sample", "findings",
	}
)

// Finding returns the finding with id.
func (s *Study) Finding(id string) (*Finding, bool) {
	for i := range s.Findings {
		if s.Findings[i].ID == id {
			return &s.Findings[i], true
		}
	}
	return nil, false
}

// Public reports whether the study may appear in public search and pages.
func (s *Study) Public() bool { return s.Status == "published" || s.Status == "retracted" }

// Byline is who a short reference names: the authors, or for an edited
// work without authors, its editors (as every citation style does).
func (s *Study) Byline() []Person {
	if len(s.Authors) == 0 {
		return s.Editors
	}
	return s.Authors
}

// Unfinished reports whether the study is held to the rules of a draft: a
// draft, or a draft withdrawn before it was ever published (kept, with its
// history, so its id is never given to another work).
func (s *Study) Unfinished() bool { return s.Status == "draft" || s.Status == "withdrawn" }
