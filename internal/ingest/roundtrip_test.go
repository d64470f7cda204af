package ingest

import (
	"bytes"
	"context"
	"strconv"
	"testing"

	"litkb/internal/cite"
	"litkb/internal/corpus"
	"litkb/internal/study"
)

// TestRoundTrip exports the bundled corpus with litkb's own exporters and
// imports it again: every published study must come back with the same
// bibliographic facts.
func TestRoundTrip(t *testing.T) {
	c, err := corpus.Load("../../data")
	if err != nil {
		t.Fatal(err)
	}
	studies := c.Published()
	if len(studies) < 10 {
		t.Fatalf("only %d published studies in the bundled corpus", len(studies))
	}
	csl, err := cite.ExportCSLJSON(studies)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		format Format
		data   []byte
	}{
		{BibTeX, cite.ExportBibTeX(studies)},
		{RIS, cite.ExportRIS(studies)},
		{CSLJSON, csl},
	} {
		t.Run(string(tc.format), func(t *testing.T) {
			recs, err := Parse(context.Background(), tc.format, bytes.NewReader(tc.data))
			if err != nil {
				t.Fatal(err)
			}
			if len(recs) != len(studies) {
				t.Fatalf("%d records for %d studies", len(recs), len(studies))
			}
			for i, r := range recs {
				want := studies[i]
				if r.Err != nil {
					t.Errorf("%s: %v", want.ID, r.Err)
					continue
				}
				if g, w := bibFacts(r.Study), bibFacts(*want); g != w {
					t.Errorf("%s: read back as\n%+v\nwant\n%+v", want.ID, g, w)
				}
				if len(r.Warnings) > 0 {
					t.Logf("%s: %q", want.ID, r.Warnings)
				}
			}
		})
	}
}

// facts are the fields an export must carry, normalised for comparison.
type facts struct {
	Type, Title, Year, Authors, Editors                    string
	Journal, Container, Publisher, Place, Edition          string
	Volume, Issue, Pages, ArticleNumber, Chapter, DOI, URL string
}

func bibFacts(s study.Study) facts {
	f := facts{Type: s.Type, Title: s.Title, Year: strconv.Itoa(s.Year), Authors: people(s.Authors), Editors: people(s.Editors),
		Journal: s.Journal, Container: s.Container, Publisher: s.Publisher, Place: s.Place, Edition: s.Edition,
		Volume: s.Volume, Issue: s.Issue, Pages: s.Pages, ArticleNumber: s.ArticleNumber, Chapter: s.Chapter,
		DOI: s.DOI, URL: s.URL}
	if s.DOI != "" {
		f.URL = ""
	}
	return f
}
