package cite

import "fmt"

// Dates beyond the year, as the pinned styles print them. Which types show
// the month or day differs by style and was read off citeproc-js output
// (testdata/citeproc/expected.json), not guessed: APA and Harvard print the
// year alone for every type litkb has but a web page (APA: its full date,
// webpage.go); MLA the month of an article and the
// full date of a report; Chicago an article's month in place of its issue;
// Vancouver an article's full date and a report's month.

// monthsLong are the en-US locale's month names (Chicago).
var monthsLong = [...]string{"January", "February", "March", "April", "May", "June",
	"July", "August", "September", "October", "November", "December"}

// monthsMLA are MLA's abbreviations (the style's own terms: "June", "Sept.").
var monthsMLA = [...]string{"Jan.", "Feb.", "Mar.", "Apr.", "May", "June",
	"July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec."}

// monthsShort are the locale's short forms with periods stripped (Vancouver).
var monthsShort = [...]string{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
	"Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}

// bibMonths are BibTeX's month macros.
var bibMonths = [...]string{"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"}

// month is the item's month of issue named from names, or "" when unknown.
func (it Item) month(names [12]string) string {
	if m := it.Issued.Month(); m >= 1 && m <= 12 {
		return names[m-1]
	}
	return ""
}

// originalYear is the year of first publication, or "".
func (it Item) originalYear() string {
	if y := it.OriginalDate.Year(); y != 0 {
		return fmt.Sprint(y)
	}
	return ""
}

// mlaIssued is "15 Aug. 1997", "Aug. 1997" or "1997"; withDay false drops
// the day (MLA prints an article's date as month and year).
func (it Item) mlaIssued(withDay bool) string {
	y := it.year()
	m := it.month(monthsMLA)
	if y == "" || m == "" {
		return y
	}
	if d := it.Issued.Day(); withDay && d != 0 {
		return fmt.Sprintf("%d %s %s", d, m, y)
	}
	return m + " " + y
}

// vancouverIssued is "1997 Aug 15", "1997 Aug" or "1997"; withDay false
// drops the day.
func (it Item) vancouverIssued(withDay bool) string {
	y := it.year()
	m := it.month(monthsShort)
	if y == "" || m == "" {
		return y
	}
	if d := it.Issued.Day(); withDay && d != 0 {
		return fmt.Sprintf("%s %s %d", y, m, d)
	}
	return y + " " + m
}

// firstOf is the first non-empty string.
func firstOf(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}
