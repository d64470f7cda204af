package cite

import "fmt"

// webpageBibliography is a web page's reference-list entry. Every pinned
// style lays a web page out apart from its other types, so the five layouts
// sit together here; each was read off citeproc-js 2.4.63 output
// (testdata/citeproc/expected.json). ContainerTitle is the website.
func webpageBibliography(it Item, st Style) rich {
	switch st {
	case APA:
		return apaWebpage(it)
	case MLA:
		return mlaWebpage(it)
	case Chicago:
		return chicagoWebpage(it)
	case Vancouver:
		return vancouverWebpage(it)
	}
	return harvardWebpage(it)
}

// apaWebpage: the date as far as it is known, the title in italics, the
// site in roman, then the URL.
func apaWebpage(it Item) rich {
	author := names(it.Author, apaBibNames)
	// "(2023)", "(2022, June)" or "(2023, June 12)".
	date := "(n.d.)"
	if y := it.year(); y != "" {
		date = "(" + join(", ", txt(y), join(" ", txt(it.month(monthsLong)), txt(itoaDay(it.Issued.Day())))).String() + ")"
	}
	title := ital(txt(it.title()))
	if author.empty() {
		author, title = title, nil
	}
	main := join(". ", author, txt(date), title, txt(text(it.ContainerTitle)))
	return join(" ", affix("", main, "."), txt(it.URL))
}

// mlaWebpage: the title in quotes inside a site in italics, or in italics
// when there is no site; then the full date and the URL.
func mlaWebpage(it Item) rich {
	author := names(it.Author, mlaBibNames)
	title := mlaTitle(it)
	if author.empty() {
		author, title = title, nil
	}
	details := join(", ", ital(txt(it.titleCase(text(it.ContainerTitle)))), txt(it.mlaIssued(true)), txt(it.URL))
	return affix("", join(". ", author, title, details), ".")
}

// chicagoWebpage: the year after the author, and the date again, in full,
// before the URL.
func chicagoWebpage(it Item) rich {
	author := names(it.Author, chicagoBibNames)
	title := chicagoTitle(it)
	if author.empty() {
		author, title = title, nil
	}
	date := txt("n.d.")
	if y := it.year(); y != "" {
		date = txt(y)
	}
	out := cat(join(". ", author, date, title),
		affix(". ", txt(text(it.ContainerTitle)), ""),
		affix(". ", txt(it.chicagoIssued()), ""),
		affix(". ", txt(it.URL), ""))
	return affix("", out, ".")
}

// vancouverWebpage: "[Internet]" after the title when there is no site;
// with a site, the site stands where the title would and the title follows
// the date.
func vancouverWebpage(it Item) rich {
	author := names(it.Author, vancouverNames)
	date := join(" ", txt(it.year()), affix("[cited ", txt(vancouverDay(it.Accessed)), "]"))
	var head, tail rich
	if it.ContainerTitle != "" {
		head = txt(text(it.ContainerTitle))
		tail = txt(it.title())
	} else {
		head = cat(txt(it.title()), txt(" [Internet]"))
	}
	var access rich
	if it.URL != "" {
		access = txt("Available from: " + it.URL)
	}
	return trimRight(join(" ", affix("", join(". ", author, head, date, tail), "."), access))
}

// harvardWebpage: the title and the site in italics, then "Available at"
// with the day the page was read.
func harvardWebpage(it Item) rich {
	author := names(it.Author, harvardBibNames)
	title := ital(txt(it.title()))
	if author.empty() {
		author, title = title, nil
	}
	year := "(no date)"
	if y := it.year(); y != "" {
		year = "(" + y + ")"
	}
	main := join(" ", author, txt(year), join(", ", title, ital(txt(text(it.ContainerTitle)))))
	var access rich
	if it.URL != "" {
		access = join(" ", txt("Available at: "+it.URL), affix("(Accessed: ", txt(harvardDay(it.Accessed)), ")"))
	}
	return affix("", join(". ", main, access), ".")
}

// chicagoIssued is "June 12, 2023", "June 2023" or "2023".
func (it Item) chicagoIssued() string {
	y, m := it.year(), it.month(monthsLong)
	if y == "" || m == "" {
		return y
	}
	if d := it.Issued.Day(); d != 0 {
		return fmt.Sprintf("%s %d, %s", m, d, y)
	}
	return m + " " + y
}

// vancouverDay is "2024 Mar 5", or "" without a full date.
func vancouverDay(d *Date) string {
	if d.Day() == 0 || d.Month() < 1 || d.Month() > 12 {
		return ""
	}
	return fmt.Sprintf("%d %s %d", d.Year(), monthsShort[d.Month()-1], d.Day())
}

// harvardDay is "5 March 2024" (en-GB), or "" without a full date.
func harvardDay(d *Date) string {
	if d.Day() == 0 || d.Month() < 1 || d.Month() > 12 {
		return ""
	}
	return fmt.Sprintf("%d %s %d", d.Day(), monthsLong[d.Month()-1], d.Year())
}

// itoaDay is a day of the month, or "" for none.
func itoaDay(d int) string {
	if d == 0 {
		return ""
	}
	return fmt.Sprint(d)
}
