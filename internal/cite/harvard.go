package cite

// harvard renders Harvard as taught by Cite Them Right (12th edition), as
// the pinned harvard-cite-them-right.csl (2022-06-27, default-locale en-GB;
// see styles.go) does, in British English.
type harvard struct{}

var (
	harvardBibNames = nameOpts{sortOrder: sortAll, initialize: true, initWith: ".", and: "text",
		precLast: "never", etAlMin: 4, etAlFirst: 1, italicEtAl: true}
	harvardEditorNames = nameOpts{initialize: true, initWith: ".", and: "text"}
	harvardCiteNames   = nameOpts{short: true, and: "text", precLast: "never", etAlMin: 4, etAlFirst: 1, italicEtAl: true}
)

func (harvard) bibliography(it Item) rich {
	author := names(it.Author, harvardBibNames)
	editorsAsAuthor := false
	if author.empty() && len(it.Editor) > 0 {
		author = cat(names(it.Editor, harvardBibNames), txt(" ("+plural(len(it.Editor), "ed.", "eds")+")"))
		editorsAsAuthor = true
	}
	title := harvardTitle(it)
	if author.empty() {
		author, title = title, nil
	}
	year := "(no date)"
	if y := it.year(); y != "" {
		year = "(" + y + ")"
	}

	var in, eds, container rich
	if it.Type == "chapter" {
		in = txt("in")
		if len(it.Editor) > 0 {
			eds = cat(names(it.Editor, harvardEditorNames), txt(" ("+plural(len(it.Editor), "ed.", "eds")+")"))
		}
	}
	if it.ContainerTitle != "" {
		var preprint rich
		if it.Type == "article-journal" && it.Page == "" && it.Volume == "" {
			preprint = txt("[Preprint]")
		}
		container = join(". ", join(" ", ital(txt(text(it.ContainerTitle))), preprint), txt(harvardEdition(it)))
	}
	var secondary rich
	if it.Type != "chapter" && !editorsAsAuthor && len(it.Editor) > 0 {
		secondary = cat(txt("Edited by "), names(it.Editor, harvardEditorNames))
	}

	main := join(". ",
		join(" ", author, txt(year), join(", ", title, join(" ", in, eds, container))),
		secondary,
		join(", ", ital(txt(text(it.Event))), harvardPublisher(it)),
	)
	var location, pages rich
	if it.Type == "article-journal" {
		location = cat(txt(it.volume()), affix("(", txt(it.issue()), ")"))
	}
	if it.Type != "thesis" && it.Page != "" {
		pages = txt(pagesLabel(it.Page) + " " + pageRange(it.Page, ""))
	}
	var access rich
	if d := it.doiURL(); d != "" {
		access = txt("Available at: " + d)
	} else if it.URL != "" {
		access = txt("Available at: " + it.URL)
	}
	return affix("", cat(main, affix(", ", join(", ", location, pages), ""), affix(". ", access, "")), ".")
}

func harvardTitle(it Item) rich {
	switch it.Type {
	case "book", "report", "thesis":
		return join(". ", ital(txt(it.title())), txt(harvardEdition(it)))
	}
	return txt("‘" + smartQuotes(it.Title, false) + "’")
}

func harvardEdition(it Item) string {
	if it.Edition == "" {
		return ""
	}
	return edition(it.Edition, "edn") // "edn." with strip-periods
}

func harvardPublisher(it Item) rich {
	pub := join(": ", txt(text(it.PublisherPlace)), txt(text(it.Publisher)))
	switch it.Type {
	case "thesis":
		return join(". ", txt(text(it.Genre)), txt(text(it.Publisher)))
	case "report":
		return join(". ", join(" ", txt(text(it.Genre)), txt(text(it.Number))), pub)
	case "article-journal":
		return nil
	}
	return join(" ", pub, affix("(", txt(text(it.CollectionTitle)), ")"))
}

func (harvard) citation(it Item) string {
	return "(" + join(", ", harvardCiteAuthor(it), txt(harvardCiteYear(it)), txt(it.locator("", true))).String() + ")"
}

func (harvard) narrative(it Item) string {
	return join(" ", harvardCiteAuthor(it),
		affix("(", join(", ", txt(harvardCiteYear(it)), txt(it.locator("", true))), ")")).String()
}

func harvardCiteAuthor(it Item) rich {
	if len(it.Author) > 0 {
		return names(it.Author, harvardCiteNames)
	}
	if len(it.Editor) > 0 {
		return names(it.Editor, harvardCiteNames)
	}
	return harvardTitle(it)
}

func harvardCiteYear(it Item) string {
	if y := it.year(); y != "" {
		return y
	}
	return "no date"
}
