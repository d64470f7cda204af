package cite

// mla renders MLA 9th edition as modern-language-association.csl does.
type mla struct{}

var (
	mlaBibNames = nameOpts{sortOrder: sortFirst, and: "text", precLast: "always", precEtAl: "always",
		etAlMin: 3, etAlFirst: 1, initWith: ". "} // initialize="false": only bare initials change
	mlaOtherNames = nameOpts{and: "text", etAlMin: 3, etAlFirst: 1} // "edited by …"
	mlaCiteNames  = nameOpts{short: true, and: "text", etAlMin: 3, etAlFirst: 1}
)

func (mla) bibliography(it Item) rich {
	author := names(it.Author, mlaBibNames)
	editorsAsAuthor := false
	if author.empty() && len(it.Editor) > 0 {
		author = cat(names(it.Editor, mlaBibNames), txt(", "+plural(len(it.Editor), "editor", "editors")))
		editorsAsAuthor = true
	}
	title := mlaTitle(it)
	if author.empty() {
		author, title = title, nil
	}
	var others rich
	if !editorsAsAuthor && len(it.Editor) > 0 {
		verb := "edited by "
		if it.ContainerTitle == "" {
			verb = "Edited by "
		}
		others = cat(txt(verb), names(it.Editor, mlaOtherNames))
	}
	var ed rich
	if it.Edition != "" {
		if _, ok := editionNumber(it.Edition); ok {
			ed = txt(edition(it.Edition, "ed."))
		} else {
			ed = txt(capitalizeFirst(text(it.Edition)))
		}
	}
	var pages rich
	if it.Page != "" {
		pages = txt(pagesLabel(it.Page) + " " + pageRange(it.Page, "minimal-two"))
	}
	uri := it.doiURL()
	if uri == "" {
		uri = it.URL
	}
	details := join(", ",
		ital(txt(it.titleCase(text(it.ContainerTitle)))),
		others,
		ed,
		mlaNumber(it),
		mlaPublisher(it),
		mlaDate(it),
		join(", ", pages, txt(uri)),
	)
	return affix("", join(". ", author, title, txt(it.originalYear()), details), ".")
}

func mlaTitle(it Item) rich {
	if it.ContainerTitle != "" {
		return txt("“" + smartQuotes(it.titleCase(it.Title), true) + "”")
	}
	return ital(txt(it.titleCase(it.title())))
}

// mlaNumber is volume, issue and number ("vol. 73, no. 4").
func mlaNumber(it Item) rich {
	var vol rich
	if it.Volume != "" {
		if it.Edition != "" || it.ContainerTitle != "" || (len(it.Author) > 0 && len(it.Editor) > 0) {
			vol = txt("vol. " + it.volume())
		} else if len(it.Author) > 0 || len(it.Editor) > 0 {
			vol = nil // a volume of a book by its author alone is not printed by the style
		} else {
			vol = txt("Vol. " + it.volume())
		}
	}
	var issue rich
	if it.Issue != "" {
		issue = txt("no. " + it.issue())
	}
	var genre rich
	if it.Type == "report" {
		genre = txt(text(it.Genre))
	}
	// A data set's version stands bare before its number ("2.1, ICPSR 21940").
	return join(", ", vol, issue, txt(text(it.Version)), genre, txt(text(it.Number)))
}

func mlaPublisher(it Item) rich {
	switch it.Type {
	case "thesis":
		return join(". ", txt(it.year()), join(", ", txt(text(it.Publisher)), txt(text(it.Genre))))
	case "article-journal":
		return nil
	}
	return txt(text(it.Publisher))
}

func mlaDate(it Item) rich {
	switch it.Type {
	case "thesis":
		return nil // given with the publisher
	case "article-journal":
		return txt(it.mlaIssued(false))
	case "report", "article", "manuscript", "dataset":
		return txt(it.mlaIssued(true))
	}
	return txt(it.year())
}

func (mla) citation(it Item) string {
	return "(" + join(" ", mlaCiteAuthor(it), txt(it.locator("minimal-two", false))).String() + ")"
}

func (mla) narrative(it Item) string {
	return join(" ", mlaCiteAuthor(it), affix("(", txt(it.locator("minimal-two", false)), ")")).String()
}

func mlaCiteAuthor(it Item) rich {
	if len(it.Author) > 0 {
		return names(it.Author, mlaCiteNames)
	}
	if len(it.Editor) > 0 {
		return names(it.Editor, mlaCiteNames)
	}
	return mlaTitle(it)
}
