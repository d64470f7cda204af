package cite

import "strings"

// vancouver renders the Vancouver style (ICMJE / NLM) as vancouver.csl does.
type vancouver struct{}

var (
	vancouverNames = nameOpts{sortOrder: sortAll, initialize: true, initWith: "", noHyphen: true,
		sortSep: " ", precLast: "always", etAlMin: 7, etAlFirst: 6, stripSuffix: true}
	vancouverTextNames = nameOpts{short: true, and: "text", etAlMin: 3, etAlFirst: 1}
)

func (vancouver) bibliography(it Item) rich {
	author := names(it.Author, vancouverNames)
	editorsAsAuthor := false
	if author.empty() && len(it.Editor) > 0 {
		author = cat(names(it.Editor, vancouverNames), txt(", "+plural(len(it.Editor), "editor", "editors")))
		editorsAsAuthor = true
	}
	isPeriodical := it.Type == "article-journal"
	isPart := isPeriodical || it.Type == "chapter"

	title := txt(it.title())
	if !isPart {
		if it.URL != "" {
			title = cat(title, txt(" [Internet]"))
		}
		title = cat(title, affix(". ", txt(vancouverEdition(it)), ""))
	}
	if it.Type == "thesis" {
		title = cat(title, affix(" [", txt(text(it.Genre)), "]"))
	}

	var eds rich
	if !editorsAsAuthor && len(it.Editor) > 0 {
		eds = affix("", cat(names(it.Editor, vancouverNames), txt(", "+plural(len(it.Editor), "editor", "editors"))), ".")
	}
	var container rich
	if isPart {
		journal := it.ContainerTitle
		if it.Type == "article-journal" && strings.TrimSpace(it.ContainerTitleShort) != "" {
			journal = it.ContainerTitleShort // the style asks for form="short" here only
		}
		c := join(" ", txt(strings.ReplaceAll(text(journal), ".", "")), vancouverInternet(it))
		container = cat(affix("", c, "."), affix(" ", txt(vancouverEdition(it)), ""))
	}
	var in rich
	if it.Type == "chapter" {
		in = txt("In")
	}
	var publisher rich
	if !isPeriodical {
		place := txt(text(it.PublisherPlace))
		if it.Type == "thesis" {
			place = affix("[", place, "]")
		}
		publisher = affix("", join(": ", place, txt(text(it.Publisher))), ";")
	}
	var date, location, pages rich
	switch it.Type {
	case "article-journal":
		date = affix("", txt(it.vancouverIssued(true)), ";")
		location = cat(txt(it.volume()), affix("(", txt(it.issue()), ")"))
		pages = affix(":", txt(pageRange(it.Page, "minimal")), "")
	case "report":
		date = txt(it.vancouverIssued(false))
	default:
		date = affix("", txt(it.year()), ".")
	}
	if it.Type != "article-journal" && it.Type != "book" && it.Page != "" {
		pages = txt(" p. " + pageRange(it.Page, "minimal"))
	}
	var series, report rich
	if !isPeriodical && it.CollectionTitle != "" {
		series = affix("(", txt(text(it.CollectionTitle)), ")")
	}
	if it.Type == "report" {
		report = affix("Report No.: ", txt(text(it.Number)), "")
	}
	var access rich
	if it.URL != "" {
		access = txt("Available from: " + it.URL)
	}
	out := cat(
		affix("", join(". ", author, title), ". "),
		affix("", join(" ", join(": ", in, join(" ", eds, container)), publisher, cat(date, location, pages)), ". "),
		affix("", series, ". "),
		affix("", report, ". "),
		access,
	)
	return trimRight(out)
}

func vancouverInternet(it Item) rich {
	if it.URL != "" {
		return txt("[Internet]")
	}
	return nil
}

func vancouverEdition(it Item) string {
	if it.Edition == "" {
		return ""
	}
	if _, ok := editionNumber(it.Edition); ok {
		return edition(it.Edition, "ed.")
	}
	// The style's suffix "." is not doubled after an abbreviation
	// ("Rev."), as citeproc-js does not double punctuation.
	ed := text(it.Edition)
	if strings.HasSuffix(ed, ".") {
		return ed
	}
	return ed + "."
}

// citation is the reference's number; shown on its own it is number 1.
// vancouver.csl prints no locator, so a finding's page is not shown.
func (vancouver) citation(Item) string { return "(1)" }

// narrative is not defined by vancouver.csl (citeproc-js cannot print the
// author alone); litkb uses the NLM convention for naming authors in
// running text: one or two family names, or the first and "et al.",
// followed by the number.
func (vancouver) narrative(it Item) string {
	who := names(it.Author, vancouverTextNames)
	if who.empty() {
		who = names(it.Editor, vancouverTextNames)
	}
	return join(" ", who, txt("(1)")).String()
}

// trimRight drops trailing spaces left by a group's suffix.
func trimRight(r rich) rich {
	for len(r) > 0 {
		last := &r[len(r)-1]
		last.s = strings.TrimRight(last.s, " ")
		if last.s != "" {
			break
		}
		r = r[:len(r)-1]
	}
	return r
}
