package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"litkb/index"
	"litkb/internal/study"
)

// runSearch prints ranked hits with their source links.
func runSearch(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	s := newSettings("search", stderr)
	size := s.fs.Int("size", 10, "hits to print")
	if err := s.fs.Parse(args); err != nil {
		return err
	}
	q := strings.Join(s.fs.Args(), " ")
	if q == "" {
		return fmt.Errorf("%w: give a query, e.g. litkb search earned security", errUsage)
	}
	cfg, err := s.load()
	if err != nil {
		return err
	}
	app := &App{Config: cfg, Log: newLogger("warn", stderr), Progress: stderr}
	defer app.Close(context.Background())
	if err := app.Open(ctx, false); err != nil {
		return err
	}
	res, err := app.Index.Search(ctx, index.Request{Query: q, Size: *size})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%d studies for %q\n", res.Total, q)
	if res.Suggestion != "" {
		fmt.Fprintf(stdout, "did you mean: %s\n", res.Suggestion)
	}
	for i, h := range res.Hits {
		st, ok := app.Corpus().Study(h.ID)
		if !ok {
			continue
		}
		fmt.Fprintf(stdout, "%2d. %s (%d) — %s\n    %s\n", i+1, st.Title, st.Year, firstAuthor(st.Byline()), whereToFind(st))
	}
	return nil
}

func firstAuthor(ps []study.Person) string {
	if len(ps) == 0 {
		return ""
	}
	if len(ps) > 1 {
		return ps[0].Family + ps[0].Literal + " et al."
	}
	return ps[0].Family + ps[0].Literal
}

// whereToFind is the way to the original: its DOI or URL, else its PubMed
// record, else its ISBN, else a note that there is none yet.
func whereToFind(st *study.Study) string {
	switch {
	case st.SourceURL() != "":
		return st.SourceURL()
	case st.PMID != "":
		return "https://pubmed.ncbi.nlm.nih.gov/" + st.PMID + "/"
	case st.ISBN != "":
		return "ISBN " + st.ISBN
	}
	return "(no link to the original yet)"
}
