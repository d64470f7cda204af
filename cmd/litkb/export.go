package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"litkb/index"
	"litkb/internal/cite"
)

// runExport writes every published study a query matches (all of them
// without a query) as BibTeX, RIS or CSL-JSON to stdout.
func runExport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	s := newSettings("export", stderr)
	format := s.fs.String("format", "bibtex", "bibtex, ris or csljson")
	if err := s.fs.Parse(args); err != nil {
		return err
	}
	f, err := cite.ParseExportFormat(*format)
	if err != nil {
		return fmt.Errorf("%w: %v", errUsage, err)
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
	c := app.Corpus()
	studies := c.Published()
	if q := strings.Join(s.fs.Args(), " "); q != "" {
		ids, err := app.Index.MatchingIDs(ctx, index.Request{Query: q})
		if err != nil {
			return err
		}
		studies = studies[:0:0]
		for _, id := range ids {
			if st, ok := c.Study(id); ok {
				studies = append(studies, st)
			}
		}
	}
	b, err := cite.Export(studies, f)
	if err != nil {
		return err
	}
	_, err = stdout.Write(b)
	fmt.Fprintf(stderr, "%d studies\n", len(studies))
	return err
}
