package study

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"
)

// Vocabulary is what study fields must refer to: the topic and construct
// ids. A nil *Vocabulary skips those checks (e.g. when the files are absent).
type Vocabulary struct {
	Topics     map[string]Topic
	Constructs map[string]Construct
}

// NewVocabulary indexes topics and constructs by id.
func NewVocabulary(topics []Topic, constructs []Construct) *Vocabulary {
	v := &Vocabulary{Topics: map[string]Topic{}, Constructs: map[string]Construct{}}
	for _, t := range topics {
		v.Topics[t.ID] = t
	}
	for _, c := range constructs {
		v.Constructs[c.ID] = c
	}
	return v
}

// Summary bounds for published studies, in words.
const (
	MinSummaryWords = 60
	MaxSummaryWords = 200
	MinYear         = 1800
)

// pagesRE accepts a page ("17", "e123"), a range ("1204-1219", "S1-S10")
// or a list of them ("10-14, 20-22"), as CSL's page variable holds them.
var pagesRE = regexp.MustCompile(`^` + pageRE + `(, ?` + pageRE + `)*$`)

const pageRE = `[A-Za-z]?[0-9]+([-–][A-Za-z]?[0-9]+)?`

// EditedTypes may name editors instead of authors: CSL styles put the
// editors in the author's place ("Grossmann, K. E., … (Eds.)"). A chapter,
// an article or a thesis always has its own authors.
var EditedTypes = []string{"book", "report"}

// Validate returns every problem with s, each naming its field, so a curator
// can fix everything in one pass. Drafts need less: they are the queue of
// what still has to be checked.
func (s *Study) Validate(v *Vocabulary) Problems {
	var ps Problems
	draft := s.Unfinished()

	switch {
	case s.ID == "":
		ps.add("id", "missing; use a lowercase slug such as roisman-2002-earned-secure")
	case !ValidID(s.ID):
		ps.add("id", "%q is not a slug: use lowercase letters, digits and single hyphens", s.ID)
	}
	enum(&ps, "type", s.Type, Types)
	enum(&ps, "status", s.Status, Statuses)
	if s.Title == "" {
		ps.add("title", "missing")
	}
	if maxYear := time.Now().Year() + 1; s.Year < MinYear || s.Year > maxYear {
		if s.Year == 0 {
			ps.add("year", "missing")
		} else {
			ps.add("year", "%d is outside %d-%d", s.Year, MinYear, maxYear)
		}
	}
	s.validateDates(&ps)
	switch {
	case len(s.Authors) > 0:
	case slices.Contains(EditedTypes, s.Type):
		if len(s.Editors) == 0 {
			ps.add("authors", "at least one [[authors]] entry is needed, or [[editors]] for an edited %s", s.Type)
		}
	default:
		ps.add("authors", "at least one [[authors]] entry is needed")
	}
	people(&ps, "authors", s.Authors)
	people(&ps, "editors", s.Editors)

	switch s.Type {
	case "article":
		if s.Journal == "" && !draft {
			ps.add("journal", "missing: an article needs its journal")
		}
	case "chapter":
		if s.Container == "" && !draft {
			ps.add("container", "missing: a chapter needs the title of its book")
		}
	case "paper-conference":
		// Without the proceedings' title Chicago prints "In ." and
		// Vancouver "In 2019.": citeproc-js has nothing to put there.
		if s.Container == "" && !draft {
			ps.add("container", "missing: a conference paper needs the title of its proceedings")
		}
	case "webpage":
		// A web page is found only by its address: every style prints it.
		if s.URL == "" && !draft {
			ps.add("url", "missing: a web page needs its URL")
		}
		s.validateWebpageFields(&ps)
	}
	s.validateAccessed(&ps)
	s.validatePosted(&ps, draft)
	if s.Event != "" && s.Type != "paper-conference" {
		ps.add("event", "only a conference paper has an event")
	}
	if s.DOI != "" && !ValidDOI(s.DOI) {
		ps.add("doi", "%q is not a DOI (expected 10.<registrant>/<suffix>)", s.DOI)
	}
	if s.URL != "" && !ValidSourceURL(s.URL) {
		ps.add("url", "%q is not an http or https URL", s.URL)
	}
	s.validateIdentifiers(&ps)
	s.validateLanguageFields(&ps)
	s.validateNotices(&ps)
	if s.Pages != "" && !pagesRE.MatchString(s.Pages) {
		ps.add("pages", "%q is not a page or range such as 1204-1219, or a list such as 10-14, 20-22", s.Pages)
	}
	if s.Pages != "" && s.ArticleNumber != "" {
		ps.add("article_number", "give pages or an article number, not both")
	}

	if len(s.Topics) == 0 && !draft {
		ps.add("topics", "at least one topic is needed")
	}
	for i, t := range s.Topics {
		if v != nil && v.Topics != nil {
			if _, ok := v.Topics[t]; !ok {
				ps.add(fmt.Sprintf("topics[%d]", i+1), "%q is not in data/topics.toml", t)
			}
		}
	}
	if s.Design == "" && !draft {
		ps.add("design", "missing; one of: %s", strings.Join(Designs, ", "))
	} else if s.Design != "" {
		enum(&ps, "design", s.Design, Designs)
	}
	if s.Sample == "" && !draft {
		ps.add("sample", "missing: describe the population and its size in words")
	}
	if s.SampleSize < 0 {
		ps.add("sample_size", "must be positive")
	}
	if !draft {
		words := len(strings.Fields(s.Summary))
		switch {
		case words == 0:
			ps.add("summary", "missing: a published study needs a summary in our own words")
		case words < MinSummaryWords || words > MaxSummaryWords:
			ps.add("summary", "%d words; write %d-%d", words, MinSummaryWords, MaxSummaryWords)
		}
	}

	seen := map[string]bool{}
	for i, f := range s.Findings {
		f.validate(&ps, fmt.Sprintf("findings[%d]", i+1), v)
		if f.ID != "" && seen[f.ID] {
			ps.add(fmt.Sprintf("findings[%d].id", i+1), "%q is used by another finding of this study", f.ID)
		}
		seen[f.ID] = true
	}
	standAlone(&ps, s)
	s.Provenance.validate(&ps, s)
	return ps
}

func (f *Finding) validate(ps *Problems, at string, v *Vocabulary) {
	switch {
	case f.ID == "":
		ps.add(at+".id", "missing; use f1, f2, …")
	case !ValidID(f.ID):
		ps.add(at+".id", "%q is not a slug", f.ID)
	}
	if f.Text == "" {
		ps.add(at+".text", "missing: state the finding in our own words")
	}
	if f.Construct == "" {
		ps.add(at+".construct", "missing: name the construct from data/constructs.toml")
	} else if v != nil && v.Constructs != nil {
		if _, ok := v.Constructs[f.Construct]; !ok {
			ps.add(at+".construct", "%q is not in data/constructs.toml", f.Construct)
		}
	}
	switch {
	case f.Measure == "" && f.Value != nil:
		ps.add(at+".measure", "missing: a value needs its measure (%s)", strings.Join(Measures, ", "))
	case f.Measure != "" && f.Value == nil:
		ps.add(at+".value", "missing: measure %q is given without a value", f.Measure)
	case f.Measure != "":
		enum(ps, at+".measure", f.Measure, Measures)
	}
	if f.Value != nil {
		x := *f.Value
		switch f.Measure {
		case "proportion":
			if x < 0 || x > 1 {
				ps.add(at+".value", "%g is not a proportion in [0,1] (write 58%% as 0.58)", x)
			}
		case "correlation", "kappa":
			if x < -1 || x > 1 {
				ps.add(at+".value", "%g is outside [-1,1] for a %s", x, f.Measure)
			}
		case "odds ratio", "count":
			if x < 0 {
				ps.add(at+".value", "%g cannot be negative for a %s", x, f.Measure)
			}
		}
	}
	if (f.CILow == nil) != (f.CIHigh == nil) {
		ps.add(at+".ci_low", "give both ci_low and ci_high, or neither")
	}
	if f.CILow != nil && f.CIHigh != nil {
		if *f.CILow > *f.CIHigh {
			ps.add(at+".ci_low", "ci_low %g is above ci_high %g", *f.CILow, *f.CIHigh)
		} else if f.Value != nil && (*f.Value < *f.CILow || *f.Value > *f.CIHigh) {
			ps.add(at+".value", "%g is outside its interval [%g, %g]", *f.Value, *f.CILow, *f.CIHigh)
		}
		if f.Value == nil {
			ps.add(at+".value", "an interval needs the value it surrounds")
		}
	}
	if f.N != nil && *f.N <= 0 {
		ps.add(at+".n", "%d: n must be greater than 0 (leave it out when unknown)", *f.N)
	}
	if f.K != nil && *f.K <= 0 {
		ps.add(at+".k", "%d: k must be greater than 0 (leave it out when unknown)", *f.K)
	}
}

// citationFields are the facts that may appear only once checked.
var citationFields = []struct {
	name string
	get  func(*Study) string
}{
	{"doi", func(s *Study) string { return s.DOI }},
	{"issued", func(s *Study) string { return s.Issued }},
	{"original_year", func(s *Study) string { return itoa(s.OriginalYear) }},
	{"volume", func(s *Study) string { return s.Volume }},
	{"issue", func(s *Study) string { return s.Issue }},
	{"pages", func(s *Study) string { return s.Pages }},
	{"article_number", func(s *Study) string { return s.ArticleNumber }},
	{"isbn", func(s *Study) string { return s.ISBN }},
	{"pmid", func(s *Study) string { return s.PMID }},
	{"pmcid", func(s *Study) string { return s.PMCID }},
	{"journal_abbrev", func(s *Study) string { return s.JournalAbbrev }},
	{"number", func(s *Study) string { return s.Number }},
	{"version", func(s *Study) string { return s.Version }},
}

func (p *Provenance) validate(ps *Problems, s *Study) {
	if p.Confidence == "" {
		ps.add("provenance.confidence", "missing; one of: %s", strings.Join(Confidences, ", "))
	} else {
		enum(ps, "provenance.confidence", p.Confidence, Confidences)
	}
	for i, c := range p.Checks {
		at := fmt.Sprintf("provenance.checks[%d]", i+1)
		if len(c.Fields) == 0 {
			ps.add(at+".fields", "name the fields this source confirmed")
		}
		for _, f := range c.Fields {
			if !slices.Contains(CheckableFields, f) {
				ps.add(at+".fields", "%q is not a field that can be checked (%s)", f, strings.Join(CheckableFields, ", "))
			}
		}
		if strings.TrimSpace(c.Source) == "" {
			ps.add(at+".source", "say what kind of source the fields were checked against")
		}
		if c.Kind != "" {
			enum(ps, at+".kind", c.Kind, CheckKinds)
		}
		if w, ok := internalWord(c.Source); ok {
			ps.add(at+".source", "readers see this: say it without %q", w)
		}
	}
	if w, ok := internalWord(p.HowChecked); ok {
		ps.add("provenance.how_checked", "readers see this: say it without %q", w)
	}
	if p.Confidence == "high" {
		if missing := s.Unconfirmed(); len(missing) > 0 {
			ps.add("provenance.confidence", `"high" needs every citation field checked against the publisher or a registry (a check of kind %s); not so checked: %s`,
				strings.Join(PrimaryKinds, " or "), strings.Join(missing, ", "))
		}
	}
	if len(p.Checks) == 0 && s.Status == "published" {
		ps.add("provenance.checks", "a published study needs at least one check saying what was verified and against what")
	}
	for _, cf := range citationFields {
		if cf.get(s) != "" && !p.Verified(cf.name) {
			ps.add(cf.name, "present but no provenance check lists %q: leave it out until it is checked against a source", cf.name)
		}
	}
}

// Verified reports whether some check lists field.
func (p *Provenance) Verified(field string) bool {
	for _, c := range p.Checks {
		if slices.Contains(c.Fields, field) {
			return true
		}
	}
	return false
}

func people(ps *Problems, field string, list []Person) {
	for i, a := range list {
		at := fmt.Sprintf("%s[%d]", field, i+1)
		switch {
		case a.Literal != "" && (a.Family != "" || a.Given != ""):
			ps.add(at, "a corporate author (literal) has no family or given name")
		case a.Literal == "" && strings.TrimSpace(a.Family) == "":
			ps.add(at+".family", "missing (or use literal for a corporate author)")
		}
	}
}

func enum(ps *Problems, field, got string, allowed []string) {
	if got == "" {
		ps.add(field, "missing; one of: %s", strings.Join(allowed, ", "))
		return
	}
	if !slices.Contains(allowed, got) {
		ps.add(field, "%q is not one of: %s", got, strings.Join(allowed, ", "))
	}
}

func (c *Claim) validate() Problems {
	var ps Problems
	if !ValidID(c.ID) {
		ps.add("id", "%q is not a slug", c.ID)
	}
	if strings.TrimSpace(c.Statement) == "" {
		ps.add("statement", "missing")
	}
	enum(&ps, "verdict", c.Verdict, Verdicts)
	if strings.TrimSpace(c.Rationale) == "" {
		ps.add("rationale", "missing: say why, in words a clinician could repeat")
	}
	for i, e := range c.Evidence {
		at := fmt.Sprintf("evidence[%d]", i+1)
		if e.Study == "" {
			ps.add(at+".study", "missing")
		}
		if e.Finding == "" {
			ps.add(at+".finding", "missing")
		}
		enum(&ps, at+".relation", e.Relation, Relations)
	}
	return ps
}

// ValidateVocabulary checks topics and constructs for missing parts and
// duplicate ids or synonyms.
func ValidateVocabulary(topics []Topic, constructs []Construct) Problems {
	var ps Problems
	ids := map[string]bool{}
	syn := map[string]string{}
	for i, t := range topics {
		at := fmt.Sprintf("topic[%d]", i+1)
		if !ValidID(t.ID) {
			ps.add(at+".id", "%q is not a slug", t.ID)
		}
		if ids[t.ID] {
			ps.add(at+".id", "%q is defined twice", t.ID)
		}
		ids[t.ID] = true
		if t.Label == "" {
			ps.add(at+".label", "missing")
		}
		for _, s := range append([]string{t.Label}, t.Synonyms...) {
			k := strings.ToLower(strings.TrimSpace(s))
			if other, ok := syn[k]; ok && other != t.ID {
				ps.add(at+".synonyms", "%q is also a synonym of %q: a term can mean one topic only", s, other)
			}
			syn[k] = t.ID
		}
	}
	cids := map[string]bool{}
	for i, c := range constructs {
		at := fmt.Sprintf("construct[%d]", i+1)
		if !ValidID(c.ID) {
			ps.add(at+".id", "%q is not a slug", c.ID)
		}
		if cids[c.ID] {
			ps.add(at+".id", "%q is defined twice", c.ID)
		}
		cids[c.ID] = true
		if c.Label == "" {
			ps.add(at+".label", "missing")
		}
		if c.Definition == "" {
			ps.add(at+".definition", "missing")
		}
	}
	return ps
}
