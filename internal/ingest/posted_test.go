package ingest

import (
	"strings"
	"testing"
)

// TestGenericRecords: a record that names no precise type is read from
// what it says of itself, and says so when the type is only inferred.
// Synthetic records.
func TestGenericRecords(t *testing.T) {
	tests := []struct {
		name, in              string
		f                     Format
		typ                   string
		inferred              bool
		publisher, genre, url string
	}{
		{"misc preprint by genre", "@misc{a, author = {A, Bo}, title = {T}, year = 2020, type = {Preprint}, publisher = {PsyArXiv}, doi = {10.31234/osf.io/x}}", BibTeX, "preprint", false, "PsyArXiv", "", ""},
		{"misc working paper", "@misc{a, author = {A, Bo}, title = {T}, year = 2020, type = {Working paper}, publisher = {SSRN}}", BibTeX, "preprint", false, "SSRN", "Working paper", ""},
		{"misc on a known server", "@misc{a, author = {A, Bo}, title = {T}, year = 2020, publisher = {bioRxiv}}", BibTeX, "preprint", false, "bioRxiv", "", ""},
		{"misc arXiv e-print", "@misc{a, author = {A, Bo}, title = {T}, year = 2020, eprint = {2001.01234}, eprinttype = {arxiv}}", BibTeX, "preprint", false, "arxiv", "", "https://arxiv.org/abs/2001.01234"},
		{"misc PubMed e-print is no server", "@misc{a, author = {A, Bo}, title = {T}, year = 2020, eprint = {123}, eprinttype = {pubmed}}", BibTeX, "manuscript", true, "", "", ""},
		{"misc data set", "@misc{a, author = {A, Bo}, title = {T}, year = 2020, type = {Dataset}, publisher = {ICPSR}, doi = {10.3886/x}}", BibTeX, "dataset", false, "ICPSR", "Dataset", ""},
		{"misc with an access date", "@misc{a, author = {A, Bo}, title = {T}, year = 2020, url = {https://example.org}, urldate = {2024-01-02}}", BibTeX, "webpage", true, "", "", "https://example.org"},
		{"misc publisher and DOI", "@misc{a, author = {A, Bo}, title = {T}, year = 2020, publisher = {Some Server}, doi = {10.1/x}}", BibTeX, "preprint", true, "Some Server", "", ""},
		{"misc Scholar manuscript", "@misc{a, author = {A, Bo}, title = {T}, year = 1998, publisher = {Unpublished manuscript, University of Leiden}}", BibTeX, "manuscript", false, "University of Leiden", "Unpublished manuscript", ""},
		{"misc saying nothing", "@misc{a, author = {A, Bo}, title = {T}, year = 1998}", BibTeX, "manuscript", true, "", "", ""},
		{"RIS GEN preprint", "TY  - GEN\nAU  - A, Bo\nTI  - T\nPY  - 2020\nM3  - Preprint\nPB  - PsyArXiv\nER  - \n", RIS, "preprint", false, "PsyArXiv", "", ""},
		{"RIS GEN web page", "TY  - GEN\nAU  - A, Bo\nTI  - T\nPY  - 2020\nUR  - https://example.org\nER  - \n", RIS, "webpage", true, "", "", "https://example.org"},
		{"PubMed preprint", "PMID- 1\nTI  - T.\nFAU - A, Bo\nDP  - 2020\nPT  - Journal Article\nPT  - Preprint\nTA  - bioRxiv\nJT  - bioRxiv : the preprint server for biology\n\n", RIS, "preprint", false, "bioRxiv", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			recs := parseString(t, tt.f, tt.in)
			if len(recs) != 1 || recs[0].Err != nil {
				t.Fatalf("records %+v", recs)
			}
			s := recs[0].Study
			if s.Type != tt.typ || s.Publisher != tt.publisher || s.Genre != tt.genre || s.URL != tt.url {
				t.Errorf("type %q publisher %q genre %q url %q, want %q %q %q %q", s.Type, s.Publisher, s.Genre, s.URL, tt.typ, tt.publisher, tt.genre, tt.url)
			}
			warned := false
			for _, w := range recs[0].Warnings {
				warned = warned || strings.Contains(w, "says only that this is some kind of work")
			}
			if warned != tt.inferred {
				t.Errorf("warned that the type was inferred: %v, want %v (%v)", warned, tt.inferred, recs[0].Warnings)
			}
		})
	}
}
