package cite_test

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"

	"litkb/internal/cite"
	"litkb/internal/ingest"
	"litkb/internal/study"
)

// retracted is the real retracted article of the study package's test
// data, with its real retraction notice (see the file's comment).
func retracted(t *testing.T) study.Study {
	t.Helper()
	const path = "../study/testdata/notices/lacour-green-2014-contact.toml"
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s, ps := study.DecodeStudy(path, data)
	if len(ps) > 0 {
		t.Fatal(ps)
	}
	return s
}

// TestExportCarriesTheWarning: each format says, in its note field, that
// the work was retracted and by which notice; litkb's importer reads the
// reference back unchanged and lists the note as not kept, never as data.
func TestExportCarriesTheWarning(t *testing.T) {
	st := retracted(t)
	plain := st
	plain.Notices = nil
	csl, err := cite.ExportCSLJSON([]*study.Study{&st, &plain})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		format   ingest.Format
		data     []byte
		note     string // the note as the file writes it
		noteName string // the field's name in the file
	}{
		{ingest.BibTeX, cite.ExportBibTeX([]*study.Study{&st, &plain}), "  note = {This work has been retracted; do not cite it as evidence. Retraction of 2015-06-05 (doi:10.1126/science.aac6638).", "note"},
		{ingest.RIS, cite.ExportRIS([]*study.Study{&st, &plain}), "N1  - This work has been retracted; do not cite it as evidence. Retraction of 2015-06-05 (doi:10.1126/science.aac6638).", "N1"},
		{ingest.CSLJSON, csl, `"note": "This work has been retracted; do not cite it as evidence. Retraction of 2015-06-05 (doi:10.1126/science.aac6638).`, "note"},
	}
	for _, tt := range tests {
		t.Run(string(tt.format), func(t *testing.T) {
			if got := strings.Count(string(tt.data), tt.note); got != 1 {
				t.Fatalf("the note %q is in the file %d times, want once (the study without notices has none):\n%s", tt.note, got, tt.data)
			}
			recs, err := ingest.Parse(context.Background(), tt.format, bytes.NewReader(tt.data))
			if err != nil {
				t.Fatal(err)
			}
			if len(recs) != 2 {
				t.Fatalf("%d records, want 2", len(recs))
			}
			rec := recs[0]
			if rec.Err != nil {
				t.Fatal(rec.Err)
			}
			if g, w := referenceOf(rec.Study), referenceOf(st); g != w {
				t.Errorf("read back with\n%s", diff(g, w))
			}
			if len(rec.Study.Notices) > 0 || rec.Study.Retraction != "" {
				t.Errorf("the note was read back as data: %+v %q", rec.Study.Notices, rec.Study.Retraction)
			}
			var listed bool
			for _, nk := range rec.NotKept {
				listed = listed || (nk.Field == tt.noteName && strings.Contains(nk.Reason, "note"))
			}
			if !listed {
				t.Errorf("the note is not listed as not kept: %+v", rec.NotKept)
			}
			for _, nk := range recs[1].NotKept {
				if nk.Field == tt.noteName {
					t.Errorf("a study with nothing against it exports a note")
				}
			}
		})
	}
}
