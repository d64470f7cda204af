package server

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"litkb/internal/study"
)

// formView is the study form, laid out in sections.
type formView struct {
	Work       []*formField
	Authors    *formGroup
	Source     []*formField
	Links      []*formField
	Topics     *formChoices
	About      []*formField
	Summary    *formField
	Editors    *formGroup
	Findings   *formGroup
	Confidence *formField
	Checks     *formGroup
	Notes      []*formField
	Retraction *formField
	Rows       map[string]int // hidden rows.<group> fields
	Problems   []problemLink  // every problem, in form order, for the summary

	// Notices are shown and carried in hidden fields, not edited: they
	// are the registry's (see studyForm).
	Notices        []study.Notice
	NoticesChecked string
}

func textField(name, label, value, hint string) *formField {
	return &formField{Name: name, Label: label, Value: value, Kind: "text", Hint: hint}
}

func selectField(name, label, value, hint, none string, values []string, labels func(string) string) *formField {
	f := &formField{Name: name, Label: label, Value: value, Kind: "select", Hint: hint}
	f.Options = append(f.Options, formOption{Value: "", Label: none, Selected: value == ""})
	known := false
	for _, v := range values {
		l := v
		if labels != nil {
			l = labels(v)
		}
		f.Options = append(f.Options, formOption{Value: v, Label: l, Selected: v == value})
		known = known || v == value
	}
	if !known && value != "" { // keep what was sent, so the problem beside it makes sense
		f.Options = append(f.Options, formOption{Value: value, Label: value + " (not a known value)", Selected: true})
	}
	return f
}

// buildForm lays out f for the template and puts each problem beside its
// field (or its row, or its group), listing them all for the summary.
func buildForm(f studyForm, vocab *study.Vocabulary, constructs []study.Construct, topics []study.Topic, editing bool, ps study.Problems) *formView {
	v := &formView{Rows: f.rows}
	idField := textField("id", "Id", f.ID, "Lowercase letters, digits and hyphens; the file name and permalink. Leave empty to make one from the first author, year and title (roisman-2002-earned-secure).")
	if editing {
		idField = &formField{Name: "id", Label: "Id", Value: f.ID, Kind: "static", Hint: "The id is the permalink and cannot change; to rename, create a new study."}
	}
	year := textField("year", "Year", f.Year, "")
	year.Mode = "numeric"
	originalYear := textField("original_year", "Year first published", f.OriginalYear, "For a reprint or new edition: the year of the original (1969 for Bowlby's 1982 edition). APA and Chicago cite it.")
	originalYear.Mode = "numeric"
	title := textField("title", "Title", f.Title, "Sentence case, proper nouns capitalised, as the work prints it.")
	title.Wide = true
	v.Work = []*formField{
		idField,
		selectField("type", "Type of work", f.Type, "", "Choose…", study.Types, typeLabel),
		title,
		year,
		textField("issued", "Date of issue", f.Issued, "Only when the work gives more than the year: 1997-08 or 1997-08-15, in the year above. MLA, Chicago and Vancouver print it for articles and reports."),
		originalYear,
	}
	v.Authors = peopleGroup(groupAuthors, "Authors", "Author", "In the order the work lists them. For an organisation as author, fill only “Organisation”. To remove someone, clear their row.", "Add another author", f.Authors, f.rows[groupAuthors])
	v.Source = []*formField{
		textField("journal", "Journal", f.Journal, "For an article."),
		textField("journal_abbrev", "Journal abbreviation", f.JournalAbbrev, "Its standard (NLM) abbreviation, such as J Pers Soc Psychol; Vancouver cites it."),
		textField("language", "Language", f.Language, "Leave empty for English; otherwise a language tag such as de. Titles in other languages are not title-cased."),
		textField("container", "Book, proceedings, series, institution or website", f.Container, "For a chapter: the book's title. For a conference paper: the proceedings' title. For a report: its series or institution. For a web page: the website's name."),
		textField("event", "Conference", f.Event, "For a conference paper: the conference's name, such as Biennial Meeting of the Society for Research in Child Development. Harvard prints it."),
		textField("publisher", "Publisher", f.Publisher, "For a thesis: the university. For a preprint: the server (PsyArXiv). For a data set: the repository."),
		textField("genre", "Kind of work", f.Genre, "For a thesis, report, manuscript, preprint or data set, as the reference prints it: Doctoral dissertation, Technical report, Unpublished manuscript. A preprint without one is cited as a preprint."),
		textField("number", "Report or data set number", f.Number, "Such as TR-12 or ICPSR 21940."),
		textField("version", "Version", f.Version, "For a data set: its version, such as 2.1."),
		textField("place", "Place of publication", f.Place, ""),
		textField("edition", "Edition", f.Edition, ""),
		textField("volume", "Volume", f.Volume, ""),
		textField("issue", "Issue", f.Issue, ""),
		textField("pages", "Pages", f.Pages, "A page or range, such as 1204-1219."),
		textField("article_number", "Article number", f.ArticleNumber, "Instead of pages, for journals that number articles."),
		textField("chapter", "Chapter", f.Chapter, ""),
	}
	doi := textField("doi", "DOI", f.DOI, "Bare or as a link: 10.1111/1467-8624.00467. Only when checked against the source.")
	source := textField("url", "URL of the original", f.URL, "The publisher's page, an http or https link: beside a DOI, or the only link when there is none.")
	source.Mode = "url"
	v.Links = []*formField{doi, source,
		textField("accessed", "Accessed", f.Accessed, "For a web page: the day you read it, as YYYY-MM-DD, such as 2024-03-05. Vancouver and Harvard print it."),
		textField("isbn", "ISBN", f.ISBN, "For a book or chapter: ISBN-10 or ISBN-13, with or without hyphens."),
		textField("pmid", "PubMed id (PMID)", f.PMID, "Digits only, as PubMed shows it."),
		textField("pmcid", "PubMed Central id (PMCID)", f.PMCID, "PMC and digits, such as PMC1234567."),
	}

	v.Topics = &formChoices{Name: "topics", Legend: "Topics", Hint: "At least one, before publishing.", Columns: true}
	for _, t := range topics {
		v.Topics.Options = append(v.Topics.Options, formOption{Value: t.ID, Label: t.Label, Selected: slices.Contains(f.Topics, t.ID)})
	}
	for _, t := range f.Topics {
		if vocab == nil || vocab.Topics[t].ID == "" {
			v.Topics.Options = append(v.Topics.Options, formOption{Value: t, Label: t + " (not in the vocabulary)", Selected: true})
		}
	}
	size := textField("sample_size", "Sample size", f.SampleSize, "People in the sample, when known.")
	size.Mode = "numeric"
	sample := textField("sample", "Sample", f.Sample, "The population and its size, in words.")
	sample.Wide = true
	v.About = []*formField{
		selectField("design", "Design", f.Design, "", "Not yet known", study.Designs, upperFirst),
		textField("design_detail", "Design detail", f.DesignDetail, ""),
		sample,
		size,
	}
	v.Summary = &formField{Name: "summary", Label: "Summary", Value: f.Summary, Kind: "textarea", Rows: 8, Wide: true,
		Hint: fmt.Sprintf("In our own words, %d–%d words before publishing; a blank line starts a new paragraph.", study.MinSummaryWords, study.MaxSummaryWords)}
	v.Editors = peopleGroup(groupEditors, "Editors", "Editor", "For a chapter or conference paper: the editors of the book or proceedings.", "Add another editor", f.Editors, f.rows[groupEditors])

	constructIDs := make([]string, 0, len(constructs))
	constructLabel := map[string]string{}
	for _, c := range constructs {
		constructIDs = append(constructIDs, c.ID)
		constructLabel[c.ID] = c.Label + " (" + c.ID + ")"
	}
	v.Findings = &formGroup{Name: groupFindings, Legend: "Findings", Add: "Add another finding",
		Hint: "Each finding is one statement in our own words, with the number and the page where the source reports it. To remove a finding, clear its row."}
	for i := 0; i < max(f.rows[groupFindings], len(f.Findings)); i++ {
		var x findingInput
		if i < len(f.Findings) {
			x = f.Findings[i]
		}
		at := fmt.Sprintf("findings[%d]", i+1)
		fid := textField(at+".id", "Id", x.ID, "f1, f2, …: the #anchor of its permalink.")
		if x.ID == "" && i >= len(f.Findings) {
			fid.Hint = "f" + strconv.Itoa(i+1) + ", …: the #anchor of its permalink."
		}
		num := func(name, label, value, hint string) *formField {
			fl := textField(at+"."+name, label, value, hint)
			fl.Mode = "decimal"
			return fl
		}
		whole := func(name, label, value, hint string) *formField {
			fl := textField(at+"."+name, label, value, hint)
			fl.Mode = "numeric"
			return fl
		}
		statement := &formField{Name: at + ".text", Label: "Statement", Value: x.Text, Kind: "textarea", Rows: 3, Wide: true}
		v.Findings.Rows = append(v.Findings.Rows, &formRow{Key: at, Legend: "Finding " + strconv.Itoa(i+1), Fields: []*formField{
			fid,
			statement,
			selectField(at+".construct", "Construct", x.Construct, "The operational definition (data/constructs.toml).", "Choose…", constructIDs, func(id string) string { return constructLabel[id] }),
			selectField(at+".measure", "Measure", x.Measure, "", "No number", study.Measures, upperFirst),
			num("value", "Value", x.Value, "A proportion as 0.58, not 58%."),
			textField(at+".unit", "Unit", x.Unit, ""),
			whole("n", "n", x.N, "People the value rests on."),
			whole("k", "k", x.K, "Studies or samples, for a meta-analysis."),
			num("ci_low", "95% CI low", x.CILow, ""),
			num("ci_high", "95% CI high", x.CIHigh, ""),
			textField(at+".population", "Population", x.Population, ""),
			textField(at+".page", "Page", x.Page, "Where the source reports it."),
		}})
	}

	v.Confidence = selectField("provenance.confidence", "Confidence", f.Confidence, "How sure we are of this entry as a whole.", "Choose…", study.Confidences, upperFirst)
	v.Checks = &formGroup{Name: groupChecks, Legend: "What was checked, against what", Add: "Add another check",
		Hint: "Each check names the fields one source confirmed. A DOI, volume, issue, pages or article number may appear only once a check lists it."}
	for i := 0; i < max(f.rows[groupChecks], len(f.Checks)); i++ {
		var c checkInput
		if i < len(f.Checks) {
			c = f.Checks[i]
		}
		at := fmt.Sprintf("provenance.checks[%d]", i+1)
		boxes := &formChoices{Name: at + ".fields", Legend: "Fields confirmed"}
		for _, name := range study.CheckableFields {
			boxes.Options = append(boxes.Options, formOption{Value: name, Label: strings.ReplaceAll(name, "_", " "), Selected: slices.Contains(c.Fields, name)})
		}
		for _, name := range c.Fields {
			if !slices.Contains(study.CheckableFields, name) {
				boxes.Options = append(boxes.Options, formOption{Value: name, Label: name + " (not a checkable field)", Selected: true})
			}
		}
		src := textField(at+".source", "Source", c.Source, "The kind of source, such as “publisher page” or “the PDF, p. 1210”.")
		src.Wide = true
		kind := selectField(at+".kind", "Kind of source", c.Kind, "Only the publisher or a registry can make a citation high confidence.", "Not said", study.CheckKinds, nil)
		v.Checks.Rows = append(v.Checks.Rows, &formRow{Key: at, Legend: "Check " + strconv.Itoa(i+1), Boxes: boxes, Fields: []*formField{kind, src}})
	}
	v.Notes = []*formField{
		{Name: "provenance.how_checked", Label: "How it was checked (public)", Value: f.HowChecked, Kind: "textarea", Rows: 3, Wide: true,
			Hint: "Readers see this on the study page: plain words, no field names."},
		{Name: "provenance.notes", Label: "Curator notes (private)", Value: f.Notes, Kind: "textarea", Rows: 3, Wide: true},
		{Name: "provenance.to_check", Label: "Still to check", Value: f.ToCheck, Kind: "textarea", Rows: 3, Wide: true,
			Hint: "One item a line; the drafts queue lists them."},
	}
	if f.Retraction != "" {
		v.Retraction = &formField{Name: "retraction", Label: "Why it was retracted", Value: f.Retraction, Kind: "textarea", Rows: 2, Wide: true,
			Hint: "Readers see this on the study page."}
	}
	v.Notices, v.NoticesChecked = f.Notices, f.NoticesChecked
	v.place(ps)
	return v
}

func peopleGroup(name, legend, one, hint, add string, list []personInput, rows int) *formGroup {
	g := &formGroup{Name: name, Legend: legend, Hint: hint, Add: add}
	for i := 0; i < max(rows, len(list)); i++ {
		var p personInput
		if i < len(list) {
			p = list[i]
		}
		at := fmt.Sprintf("%s[%d]", name, i+1)
		g.Rows = append(g.Rows, &formRow{Key: at, Legend: one + " " + strconv.Itoa(i+1), Fields: []*formField{
			textField(at+".family", "Family name", p.Family, "With its particle: van IJzendoorn."),
			textField(at+".given", "Given names", p.Given, ""),
			textField(at+".suffix", "Suffix", p.Suffix, "Jr., III"),
			textField(at+".literal", "Organisation", p.Literal, "Instead of a person's name."),
		}})
	}
	return g
}
