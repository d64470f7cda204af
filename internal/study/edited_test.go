package study_test

import (
	"strings"
	"testing"

	"litkb/internal/study"
)

// TestEditedWorksAndPageLists checks the two rules issue 17 relaxed: an
// edited book or report may name editors instead of authors (a chapter may
// not), and pages may be a list, an e-page or a supplement range. Only the
// field under test is looked at; the studies are otherwise incomplete.
func TestEditedWorksAndPageLists(t *testing.T) {
	ed := []study.Person{{Family: "Grossmann", Given: "K. E."}, {Family: "Waters", Given: "E."}}
	au := []study.Person{{Family: "Main", Given: "Mary"}}
	// pages may appear only once checked; the check is not under test.
	checked := study.Provenance{Checks: []study.Check{{Fields: []string{"pages"}, Kind: "publisher", Source: "publisher's page"}}}
	tests := []struct {
		name    string
		s       study.Study
		field   string
		problem string // "" when the field must have no problem
	}{
		{"edited book, published", study.Study{Type: "book", Status: "published", Editors: ed}, "authors", ""},
		{"edited book, draft", study.Study{Type: "book", Status: "draft", Editors: ed}, "authors", ""},
		{"edited report", study.Study{Type: "report", Status: "published", Editors: ed}, "authors", ""},
		{"book with neither", study.Study{Type: "book", Status: "draft"}, "authors", "or [[editors]] for an edited book"},
		{"chapter with editors only", study.Study{Type: "chapter", Status: "draft", Editors: ed}, "authors", "at least one [[authors]] entry is needed"},
		{"article with editors only", study.Study{Type: "article", Status: "published", Editors: ed}, "authors", "at least one [[authors]] entry is needed"},
		{"thesis with editors only", study.Study{Type: "thesis", Status: "draft", Editors: ed}, "authors", "at least one [[authors]] entry is needed"},
		{"page list", study.Study{Type: "article", Authors: au, Provenance: checked, Pages: "10-14, 20-22"}, "pages", ""},
		{"page list without space", study.Study{Type: "article", Authors: au, Provenance: checked, Pages: "10-14,20,33-35"}, "pages", ""},
		{"e-page", study.Study{Type: "article", Authors: au, Provenance: checked, Pages: "e123"}, "pages", ""},
		{"supplement range", study.Study{Type: "article", Authors: au, Provenance: checked, Pages: "S1-S10"}, "pages", ""},
		{"en dash range", study.Study{Type: "article", Authors: au, Provenance: checked, Pages: "553–597"}, "pages", ""},
		{"words", study.Study{Type: "article", Authors: au, Provenance: checked, Pages: "about ten"}, "pages", "is not a page or range"},
		{"dangling comma", study.Study{Type: "article", Authors: au, Provenance: checked, Pages: "10-14,"}, "pages", "is not a page or range"},
		{"semicolon list", study.Study{Type: "article", Authors: au, Provenance: checked, Pages: "10-14; 20"}, "pages", "is not a page or range"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, p := range tt.s.Validate(nil) {
				if p.Field == tt.field {
					got = append(got, p.Message)
				}
			}
			switch {
			case tt.problem == "" && len(got) > 0:
				t.Errorf("%s: unexpected problems %q", tt.field, got)
			case tt.problem != "" && (len(got) != 1 || !strings.Contains(got[0], tt.problem)):
				t.Errorf("%s: got %q, want one problem containing %q", tt.field, got, tt.problem)
			}
		})
	}
}

// TestBylineNamesEditorsOfAnEditedWork: a short reference names the
// authors, or the editors of a work that has none.
func TestBylineNamesEditorsOfAnEditedWork(t *testing.T) {
	ed := []study.Person{{Family: "Grossmann"}}
	au := []study.Person{{Family: "Main"}}
	tests := []struct {
		name string
		s    study.Study
		want string
	}{
		{"authors", study.Study{Authors: au, Editors: ed}, "Main"},
		{"editors only", study.Study{Editors: ed}, "Grossmann"},
		{"nobody", study.Study{}, ""},
	}
	for _, tt := range tests {
		got := ""
		if b := tt.s.Byline(); len(b) > 0 {
			got = b[0].Family
		}
		if got != tt.want {
			t.Errorf("%s: byline starts %q, want %q", tt.name, got, tt.want)
		}
	}
}
