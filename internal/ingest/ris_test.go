package ingest

import (
	"context"
	"strings"
	"testing"
)

// risCases are small RIS inputs with every record they must give.
var risCases = []struct {
	name, in string
	want     []string
}{
	{"et al. as an author line",
		"TY  - JOUR\nAU  - Roisman, Glenn I.\nAU  - et al.\nTI  - T\nT2  - J\nPY  - 2002\nER  - \n",
		[]string{`line: 1
id: roisman-2002
type: article
title: T
year: 2002
authors: Roisman, Glenn I.
journal: J
warning: line 3: the author list ends in "et al.": add the missing names from the source`}},
	{"old Macintosh line endings and one-space tags",
		"TY - BOOK\rA1 - Bowlby, John\rT1 - Attachment and loss\rY1 - 1969/01/01/Spring\rPB - Basic Books\rER -\r",
		[]string{`line: 1
id: bowlby-1969-attachment-loss
type: book
title: Attachment and loss
year: 1969
authors: Bowlby, John
publisher: Basic Books`}},
	{"a range in SP, BT for a chapter's book, a series for a report",
		"TY  - CHAP\nAU  - A, Bo\nTI  - Chapter\nBT  - The book\nSP  - 12–19\nEP  - 19\nPY  - 2001\nER  - \nTY  - RPRT\nAU  - A, Bo\nTI  - Report\nT2  - Working papers\nPB  - Institute\nPY  - 2002\nER  - \n",
		[]string{`line: 1
id: a-2001-chapter
type: chapter
title: Chapter
year: 2001
authors: A, Bo
container: The book
pages: 12-19`, `line: 9
id: a-2002-report
type: report
title: Report
year: 2002
authors: A, Bo
container: Working papers
publisher: Institute`}},
	{"an ER with no record and a header made of tags litkb does not know",
		"ER  - \nXY  - header\n\nTY  - JOUR\nAU  - A, Bo\nTI  - T\nPY  - 2000\nER  - \n",
		[]string{`line: 4
id: a-2000
type: article
title: T
year: 2000
authors: A, Bo`}},
}

func TestRISCases(t *testing.T) {
	for _, tc := range risCases {
		t.Run(tc.name, func(t *testing.T) {
			recs, err := Parse(context.Background(), RIS, strings.NewReader(tc.in))
			if err != nil {
				t.Fatal(err)
			}
			if len(recs) != len(tc.want) {
				for _, r := range recs {
					t.Log(summary(r))
				}
				t.Fatalf("%d records, want %d", len(recs), len(tc.want))
			}
			for i, want := range tc.want {
				if got := summary(recs[i]); got != want {
					t.Errorf("record %d:\n%s", i+1, lineDiff(got, want))
				}
			}
		})
	}
}

func TestRISTagLine(t *testing.T) {
	for _, tc := range []struct {
		line, tag, value string
		ok               bool
	}{
		{"TY  - JOUR", "TY", "JOUR", true},
		{"ER  - ", "ER", "", true},
		{"ER  -", "ER", "", true},
		{"TY - JOUR", "TY", "JOUR", true},
		{"A1  - Smith, J", "A1", "Smith, J", true},
		{"PMID- 12146743", "PMID", "12146743", true},
		{"FAU - Roisman, Glenn I", "FAU", "Roisman, Glenn I", true},
		{"TY- JOUR", "", "", false},
		{"TY  -JOUR", "", "", false},
		{"Provider: Clarivate", "", "", false},
		{"whether retrospectively defined - adults", "", "", false},
		{"1Y  - x", "", "", false},
	} {
		tag, value, ok := risTagLine(tc.line)
		if tag != tc.tag || value != tc.value || ok != tc.ok {
			t.Errorf("risTagLine(%q) = %q, %q, %v; want %q, %q, %v", tc.line, tag, value, ok, tc.tag, tc.value, tc.ok)
		}
	}
}
