package server

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"litkb/internal/study"
)

// TestConferencePaperPage: a conference paper's page says what it is, in
// the proceedings, for readers (source line), search engines (JSON-LD) and
// reference managers (Highwire tags), as a chapter's page does for its book.
func TestConferencePaperPage(t *testing.T) {
	st := &study.Study{
		ID: "synthetic-2019-conference-paper", Type: "paper-conference", Title: "A synthetic paper", Year: 2019,
		Authors:   []study.Person{{Family: "Smith", Given: "Jane"}},
		Editors:   []study.Person{{Family: "Roe", Given: "Rita"}},
		Container: "Proceedings of a meeting", Event: "Annual Meeting of a Society",
		Pages: "12-18", Publisher: "A Society", Place: "Boston", ISBN: "9780000000002",
	}
	for _, tc := range []struct{ what, got, want string }{
		{"type label", typeLabel(st.Type), "Conference paper"},
		{"source line", citeLine(st), "In Rita Roe (Ed.), Proceedings of a meeting, pp. 12-18 · Annual Meeting of a Society · Boston: A Society"},
	} {
		if tc.got != tc.want {
			t.Errorf("%s: %q, want %q", tc.what, tc.got, tc.want)
		}
	}
	ld := studyJSONLD(st, "https://example.org/studies/"+st.ID, nil)
	if ld["@type"] != "ScholarlyArticle" || ld["isbn"] != st.ISBN {
		t.Errorf("JSON-LD @type %v, isbn %v", ld["@type"], ld["isbn"])
	}
	if want := map[string]any{"@type": "Book", "name": st.Container}; !reflect.DeepEqual(ld["isPartOf"], want) {
		t.Errorf("JSON-LD isPartOf %v, want %v", ld["isPartOf"], want)
	}
	meta := citationMeta(st, "https://example.org/studies/"+st.ID)
	if !slices.ContainsFunc(meta, func(m metaTag) bool {
		return m.Name == "citation_conference_title" && m.Content == st.Container
	}) {
		var names []string
		for _, m := range meta {
			names = append(names, m.Name)
		}
		t.Errorf("no citation_conference_title among %s", strings.Join(names, ", "))
	}
}
