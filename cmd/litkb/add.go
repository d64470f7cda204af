package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"litkb/internal/config"
	"litkb/internal/corpus"
	"litkb/internal/registry"
)

// newRegistry is the registry client the settings describe.
func newRegistry(c config.Config) *registry.Client {
	return registry.New(registry.Options{CrossrefURL: c.CrossrefURL, PubMedURL: c.PubMedURL, DOIURL: c.DOIURL, Contact: c.ContactEmail, Rate: c.RegistryRate})
}

// parseInterspersed parses flags wherever they stand ("add DOI --pmid"
// as well as "add --pmid DOI") and returns the other arguments.
func parseInterspersed(s *settings, args []string) ([]string, error) {
	var pos []string
	for {
		if err := s.fs.Parse(args); err != nil {
			return nil, err
		}
		if s.fs.NArg() == 0 {
			return pos, nil
		}
		pos, args = append(pos, s.fs.Arg(0)), s.fs.Args()[1:]
	}
}

// runAdd saves a draft filled from the registry record of a DOI (Crossref,
// else DOI content negotiation) or a PMID (PubMed). The registry is asked
// before anything is opened for writing: offline or refused, nothing is
// written. With a server running on the same data/, use the lookup API
// or the curator form instead, so the server sees the new draft.
func runAdd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	s := newSettings("add", stderr)
	pmid := s.fs.String("pmid", "", "add the PubMed record with this PMID instead of a DOI")
	confirm := s.fs.Bool("confirm", false, "save even though a study with a near-identical title exists")
	who := s.fs.String("as", os.Getenv("USER"), "curator name recorded in the history")
	pos, err := parseInterspersed(s, args)
	if err != nil {
		return err
	}
	doi := ""
	if len(pos) > 0 {
		doi = pos[0]
	}
	if len(pos) > 1 || (doi == "") == (*pmid == "") {
		return fmt.Errorf("%w: litkb add DOI | litkb add --pmid PMID", errUsage)
	}
	cfg, err := s.load()
	if err != nil {
		return err
	}
	rec, err := newRegistry(cfg).Lookup(ctx, doi, *pmid)
	if err != nil {
		return fmt.Errorf("%w; nothing written", err)
	}
	app := &App{Config: cfg, Log: newLogger("warn", stderr), Progress: stderr}
	defer app.Close(context.Background())
	if err := app.Open(ctx, false); err != nil {
		return err
	}
	saved, err := app.Store.Create(ctx, registry.Draft(rec), corpus.Actor{Name: *who, Role: corpus.RoleCurator}, *confirm)
	var ce *corpus.ConflictError
	if errors.As(err, &ce) {
		return fmt.Errorf("%s; nothing written", ce.Reason)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "saved the draft %s (%s), filled from %s\n", saved.ID,
		filepath.Join(cfg.Data, corpus.StudiesDir, saved.ID+".toml"), rec.Provenance())
	for _, n := range saved.Notices {
		fmt.Fprintf(stdout, "notice: %s %s %s (%s)\n", n.Kind, n.DOI, n.Date, n.Source)
	}
	fmt.Fprintln(stdout, "the summary, topics, design, sample and findings are still to be written")
	return nil
}
