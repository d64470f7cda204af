package ingest

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"

	"litkb/internal/cite"
)

func TestParseFormat(t *testing.T) {
	for in, want := range map[string]Format{"bibtex": BibTeX, " BibTeX ": BibTeX, "bib": BibTeX, "ris": RIS,
		"RIS": RIS, "nbib": RIS, "csljson": CSLJSON, "csl-json": CSLJSON, "json": CSLJSON} {
		if got, err := ParseFormat(in); err != nil || got != want {
			t.Errorf("ParseFormat(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	if _, err := ParseFormat("endnote-xml"); err == nil || !strings.Contains(err.Error(), "bibtex, ris, csljson") {
		t.Errorf("ParseFormat(endnote-xml): %v", err)
	}
}

func TestDetectFormat(t *testing.T) {
	bib := []byte("% JabRef\n\n@Article{x,\n title = {T}}\n")
	ris := []byte("\xEF\xBB\xBFProvider: X\r\n\r\nTY  - JOUR\r\nER  - \r\n")
	nbib := []byte("\nPMID- 12146743\nTI  - T.\n")
	json := []byte("  \n[{\"type\": \"book\"}]")
	for _, tc := range []struct {
		contentType string
		body        []byte
		want        Format
	}{
		{"application/x-bibtex", ris, BibTeX}, // the media type wins
		{"application/x-bibtex; charset=utf-8", nil, BibTeX},
		{"application/x-research-info-systems", nil, RIS},
		{"application/vnd.citationstyles.csl+json", nil, CSLJSON},
		{"application/json; charset=UTF-8", nil, CSLJSON},
		{"text/plain", bib, BibTeX},
		{"", bib, BibTeX},
		{"application/octet-stream", ris, RIS},
		{"", nbib, RIS},
		{"text/plain; charset=utf-8", json, CSLJSON},
		{"not a media type", []byte("@book(x, title = {T})"), BibTeX},
	} {
		got, err := DetectFormat(tc.contentType, tc.body)
		if err != nil || got != tc.want {
			t.Errorf("DetectFormat(%q, %.20q) = %q, %v; want %q", tc.contentType, tc.body, got, err, tc.want)
		}
	}
	for _, body := range []string{"", "hello world", "me@example.org wrote this", "<xml/>"} {
		if f, err := DetectFormat("text/plain", []byte(body)); err == nil {
			t.Errorf("DetectFormat(%q) = %q, want an error", body, f)
		}
	}
}

func TestParseUnreadable(t *testing.T) {
	for _, tc := range []struct {
		f    Format
		in   string
		want string
	}{
		{BibTeX, "@article{a,\n title = {Caf\xe9}}\n", "line 2: the file is not UTF-8"},
		{RIS, "TY  - JOUR\r\nAU  - M\xfcller, J\r\n", "line 2: the file is not UTF-8"},
		{CSLJSON, "TY  - JOUR", "not CSL-JSON"},
		{CSLJSON, "", "not CSL-JSON"},
		{CSLJSON, "[{\"type\": ", "line 1: invalid JSON"},
		{CSLJSON, "{\"type\": \"book\",", "line 1: invalid JSON"},
		{Format("xml"), "", "unknown import format"},
	} {
		recs, err := Parse(context.Background(), tc.f, strings.NewReader(tc.in))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Parse(%s, %q) = %d records, %v; want error containing %q", tc.f, tc.in, len(recs), err, tc.want)
		}
	}
}

func TestParseEmpty(t *testing.T) {
	for _, tc := range []struct {
		f  Format
		in string
	}{{BibTeX, ""}, {BibTeX, "just a comment\n"}, {RIS, ""}, {RIS, "\r\n\r\n"}, {CSLJSON, "[]"}, {CSLJSON, " [ ] "}} {
		recs, err := Parse(context.Background(), tc.f, strings.NewReader(tc.in))
		if err != nil || len(recs) != 0 {
			t.Errorf("Parse(%s, %q) = %d records, %v; want none and no error", tc.f, tc.in, len(recs), err)
		}
	}
}

// A .bib saved on Windows: BOM, CR LF; lines still count from the top.
func TestBibTeXBOMAndCRLF(t *testing.T) {
	in := "\xEF\xBB\xBF% exported\r\n\r\n@article{a,\r\n  author = {Roisman, Glenn I.},\r\n  title = {Earned-secure\r\n attachment},\r\n  year = {2002}\r\n}\r\n@book{b,\r\n  title = {Broken,\r\n  year = {2003}\r\n}\r\n"
	recs, err := Parse(context.Background(), BibTeX, strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 2 {
		t.Fatalf("%d records, want 2", len(recs))
	}
	if r := recs[0]; r.Line != 3 || r.Err != nil || r.Study.Title != "Earned-secure attachment" || r.Study.Year != 2002 {
		t.Errorf("first record: line %d, %q, %d, %v", r.Line, r.Study.Title, r.Study.Year, r.Err)
	}
	if r := recs[1]; r.Line != 9 || r.Err == nil || r.Err.Error() != "line 10: unbalanced braces in title" {
		t.Errorf("second record: line %d, %v", r.Line, r.Err)
	}
	var le *LineError
	if !errors.As(recs[1].Err, &le) || le.Line != 10 {
		t.Errorf("the error is not a *LineError at line 10: %#v", recs[1].Err)
	}
}

// The record's CSL is cite.FromStudy of its study, id included, and the
// particle comes out as CSL's non-dropping-particle.
func TestRecordCSL(t *testing.T) {
	recs := parseFile(t, "zotero.bib")
	r := recs[1]
	if r.Study.Status != "draft" {
		t.Errorf("status %q, want draft", r.Study.Status)
	}
	if !reflect.DeepEqual(r.CSL, cite.FromStudy(r.Study)) {
		t.Errorf("CSL is not cite.FromStudy of the study:\n%+v", r.CSL)
	}
	want := cite.Item{
		ID: "bakermans-kranenburg-2009-first-adult", Type: "article-journal",
		Title:          "The first 10,000 Adult Attachment Interviews: distributions of adult attachment representations in clinical and non-clinical groups",
		ContainerTitle: "Attachment & Human Development",
		Author: []cite.Name{{Family: "Bakermans-Kranenburg", Given: "Marian J."},
			{Family: "IJzendoorn", Given: "Marinus H.", NonDroppingParticle: "van"}},
		Issued: &cite.Date{DateParts: [][]int{{2009, 5}}}, // month = may
		Volume: "11", Issue: "3", Page: "223-263", DOI: "10.1080/14616730802461409",
	}
	if !reflect.DeepEqual(r.CSL, want) {
		t.Errorf("CSL\n%+v\nwant\n%+v", r.CSL, want)
	}
	if r.Key != "bakermans-kranenburg_first_2009" {
		t.Errorf("key %q", r.Key)
	}
}

// Two records that would get the same id are told apart; a record with
// an error gets none.
func TestSuggestedIDsUnique(t *testing.T) {
	in := `@article{a, author = {Roisman, G.}, title = {Earned security again}, year = 2002}
@article{b, author = {Roisman, G.}, title = {Earned security, again}, year = 2002}
@article{c, author = {Roisman, G.}, title = {Earned security again}, year = 2002, bad}
@article{d, author = {Roisman, G.}, title = {Earned security again}, year = 2002}`
	recs, err := Parse(context.Background(), BibTeX, strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, r := range recs {
		ids = append(ids, r.Study.ID)
	}
	want := []string{"roisman-2002-earned-security", "roisman-2002-earned-security-b", "", "roisman-2002-earned-security-c"}
	if !reflect.DeepEqual(ids, want) {
		t.Errorf("ids %q, want %q", ids, want)
	}
}

func TestSuggestID(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want string
	}{
		{`author = {van IJzendoorn, Marinus H.}, title = {Adult attachment representations}, year = 1995`, "vanijzendoorn-1995-adult-attachment"},
		{`author = {Jańczak, M.}, title = {Mentalization, emotional dysregulation}, year = 2023`, "janczak-2023-mentalization-emotional"},
		{`author = {{World Health Organization}}, title = {World mental health report}, year = 2022`, "who-2022-world-mental"},
		{`author = {{UNICEF}}, title = {The state of the world's children}, year = 2021`, "unicef-2021-state-world"},
		{`editor = {Cassidy, Jude}, title = {Handbook of attachment}, year = 1999`, "cassidy-1999-handbook-attachment"},
		{`title = {Anonymous work}`, "anonymous-work"},
		{`title = {A}`, "untitled"},
	} {
		recs, err := Parse(context.Background(), BibTeX, strings.NewReader("@book{k, "+tc.in+"}"))
		if err != nil || len(recs) != 1 {
			t.Fatalf("%s: %v", tc.in, err)
		}
		if got := recs[0].Study.ID; got != tc.want {
			t.Errorf("%s: id %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestNormalisedFields(t *testing.T) {
	for _, tc := range []struct {
		pages, wantPages string
	}{
		{"1204--1219", "1204-1219"}, {"1204–1219", "1204-1219"}, {"1204 - 1219", "1204-1219"},
		{"1204-19", "1204-1219"}, {"31-6", "31-36"}, {"999-1003", "999-1003"}, {"pp. 12-19", "12-19"},
		{"e0123", "e0123"}, {"S12--S19", "S12-S19"}, {"12-", "12"}, {"7-7", "7"}, {"100-99", "100-199"},
	} {
		var d draft
		d.setPages(tc.pages)
		if d.s.Pages != tc.wantPages {
			t.Errorf("pages %q -> %q, want %q", tc.pages, d.s.Pages, tc.wantPages)
		}
	}
	for in, want := range map[string]int{"2002": 2002, "2002///": 2002, "2002/05/01/": 2002, "2002-05-01": 2002,
		"Spring 2002": 2002, "2002 Jul-Aug": 2002, "05/01/2002": 2002, "12345": 0, "in press": 0, "": 0} {
		if got, _ := findYear(in); got != want {
			t.Errorf("year of %q = %d, want %d", in, got, want)
		}
	}
	for in, want := range map[string]string{"2": "2", "2nd": "2", "2nd ed.": "2", "Second": "2", "third edition": "3",
		"21st": "21", "Revised": "Revised"} {
		var d draft
		d.setEdition(in)
		if d.s.Edition != want {
			t.Errorf("edition %q -> %q, want %q", in, d.s.Edition, want)
		}
	}
	for in, want := range map[string]string{"10.1111/1467-8624.00467": "10.1111/1467-8624.00467",
		"https://doi.org/10.1111/1467-8624.00467": "10.1111/1467-8624.00467", "doi:10.1037/a0012345": "10.1037/a0012345",
		"10.1111/1467-8624.00467 [doi]": "10.1111/1467-8624.00467", "10.1/x 10.2/y": "",
		"10.1037/0022-3514.52.3.511 10.1037/x": "10.1037/0022-3514.52.3.511", "see PDF": ""} {
		var d draft
		d.setDOI("doi", 1, in)
		if d.s.DOI != want {
			t.Errorf("doi %q -> %q, want %q", in, d.s.DOI, want)
		}
	}
	var d draft
	d.addURL("url", 3, "https://doi.org/10.1002%2Fjclp.22680")
	if d.s.DOI != "10.1002/jclp.22680" || d.s.URL != "" {
		t.Errorf("doi.org link: doi %q, url %q", d.s.DOI, d.s.URL)
	}
}

// CSL-JSON wrapped as {"items": [...]} keeps each item's line.
func TestCSLJSONItemsWrapper(t *testing.T) {
	in := "{\n  \"items\": [\n    {\"type\": \"book\", \"title\": \"One\", \"issued\": {\"date-parts\": [[1999]]}},\n    {\"type\": \"thesis\", \"title\": \"Two\"}\n  ]\n}"
	recs, err := Parse(context.Background(), CSLJSON, strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 2 || recs[0].Line != 3 || recs[1].Line != 4 || recs[1].Study.Type != "thesis" {
		for _, r := range recs {
			t.Log(summary(r))
		}
		t.Fatalf("unexpected records")
	}
}
