package study_test

import (
	"strings"
	"testing"

	"litkb/internal/study"
)

// TestIssuedAndOriginalYear checks the dates beyond the year: issued must be
// a real calendar date in the study's year, original_year before it, and
// each may appear only once a provenance check lists it.
func TestIssuedAndOriginalYear(t *testing.T) {
	checked := study.Provenance{Checks: []study.Check{{Fields: []string{"issued", "original_year"}, Kind: "publisher", Source: "title page"}}}
	tests := []struct {
		name    string
		s       study.Study
		field   string
		problem string // "" when the field must have no problem
	}{
		{"year-month", study.Study{Year: 1997, Issued: "1997-08", Provenance: checked}, "issued", ""},
		{"full date", study.Study{Year: 1997, Issued: "1997-08-15", Provenance: checked}, "issued", ""},
		{"leap day", study.Study{Year: 2000, Issued: "2000-02-29", Provenance: checked}, "issued", ""},
		{"not a leap year", study.Study{Year: 1997, Issued: "1997-02-29", Provenance: checked}, "issued", "is not a date"},
		{"month 13", study.Study{Year: 1997, Issued: "1997-13", Provenance: checked}, "issued", "is not a date"},
		{"month name", study.Study{Year: 1997, Issued: "1997 Aug", Provenance: checked}, "issued", "is not a date"},
		{"year alone", study.Study{Year: 1997, Issued: "1997", Provenance: checked}, "issued", "is not a date"},
		{"other year", study.Study{Year: 1997, Issued: "1998-08", Provenance: checked}, "issued", "but year is 1997"},
		{"unchecked", study.Study{Year: 1997, Issued: "1997-08"}, "issued", "no provenance check lists"},
		{"reprint", study.Study{Year: 1982, OriginalYear: 1969, Provenance: checked}, "original_year", ""},
		{"same year", study.Study{Year: 1982, OriginalYear: 1982, Provenance: checked}, "original_year", "must be before year"},
		{"later", study.Study{Year: 1982, OriginalYear: 1990, Provenance: checked}, "original_year", "must be before year"},
		{"original unchecked", study.Study{Year: 1982, OriginalYear: 1969}, "original_year", "no provenance check lists"},
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

func TestIssuedPartsAndFormat(t *testing.T) {
	tests := []struct {
		in      string
		y, m, d int
		ok      bool
	}{
		{"1997-08", 1997, 8, 0, true},
		{"1997-08-15", 1997, 8, 15, true},
		{"1997-8", 0, 0, 0, false},
		{"", 0, 0, 0, false},
	}
	for _, tt := range tests {
		y, m, d, ok := study.IssuedParts(tt.in)
		if y != tt.y || m != tt.m || d != tt.d || ok != tt.ok {
			t.Errorf("IssuedParts(%q) = %d, %d, %d, %v; want %d, %d, %d, %v", tt.in, y, m, d, ok, tt.y, tt.m, tt.d, tt.ok)
		}
		if ok && study.FormatIssued(y, m, d) != tt.in {
			t.Errorf("FormatIssued(%d, %d, %d) = %q; want %q", y, m, d, study.FormatIssued(y, m, d), tt.in)
		}
	}
}
