package server

import (
	"reflect"
	"testing"

	"litkb/internal/study"
)

// TestWebPagePage: a web page's page says what it is and which site it is
// on, for readers (label, source line) and search engines (JSON-LD).
func TestWebPagePage(t *testing.T) {
	st := &study.Study{
		ID: "synthetic-2023-web-page", Type: "webpage", Title: "A synthetic page", Year: 2023,
		Authors:   []study.Person{{Family: "Smith", Given: "Jane"}},
		Container: "Attachment Society", URL: "https://example.org/page", Accessed: "2024-03-05",
	}
	for _, tc := range []struct{ what, got, want string }{
		{"type label", typeLabel(st.Type), "Web page"},
		{"source line", citeLine(st), "Attachment Society"},
	} {
		if tc.got != tc.want {
			t.Errorf("%s: %q, want %q", tc.what, tc.got, tc.want)
		}
	}
	ld := studyJSONLD(st, "https://example.org/studies/"+st.ID, nil)
	if ld["@type"] != "WebPage" {
		t.Errorf("JSON-LD @type %v, want WebPage", ld["@type"])
	}
	if want := map[string]any{"@type": "WebSite", "name": st.Container}; !reflect.DeepEqual(ld["isPartOf"], want) {
		t.Errorf("JSON-LD isPartOf %v, want %v", ld["isPartOf"], want)
	}
}
