package cite

import (
	"slices"
	"strconv"
	"strings"
	"testing"

	"litkb/internal/study"
)

// The exports must carry every bibliographic field litkb has. These tests
// read the RIS and BibTeX back with minimal readers of the exact shape
// litkb writes and compare the fields with the studies they came from.

// bibliographic is the part of a study the exports carry, normalised for
// comparison.
type bibliographic struct {
	Type, Title, Year, Journal, Container, Publisher, Place, Edition string
	Volume, Issue, Pages, ArticleNumber, Chapter, DOI, URL           string
	Authors, Editors, Event, Accessed                                string
	Genre, Number, Version                                           string
}

func bibOf(s study.Study) bibliographic {
	b := bibliographic{
		Type: s.Type, Title: s.Title, Journal: s.Journal, Publisher: s.Publisher, Place: s.Place,
		Edition: s.Edition, Volume: s.Volume, Issue: s.Issue, Pages: s.Pages, ArticleNumber: s.ArticleNumber,
		Chapter: s.Chapter, DOI: s.DOI, URL: s.URL, Authors: peopleKey(s.Authors), Editors: peopleKey(s.Editors),
		Accessed: s.Accessed, Genre: s.Genre, Number: s.Number, Version: s.Version,
	}
	if s.Year != 0 {
		b.Year = strconv.Itoa(s.Year)
	}
	switch s.Type {
	case "chapter":
		b.Container = s.Container
	case "paper-conference":
		b.Container, b.Event = s.Container, s.Event
	case "webpage":
		b.Container = s.Container
	case "report":
		if s.Publisher == "" {
			b.Publisher = s.Container
		} else {
			b.Container = s.Container
		}
	}
	return b
}

func peopleKey(ps []study.Person) string {
	var parts []string
	for _, p := range ps {
		parts = append(parts, p.Family+"|"+p.Given+"|"+p.Suffix+"|"+p.Literal)
	}
	return strings.Join(parts, "; ")
}

func TestRISRoundTrip(t *testing.T) {
	studies := append(append([]study.Study{}, fixtures...), corpusStudies(t)...)
	records := strings.Split(string(ExportRIS(refs(studies...))), "ER  - \r\n")
	records = records[:len(records)-1]
	if len(records) != len(studies) {
		t.Fatalf("%d records for %d studies", len(records), len(studies))
	}
	types := map[string]string{"JOUR": "article", "BOOK": "book", "CHAP": "chapter", "CONF": "paper-conference", "RPRT": "report", "THES": "thesis", "ELEC": "webpage",
		"GEN": "preprint", "UNPB": "manuscript", "DATA": "dataset"}
	for i, rec := range records {
		var got bibliographic
		var authors, editors []study.Person
		for _, line := range strings.Split(strings.TrimSuffix(rec, "\r\n"), "\r\n") {
			tag, value, ok := strings.Cut(line, "  - ")
			if !ok || len(tag) != 2 {
				t.Fatalf("record %d: bad line %q", i, line)
			}
			switch tag {
			case "TY":
				got.Type = types[value]
			case "AU":
				authors = append(authors, risPerson(value))
			case "A2":
				editors = append(editors, risPerson(value))
			case "TI":
				got.Title = value
			case "T2":
				switch got.Type {
				case "article":
					got.Journal = value
				case "paper-conference":
					got.Event = value
				default:
					got.Container = value
				}
			case "T3", "C3":
				got.Container = value
			case "PY":
				got.Year = value
			case "VL":
				got.Volume = value
			case "IS":
				got.Issue = value
			case "SP":
				got.Pages = value
			case "EP":
				got.Pages += "-" + value
			case "C7":
				if got.Type == "report" || got.Type == "dataset" {
					got.Number = value
				} else {
					got.ArticleNumber = value
				}
			case "SE":
				got.Chapter = value
			case "ET":
				if got.Type == "dataset" {
					got.Version = value
				} else {
					got.Edition = value
				}
			case "M3":
				got.Genre = genreBack(got.Type, value)
			case "PB":
				got.Publisher = value
			case "CY", "C1":
				got.Place = value
			case "DO":
				got.DOI = value
			case "UR":
				got.URL = value
			case "Y2":
				got.Accessed = strings.ReplaceAll(strings.TrimSuffix(value, "/"), "/", "-")
			}
		}
		got.Authors, got.Editors = peopleKey(authors), peopleKey(editors)
		if want := bibOf(studies[i]); got != want {
			t.Errorf("%s: RIS read back as\n%+v\nwant\n%+v", studies[i].ID, got, want)
		}
	}
}

// risPerson reads "Family, Given, Suffix" back; the particle stays in the
// family name, as litkb stores it. "Family," is a family name alone; a name
// without a comma, or ending in one after a comma inside, is corporate.
func risPerson(v string) study.Person {
	if rest, ok := strings.CutSuffix(v, ","); ok {
		if strings.Contains(rest, ",") {
			return study.Person{Literal: rest}
		}
		return study.Person{Family: rest}
	}
	parts := strings.Split(v, ", ")
	switch len(parts) {
	case 1:
		return study.Person{Literal: v}
	case 2:
		return study.Person{Family: parts[0], Given: parts[1]}
	}
	return study.Person{Family: parts[0], Given: parts[1], Suffix: parts[2]}
}

func TestBibTeXRoundTrip(t *testing.T) {
	studies := append(append([]study.Study{}, fixtures...), corpusStudies(t)...)
	entries := strings.Split(string(ExportBibTeX(refs(studies...))), "\n}\n")
	entries = entries[:len(entries)-1]
	if len(entries) != len(studies) {
		t.Fatalf("%d entries for %d studies", len(entries), len(studies))
	}
	types := map[string]string{"article": "article", "book": "book", "incollection": "chapter", "inproceedings": "paper-conference", "techreport": "report", "thesis": "thesis", "online": "webpage",
		"misc": "preprint", "unpublished": "manuscript", "dataset": "dataset"}
	for i, e := range entries {
		lines := strings.Split(strings.TrimSpace(e), "\n")
		ty, _, _ := strings.Cut(strings.TrimPrefix(lines[0], "@"), "{")
		got := bibliographic{Type: types[ty]}
		for _, line := range lines[1:] {
			name, value, ok := strings.Cut(strings.TrimSpace(line), " = ")
			if name == "month" && slices.Contains(bibMonths[:], strings.TrimSuffix(value, ",")) {
				continue // BibTeX's month macro, unbraced; TestExportImportRoundTrip reads it back
			}
			if !ok || !strings.HasPrefix(value, "{") || !strings.HasSuffix(value, "},") {
				t.Fatalf("%s: bad line %q", studies[i].ID, line)
			}
			if !balanced(value) {
				t.Errorf("%s: unbalanced braces in %q", studies[i].ID, line)
			}
			raw := value[1 : len(value)-2]
			v := unescapeBibTeX(raw)
			switch name {
			case "author":
				got.Authors = bibPeople(raw)
			case "editor":
				got.Editors = bibPeople(raw)
			case "title":
				got.Title = v
			case "journal":
				got.Journal = v
			case "booktitle", "series", "organization":
				got.Container = v
			case "urldate":
				got.Accessed = v
			case "eventtitle":
				got.Event = v
			case "year":
				got.Year = v
			case "volume":
				got.Volume = v
			case "number":
				if got.Type == "report" || got.Type == "dataset" {
					got.Number = v
				} else {
					got.Issue = v
				}
			case "type":
				got.Genre = genreBack(got.Type, v)
			case "version":
				got.Version = v
			case "eid":
				got.ArticleNumber = v
			case "pages":
				got.Pages = strings.Replace(v, "--", "-", 1)
			case "chapter":
				got.Chapter = v
			case "edition":
				got.Edition = v
			case "publisher", "institution", "school", "howpublished":
				got.Publisher = v
			case "address":
				got.Place = v
			case "doi":
				got.DOI = v
			case "url":
				got.URL = v
			case "isbn", "pmid", "pmcid", "shortjournal", "language", "date", "origdate":
				// identifiers, abbreviation, language: TestExportImportRoundTrip reads them back
			default:
				t.Errorf("%s: unexpected field %s", studies[i].ID, name)
			}
		}
		if want := bibOf(studies[i]); got != want {
			t.Errorf("%s: BibTeX read back as\n%+v\nwant\n%+v", studies[i].ID, got, want)
		}
	}
}

// bibPeople reads a BibTeX name list, splitting at " and " outside braces
// as BibTeX does.
func bibPeople(raw string) string {
	var names []string
	depth, start := 0, 0
	for i := 0; i < len(raw); i++ {
		switch raw[i] {
		case '{':
			depth++
		case '}':
			depth--
		case ' ':
			if depth == 0 && strings.HasPrefix(raw[i:], " and ") {
				names = append(names, raw[start:i])
				start = i + len(" and ")
			}
		}
	}
	names = append(names, raw[start:])
	var ps []study.Person
	for _, n := range names {
		if strings.HasPrefix(n, "{") && strings.HasSuffix(n, "}") && balanced(n[1:len(n)-1]) {
			ps = append(ps, study.Person{Literal: unescapeBibTeX(n[1 : len(n)-1])})
			continue
		}
		n = unescapeBibTeX(n)
		parts := strings.Split(n, ", ")
		switch len(parts) {
		case 2:
			ps = append(ps, study.Person{Family: parts[0], Given: parts[1]})
		case 3: // von Last, Jr, First
			ps = append(ps, study.Person{Family: parts[0], Suffix: parts[1], Given: parts[2]})
		case 1: // one word is BibTeX's Last: a family name alone
			if !strings.Contains(n, " ") {
				ps = append(ps, study.Person{Family: n})
				break
			}
			ps = append(ps, study.Person{Literal: n})
		default:
			ps = append(ps, study.Person{Literal: n})
		}
	}
	return peopleKey(ps)
}

// unescapeBibTeX undoes bibEscape and the title's protective braces.
func unescapeBibTeX(s string) string {
	pairs := []string{`{\textbackslash}`, `\`, `{\textbraceleft}`, "\x00{", `{\textbraceright}`, "\x00}",
		`{\textasciitilde}`, "~", `{\textasciicircum}`, "^", `\&`, "&", `\%`, "%", `\$`, "$", `\#`, "#", `\_`, "_",
		"---", "—", "``", "“", "''", "”"}
	for r, tex := range latexAccents {
		pairs = append(pairs, tex, string(r))
	}
	s = strings.NewReplacer(pairs...).Replace(s)
	// Protective braces go; escaped literal braces (marked \x00) stay.
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == 0 && i+1 < len(s):
			b.WriteByte(s[i+1])
			i++
		case s[i] == '{' || s[i] == '}':
		default:
			b.WriteByte(s[i])
		}
	}
	return b.String()
}

func balanced(s string) bool {
	depth := 0
	for _, r := range s {
		switch r {
		case '{':
			depth++
		case '}':
			depth--
			if depth < 0 {
				return false
			}
		}
	}
	return depth == 0
}

// genreBack is the genre as stored: a preprint's "Preprint" is the
// default the exports write out, stored as no genre.
func genreBack(typ, v string) string {
	if typ == "preprint" && v == PreprintGenre {
		return ""
	}
	return v
}
