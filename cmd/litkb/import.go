package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"text/tabwriter"

	"litkb/internal/corpus"
	"litkb/internal/server"
)

// runImport previews (and with --write saves, as drafts) the records of a
// BibTeX, RIS or CSL-JSON file. With a server running on the same data/,
// import through the API instead, so the server sees the new drafts.
func runImport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	s := newSettings("import", stderr)
	format := s.fs.String("format", "", "bibtex, ris or csljson (default: from the file)")
	write := s.fs.Bool("write", false, "save the new records as drafts (default: only show the preview)")
	asJSON := s.fs.Bool("json", false, "print the report as JSON")
	who := s.fs.String("as", os.Getenv("USER"), "curator name recorded in the history")
	if err := s.fs.Parse(args); err != nil {
		return err
	}
	if s.fs.NArg() != 1 {
		return fmt.Errorf("%w: litkb import [--write] [--format F] FILE", errUsage)
	}
	body, err := os.ReadFile(s.fs.Arg(0))
	if err != nil {
		return err
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
	actor := corpus.Actor{Name: *who, Role: corpus.RoleCurator}
	rep, err := server.Import(ctx, app.Store, body, "", *format, !*write, actor)
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(rep)
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "LINE\tSTATUS\tID\tDETAIL")
	for _, r := range rep.Records {
		detail := r.CSL.Title
		switch r.Status {
		case "duplicate":
			detail = "same work as " + r.DuplicateOf
		case "error":
			detail = r.Error
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\n", r.Line, r.Status, r.ID, detail)
	}
	_ = tw.Flush()
	verb := "would be saved (run with --write to save them)"
	if *write {
		verb = "saved as drafts"
	}
	fmt.Fprintf(stdout, "%d new %s, %d duplicates, %d errors\n", rep.New, verb, rep.Duplicates, rep.Errors)
	if rep.Errors > 0 {
		return errSilent
	}
	return nil
}
