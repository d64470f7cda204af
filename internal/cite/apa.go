package cite

import "strings"

// apa renders APA 7th edition as apa.csl does.
type apa struct{}

var (
	apaBibNames = nameOpts{sortOrder: sortAll, initialize: true, initWith: ". ", and: "symbol",
		precLast: "always", etAlMin: 21, etAlFirst: 19, etAlLast: true}
	apaInlineNames = nameOpts{initialize: true, initWith: ". ", and: "symbol"} // editors of a book
	apaCiteNames   = nameOpts{short: true, and: "symbol", etAlMin: 3, etAlFirst: 1}
)

func (apa) bibliography(it Item) rich {
	author := names(it.Author, apaBibNames)
	editorsAsAuthor := false
	if author.empty() && len(it.Editor) > 0 {
		author = cat(names(it.Editor, apaBibNames), txt(" ("+plural(len(it.Editor), "Ed.", "Eds.")+")"))
		editorsAsAuthor = true
	}
	date := txt("(n.d.)")
	if y := it.year(); y != "" {
		date = txt("(" + y + ")")
	}
	title := apaTitle(it, editorsAsAuthor)
	if author.empty() {
		// Without author or editor the title moves to the front.
		author, title = title, nil
	}
	main := join(". ", author, date, title, apaContainer(it), apaPublisher(it))
	return join(" ", affix("", main, "."), apaAccess(it), affix("(Original work published ", txt(it.originalYear()), ")"))
}

// apaTitle is the title with its parenthetical ("(2nd ed.)") and bracketed
// ("[Doctoral dissertation, …]") descriptions.
func apaTitle(it Item, editorsAsAuthor bool) rich {
	var title rich
	if it.ContainerTitle != "" {
		title = txt(it.title())
	} else {
		title = ital(txt(it.title()))
	}
	var paren rich
	if it.ContainerTitle == "" && it.Type != "article-journal" {
		var secondary rich
		if !editorsAsAuthor && len(it.Editor) > 0 {
			secondary = cat(names(it.Editor, apaInlineNames), txt(", "+plural(len(it.Editor), "Ed.", "Eds.")))
		}
		var number rich
		if it.Number != "" && (it.Type == "report" || it.Type == "dataset") {
			number = join(" ", txt(it.titleCase(text(it.Genre))), txt("No. "+text(it.Number)))
		}
		var series rich
		if it.Type == "report" {
			series = txt(it.titleCase(text(it.CollectionTitle)))
		}
		var version rich
		if it.Version != "" && it.Type == "dataset" {
			version = txt("Version " + text(it.Version))
		}
		paren = affix("(", join("; ", secondary, number, join(", ", txt(apaEdition(it)), series), version), ")")
	}
	var bracket rich
	switch it.Type {
	case "thesis":
		var pub string
		if it.DOI != "" || it.URL != "" {
			pub = text(it.Publisher)
		}
		bracket = affix("[", join(", ", txt(capitalizeFirst(text(it.Genre))), txt(pub)), "]")
	case "report", "book", "article", "manuscript", "dataset":
		// A numbered report or data set has its genre before the number,
		// in the parentheses; a data set without a genre is "[Dataset]".
		genre := text(it.Genre)
		switch {
		case it.Number != "" && (it.Type == "report" || it.Type == "dataset"):
			genre = ""
		case genre == "" && it.Type == "dataset":
			genre = "Dataset"
		}
		if it.ContainerTitle == "" || it.Type == "book" {
			bracket = affix("[", txt(capitalizeFirst(genre)), "]")
		}
	}
	return join(" ", title, paren, bracket)
}

func apaEdition(it Item) string {
	if it.Edition == "" {
		return ""
	}
	return edition(it.Edition, "ed.")
}

func apaContainer(it Item) rich {
	switch it.Type {
	case "article-journal":
		var volIssue rich
		if it.Volume != "" {
			volIssue = cat(ital(txt(it.volume())), affix("(", txt(it.issue()), ")"))
		} else {
			volIssue = ital(txt(it.issue()))
		}
		where := txt(pageRange(it.Page, "expanded"))
		if it.Number != "" {
			where = txt("Article " + text(it.Number))
		}
		return join(", ", ital(txt(it.titleCase(text(it.ContainerTitle)))), volIssue, where)
	case "chapter", "book", "report", "thesis":
		if it.ContainerTitle == "" {
			return nil
		}
		var eds rich
		if len(it.Editor) > 0 {
			eds = cat(names(it.Editor, apaInlineNames), txt(" ("+plural(len(it.Editor), "Ed.", "Eds.")+")"))
		}
		var pages rich
		if it.Page != "" {
			pages = txt(pagesLabel(it.Page) + " " + pageRange(it.Page, "expanded"))
		}
		paren := affix("(", join(", ", txt(apaEdition(it)), pages), ")")
		return join(" ", txt("In"), join(", ", eds, ital(txt(text(it.ContainerTitle)))), paren)
	}
	return nil
}

func apaPublisher(it Item) rich {
	switch it.Type {
	case "article-journal":
		return nil
	case "thesis":
		if it.DOI != "" || it.URL != "" {
			return nil // named in the brackets after the title
		}
	}
	return txt(text(it.Publisher))
}

func apaAccess(it Item) rich {
	if d := it.doiURL(); d != "" {
		return txt(d)
	}
	return txt(it.URL)
}

func (apa) citation(it Item) string {
	return "(" + join(", ", apaCiteAuthor(it, "symbol"), apaCiteDate(it), txt(it.locator("expanded", true))).String() + ")"
}

// narrative follows the APA manual (7th ed., 8.17) rather than citeproc-js:
// "and" between two names in running text, where a parenthetical citation
// has "&". citeproc-js has no narrative form; Zotero builds one from the
// parenthetical names, which keeps the ampersand.
func (apa) narrative(it Item) string {
	return join(" ", apaCiteAuthor(it, "text"),
		affix("(", join(", ", apaCiteDate(it), txt(it.locator("expanded", true))), ")")).String()
}

func apaCiteAuthor(it Item, and string) rich {
	o := apaCiteNames
	o.and = and
	if len(it.Author) > 0 {
		return names(it.Author, o)
	}
	if len(it.Editor) > 0 {
		return names(it.Editor, o)
	}
	if it.ContainerTitle != "" {
		return txt(smartQuotes("\""+it.titleCase(it.title())+"\"", false))
	}
	return ital(txt(it.titleCase(it.title())))
}

func apaCiteDate(it Item) rich {
	if y := it.year(); y != "" {
		return join("/", txt(it.originalYear()), txt(y))
	}
	return txt("n.d.")
}

// plural picks the singular or plural term for n names.
func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// capitalizeFirst is CSL's text-case="capitalize-first": the first letter
// upper-cased when the first word is all lowercase.
func capitalizeFirst(s string) string {
	if s == "" {
		return s
	}
	return mapWord(s, 0, func(w string) string {
		if w == strings.ToLower(w) {
			return capitalise(w)
		}
		return w
	})
}
