package cite_test

// An external test package: ingest imports cite, so only a cite_test
// package can read litkb's exports back with litkb's own importer.

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"litkb/internal/cite"
	"litkb/internal/corpus"
	"litkb/internal/ingest"
	"litkb/internal/study"
)

// reference is every bibliographic field of a study, as the three export
// formats carry it.
type reference struct {
	Type, Title, Year, Authors, Editors           string
	Issued, OriginalYear                          string
	Journal, Container, Publisher, Place, Edition string
	Volume, Issue, Pages, ArticleNumber, Chapter  string
	Event, DOI, URL, Accessed                     string
	ISBN, PMID, PMCID                             string
	JournalAbbrev, Language                       string
}

func referenceOf(s study.Study) reference {
	r := reference{Type: s.Type, Title: s.Title, Authors: persons(s.Authors), Editors: persons(s.Editors),
		Journal: s.Journal, Container: s.Container, Publisher: s.Publisher, Place: s.Place, Edition: s.Edition,
		Volume: s.Volume, Issue: s.Issue, Pages: s.Pages, ArticleNumber: s.ArticleNumber, Chapter: s.Chapter,
		Event: s.Event, DOI: s.DOI, URL: s.URL, Accessed: s.Accessed, ISBN: s.ISBN, PMID: s.PMID, PMCID: s.PMCID,
		JournalAbbrev: s.JournalAbbrev, Language: s.Language, Issued: s.Issued}
	if s.OriginalYear != 0 {
		r.OriginalYear = strconv.Itoa(s.OriginalYear)
	}
	if s.Year != 0 {
		r.Year = strconv.Itoa(s.Year)
	}
	// A report's issuing body is one CSL variable (publisher), stored as
	// the publisher or, without one, as the container: the same fact.
	if s.Type == "report" && r.Publisher == "" {
		r.Publisher, r.Container = r.Container, ""
	}
	return r
}

// persons keeps each part of a name apart, so a family name read back as
// a corporate name ({"literal": "Bateman"}) is a difference. A bare
// initial in a given name is compared with its period ("J" as "J."): the
// importer writes initials as litkb keeps them, a deliberate change.
func persons(ps []study.Person) string {
	var out []string
	for _, p := range ps {
		given := strings.Fields(p.Given)
		for i, w := range given {
			if r, n := utf8.DecodeRuneInString(w); n == len(w) && unicode.IsUpper(r) {
				given[i] += "."
			}
		}
		out = append(out, fmt.Sprintf("family=%q given=%q suffix=%q literal=%q",
			p.Family, strings.Join(given, " "), p.Suffix, p.Literal))
	}
	return strings.Join(out, "; ")
}

// TestExportImportRoundTrip exports every study in data/, drafts included,
// and the golden-test fixtures as BibTeX, RIS and CSL-JSON and imports each
// file with ingest.Parse: each record must come back with every
// bibliographic field unchanged.
func TestExportImportRoundTrip(t *testing.T) {
	c, err := corpus.Load(filepath.Join("..", "..", "data"))
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Studies) < 20 {
		t.Fatalf("only %d studies in ../../data", len(c.Studies))
	}
	studies := slices.Clone(c.Studies)
	for _, st := range append(slices.Clone(cite.Fixtures), withIdentifiers...) {
		studies = append(studies, &st)
	}
	csl, err := cite.ExportCSLJSON(studies)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		format ingest.Format
		data   []byte
	}{
		{ingest.BibTeX, cite.ExportBibTeX(studies)},
		{ingest.RIS, cite.ExportRIS(studies)},
		{ingest.CSLJSON, csl},
	} {
		t.Run(string(tc.format), func(t *testing.T) {
			recs, err := ingest.Parse(context.Background(), tc.format, bytes.NewReader(tc.data))
			if err != nil {
				t.Fatal(err)
			}
			if len(recs) != len(studies) {
				t.Fatalf("%d records for %d studies", len(recs), len(studies))
			}
			for i, rec := range recs {
				want := *studies[i] // a copy: it is changed below
				if tc.format == ingest.RIS {
					want.OriginalYear = 0 // RIS has no tag for it; see writeRIS
				}
				if rec.Err != nil {
					t.Errorf("%s: %v", want.ID, rec.Err)
					continue
				}
				if g, w := referenceOf(rec.Study), referenceOf(want); g != w {
					t.Errorf("%s: %s read back with\n%s", want.ID, tc.format, diff(g, w))
				}
			}
		})
	}
}

// diff names each field that differs.
func diff(got, want reference) string {
	g := strings.Split(strings.Trim(fmt.Sprintf("%#v", got), "{}"), ", ")
	w := strings.Split(strings.Trim(fmt.Sprintf("%#v", want), "{}"), ", ")
	var out []string
	for i := range g {
		if i < len(w) && g[i] != w[i] {
			out = append(out, fmt.Sprintf("  got  %s\n  want %s", g[i], w[i]))
		}
	}
	return strings.Join(out, "\n")
}

// withIdentifiers are works with every identifier and link beside the DOI,
// which no study in data/ has yet. The ISBNs are the standard's textbook
// examples; the PubMed ids are made up, in the right form.
var withIdentifiers = []study.Study{
	{ID: "ident-2002-article", Type: "article", Title: "An article with every identifier", Year: 2002,
		Authors: []study.Person{{Family: "Roe", Given: "Ann"}}, Journal: "Journal of Identifiers", Volume: "1", Pages: "1-9",
		DOI: "10.1000/ident.1", URL: "https://example.org/articles/1", PMID: "12345678", PMCID: "PMC1234567"},
	{ID: "ident-1999-book", Type: "book", Title: "A book found by its ISBN", Year: 1999,
		Authors: []study.Person{{Family: "Doe", Given: "Jo"}}, Publisher: "Plenum", Place: "New York",
		URL: "https://example.org/books/1", ISBN: "9780306406157"},
	{ID: "ident-2005-chapter", Type: "chapter", Title: "A chapter of a book with an ISBN-10", Year: 2005,
		Authors: []study.Person{{Family: "Poe", Given: "Al"}}, Container: "The book", Publisher: "P",
		DOI: "10.1000/ident.2", URL: "https://example.org/chapters/2", ISBN: "080442957X", PMID: "1"},
}
