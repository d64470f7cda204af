package ingest

import (
	"context"
	"strings"
	"testing"
)

// TestDatesBeyondTheYear: each format's date of issue keeps its month and
// day, and an original date its year; a date these forms cannot hold keeps
// its year only.
func TestDatesBeyondTheYear(t *testing.T) {
	const bib = "@book{b, author = {A, Bo}, title = {T}, publisher = {P}, "
	const ris = "TY  - JOUR\nAU  - A, Bo\nTI  - T\nJF  - J\n"
	const csl = `[{"type": "book", "title": "T", "author": [{"family": "A"}], "publisher": "P", `
	tests := []struct {
		name     string
		format   Format
		in       string
		year     int
		issued   string
		original int
	}{
		{"bibtex month macro", BibTeX, bib + "year = 1997, month = aug}", 1997, "1997-08", 0},
		{"bibtex month number", BibTeX, bib + "year = 1997, month = {8}}", 1997, "1997-08", 0},
		{"biblatex date", BibTeX, bib + "date = {1997-08-15}}", 1997, "1997-08-15", 0},
		{"biblatex date beside year and month", BibTeX, bib + "year = 1997, month = aug, date = {1997-08-15}}", 1997, "1997-08-15", 0},
		{"biblatex origdate", BibTeX, bib + "year = 1982, origdate = {1969}}", 1982, "", 1969},
		{"origyear", BibTeX, bib + "year = 1982, origyear = {1969}}", 1982, "", 1969},
		{"original later than the edition", BibTeX, bib + "year = 1982, origdate = {1990}}", 1982, "", 0},
		{"not a calendar date", BibTeX, bib + "date = {1997-02-30}}", 1997, "", 0},
		{"ris PY and DA", RIS, ris + "PY  - 1997\nDA  - 1997/08/15/\nER  - \n", 1997, "1997-08-15", 0},
		{"ris DA month only", RIS, ris + "DA  - 1997/08//\nER  - \n", 1997, "1997-08", 0},
		{"ris Y1 with a date", RIS, ris + "Y1  - 1997/08/15/\nER  - \n", 1997, "1997-08-15", 0},
		{"ris year only", RIS, ris + "PY  - 1997///\nER  - \n", 1997, "", 0},
		{"medline DP", RIS, "PMID- 1\nTI  - T.\nFAU - A, Bo\nJT  - J\nDP  - 2019 Jun 3\n", 2019, "2019-06-03", 0},
		{"medline DP month", RIS, "PMID- 1\nTI  - T.\nFAU - A, Bo\nJT  - J\nDP  - 2019 Jun\n", 2019, "2019-06", 0},
		{"medline DP season", RIS, "PMID- 1\nTI  - T.\nFAU - A, Bo\nJT  - J\nDP  - 2002 Jul-Aug\n", 2002, "", 0},
		{"csl full date", CSLJSON, csl + `"issued": {"date-parts": [[1997, 8, 15]]}}]`, 1997, "1997-08-15", 0},
		{"csl month as text", CSLJSON, csl + `"issued": {"date-parts": [["1997", "8"]]}}]`, 1997, "1997-08", 0},
		{"csl original date", CSLJSON, csl + `"issued": {"date-parts": [[1982]]}, "original-date": {"date-parts": [[1969]]}}]`, 1982, "", 1969},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			recs, err := Parse(context.Background(), tt.format, strings.NewReader(tt.in))
			if err != nil || len(recs) != 1 || recs[0].Err != nil {
				t.Fatalf("Parse: %v, %d records %+v", err, len(recs), recs)
			}
			s := recs[0].Study
			if s.Year != tt.year || s.Issued != tt.issued || s.OriginalYear != tt.original {
				t.Errorf("year %d, issued %q, original %d; want %d, %q, %d (not kept: %v)",
					s.Year, s.Issued, s.OriginalYear, tt.year, tt.issued, tt.original, recs[0].NotKept)
			}
		})
	}
}
