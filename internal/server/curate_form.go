package server

import (
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"litkb/internal/study"
)

// studyForm is the curator's input exactly as typed, so a form that fails
// validation comes back with everything in it. Form field names are the
// paths study.Problem uses ("findings[2].value"), so each problem lands
// beside its field.
type studyForm struct {
	ID, Type, Title, Year                             string
	Issued, OriginalYear                              string
	Authors, Editors                                  []personInput
	Journal, Container, Publisher, Place, Edition     string
	Volume, Issue, Pages, ArticleNumber, Chapter      string
	Event, DOI, URL, Accessed                         string
	Genre, Number, Version                            string
	ISBN, PMID, PMCID                                 string
	JournalAbbrev, Language                           string
	Topics                                            []string
	Design, DesignDetail, Sample, SampleSize, Summary string
	Retraction                                        string
	Findings                                          []findingInput
	Confidence                                        string
	Checks                                            []checkInput
	HowChecked, Notes, ToCheck                        string
	rows                                              map[string]int // rows to show per group

	// Notices and NoticesChecked come from a registry check; the form
	// carries them unchanged (shown, in hidden fields), so a save keeps them.
	Notices        []study.Notice
	NoticesChecked string
}

type personInput struct{ Family, Given, Suffix, Literal string }

func (p personInput) empty() bool { return p == personInput{} }

type findingInput struct {
	ID, Text, Construct, Measure, Value, Unit, N, K, CILow, CIHigh, Population, Page string
}

func (f findingInput) empty() bool { return f == findingInput{} }

type checkInput struct {
	Fields       []string
	Kind, Source string
}

func (c checkInput) empty() bool { return len(c.Fields) == 0 && c.Kind == "" && c.Source == "" }

// The repeated groups, by their form names.
const (
	groupAuthors  = "authors"
	groupEditors  = "editors"
	groupFindings = "findings"
	groupChecks   = "provenance.checks"
	maxRows       = 200 // per group: more is not a study, it is an attack
)

// minRows is how many rows each group shows at least; there is always one
// empty row beyond the filled ones.
var minRows = map[string]int{groupAuthors: 3, groupEditors: 1, groupFindings: 1, groupChecks: 1}

var rowKey = regexp.MustCompile(`^(authors|editors|findings|provenance\.checks|notices)\[([0-9]{1,4})\]\.([a-z_]+)$`)

// parseStudyForm reads a posted form. Rows left empty are dropped and the
// rest renumbered, so the form shown again lines up with the study saved
// (and with the paths of its problems).
func parseStudyForm(v url.Values) studyForm {
	get := func(k string) string { return strings.TrimSpace(v.Get(k)) }
	f := studyForm{
		ID: get("id"), Type: get("type"), Title: get("title"), Year: get("year"),
		Issued: get("issued"), OriginalYear: get("original_year"),
		Journal: get("journal"), Container: get("container"), Publisher: get("publisher"), Place: get("place"),
		Edition: get("edition"), Volume: get("volume"), Issue: get("issue"), Pages: get("pages"),
		ArticleNumber: get("article_number"), Chapter: get("chapter"), Event: get("event"), Genre: get("genre"), Number: get("number"), Version: get("version"), DOI: get("doi"), URL: get("url"), Accessed: get("accessed"),
		ISBN: get("isbn"), PMID: get("pmid"), PMCID: get("pmcid"),
		JournalAbbrev: get("journal_abbrev"), Language: get("language"),
		Design: get("design"), DesignDetail: get("design_detail"), Sample: get("sample"), SampleSize: get("sample_size"),
		Summary: get("summary"), Retraction: get("retraction"), Confidence: get("provenance.confidence"),
		HowChecked: get("provenance.how_checked"), Notes: get("provenance.notes"), ToCheck: get("provenance.to_check"),
		NoticesChecked: get("notices_checked"),
		rows:           map[string]int{},
	}
	for _, t := range v["topics"] {
		if t = strings.TrimSpace(t); t != "" && !slices.Contains(f.Topics, t) {
			f.Topics = append(f.Topics, t)
		}
	}
	people := map[string]map[int]*personInput{groupAuthors: {}, groupEditors: {}}
	findings := map[int]*findingInput{}
	checks := map[int]*checkInput{}
	notices := map[int]*study.Notice{}
	for k, vals := range v {
		m := rowKey.FindStringSubmatch(k)
		if m == nil {
			continue
		}
		n, _ := strconv.Atoi(m[2])
		if n < 1 || n > maxRows {
			continue
		}
		val := strings.TrimSpace(vals[0])
		switch m[1] {
		case groupAuthors, groupEditors:
			p := people[m[1]][n]
			if p == nil {
				p = &personInput{}
				people[m[1]][n] = p
			}
			switch m[3] {
			case "family":
				p.Family = val
			case "given":
				p.Given = val
			case "suffix":
				p.Suffix = val
			case "literal":
				p.Literal = val
			}
		case groupFindings:
			fi := findings[n]
			if fi == nil {
				fi = &findingInput{}
				findings[n] = fi
			}
			setFinding(fi, m[3], val)
		case "notices":
			nt := notices[n]
			if nt == nil {
				nt = &study.Notice{}
				notices[n] = nt
			}
			setNotice(nt, m[3], val)
		case groupChecks:
			c := checks[n]
			if c == nil {
				c = &checkInput{}
				checks[n] = c
			}
			switch m[3] {
			case "fields":
				for _, x := range vals {
					if x = strings.TrimSpace(x); x != "" && !slices.Contains(c.Fields, x) {
						c.Fields = append(c.Fields, x)
					}
				}
			case "kind":
				c.Kind = val
			case "source":
				c.Source = val
			}
		}
	}
	f.Authors = compact(people[groupAuthors], personInput.empty)
	f.Editors = compact(people[groupEditors], personInput.empty)
	f.Findings = compact(findings, findingInput.empty)
	f.Checks = compact(checks, checkInput.empty)
	f.Notices = compact(notices, func(n study.Notice) bool { return n == study.Notice{} })
	for g := range minRows {
		if n, err := strconv.Atoi(v.Get("rows." + g)); err == nil && n > 0 && n <= maxRows {
			f.rows[g] = n
		}
	}
	return f
}

func setNotice(n *study.Notice, name, val string) {
	switch name {
	case "kind":
		n.Kind = val
	case "doi":
		n.DOI = val
	case "date":
		n.Date = val
	case "source":
		n.Source = val
	case "note":
		n.Note = val
	}
}

func setFinding(fi *findingInput, name, val string) {
	switch name {
	case "id":
		fi.ID = val
	case "text":
		fi.Text = val
	case "construct":
		fi.Construct = val
	case "measure":
		fi.Measure = val
	case "value":
		fi.Value = val
	case "unit":
		fi.Unit = val
	case "n":
		fi.N = val
	case "k":
		fi.K = val
	case "ci_low":
		fi.CILow = val
	case "ci_high":
		fi.CIHigh = val
	case "population":
		fi.Population = val
	case "page":
		fi.Page = val
	}
}

// compact returns the non-empty rows in the order of their numbers.
func compact[T any](m map[int]*T, empty func(T) bool) []T {
	keys := make([]int, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Ints(keys)
	var out []T
	for _, k := range keys {
		if !empty(*m[k]) {
			out = append(out, *m[k])
		}
	}
	return out
}

// formFromStudy fills the form with a saved study.
func formFromStudy(st study.Study) studyForm {
	f := studyForm{
		ID: st.ID, Type: st.Type, Title: st.Title, Year: intText(st.Year),
		Issued: st.Issued, OriginalYear: intText(st.OriginalYear),
		Journal: st.Journal, Container: st.Container, Publisher: st.Publisher, Place: st.Place, Edition: st.Edition,
		Volume: st.Volume, Issue: st.Issue, Pages: st.Pages, ArticleNumber: st.ArticleNumber, Chapter: st.Chapter,
		Event: st.Event, Genre: st.Genre, Number: st.Number, Version: st.Version, DOI: st.DOI, URL: st.URL, Accessed: st.Accessed, Topics: slices.Clone(st.Topics),
		ISBN: st.ISBN, PMID: st.PMID, PMCID: st.PMCID,
		JournalAbbrev: st.JournalAbbrev, Language: st.Language,
		Design: st.Design, DesignDetail: st.DesignDetail, Sample: st.Sample, SampleSize: intText(st.SampleSize),
		Summary: st.Summary, Retraction: st.Retraction, Confidence: st.Provenance.Confidence,
		HowChecked: st.Provenance.HowChecked, Notes: st.Provenance.Notes, ToCheck: strings.Join(st.Provenance.ToCheck, "\n"),
		Notices: slices.Clone(st.Notices), NoticesChecked: st.NoticesChecked,
		rows: map[string]int{},
	}
	for _, p := range st.Authors {
		f.Authors = append(f.Authors, personInput(p))
	}
	for _, p := range st.Editors {
		f.Editors = append(f.Editors, personInput(p))
	}
	for _, x := range st.Findings {
		f.Findings = append(f.Findings, findingInput{
			ID: x.ID, Text: x.Text, Construct: x.Construct, Measure: x.Measure, Value: floatText(x.Value), Unit: x.Unit,
			N: intPtrText(x.N), K: intPtrText(x.K), CILow: floatText(x.CILow), CIHigh: floatText(x.CIHigh),
			Population: x.Population, Page: x.Page,
		})
	}
	for _, c := range st.Provenance.Checks {
		f.Checks = append(f.Checks, checkInput{Fields: slices.Clone(c.Fields), Kind: c.Kind, Source: c.Source})
	}
	return f
}

func intText(n int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n)
}

func intPtrText(n *int) string {
	if n == nil {
		return ""
	}
	return strconv.Itoa(*n)
}

func floatText(x *float64) string {
	if x == nil {
		return ""
	}
	return strconv.FormatFloat(*x, 'f', -1, 64)
}

// study converts the form to a study. Text that cannot be a number is a
// problem on its field; everything else is left to study.Validate.
func (f studyForm) study() (study.Study, study.Problems) {
	var ps study.Problems
	st := study.Study{
		ID: f.ID, Type: f.Type, Title: f.Title, Issued: f.Issued,
		Journal: f.Journal, Container: f.Container, Publisher: f.Publisher, Place: f.Place, Edition: f.Edition,
		Volume: f.Volume, Issue: f.Issue, Pages: f.Pages, ArticleNumber: f.ArticleNumber, Chapter: f.Chapter,
		Event: f.Event, Genre: f.Genre, Number: f.Number, Version: f.Version, DOI: f.DOI, URL: f.URL, Accessed: f.Accessed, Topics: slices.Clone(f.Topics),
		ISBN: f.ISBN, PMID: f.PMID, PMCID: f.PMCID,
		JournalAbbrev: f.JournalAbbrev, Language: f.Language,
		Design: f.Design, DesignDetail: f.DesignDetail, Sample: f.Sample, Summary: f.Summary, Retraction: f.Retraction,
		Provenance: study.Provenance{Confidence: f.Confidence, HowChecked: f.HowChecked, Notes: f.Notes},
		Notices:    slices.Clone(f.Notices), NoticesChecked: f.NoticesChecked,
	}
	st.Year = wholeNumber(&ps, "year", f.Year, "a year such as 2002")
	st.OriginalYear = wholeNumber(&ps, "original_year", f.OriginalYear, "a year such as 1969")
	st.SampleSize = wholeNumber(&ps, "sample_size", f.SampleSize, "a whole number of people, such as 120")
	for _, p := range f.Authors {
		st.Authors = append(st.Authors, study.Person(p))
	}
	for _, p := range f.Editors {
		st.Editors = append(st.Editors, study.Person(p))
	}
	for i, x := range f.Findings {
		at := fmt.Sprintf("findings[%d].", i+1)
		st.Findings = append(st.Findings, study.Finding{
			ID: x.ID, Text: x.Text, Construct: x.Construct, Measure: x.Measure, Unit: x.Unit,
			Population: x.Population, Page: x.Page,
			Value:  decimal(&ps, at+"value", x.Value),
			CILow:  decimal(&ps, at+"ci_low", x.CILow),
			CIHigh: decimal(&ps, at+"ci_high", x.CIHigh),
			N:      optionalWhole(&ps, at+"n", x.N),
			K:      optionalWhole(&ps, at+"k", x.K),
		})
	}
	for _, c := range f.Checks {
		st.Provenance.Checks = append(st.Provenance.Checks, study.Check{Fields: slices.Clone(c.Fields), Kind: c.Kind, Source: c.Source})
	}
	for _, line := range strings.Split(f.ToCheck, "\n") {
		if line = strings.TrimSpace(line); line != "" {
			st.Provenance.ToCheck = append(st.Provenance.ToCheck, line)
		}
	}
	return st, ps
}

func wholeNumber(ps *study.Problems, field, s, example string) int {
	if s == "" {
		return 0
	}
	n, err := strconv.Atoi(strings.ReplaceAll(s, ",", ""))
	if err != nil {
		*ps = append(*ps, study.Problem{Field: field, Message: fmt.Sprintf("%q is not a whole number; write %s", s, example)})
	}
	return n
}

func optionalWhole(ps *study.Problems, field, s string) *int {
	if s == "" {
		return nil
	}
	n, err := strconv.Atoi(strings.ReplaceAll(s, ",", ""))
	if err != nil {
		*ps = append(*ps, study.Problem{Field: field, Message: fmt.Sprintf("%q is not a whole number; leave it empty when unknown", s)})
		return nil
	}
	return &n
}

func decimal(ps *study.Problems, field, s string) *float64 {
	if s == "" {
		return nil
	}
	x, err := strconv.ParseFloat(strings.ReplaceAll(s, "−", "-"), 64)
	if err != nil {
		*ps = append(*ps, study.Problem{Field: field, Message: fmt.Sprintf("%q is not a number; write it with a decimal point, e.g. 0.58 (58%% as a proportion)", s)})
		return nil
	}
	return &x
}

// mergeProblems puts the problems of text that is not a number first and
// drops what validation then says about the same (now empty) field.
func mergeProblems(parse, valid study.Problems) study.Problems {
	bad := map[string]bool{}
	for _, p := range parse {
		bad[p.Field] = true
	}
	out := slices.Clone(parse)
	for _, p := range valid {
		if !bad[p.Field] {
			out = append(out, p)
		}
	}
	return out
}

// showRows sets how many rows each group shows: the filled ones, at
// least one empty one, as many as were shown before, plus one for an
// "add another" button.
func (f *studyForm) showRows(add string) {
	filled := map[string]int{groupAuthors: len(f.Authors), groupEditors: len(f.Editors), groupFindings: len(f.Findings), groupChecks: len(f.Checks)}
	for g, n := range filled {
		rows := max(n+1, minRows[g], f.rows[g])
		if g == add {
			rows = max(n+1, minRows[g], f.rows[g]) + 1
		}
		f.rows[g] = min(rows, maxRows)
	}
}

// keepOrder is chosen with the items of saved first, in saved's order:
// check boxes (topics, a check's fields) post in the form's order, and a
// save that changes none of them must not reorder the curator's list.
func keepOrder(saved, chosen []string) []string {
	out := make([]string, 0, len(chosen))
	for _, t := range saved {
		if slices.Contains(chosen, t) {
			out = append(out, t)
		}
	}
	for _, t := range chosen {
		if !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	return out
}
