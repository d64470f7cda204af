package registry

import (
	"os"
	"reflect"
	"slices"
	"testing"

	"litkb/internal/study"
)

func curatedRoisman(t *testing.T) study.Study {
	t.Helper()
	data, err := os.ReadFile("../../data/studies/roisman-2002-earned-secure.toml")
	if err != nil {
		t.Fatal(err)
	}
	st, ps := study.DecodeStudy("roisman-2002-earned-secure.toml", data)
	if len(ps) > 0 {
		t.Fatal(ps)
	}
	return st
}

func roismanRecord() *Record {
	return &Record{Source: SourceCrossref, Retrieved: "2026-12-05", Type: "article",
		Title: "Earned–Secure Attachment Status in <i>Retrospect</i> and Prospect", Authors: []study.Person{{Family: "ROISMAN", Given: "Glenn Ivan"}, {Family: "Padron", Given: "E."}, {Family: "Sroufe", Given: "L A"}, {Family: "Egeland", Given: "B."}},
		Year: 2002, Journal: "Child development", Volume: "73", Issue: "4", Pages: "1204–19", DOI: "10.1111/1467-8624.00467", NoticesKnown: true}
}

func TestCompare(t *testing.T) {
	st := curatedRoisman(t)
	tests := []struct {
		name   string
		change func(*Record)
		want   []Disagreement
	}{
		{"case, markup, dashes, accents and initials agree", func(*Record) {}, nil},
		{"volume", func(r *Record) { r.Volume = "74" }, []Disagreement{{"volume", "73", "74"}}},
		{"an author's initials", func(r *Record) { r.Authors[2].Given = "Lawrence" },
			[]Disagreement{{"authors", "Roisman, G. I.; Padrón, E.; Sroufe, L. A.; Egeland, B.", "ROISMAN, G. I.; Padron, E.; Sroufe, L.; Egeland, B."}}},
		{"a missing author", func(r *Record) { r.Authors = r.Authors[:3] },
			[]Disagreement{{"authors", "Roisman, G. I.; Padrón, E.; Sroufe, L. A.; Egeland, B.", "ROISMAN, G. I.; Padron, E.; Sroufe, L. A."}}},
		{"title words", func(r *Record) { r.Title = "Earned-secure attachment in retrospect" },
			[]Disagreement{{"title", "Earned-secure attachment status in retrospect and prospect", "Earned-secure attachment in retrospect"}}},
		{"year, journal, issue, pages", func(r *Record) {
			r.Year, r.Journal, r.Issue, r.Pages = 2003, "Developmental Psychology", "5", "1204-1220"
		},
			[]Disagreement{{"year", "2002", "2003"}, {"journal", "Child Development", "Developmental Psychology"}, {"issue", "4", "5"}, {"pages", "1204-1219", "1204-1220"}}},
		{"the registry lacks a field", func(r *Record) { r.Issue = "" }, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := roismanRecord()
			tt.change(r)
			got, _ := Compare(&st, r)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestApply(t *testing.T) {
	st := curatedRoisman(t)
	st.Provenance.ToCheck = []string{"DOI (not seen; Crossref check)", "volume and issue against a primary record", "authors' given names", "sample size"}
	r := roismanRecord()
	r.Volume = "74" // disagrees: not confirmed, not changed
	r.Notices = nil
	dis, agreed := Compare(&st, r)
	if len(dis) != 1 {
		t.Fatalf("disagreements %v", dis)
	}
	before := st
	if !Apply(&st, r, agreed) {
		t.Fatal("Apply changed nothing")
	}
	last := st.Provenance.Checks[len(st.Provenance.Checks)-1]
	want := study.Check{Fields: []string{"title", "authors", "year", "journal", "issue", "pages", "doi"}, Kind: "registry", Source: "Crossref, retrieved 2026-12-05"}
	if !reflect.DeepEqual(last, want) {
		t.Errorf("check %+v, want %+v", last, want)
	}
	if wantTodo := []string{"volume and issue against a primary record", "authors' given names", "sample size"}; !reflect.DeepEqual(st.Provenance.ToCheck, wantTodo) {
		t.Errorf("to_check %q, want %q", st.Provenance.ToCheck, wantTodo)
	}
	if st.Volume != before.Volume || st.Title != before.Title || st.NoticesChecked != "2026-12-05" {
		t.Errorf("a curated value changed, or notices_checked not set: %q %q %q", st.Volume, st.Title, st.NoticesChecked)
	}
	if ps := st.Validate(nil); len(ps) > 0 {
		t.Errorf("no longer valid: %v", ps)
	}
	// A second run the same day adds nothing.
	if Apply(&st, r, agreed) {
		t.Error("a second identical Apply changed the study")
	}
}

// Apply works on a copy of a study whose lists a corpus snapshot shares:
// the snapshot's lists stay as they were.
func TestApplyLeavesSharedListsAlone(t *testing.T) {
	snap := curatedRoisman(t)
	snap.Provenance.ToCheck = []string{"DOI (not seen; Crossref check)", "sample size"}
	want := slices.Clone(snap.Provenance.ToCheck)
	wantChecks := slices.Clone(snap.Provenance.Checks)
	next := snap // shares the slices, as a copy of a snapshot's study does
	r := roismanRecord()
	r.Notices = []study.Notice{{Kind: "correction", DOI: "10.1111/x", Source: "Crossref, retrieved 2026-12-05"}}
	_, agreed := Compare(&next, r)
	Apply(&next, r, agreed)
	if !slices.Equal(snap.Provenance.ToCheck, want) || len(snap.Provenance.Checks) != len(wantChecks) || len(snap.Notices) != 0 {
		t.Errorf("the snapshot changed: to_check %q, %d checks, notices %v", snap.Provenance.ToCheck, len(snap.Provenance.Checks), snap.Notices)
	}
	if len(next.Provenance.ToCheck) != 1 || len(next.Notices) != 1 {
		t.Errorf("the copy: to_check %q notices %v", next.Provenance.ToCheck, next.Notices)
	}
}
