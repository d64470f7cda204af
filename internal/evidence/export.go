package evidence

import (
	"bytes"
	"encoding/csv"
	"strconv"
	"strings"
)

// The downloads of a layout: the same rows, in the same order, as the
// plot and its table.

// CSVHeader is the CSV's columns, in the order of the plot's table.
var CSVHeader = []string{
	"measure", "unit", "construct_id", "construct", "design", "study_id", "finding_id", "study", "year",
	"statement", "value", "value_display", "ci_low", "ci_high", "ci_display", "n", "k",
	"population", "page", "relation", "permalink", "source_url", "warning",
}

// CSV writes the layout's findings, one row each, in plot order. Numbers
// are written as stored (a proportion of 0.514, not 51.4) with
// value_display as the page shows them; base makes permalinks absolute.
func CSV(l Layout, base string) []byte {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	_ = w.Write(CSVHeader)
	num := func(v *float64) string {
		if v == nil {
			return ""
		}
		return strconv.FormatFloat(*v, 'f', -1, 64)
	}
	count := func(v *int) string {
		if v == nil {
			return ""
		}
		return strconv.Itoa(*v)
	}
	for _, p := range l.Panels {
		for _, g := range p.Groups {
			for _, r := range g.Rows {
				v := r.Value
				_ = w.Write([]string{
					r.Measure, cell(r.Unit), r.Construct, cell(g.Label), r.Design, r.StudyID, r.FindingID, cell(r.Label), strconv.Itoa(r.Year),
					cell(r.Text), num(&v), r.ValueText, num(r.Low), num(r.High), r.CIText, count(r.N), count(r.K),
					cell(r.Population), cell(r.Page), r.Relation, base + r.URL, r.SourceURL, r.Warning,
				})
			}
		}
	}
	w.Flush()
	return buf.Bytes()
}

// cell keeps a text cell from being read as a formula by a spreadsheet.
func cell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// JSONRow is one finding of the JSON download.
type JSONRow struct {
	Measure      string   `json:"measure"`
	Unit         string   `json:"unit,omitempty"`
	Construct    string   `json:"construct"`
	ConstructLbl string   `json:"construct_label"`
	Design       string   `json:"design"`
	Study        string   `json:"study"`
	Finding      string   `json:"finding"`
	Label        string   `json:"label"`
	Year         int      `json:"year"`
	Statement    string   `json:"statement"`
	Value        float64  `json:"value"`
	ValueDisplay string   `json:"value_display"`
	CILow        *float64 `json:"ci_low,omitempty"`
	CIHigh       *float64 `json:"ci_high,omitempty"`
	N            *int     `json:"n,omitempty"`
	K            *int     `json:"k,omitempty"`
	Population   string   `json:"population,omitempty"`
	Page         string   `json:"page,omitempty"`
	Relation     string   `json:"relation,omitempty"`
	URL          string   `json:"url"`
	SourceURL    string   `json:"source_url,omitempty"`
	Warning      string   `json:"warning,omitempty"` // "Retracted", "Withdrawn", "Expression of concern", "Corrected"
}

// JSONRows is the layout's findings in plot order; never nil, so an empty
// selection encodes as [].
func JSONRows(l Layout) []JSONRow {
	rows := []JSONRow{}
	for _, p := range l.Panels {
		for _, g := range p.Groups {
			for _, x := range g.Rows {
				rows = append(rows, JSONRow{
					Measure: x.Measure, Unit: x.Unit, Construct: x.Construct, ConstructLbl: g.Label, Design: x.Design,
					Study: x.StudyID, Finding: x.FindingID, Label: x.Label, Year: x.Year, Statement: x.Text,
					Value: x.Value, ValueDisplay: x.ValueText, CILow: x.Low, CIHigh: x.High, N: x.N, K: x.K,
					Population: x.Population, Page: x.Page, Relation: x.Relation, URL: x.URL, SourceURL: x.SourceURL, Warning: x.Warning,
				})
			}
		}
	}
	return rows
}
