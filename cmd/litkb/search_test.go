package main

import (
	"testing"

	"litkb/internal/study"
)

// TestSearchLine: the command line names an edited book by its editors and
// shows the way to every original, not only a DOI or URL.
func TestSearchLine(t *testing.T) {
	tests := []struct {
		name         string
		st           study.Study
		byline, link string
	}{
		{"article", study.Study{Authors: []study.Person{{Family: "Roisman"}, {Family: "Padrón"}}, DOI: "10.1111/1467-8624.00467"},
			"Roisman et al.", "https://doi.org/10.1111/1467-8624.00467"},
		{"edited book", study.Study{Editors: []study.Person{{Family: "Grossmann"}, {Family: "Waters"}}, ISBN: "1593851456"},
			"Grossmann et al.", "ISBN 1593851456"},
		{"corporate author, PubMed only", study.Study{Authors: []study.Person{{Literal: "NICE"}}, PMID: "8625727"},
			"NICE", "https://pubmed.ncbi.nlm.nih.gov/8625727/"},
		{"no link", study.Study{Authors: []study.Person{{Family: "George"}}}, "George", "(no link to the original yet)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := firstAuthor(tt.st.Byline()); got != tt.byline {
				t.Errorf("byline %q, want %q", got, tt.byline)
			}
			if got := whereToFind(&tt.st); got != tt.link {
				t.Errorf("link %q, want %q", got, tt.link)
			}
		})
	}
}
