package ingest

import (
	"context"
	"strings"
	"testing"
)

// bibCases are small BibTeX inputs, each with the record it must give
// first (and how many records in all, when not one).
var bibCases = []struct {
	name, in, want string
	count          int
}{
	{"crossref keeps the chapter's own year and pulls the rest",
		`@incollection{ch, author = {A, B}, title = {Chapter}, year = {2001}, crossref = {bk}}
@book{bk, editor = {E, F}, title = {The book}, year = {1999}, publisher = {P}, address = {Q}, edition = {2nd}}`,
		`line: 1
id: a-2001-chapter
type: chapter
title: Chapter
year: 2001
authors: A, B.
editors: E, F.
container: The book
publisher: P
place: Q
edition: 2`, 2},
	{"crossref to a key not in the file",
		`@incollection{ch, author = {A, Bo}, title = {Chapter}, booktitle = {Own}, year = 2001, crossref = {missing}}`,
		`line: 1
id: a-2001-chapter
type: chapter
title: Chapter
year: 2001
authors: A, Bo
container: Own
warning: line 1: crossref "missing": no entry with that key in this file`, 1},
	{"EndNote's upper-case field names",
		"@article{RN1,\n   author = {Roisman, G. I.},\n   title = {T},\n   journal = {J},\n   year = {2002},\n   DOI = {10.1111/1467-8624.00467},\n   url = {<Go to ISI>://WOS:000177034100016},\n   ISSN = {0009-3920 (Print)},\n   type = {Journal Article}\n}",
		`line: 1
id: roisman-2002
type: article
title: T
year: 2002
authors: Roisman, G. I.
journal: J
doi: 10.1111/1467-8624.00467
warning: line 7: "<Go to ISI>://WOS:000177034100016" is not an http or https link; left out`, 1},
	{"a macro used before its @string",
		"@article{a, journal = jx, title = {T}, author = {A, Bo}, year = 2000}\n@string{jx = {Journal X}}",
		`line: 1
id: a-2000
type: article
title: T
year: 2000
authors: A, Bo
journal: jx
warning: line 1: journal: @string macro "jx" is not defined; kept as text`, 1},
	{"month macros, concatenation and biblatex fields",
		`@article{b, author = {A, Bo}, title = {Main}, subtitle = {The sub}, journaltitle = {J} # { } # "X", date = {2019-05-01}, month = may # "~" # jun, issue = {2}}`,
		`line: 1
id: a-2019-main
type: article
title: Main: The sub
year: 2019
authors: A, Bo
journal: J X
issue: 2`, 1},
	{"classic @inbook: the title is the book's, the chapter names the chapter",
		`@inbook{c, author = {A, Bo}, title = {The book}, chapter = {The chapter}, publisher = {P}, year = 2010, pages = {5--9}}`,
		`line: 1
id: a-2010-chapter
type: chapter
title: The chapter
year: 2010
authors: A, Bo
container: The book
publisher: P
pages: 5-9`, 1},
	{"report number, series and institution",
		`@techreport{r, author = {{National Institute}}, title = {Report}, institution = {NIMH}, series = {Reports}, number = {12}, year = 2001}`,
		`line: 1
id: ni-2001-report
type: report
title: Report
year: 2001
authors: {National Institute}
container: Reports
publisher: NIMH
number: 12`, 1},
	{"missing comma between fields",
		"@article{m,\n  author = {A, Bo}\n  title = {T}\n  year = 2000\n}",
		`line: 1
type: article
authors: A, Bo
error: line 2: missing comma after the value of author: fields are separated by commas`, 1},
	{"title case is pointed out",
		`@article{t, author = {A, Bo}, title = {Earned-Secure Attachment Status In Retrospect And Prospect}, year = 2002}`,
		`line: 1
id: a-2002-earned-secure
type: article
title: Earned-Secure Attachment Status In Retrospect And Prospect
year: 2002
authors: A, Bo
warning: line 1: the title is in title case; litkb keeps titles in sentence case (proper nouns capitalised)`, 1},
	{"a field given twice",
		"@book{d,\n title = {First},\n title = {Second},\n year = 2000, author = {A, Bo}}",
		`line: 1
id: a-2000-first
type: book
title: First
year: 2000
authors: A, Bo
warning: line 3: title is given twice; the first is kept`, 1},
	{"entry without a key",
		"@book{title = {Keyless}, year = 2000, author = {A, Bo}}",
		`line: 1
id: a-2000-keyless
type: book
title: Keyless
year: 2000
authors: A, Bo`, 1},
}

func TestBibTeXCases(t *testing.T) {
	for _, tc := range bibCases {
		t.Run(tc.name, func(t *testing.T) {
			recs, err := Parse(context.Background(), BibTeX, strings.NewReader(tc.in))
			if err != nil {
				t.Fatal(err)
			}
			if len(recs) != tc.count {
				for _, r := range recs {
					t.Log(summary(r))
				}
				t.Fatalf("%d records, want %d", len(recs), tc.count)
			}
			if got := summary(recs[0]); got != tc.want {
				t.Errorf("\n%s", lineDiff(got, tc.want))
			}
		})
	}
}
