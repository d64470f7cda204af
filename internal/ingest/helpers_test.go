package ingest

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"litkb/internal/study"
)

var dump = flag.Bool("dump", false, "print the records parsed from each fixture")

// summary renders a record as "field: value" lines, only the fields set,
// so that a want can say exactly what the record holds.
func summary(r Record) string {
	s := r.Study
	var lines []string
	add := func(k, v string) {
		if v != "" {
			lines = append(lines, k+": "+v)
		}
	}
	add("line", strconv.Itoa(r.Line))
	add("id", s.ID)
	add("type", s.Type)
	add("title", s.Title)
	if s.Year != 0 {
		add("year", strconv.Itoa(s.Year))
	}
	add("authors", people(s.Authors))
	add("editors", people(s.Editors))
	add("journal", s.Journal)
	add("container", s.Container)
	add("publisher", s.Publisher)
	add("place", s.Place)
	add("edition", s.Edition)
	add("volume", s.Volume)
	add("issue", s.Issue)
	add("pages", s.Pages)
	add("article_number", s.ArticleNumber)
	add("chapter", s.Chapter)
	add("event", s.Event)
	add("genre", s.Genre)
	add("number", s.Number)
	add("version", s.Version)
	add("doi", s.DOI)
	add("url", s.URL)
	add("accessed", s.Accessed)
	add("isbn", s.ISBN)
	add("pmid", s.PMID)
	add("pmcid", s.PMCID)
	for _, w := range r.Warnings {
		add("warning", w)
	}
	if r.Err != nil {
		add("error", r.Err.Error())
	}
	return strings.Join(lines, "\n")
}

// people writes "Family, Given, Suffix" or "{Literal}", joined by "; ".
func people(ps []study.Person) string {
	var out []string
	for _, p := range ps {
		if p.Literal != "" {
			out = append(out, "{"+p.Literal+"}")
			continue
		}
		n := p.Family
		if p.Given != "" {
			n += ", " + p.Given
		}
		if p.Suffix != "" {
			n += ", " + p.Suffix
		}
		out = append(out, n)
	}
	return strings.Join(out, "; ")
}

// parseFile parses a fixture in the format its extension names.
func parseFile(t testing.TB, name string) []Record {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	formats := map[string]Format{".bib": BibTeX, ".ris": RIS, ".nbib": RIS, ".json": CSLJSON}
	recs, err := Parse(context.Background(), formats[filepath.Ext(name)], f)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if *dump {
		for _, r := range recs {
			fmt.Printf("%s\n\n", summary(r))
		}
	}
	return recs
}
