package study

import (
	"fmt"
	"time"
)

// A study's date beyond its year: Issued ("1997-08", "1997-08-15") says
// the month or day of issue, which MLA, Chicago and Vancouver print for
// some types, and OriginalYear the first publication of a reprint.

// IssuedParts returns the year, month and day of s.Issued (month and day 0
// when not given); ok is false when Issued is empty or not a date.
func IssuedParts(issued string) (year, month, day int, ok bool) {
	for _, layout := range []string{"2006-01-02", "2006-01"} {
		if t, err := time.Parse(layout, issued); err == nil {
			if layout == "2006-01" {
				return t.Year(), int(t.Month()), 0, true
			}
			return t.Year(), int(t.Month()), t.Day(), true
		}
	}
	return 0, 0, 0, false
}

// FormatIssued is the stored form of a year, month and day: "" when the
// month is unknown (the year alone is Year).
func FormatIssued(year, month, day int) string {
	switch {
	case month == 0:
		return ""
	case day == 0:
		return fmt.Sprintf("%04d-%02d", year, month)
	}
	return fmt.Sprintf("%04d-%02d-%02d", year, month, day)
}

func (s *Study) validateDates(ps *Problems) {
	if s.Issued != "" {
		y, _, _, ok := IssuedParts(s.Issued)
		switch {
		case !ok:
			ps.add("issued", "%q is not a date: write YYYY-MM or YYYY-MM-DD (a real calendar date), or leave issued out when only the year is known", s.Issued)
		case y != s.Year:
			ps.add("issued", "%q is in %d, but year is %d: the two must agree", s.Issued, y, s.Year)
		}
	}
	if s.OriginalYear != 0 && (s.OriginalYear < MinYear || s.OriginalYear >= s.Year) {
		ps.add("original_year", "%d must be before year (%d) and not before %d: it is the year the work was first published", s.OriginalYear, s.Year, MinYear)
	}
}

// itoa is n in decimal, or "" for 0 (an absent optional number).
func itoa(n int) string {
	if n == 0 {
		return ""
	}
	return fmt.Sprint(n)
}
