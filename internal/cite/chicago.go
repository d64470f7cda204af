package cite

// chicago renders the Chicago Manual of Style 17th edition, author-date, as
// chicago-author-date.csl does.
type chicago struct{}

var (
	chicagoBibNames = nameOpts{sortOrder: sortFirst, and: "text", precLast: "always",
		etAlMin: 11, etAlFirst: 7, demote: true}
	chicagoOtherNames = nameOpts{and: "text", etAlMin: 11, etAlFirst: 7} // "edited by …"
	chicagoCiteNames  = nameOpts{short: true, and: "text", etAlMin: 4, etAlFirst: 1}
)

func (chicago) bibliography(it Item) rich {
	author := names(it.Author, chicagoBibNames)
	editorsAsAuthor := false
	if author.empty() && len(it.Editor) > 0 {
		author = cat(names(it.Editor, chicagoBibNames), txt(", "+plural(len(it.Editor), "ed.", "eds.")))
		editorsAsAuthor = true
	}
	title := chicagoTitle(it)
	if author.empty() {
		author, title = title, nil
	}
	date := txt("n.d.")
	if y := it.year(); y != "" {
		date = join(" ", affix("(", txt(it.originalYear()), ")"), txt(y))
	}
	out := join(". ", author, date, title)

	var secondary, containerEds rich
	if !editorsAsAuthor && len(it.Editor) > 0 {
		if it.Type == "chapter" {
			containerEds = affix(", ", cat(txt("edited by "), names(it.Editor, chicagoOtherNames)), "")
		} else {
			secondary = affix(". ", cat(txt("Edited by "), names(it.Editor, chicagoOtherNames)), "")
		}
	}
	var description rich
	switch it.Type {
	case "report":
		description = affix(". ", join(" ", txt(capitalizeFirst(text(it.Genre))), txt(text(it.Number))), "")
	case "article", "manuscript", "dataset":
		// The style prints neither a data set's number nor its version.
		description = affix(". ", txt(capitalizeFirst(text(it.Genre))), "")
	}
	var container rich
	if it.ContainerTitle != "" {
		c := ital(txt(it.titleCase(text(it.ContainerTitle))))
		if it.Type == "chapter" {
			c = cat(txt("In "), c)
		}
		container = affix(". ", c, "")
	}
	var ed rich
	if it.Edition != "" {
		switch it.Type {
		case "book", "report":
			if _, ok := editionNumber(it.Edition); ok {
				ed = txt(". " + edition(it.Edition, "ed")) // strip-periods on the term
			} else {
				ed = txt(". " + capitalizeFirst(text(it.Edition)))
			}
		case "chapter":
			ed = affix(", ", txt(edition(it.Edition, "ed.")), "")
		}
	}
	var chapterPages rich
	if it.Type == "chapter" && it.Page != "" {
		chapterPages = affix(", ", txt(pageRange(it.Page, "chicago")), "")
	}
	var locators, articlePages rich
	if it.Type == "article-journal" {
		switch {
		case it.Volume != "":
			// The month stands where the issue would: "2 (May):3–4".
			locators = cat(txt(" "+it.volume()), affix(" (", txt(firstOf(it.issue(), it.month(monthsLong))), ")"))
			if it.Issue != "" {
				articlePages = affix(": ", txt(pageRange(it.Page, "chicago")), "")
			} else {
				articlePages = affix(":", txt(pageRange(it.Page, "chicago")), "")
			}
		case it.Issue != "":
			locators = cat(txt(", no. "+it.issue()), affix(" (", txt(it.month(monthsLong)), ")"))
			articlePages = affix(", ", txt(pageRange(it.Page, "chicago")), "")
		default:
			locators = affix(", ", txt(it.month(monthsLong)), "")
			articlePages = affix(", ", txt(pageRange(it.Page, "chicago")), "")
		}
	} else if it.Volume != "" && (it.Type != "chapter" || it.Page == "") {
		locators = txt(". Vol. " + it.volume())
	}
	var series rich
	if it.Type != "article-journal" {
		series = affix(". ", txt(it.titleCase(text(it.CollectionTitle))), "")
	}
	var issue rich
	if it.Type != "article-journal" {
		var genre rich
		if it.Type == "thesis" {
			genre = txt(capitalizeFirst(text(it.Genre)))
		}
		issue = affix(". ", join(", ", genre, join(": ", txt(text(it.PublisherPlace)), txt(text(it.Publisher)))), "")
	}
	access := it.doiURL()
	if access == "" {
		access = it.URL
	}
	out = cat(out, description, secondary, container, containerEds, ed, chapterPages, locators, series, issue, articlePages, affix(". ", txt(access), ""))
	return affix("", out, ".")
}

func chicagoTitle(it Item) rich {
	if it.Type == "book" {
		return ital(txt(it.titleCase(it.title())))
	}
	return txt("“" + smartQuotes(it.titleCase(it.Title), true) + "”")
}

func (chicago) citation(it Item) string {
	return "(" + join(", ", join(" ", chicagoCiteAuthor(it), chicagoCiteDate(it)), txt(it.locator("chicago", false))).String() + ")"
}

func (chicago) narrative(it Item) string {
	return join(" ", chicagoCiteAuthor(it),
		affix("(", join(", ", chicagoCiteDate(it), txt(it.locator("chicago", false))), ")")).String()
}

func chicagoCiteAuthor(it Item) rich {
	if len(it.Author) > 0 {
		return names(it.Author, chicagoCiteNames)
	}
	if len(it.Editor) > 0 {
		return names(it.Editor, chicagoCiteNames)
	}
	return chicagoTitle(it)
}

func chicagoCiteDate(it Item) rich {
	if y := it.year(); y != "" {
		return join(" ", affix("[", txt(it.originalYear()), "]"), txt(y))
	}
	return txt("n.d.")
}
