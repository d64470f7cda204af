package ingest

import (
	"slices"
	"strings"
	"testing"
)

// TestIdentifiers: a publisher's link beside a DOI, ISBNs, PMIDs and
// PMCIDs are kept in their one form from every format, and what is not
// one of them is listed as not kept, with the reason.
func TestIdentifiers(t *testing.T) {
	for _, tc := range []struct {
		name                   string
		f                      Format
		in                     string
		url, isbn, pmid, pmcid string
		notKept                []NotKept
		warning                string // part of a warning, when one is expected
	}{
		{"bibtex, as Zotero writes a book", BibTeX,
			"@book{b, author = {A, Bo}, title = {T}, publisher = {P}, year = 2002, isbn = {978-0-306-40615-7 (hbk.), 0-306-40615-2},\n doi = {10.1000/b}, url = {https://example.org/b}}",
			"https://example.org/b", "9780306406157", "", "", nil, ""},
		{"bibtex, an article with PubMed ids and an ISSN", BibTeX,
			"@article{a, author = {A, Bo}, title = {T}, journal = {J}, year = 2002, pmid = {12345678}, pmcid = {pmc1234567}, issn = {0009-3920}}",
			"", "", "12345678", "PMC1234567", []NotKept{{"issn", whyISSN}}, ""},
		{"bibtex, two books' ISBNs", BibTeX,
			"@book{b, author = {A, Bo}, title = {T}, year = 2002, isbn = {0-8044-2957-X; 978-0-306-40615-7}}",
			"", "080442957X", "", "", []NotKept{{"isbn", "only the first of several is kept"}}, ""},
		{"biblatex, a PMID as an e-print", BibTeX,
			"@article{a, author = {A, Bo}, title = {T}, journaltitle = {J}, date = 2002, eprint = {12345678}, eprinttype = {pubmed}}",
			"", "", "12345678", "", nil, ""},
		{"biblatex, an arXiv e-print", BibTeX,
			"@article{a, author = {A, Bo}, title = {T}, journaltitle = {J}, date = 2002, eprint = {2101.00001}, eprinttype = {arxiv}}",
			"", "", "", "", []NotKept{{"eprint", bibReasons["eprint"]}, {"eprinttype", bibReasons["eprinttype"]}}, ""},
		{"bibtex, a mistyped ISBN", BibTeX,
			"@book{b, author = {A, Bo}, title = {T}, year = 2002, isbn = {978-0-306-40615-8}}",
			"", "", "", "", []NotKept{{"isbn", "not an ISBN"}}, "is not an ISBN"},
		{"ris, as EndNote writes an article", RIS,
			"TY  - JOUR\nAU  - A, Bo\nTI  - T\nT2  - J\nPY  - 2002\nSN  - 0009-3920\nAN  - 12345678\nC2  - PMC1234567\nDO  - 10.1000/a\nUR  - https://example.org/a\nER  - \n",
			"https://example.org/a", "", "12345678", "PMC1234567", []NotKept{{"SN", whyISSN}}, ""},
		{"ris, another database's accession number and a chapter's C2", RIS,
			"TY  - CHAP\nAU  - A, Bo\nTI  - T\nT2  - B\nPY  - 2002\nSN  - 0-8044-2957-X\nAN  - WOS:000177\nC2  - Book, Author\nER  - \n",
			"", "080442957X", "", "", []NotKept{{"AN", risReasons["AN"]}, {"C2", noFieldReason}}, ""},
		{"ris, a PubMed link is the PMID", RIS,
			"TY  - JOUR\nAU  - A, Bo\nTI  - T\nT2  - J\nPY  - 2002\nUR  - https://www.ncbi.nlm.nih.gov/pubmed/12345678\nER  - \n",
			"", "", "12345678", "", nil, ""},
		{"medline", RIS,
			"PMID- 12345678\nTI  - T.\nFAU - A, Bo\nJT  - J\nDP  - 2002\nPMC - PMC1234567\nIS  - 0009-3920 (Print)\n",
			"", "", "12345678", "PMC1234567", []NotKept{{"IS", whyISSN}}, ""},
		{"csl-json", CSLJSON,
			`[{"type": "article-journal", "title": "T", "author": [{"family": "A"}], "issued": {"date-parts": [[2002]]}, "container-title": "J",
			"DOI": "10.1000/a", "URL": "https://example.org/a", "PMID": 12345678, "PMCID": "PMC1234567", "ISSN": "0009-3920"}]`,
			"https://example.org/a", "", "12345678", "PMC1234567", []NotKept{{"ISSN", whyISSN}}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			recs := parseString(t, tc.f, tc.in)
			if len(recs) != 1 || recs[0].Err != nil {
				t.Fatalf("records %+v", recs)
			}
			r := recs[0]
			s := r.Study
			got := []string{s.URL, s.ISBN, s.PMID, s.PMCID}
			if want := []string{tc.url, tc.isbn, tc.pmid, tc.pmcid}; !slices.Equal(got, want) {
				t.Errorf("url, isbn, pmid, pmcid = %q, want %q", got, want)
			}
			var listed []NotKept
			for _, n := range r.NotKept {
				if slices.Contains([]string{"url", "UR", "URL", "isbn", "SN", "AN", "C2", "PMC", "IS", "issn", "ISSN", "pmid", "pmcid", "PMID", "PMCID", "ISBN", "eprint", "eprinttype"}, n.Field) {
					listed = append(listed, n)
				}
			}
			if !slices.Equal(listed, tc.notKept) {
				t.Errorf("not kept %q, want %q", listed, tc.notKept)
			}
			warned := strings.Join(r.Warnings, "\n")
			if tc.warning != "" && !strings.Contains(warned, tc.warning) || tc.warning == "" && warned != "" {
				t.Errorf("warnings %q, want one containing %q", warned, tc.warning)
			}
		})
	}
}
