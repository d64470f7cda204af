package ingest

import (
	"encoding/json"
	"regexp"
	"strconv"
	"strings"

	"litkb/internal/study"
)

// Dates beyond the year. Exports write a date of issue in their own forms;
// those read here keep the month and day (study.Issued): ISO "2002-05-01"
// and "2002-05" (biblatex date, CSL-JSON as litkb reads it), RIS
// "2002/05/01/" and "2002/05//", MEDLINE "2002 May 1" and "2002 May", and
// a BibTeX month. Anything else ("Spring 2002", "2002 Jul-Aug") keeps its
// year, and the rest is listed as not kept.

var (
	isoDateRE     = regexp.MustCompile(`^(\d{4})-(\d{1,2})(?:-(\d{1,2}))?$`)
	risDateRE     = regexp.MustCompile(`^(\d{4})/(\d{0,2})/(\d{0,2})/?$`)
	medlineDateRE = regexp.MustCompile(`^(\d{4}) ([A-Za-z]{3})(?: (\d{1,2}))?$`)
)

// dateParts reads the month and day of v, a date in one of the forms
// above. exact is false when v says something these do not hold; month is
// 0 when v gives none (or a month or day that is not on the calendar).
func dateParts(v string) (month, day int, exact bool) {
	v = strings.TrimSpace(v)
	if len(v) == 4 && isDigits(v) {
		return 0, 0, true
	}
	var y, m, dd string
	if p := isoDateRE.FindStringSubmatch(v); p != nil {
		y, m, dd = p[1], p[2], p[3]
	} else if p := risDateRE.FindStringSubmatch(v); p != nil {
		y, m, dd = p[1], p[2], p[3]
		if m == "" && dd == "" {
			return 0, 0, true // "2002///"
		}
	} else if p := medlineDateRE.FindStringSubmatch(v); p != nil {
		n := monthNumber(p[2])
		if n == 0 {
			return 0, 0, false
		}
		y, m, dd = p[1], strconv.Itoa(n), p[3]
	} else {
		return 0, 0, false
	}
	year, _ := strconv.Atoi(y)
	month, _ = strconv.Atoi(m)
	day, _ = strconv.Atoi(dd)
	if month == 0 && day != 0 {
		return 0, 0, false
	}
	if _, _, _, ok := study.IssuedParts(study.FormatIssued(year, month, day)); !ok {
		return 0, 0, false
	}
	return month, day, true
}

// monthNumber reads an English month name or its first three letters, or
// a number 1-12; 0 when s is none of them.
func monthNumber(s string) int {
	s = strings.TrimSuffix(strings.ToLower(strings.TrimSpace(s)), ".")
	if n, err := strconv.Atoi(s); err == nil && n >= 1 && n <= 12 {
		return n
	}
	for i, name := range []string{"january", "february", "march", "april", "may", "june", "july",
		"august", "september", "october", "november", "december"} {
		if len(s) >= 3 && strings.HasPrefix(name, s) {
			return i + 1
		}
	}
	return 0
}

// setIssued keeps the month and day of v, a date in year y read from
// field; what v says beyond them is listed as not kept. It reports
// whether v was a date in year y.
func (d *draft) setIssued(field, v string, y int) bool {
	if fy, ok := findYear(v); !ok || fy != y {
		return false
	}
	m, day, exact := dateParts(v)
	if m != 0 {
		d.s.Issued = study.FormatIssued(y, m, day)
	}
	if !exact {
		d.drop(field, whyYearOnly)
	}
	return true
}

// setOriginalYear keeps the year of first publication, when it is a year
// before the year of this edition.
func (d *draft) setOriginalYear(field string, line int, v string) {
	y, ok := findYear(v)
	switch {
	case !ok:
		d.drop(field, "no year in it")
	case d.s.Year != 0 && y >= d.s.Year:
		d.warnf(line, "original date %q is not before the year %d; check it by hand", clip(v), d.s.Year)
		d.drop(field, "not before the year of this edition")
	default:
		d.s.OriginalYear = y
		if !yearOnly(v, y) {
			d.drop(field, "only the year of the original date is kept")
		}
	}
}

// readDates reads year, date (biblatex), month and origdate or origyear.
// date, the fuller form, gives the month and day; month gives the month
// when date does not.
func (e *bibEntry) readDates() {
	d := e.d
	year, yline := e.text("year")
	date, dline := e.text("date")
	switch {
	case year != "":
		d.setYear("year", yline, year)
		if date != "" && d.s.Year != 0 && !d.setIssued("date", date, d.s.Year) {
			d.drop("date", "its year differs from year, which is kept instead")
		}
	case date != "":
		d.setYear("date", dline, date)
	}
	if m, _ := e.text("month"); m != "" {
		n := monthNumber(m)
		switch {
		case d.s.Issued != "" && d.s.Year != 0:
			if _, im, _, _ := study.IssuedParts(d.s.Issued); im != n {
				d.drop("month", "it differs from the month of date, which is kept instead")
			}
		case n != 0 && d.s.Year != 0:
			d.s.Issued = study.FormatIssued(d.s.Year, n, 0)
		default:
			d.drop("month", "not a month litkb can read")
		}
	}
	if v, line := e.text("origdate", "origyear"); v != "" {
		field := "origdate"
		if !e.used[field] {
			field = "origyear"
		}
		d.setOriginalYear(field, line, v)
	}
}

// cslDate reads a CSL date as text setYear can read: the first date-parts
// as "2002-05-01", "2002-05" or "2002", or what cslYear reads.
func cslDate(v json.RawMessage) string {
	var date struct {
		DateParts json.RawMessage `json:"date-parts"`
	}
	y := cslYear(v)
	if json.Unmarshal(v, &date) != nil {
		return y
	}
	first := jsonFirst(date.DateParts)
	if len(first) == 0 || len(first) > 64 { // a date is three short numbers
		return y
	}
	var parts []json.RawMessage
	if json.Unmarshal(first, &parts) != nil || len(parts) < 2 || len(parts) > 3 {
		return y
	}
	out := y
	for _, p := range parts[1:] {
		t, err := jsonText(p)
		if err != nil || !isDigits(t) || len(t) > 2 {
			return y + " " + string(first) // not kept, and listed so
		}
		out += "-" + t
	}
	return out
}
