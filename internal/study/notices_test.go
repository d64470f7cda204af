package study_test

import (
	"os"
	"strings"
	"testing"
	"time"

	"litkb/internal/study"
)

// TestNoticeValidation adds notices to a good study and expects each
// problem at its field and line, the way a curator reads them.
func TestNoticeValidation(t *testing.T) {
	v := mustVocabulary(t)
	base := string(readFixture(t, "good/roisman-2002-earned-secure.toml"))
	tomorrow := time.Now().UTC().AddDate(0, 0, 1).Format("2006-01-02")
	type wantAt struct {
		field, at, msg string // at: a piece of the line the problem is on
	}
	tests := []struct {
		name  string
		toml  string // added at the end of the file
		wants []wantAt
	}{
		{name: "good notices", toml: `
notices_checked = "2026-01-02"
[[notices]]
kind   = "retraction"
doi    = "https://doi.org/10.1000/xyz.1"
date   = "2015-05-28"
source = "Crossref, retrieved 2026-01-02"
[[notices]]
kind   = "correction"
date   = "2016-02"
source = "the publisher's notice page"
[[notices]]
kind   = "expression_of_concern"
date   = "2014"
source = "the journal's website"
`},
		{name: "unknown kind", toml: `
[[notices]]
kind   = "erratum"
source = "Crossref"
`, wants: []wantAt{{"notices[1].kind", `"erratum"`, `"erratum" is not one of: retraction, withdrawal, expression_of_concern, correction`}}},
		{name: "missing kind and source", toml: `
[[notices]]
doi = "10.1000/abc"
`, wants: []wantAt{
			{"notices[1].kind", "[[notices]]", "missing; one of: retraction"},
			{"notices[1].source", "[[notices]]", "missing: say where the notice was seen"},
		}},
		{name: "bad doi", toml: `
[[notices]]
kind   = "correction"
source = "Crossref"
[[notices]]
kind   = "retraction"
doi    = "10.11/x"
source = "Crossref"
`, wants: []wantAt{{"notices[2].doi", `"10.11/x"`, `"10.11/x" is not a DOI`}}},
		{name: "dates", toml: `
[[notices]]
kind   = "retraction"
date   = "2015-02-30"
source = "Crossref"
[[notices]]
kind   = "correction"
date   = "28 May 2015"
source = "Crossref"
[[notices]]
kind   = "correction"
date   = "` + tomorrow + `"
source = "Crossref"
`, wants: []wantAt{
			{"notices[1].date", `"2015-02-30"`, `"2015-02-30" is not a date`},
			{"notices[2].date", `"28 May 2015"`, `"28 May 2015" is not a date`},
			{"notices[3].date", tomorrow, "is after today"},
		}},
		{name: "notices_checked", toml: `
notices_checked = "2026-13-01"
`, wants: []wantAt{{"notices_checked", "2026-13-01", `"2026-13-01" is not a date: write YYYY-MM-DD`}}},
		{name: "notices_checked in the future", toml: `
notices_checked = "` + tomorrow + `"
`, wants: []wantAt{{"notices_checked", tomorrow, "is after today"}}},
		{name: "field names in public text", toml: `
[[notices]]
kind   = "correction"
source = "bibliography.toml"
note   = "corrects ci_low"
`, wants: []wantAt{
			{"notices[1].source", "bibliography.toml", `say it without "bibliography.toml"`},
			{"notices[1].note", "corrects ci_low", `say it without "ci_low"`},
		}},
		{name: "duplicate", toml: `
[[notices]]
kind   = "retraction"
doi    = "10.1000/abc"
source = "Crossref"
[[notices]]
kind   = "retraction"
doi    = "10.1000/ABC"
source = "the journal"
`, wants: []wantAt{{"notices[2]", "[[notices]]", "already notices[1]"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// Top-level keys must come before the first table.
			var data string
			if strings.HasPrefix(strings.TrimSpace(tt.toml), "notices_checked") {
				line, rest, _ := strings.Cut(strings.TrimSpace(tt.toml), "\n")
				data = line + "\n" + base + "\n" + rest
			} else {
				data = base + tt.toml
			}
			const file = "studies/roisman-2002-earned-secure.toml"
			_, got := study.CheckStudy(file, []byte(data), v)
			var wants []want
			for _, w := range tt.wants {
				wants = append(wants, want{w.field, lineOf(t, data, w.at), w.msg})
			}
			if d := diffProblems(file, got, wants); d != "" {
				t.Errorf("%s", d)
			}
		})
	}
}

// lineOf is the line of the last occurrence of piece in data: the notices
// are added at the end.
func lineOf(t *testing.T, data, piece string) int {
	t.Helper()
	i := strings.LastIndex(data, piece)
	if i < 0 {
		t.Fatalf("%q is not in the test file", piece)
	}
	return strings.Count(data[:i], "\n") + 1
}

func TestNoticeDOINormalized(t *testing.T) {
	data := string(readFixture(t, "good/roisman-2002-earned-secure.toml")) + `
[[notices]]
kind   = " retraction "
doi    = "https://doi.org/10.1000/XYZ.1"
source = " Crossref "
`
	s, ps := study.CheckStudy("roisman-2002-earned-secure.toml", []byte(data), mustVocabulary(t))
	if len(ps) > 0 {
		t.Fatal(ps)
	}
	if got := s.Notices[0]; got.DOI != "10.1000/XYZ.1" || got.Kind != "retraction" || got.Source != "Crossref" {
		t.Errorf("notice = %+v, want a bare DOI and trimmed fields", got)
	}
}

// TestWarning holds one answer for curator retractions and registry
// notices alike.
func TestWarning(t *testing.T) {
	retraction := study.Notice{Kind: "retraction", DOI: "10.1000/r", Date: "2015-05-28", Source: "Crossref"}
	withdrawal := study.Notice{Kind: "withdrawal", Source: "Crossref"}
	concern := study.Notice{Kind: "expression_of_concern", Date: "2015-05", Source: "Crossref"}
	correction := study.Notice{Kind: "correction", Source: "Crossref", Note: "A table was relabelled."}
	tests := []struct {
		name      string
		st        study.Study
		level     string // "" for no warning
		label     string
		inText    []string
		noticeSeq []string // kinds, most serious first
	}{
		{name: "nothing known", st: study.Study{Status: "published"}},
		{name: "curator retraction", st: study.Study{Status: "retracted", Retraction: "the data were fabricated"},
			level: study.WarnUnsafe, label: "Retracted", inText: []string{"do not cite", "Reason: the data were fabricated."}},
		{name: "retraction notice on a published study", st: study.Study{Status: "published", Notices: []study.Notice{correction, retraction}},
			level: study.WarnUnsafe, label: "Retracted", inText: []string{"Retraction of 2015-05-28 (doi:10.1000/r).", "Correction. A table was relabelled."},
			noticeSeq: []string{"retraction", "correction"}},
		{name: "withdrawal", st: study.Study{Status: "published", Notices: []study.Notice{withdrawal}},
			level: study.WarnUnsafe, label: "Withdrawn", inText: []string{"withdrawn by its publisher"}, noticeSeq: []string{"withdrawal"}},
		{name: "concern beats correction", st: study.Study{Status: "published", Notices: []study.Notice{correction, concern}},
			level: study.WarnCaution, label: "Expression of concern", inText: []string{"Expression of concern of 2015-05."},
			noticeSeq: []string{"expression_of_concern", "correction"}},
		{name: "correction only", st: study.Study{Status: "published", Notices: []study.Notice{correction}},
			level: study.WarnCaution, label: "Corrected", inText: []string{"correction"}, noticeSeq: []string{"correction"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := tt.st.Warning()
			if tt.level == "" {
				if w != nil {
					t.Fatalf("Warning() = %+v, want none", w)
				}
				if w.Unsafe() || w.Text() != "" {
					t.Error("a nil warning must be safe and empty")
				}
				return
			}
			if w == nil {
				t.Fatal("Warning() = nil")
			}
			if w.Level != tt.level || w.Label != tt.label {
				t.Errorf("level, label = %q, %q; want %q, %q", w.Level, w.Label, tt.level, tt.label)
			}
			if w.Unsafe() != (tt.level == study.WarnUnsafe) {
				t.Errorf("Unsafe() = %v", w.Unsafe())
			}
			for _, s := range tt.inText {
				if !strings.Contains(w.Text(), s) {
					t.Errorf("Text() = %q, want it to hold %q", w.Text(), s)
				}
			}
			var kinds []string
			for _, n := range w.Notices {
				kinds = append(kinds, n.Kind)
			}
			if strings.Join(kinds, ",") != strings.Join(tt.noticeSeq, ",") {
				t.Errorf("notices = %v, want %v", kinds, tt.noticeSeq)
			}
		})
	}
	// Sorting a copy leaves the stored order alone.
	st := study.Study{Notices: []study.Notice{correction, retraction}}
	st.Warning()
	if st.Notices[0].Kind != "correction" {
		t.Error("Warning reordered the study's own notices")
	}
}

// FuzzNoticeDates: whatever a date field holds, validation names a
// problem or accepts a real date, and never panics.
func FuzzNoticeDates(f *testing.F) {
	for _, s := range []string{"2015", "2015-05", "2015-05-28", "2015-02-30", "15-5-28", "", "2015-5"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, date string) {
		st := study.Study{ID: "x", Type: "article", Status: "draft", Title: "T", Year: 2000,
			Authors: []study.Person{{Family: "A"}}, Provenance: study.Provenance{Confidence: "low"},
			Notices: []study.Notice{{Kind: "correction", Date: date, Source: "Crossref"}}, NoticesChecked: date}
		ps := st.Validate(nil)
		var dateBad bool
		for _, p := range ps {
			if p.Field == "notices[1].date" {
				dateBad = true
			}
		}
		if date == "" {
			return
		}
		_, err1 := time.Parse("2006-01-02", date)
		_, err2 := time.Parse("2006-01", date)
		_, err3 := time.Parse("2006", date)
		real := (err1 == nil && len(date) == 10) || (err2 == nil && len(date) == 7) || (err3 == nil && len(date) == 4)
		if real && date <= time.Now().UTC().Format("2006-01-02") && dateBad {
			t.Errorf("%q refused: %v", date, ps)
		}
		if !real && !dateBad {
			t.Errorf("%q accepted", date)
		}
	})
}

// TestRetractedFixture: the real retracted article the server and
// browser tests replay is a study the loader accepts, against the corpus's
// own vocabulary, and its notice makes it unsafe to cite.
func TestRetractedFixture(t *testing.T) {
	topics, ps := study.DecodeTopics("topics.toml", mustRead(t, "../../data/topics.toml"))
	if len(ps) > 0 {
		t.Fatal(ps)
	}
	constructs, ps := study.DecodeConstructs("constructs.toml", mustRead(t, "../../data/constructs.toml"))
	if len(ps) > 0 {
		t.Fatal(ps)
	}
	const file = "notices/lacour-green-2014-contact.toml"
	s, ps := study.CheckStudy(file, readFixture(t, file), study.NewVocabulary(topics, constructs))
	if len(ps) > 0 {
		t.Fatalf("problems:\n%v", ps)
	}
	if w := s.Warning(); !w.Unsafe() || w.Notices[0].DOI != "10.1126/science.aac6638" {
		t.Errorf("Warning() = %+v, want a retraction", w)
	}
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
