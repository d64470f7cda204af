package study

import (
	"slices"
	"strings"
	"testing"
)

func TestHighConfidenceNeedsPrimaryChecks(t *testing.T) {
	base := func(checks ...Check) *Study {
		return &Study{
			ID: "a-2000-x", Type: "article", Status: "draft", Title: "A title", Year: 2000,
			Authors: []Person{{Family: "A"}}, Journal: "J", Volume: "1", DOI: "10.1/x",
			Provenance: Provenance{Confidence: "high", Checks: checks},
		}
	}
	all := []string{"title", "authors", "year", "journal", "volume", "doi"}
	tests := []struct {
		name   string
		checks []Check
		want   []string // unconfirmed
	}{
		{"publisher confirms all", []Check{{Fields: all, Kind: "publisher", Source: "s"}}, nil},
		{"registry confirms all", []Check{{Fields: all, Kind: "registry", Source: "s"}}, nil},
		{"reference lists do not count", []Check{{Fields: all, Kind: "reference list", Source: "s"}}, all},
		{"kind not said does not count", []Check{{Fields: all, Source: "s"}}, all},
		{"doi only from a reference list", []Check{
			{Fields: all[:5], Kind: "publisher", Source: "s"},
			{Fields: []string{"doi"}, Kind: "reference list", Source: "s"},
		}, []string{"doi"}},
		{"pre-print for title and authors", []Check{
			{Fields: []string{"title", "authors"}, Kind: "repository", Source: "s"},
			{Fields: all[2:], Kind: "registry", Source: "s"},
		}, []string{"title", "authors"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := base(tt.checks...)
			if got := s.Unconfirmed(); !slices.Equal(got, tt.want) {
				t.Errorf("Unconfirmed() = %v, want %v", got, tt.want)
			}
			var conf []Problem
			for _, p := range s.Validate(nil) {
				if p.Field == "provenance.confidence" {
					conf = append(conf, p)
				}
			}
			if (len(conf) > 0) != (len(tt.want) > 0) {
				t.Errorf("high confidence problems = %v, want one only when fields are unconfirmed", conf)
			}
			s.Provenance.Confidence = "medium"
			for _, p := range s.Validate(nil) {
				if p.Field == "provenance.confidence" {
					t.Errorf("medium confidence refused: %v", p)
				}
			}
		})
	}
}

func TestPublicProvenanceTextHasNoDataNames(t *testing.T) {
	tests := []struct {
		field, text string
		bad         bool
	}{
		{"provenance.how_checked", "Checked against the publisher's page.", false},
		{"provenance.how_checked", "No sample_size is recorded.", true},
		{"provenance.how_checked", "bibliography-notes section 5 advises a check.", true},
		{"provenance.checks[1].source", "PubMed record", false},
		{"provenance.checks[1].source", "record named in provenance.notes", true},
	}
	for _, tt := range tests {
		s := &Study{ID: "a-2000-x", Type: "article", Status: "draft", Title: "T", Year: 2000, Authors: []Person{{Family: "A"}},
			Provenance: Provenance{Confidence: "low", Checks: []Check{{Fields: []string{"title"}, Source: "s"}}}}
		if strings.HasPrefix(tt.field, "provenance.checks") {
			s.Provenance.Checks[0].Source = tt.text
		} else {
			s.Provenance.HowChecked = tt.text
		}
		found := slices.ContainsFunc(s.Validate(nil), func(p Problem) bool { return p.Field == tt.field })
		if found != tt.bad {
			t.Errorf("%s = %q: problem reported %v, want %v", tt.field, tt.text, found, tt.bad)
		}
	}
}

func TestPublicDropsCuratorText(t *testing.T) {
	p := Provenance{Confidence: "low", HowChecked: "h", Notes: "n", ToCheck: []string{"x"}}
	got := p.Public()
	if got.Notes != "" || got.ToCheck != nil || got.HowChecked != "h" || p.Notes != "n" {
		t.Errorf("Public() = %+v (original %+v)", got, p)
	}
}
