package study_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"litkb/internal/study"
)

// TestWebpage checks what a web page adds: its URL once published, and an
// access date that is a real day, not after today, on web pages only.
func TestWebpage(t *testing.T) {
	published := func(s study.Study) study.Study { s.Status = "published"; return s }
	page := study.Study{Type: "webpage", Year: 2023, URL: "https://example.org/page"}
	with := func(f func(*study.Study)) study.Study { s := page; f(&s); return s }
	tomorrow := time.Now().UTC().AddDate(0, 0, 1).Format("2006-01-02")
	today := time.Now().UTC().Format("2006-01-02")
	tests := []struct {
		name    string
		s       study.Study
		field   string
		problem string // "" when the field must have no problem
	}{
		{"published with url", published(page), "url", ""},
		{"published without url", published(with(func(s *study.Study) { s.URL = "" })), "url", "a web page needs its URL"},
		{"draft without url", with(func(s *study.Study) { s.URL = ""; s.Status = "draft" }), "url", ""},
		{"accessed", with(func(s *study.Study) { s.Accessed = "2024-03-05" }), "accessed", ""},
		{"accessed today", with(func(s *study.Study) { s.Accessed = today }), "accessed", ""},
		{"accessed tomorrow", with(func(s *study.Study) { s.Accessed = tomorrow }), "accessed", "is after today"},
		{"not a day", with(func(s *study.Study) { s.Accessed = "2024-02-30" }), "accessed", "is not a date"},
		{"month only", with(func(s *study.Study) { s.Accessed = "2024-03" }), "accessed", "is not a date"},
		{"pages", with(func(s *study.Study) { s.Pages = "3-4" }), "pages", "a web page has no pages"},
		{"editors", with(func(s *study.Study) { s.Editors = []study.Person{{Family: "Roe"}} }), "editors", "a web page has no editors"},
		{"on an article", study.Study{Type: "article", Year: 2023, Accessed: "2024-03-05"}, "accessed", "only a web page"},
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
			case tt.problem != "" && !slices.ContainsFunc(got, func(m string) bool { return strings.Contains(m, tt.problem) }):
				t.Errorf("%s: got %q, want a problem containing %q", tt.field, got, tt.problem)
			}
		})
	}
}
