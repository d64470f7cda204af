package ingest

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"litkb/internal/study"
)

var (
	bibEntryLine = regexp.MustCompile(`^\s*@([A-Za-z]+)\s*[{(]`)
	bibFieldName = regexp.MustCompile(`(?:^|[,{(])\s*([A-Za-z][\w:.+-]*)\s*=`)
	risLine      = regexp.MustCompile(`^([A-Z][A-Z0-9]{1,3})\s{0,3}-( |$)`)
)

// rawFields reads the field names of every record of a fixture, by the
// line where the record starts, with this test's own simple reader,
// independent of the parsers.
func rawFields(t *testing.T, name string, data []byte) map[int][]string {
	t.Helper()
	out := map[int][]string{}
	lines := strings.Split(strings.ReplaceAll(string(data), "\r\n", "\n"), "\n")
	switch filepath.Ext(name) {
	case ".bib":
		cur := 0
		for i, l := range lines {
			if m := bibEntryLine.FindStringSubmatch(l); m != nil {
				cur = 0
				if typ := strings.ToLower(m[1]); typ != "string" && typ != "comment" && typ != "preamble" {
					cur = i + 1
					out[cur] = nil
				}
				l = l[len(m[0]):]
			}
			if cur == 0 {
				continue
			}
			for _, m := range bibFieldName.FindAllStringSubmatch(l, -1) {
				out[cur] = append(out[cur], strings.ToLower(m[1]))
			}
		}
	case ".ris", ".nbib":
		cur := 0
		for i, l := range lines {
			m := risLine.FindStringSubmatch(l)
			switch {
			case m == nil:
			case m[1] == "TY" || m[1] == "PMID":
				cur = i + 1
				out[cur] = nil
				if m[1] == "PMID" {
					out[cur] = []string{"PMID"}
				}
			case m[1] == "ER":
				cur = 0
			case cur > 0:
				out[cur] = append(out[cur], m[1])
			}
		}
	case ".json":
		item := func(off int, raw json.RawMessage) {
			var m map[string]json.RawMessage
			if json.Unmarshal(raw, &m) != nil {
				return
			}
			line := 1 + bytes.Count(data[:off], []byte("\n"))
			for k, v := range m {
				if !emptyJSON(v) {
					out[line] = append(out[line], k)
				}
			}
		}
		start := skipJSONSpace(data, 0)
		if data[start] == '{' {
			item(start, data)
			break
		}
		dec := json.NewDecoder(bytes.NewReader(data))
		if _, err := dec.Token(); err != nil {
			t.Fatal(err)
		}
		for dec.More() {
			off := skipJSONSpace(data, int(dec.InputOffset()))
			var raw json.RawMessage
			if dec.Decode(&raw) != nil {
				break
			}
			item(off, raw)
		}
	}
	return out
}

// mappedTo says, for each field name, where the parsers map it: a field
// that is neither there nor listed as not kept was dropped in silence.
var mappedTo = map[string]func(s *study.Study) bool{}

func init() {
	has := func(f func(s *study.Study) string) func(s *study.Study) bool {
		return func(s *study.Study) bool { return f(s) != "" }
	}
	title := has(func(s *study.Study) string { return s.Title })
	journal := has(func(s *study.Study) string { return s.Journal })
	container := has(func(s *study.Study) string { return s.Container })
	title2 := func(s *study.Study) bool { return s.Journal != "" || s.Container != "" || s.Event != "" }
	event := has(func(s *study.Study) string { return s.Event })
	authors := func(s *study.Study) bool { return len(s.Authors) > 0 }
	editors := func(s *study.Study) bool { return len(s.Editors) > 0 }
	year := func(s *study.Study) bool { return s.Year != 0 }
	volume := has(func(s *study.Study) string { return s.Volume })
	issue := has(func(s *study.Study) string { return s.Issue })
	pages := has(func(s *study.Study) string { return s.Pages })
	edition := has(func(s *study.Study) string { return s.Edition })
	publisher := func(s *study.Study) bool { return s.Publisher != "" || s.Container != "" }
	place := has(func(s *study.Study) string { return s.Place })
	doi := has(func(s *study.Study) string { return s.DOI })
	link := func(s *study.Study) bool { return s.URL != "" || s.DOI != "" || s.PMID != "" }
	number := has(func(s *study.Study) string { return s.ArticleNumber })
	chapter := func(s *study.Study) bool { return s.Chapter != "" || s.Title != "" }
	typ := has(func(s *study.Study) string { return s.Type })
	lang := has(func(s *study.Study) string { return s.Language })
	abbrev := func(s *study.Study) bool { return s.JournalAbbrev != "" || s.Journal != "" }
	isbn := has(func(s *study.Study) string { return s.ISBN })
	pmid := has(func(s *study.Study) string { return s.PMID })
	pmcid := has(func(s *study.Study) string { return s.PMCID })
	issued := has(func(s *study.Study) string { return s.Issued })
	original := func(s *study.Study) bool { return s.OriginalYear != 0 }
	accessed := has(func(s *study.Study) string { return s.Accessed })
	genre := has(func(s *study.Study) string { return s.Genre })
	version := has(func(s *study.Study) string { return s.Version })
	repNumber := has(func(s *study.Study) string { return s.Number })
	for names, f := range map[string]func(s *study.Study) bool{
		// BibTeX and biblatex
		"author": authors, "editor": editors, "title subtitle": title, "journal journaltitle": journal,
		"booktitle maintitle series crossref": container, "issue": issue,
		"number":    func(s *study.Study) bool { return issue(s) || number(s) || repNumber(s) }, // BibTeX's issue, CSL's article number, a report's number
		"genre M3":  func(s *study.Study) bool { return genre(s) || s.Type == "preprint" },      // a preprint's "Preprint" is its default; BibTeX's type shares CSL's key below
		"version":   version,
		"year date": year, "month": issued, "origdate origyear original-date": original, "volume": volume,
		"pages": pages, "eid articleno article-number elocation-id": number, "edition": edition,
		"publisher institution organization school": publisher, "address location": place, "doi": doi,
		"url": link, "chapter": chapter, "language langid LA": lang, "shortjournal journalAbbreviation": abbrev, "isbn": isbn, "pmid": pmid, "pmcid": pmcid,
		// an e-print is a PubMed id, or a preprint's server and link
		"eprint eprinttype archiveprefix": func(s *study.Study) bool { return pmid(s) || (s.Type == "preprint" && s.Publisher != "") },
		// a link, or where an unpublished manuscript is held
		"howpublished": func(s *study.Study) bool { return link(s) || (s.Type == "manuscript" && s.Publisher != "") },
		"eventtitle":   event,
		// RIS
		"AU A1": authors, "A2 ED": editors, "TI T1": title, "BT CT": func(s *study.Study) bool { return title(s) || container(s) },
		"T2": title2, "T3": container, "JF JO JA J2 J1": journal, "PY Y1 DA": year, "VL": volume, "IS": issue,
		"SP EP": pages, "ET": func(s *study.Study) bool { return edition(s) || version(s) }, "PB": publisher, "CY PP": place, "DO": doi, "UR": link, "SE": chapter, "C7": func(s *study.Study) bool { return number(s) || repNumber(s) },
		"SN": isbn, "AN": pmid, "C2": pmcid, "C3": container, "C1": place,
		// MEDLINE
		"FAU CN": authors, "FED": editors, "BTI": title, "JT TA": journal, "DP": year, "VI": volume, "IP": issue,
		"PG": pages, "PL": place, "AID LID": doi, "PMC": pmcid, "ISBN": isbn,
		// CSL-JSON
		"type": typ, "container-title container-title-short": title2, "collection-title": container, "issued": year,
		"page page-first": pages, "publisher-place": place, "DOI": doi, "URL": link, "chapter-number": chapter,
		"PMID": pmid, "PMCID": pmcid, "event": event,
		// a web page's access date, in each format
		"urldate Y2 accessed": accessed,
	} {
		for _, n := range strings.Fields(names) {
			mappedTo[n] = f
		}
	}
}

// TestEveryFieldMappedOrNotKept walks the raw fields of every record of
// every fixture: each is mapped onto the study or listed as not kept with
// a reason.
func TestEveryFieldMappedOrNotKept(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "*.*"))
	if err != nil || len(files) < 10 {
		t.Fatalf("fixtures: %v %v", files, err)
	}
	for _, path := range files {
		name := filepath.Base(path)
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			raw := rawFields(t, name, data)
			checked := 0
			for _, r := range parseFile(t, name) {
				if r.Err != nil {
					continue // nothing of it is kept, and the error says so
				}
				fields, ok := raw[r.Line]
				if !ok {
					t.Errorf("record at line %d: the test's reader found no record there", r.Line)
					continue
				}
				reasons := map[string]string{}
				for _, n := range r.NotKept {
					if n.Reason == "" {
						t.Errorf("line %d: %s is not kept, with no reason", r.Line, n.Field)
					}
					reasons[n.Field] = n.Reason
				}
				for _, f := range fields {
					checked++
					if _, listed := reasons[f]; listed {
						continue
					}
					if m, ok := mappedTo[f]; ok && m(&r.Study) {
						continue
					}
					t.Errorf("line %d: field %s is neither mapped onto the study nor listed as not kept", r.Line, f)
				}
			}
			if checked == 0 && !strings.HasPrefix(name, "malformed") {
				t.Errorf("no fields checked")
			}
		})
	}
}

// TestNotKeptReasons pins what is listed, and why, for the fields a
// reference manager writes that litkb does not keep.
func TestNotKeptReasons(t *testing.T) {
	for _, tc := range []struct {
		name string
		f    Format
		in   string
		want []NotKept
	}{
		{"bibtex month kept, abstract and a link beside the DOI", BibTeX,
			"@article{a, author = {A, Bo}, title = {T}, journal = {J}, year = 2002, month = aug,\n abstract = {Words.}, doi = {10.1111/x}, url = {https://example.org/a}}",
			[]NotKept{{"abstract", whyAbstract}}},
		{"bibtex day, and a month that is not one", BibTeX,
			"@article{a, author = {A, Bo}, title = {T}, journal = {J}, year = 2002, month = {Spring}, day = {3}}",
			[]NotKept{{"month", "not a month litkb can read"}, {"day", whyDate}}},
		{"bibtex alternatives and fields of another type", BibTeX,
			"@book{b, author = {A, Bo}, title = {T}, year = 2002, date = {2003-08-01}, journal = {J}, frobnicate = {x}}",
			[]NotKept{{"date", "its year differs from year, which is kept instead"}, {"journal", notForType("journal", "book")}, {"frobnicate", noFieldReason}}},
		{"bibtex report date beyond its year", BibTeX,
			"@report{r, author = {A, Bo}, title = {T}, institution = {I}, number = {12}, date = {2001-05/2001-06}}",
			[]NotKept{{"date", whyYearOnly}}},
		{"bibtex number, genre and version on a book", BibTeX,
			"@book{b, author = {A, Bo}, title = {T}, year = 2002, number = {3}, type = {Handbook}, version = {2}}",
			[]NotKept{{"number", whyNumber}, {"type", whyGenre}, {"version", whyVersion}}},
		{"csl genre, number and version where the type has none", CSLJSON,
			`[{"type": "book", "title": "T", "author": [{"family": "A"}], "issued": {"date-parts": [[1997]]}, "genre": "Handbook", "number": "3", "version": "2"}]`,
			[]NotKept{{"number", whyNumber}, {"genre", whyGenre}, {"version", whyVersion}}},
		{"ris end page of a range and a second link", RIS,
			"TY  - JOUR\nAU  - A, Bo\nTI  - T\nJF  - J\nPY  - 2002\nSP  - 1-9\nEP  - 9\nUR  - https://example.org/1\nUR  - https://example.org/2\nKW  - k\nER  - \n",
			[]NotKept{{"EP", "the page range is taken from SP"}, {"UR", "only the first link is kept"}, {"KW", whyKeywords}}},
		{"csl month, short title and a key litkb has no field for", CSLJSON,
			`[{"type": "article-journal", "title": "T", "author": [{"family": "A"}], "issued": {"date-parts": [[1997, 8], [1997, 9]]}, "container-title": "J", "container-title-short": "J.", "title-short": "T", "PMID": "1"}]`,
			[]NotKept{{"issued", "only the first date of a range is kept"}, {"title-short", whyShort}}},
		{"ris full date beside its year, and a second date", RIS,
			"TY  - JOUR\nAU  - A, Bo\nTI  - T\nJF  - J\nPY  - 2002\nDA  - 2002/08/15/\nDA  - 2003/01//\nER  - \n",
			[]NotKept{{"DA", "its year differs from PY, which is kept instead"}}},
		{"two languages, and a babel name beside them", BibTeX,
			"@article{a, author = {A, Bo}, title = {T}, journal = {J}, year = 2002, language = {German, English}, langid = {ngerman}}",
			[]NotKept{{"language", "only the first language is kept"}, {"langid", instead("language")}}},
		{"a language litkb does not know, and a journal abbreviation on a book", BibTeX,
			"@book{b, author = {A, Bo}, title = {T}, year = 2002, langid = {klingonisch}, shortjournal = {J}}",
			[]NotKept{{"langid", "not a language tag or a language litkb knows by name"}, {"shortjournal", notForType("shortjournal", "book")}}},
		{"ris abbreviations that differ, and an ISO 639-2 language code", RIS,
			"TY  - JOUR\nAU  - A, Bo\nTI  - T\nT2  - Journal of Things\nJ2  - J Things\nJO  - J. Things\nPY  - 2002\nLA  - ger\nER  - \n",
			[]NotKept{{"JO", instead("J2")}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			recs := parseString(t, tc.f, tc.in)
			if len(recs) != 1 || recs[0].Err != nil {
				t.Fatalf("records %+v", recs)
			}
			got := recs[0].NotKept
			if len(got) != len(tc.want) {
				t.Errorf("not kept %q, want %q", got, tc.want)
			}
			for _, w := range tc.want {
				found := false
				for _, g := range got {
					found = found || g == w
				}
				if !found {
					t.Errorf("missing %q in %q", w, got)
				}
			}
		})
	}
}

func parseString(t *testing.T, f Format, in string) []Record {
	t.Helper()
	recs, err := Parse(t.Context(), f, strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	return recs
}
