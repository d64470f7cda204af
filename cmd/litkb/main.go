// Command litkb serves, indexes, validates and searches the curated corpus.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

const usage = `litkb — a literature and citation knowledge base

Usage:
  litkb serve    [--addr A] [--data DIR] [--state DIR] [--config FILE]   serve the web UI and API
  litkb index    [--data DIR] [--state DIR]                              rebuild the search index
  litkb validate [DIR]                                                   check every corpus file
  litkb search   [--data DIR] [--state DIR] [--size N] QUERY             search from the command line
  litkb import   [--write] [--format bibtex|ris|csljson] FILE            preview (and save as drafts) a reference file
  litkb export   [--format bibtex|ris|csljson] [QUERY]                   export published studies (a search's, or all)
  litkb add      DOI | --pmid PMID                                       save a draft filled from Crossref, doi.org or PubMed
  litkb verify   [--write] [ID...]                                       compare studies with their registry records
  litkb load     [--duration 60s] [--clients 4] [--writes 0.05]          load test: searches, views, writes on loopback
  litkb token    add NAME [--role curator|editor] | list | revoke NAME   curator tokens for writes
  litkb bench    [-n N] [-quick] [-json] | gen -n N -seed S DIR         measure speed on a generated corpus

Settings come from defaults, then litkb.toml (or --config), then LITKB_*
variables, then flags. Run "litkb COMMAND -h" for a command's flags.
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

// run dispatches a subcommand and turns its error into an exit code: 0 ok,
// 1 the command failed (e.g. problems found), 2 usage.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	var err error
	switch args[0] {
	case "serve":
		err = runServe(ctx, args[1:], stdout, stderr)
	case "index":
		err = runIndex(ctx, args[1:], stdout, stderr)
	case "validate":
		err = runValidate(ctx, args[1:], stdout, stderr)
	case "search":
		err = runSearch(ctx, args[1:], stdout, stderr)
	case "token":
		err = runToken(ctx, args[1:], stdout, stderr)
	case "export":
		err = runExport(ctx, args[1:], stdout, stderr)
	case "import":
		err = runImport(ctx, args[1:], stdout, stderr)
	case "add":
		err = runAdd(ctx, args[1:], stdout, stderr)
	case "verify":
		err = runVerify(ctx, args[1:], stdout, stderr)
	case "load":
		err = runLoad(ctx, args[1:], stdout, stderr)
	case "bench":
		err = runBench(ctx, args[1:], stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	default:
		fmt.Fprintf(stderr, "litkb: unknown command %q\n\n%s", args[0], usage)
		return 2
	}
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.Is(err, errUsage):
		fmt.Fprintf(stderr, "litkb %s: %v\n", args[0], err)
		return 2
	case errors.Is(err, errSilent):
		return 1
	}
	fmt.Fprintf(stderr, "litkb %s: %v\n", args[0], err)
	return 1
}

var (
	errUsage  = errors.New("usage")
	errSilent = errors.New("failed") // the command already said why
)
