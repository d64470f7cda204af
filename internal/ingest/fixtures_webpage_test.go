package ingest

import (
	"reflect"
	"testing"
)

// Web pages: biblatex's @online and RIS ELEC, with the site and the access
// date (kept for web pages only; an article's is listed as not kept).
func init() {
	fixtureTests = append(fixtureTests, []struct {
		file string
		want []string
	}{
		{"webpages.bib", []string{
			`line: 5
id: smith-2023-earned-security
type: webpage
title: What is earned security?
year: 2023
authors: Smith, Jane
container: Attachment Society
url: https://example.org/earned-security
accessed: 2024-03-05`,
			`line: 14
id: doe-2022-reflective-functioning
type: webpage
title: Reflective functioning explained
year: 2022
authors: Doe, John
url: https://example.org/rf
accessed: 2024-03-05`,
			`line: 22
id: roe-2020-article-read
type: article
title: An article read online
year: 2020
authors: Roe, Rita
journal: Journal of Examples
url: https://example.org/article`,
		}},
		{"webpages.ris", []string{
			`line: 1
id: smith-2023-earned-security
type: webpage
title: What is earned security?
year: 2023
authors: Smith, Jane
container: Attachment Society
url: https://example.org/earned-security
accessed: 2024-03-05`,
			`line: 11
id: doe-2022-reflective-functioning
type: webpage
title: Reflective functioning explained
year: 2022
authors: Doe, John
url: https://example.org/rf`,
		}},
	}...)
}

// TestAccessedNotKept pins what is said of an access date litkb does not
// keep: a time of day, a date without its day, an article's.
func TestAccessedNotKept(t *testing.T) {
	for _, tc := range []struct {
		file string
		line int
		want []NotKept
	}{
		{"webpages.bib", 14, []NotKept{{"urldate", "only the day the page was read is kept, not the time"}}},
		{"webpages.bib", 22, []NotKept{{"urldate", whyAccessed}}},
		{"webpages.ris", 1, []NotKept{{"Y2", "only the day the page was read is kept, not the time"}}},
		{"webpages.ris", 11, []NotKept{{"Y2", "not a full date (year, month and day): write it as YYYY-MM-DD"}}},
	} {
		found := false
		for _, r := range parseFile(t, tc.file) {
			if r.Line != tc.line {
				continue
			}
			found = true
			if !reflect.DeepEqual(r.NotKept, tc.want) {
				t.Errorf("%s line %d: not kept %v, want %v", tc.file, tc.line, r.NotKept, tc.want)
			}
		}
		if !found {
			t.Errorf("%s: no record at line %d", tc.file, tc.line)
		}
	}
}
