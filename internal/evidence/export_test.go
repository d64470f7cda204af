package evidence_test

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"

	"litkb/internal/evidence"
	"litkb/internal/evidence/evidencetest"
)

func TestFindingsCSVGolden(t *testing.T) {
	points := evidencetest.Points()
	l := evidence.NewLayout(points)
	b := evidence.CSV(l, "https://litkb.example")
	evidencetest.Golden(t, "findings.csv.golden", b)
	rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != len(points)+1 {
		t.Fatalf("%d rows, want a header and %d", len(rows), len(points))
	}
	for _, r := range rows[1:] {
		if len(r) != len(evidence.CSVHeader) {
			t.Errorf("row %v has %d cells", r, len(r))
		}
	}
	// A statement that starts like a formula is kept as text.
	if !strings.Contains(string(b), ",'=14% met the definition.,") {
		t.Error("a formula-like cell is not neutralised")
	}
}

// The JSON rows are the CSV's rows: same findings, same order.
func TestJSONRowsFollowTheCSV(t *testing.T) {
	l := evidence.NewLayout(evidencetest.Points())
	rows, err := csv.NewReader(bytes.NewReader(evidence.CSV(l, ""))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	js := evidence.JSONRows(l)
	if len(js) != len(rows)-1 {
		t.Fatalf("%d JSON rows, %d CSV rows", len(js), len(rows)-1)
	}
	for i, j := range js {
		r := rows[i+1]
		if r[5] != j.Study || r[6] != j.Finding || r[11] != j.ValueDisplay || r[20] != j.URL {
			t.Errorf("row %d: CSV %v, JSON %+v", i, r, j)
		}
	}
	if got := evidence.JSONRows(evidence.NewLayout(nil)); got == nil || len(got) != 0 {
		t.Errorf("an empty layout gives %#v, want an empty, non-nil list", got)
	}
}
