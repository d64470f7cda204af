package main

import (
	"context"
	"fmt"
	"io"

	"litkb/internal/corpus"
)

// runValidate checks every file of a corpus folder and prints every
// problem as file:line: field: message. It exits 1 if there is any and
// never writes anything.
func runValidate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	dir := "data"
	switch len(args) {
	case 0:
	case 1:
		dir = args[0]
	default:
		return fmt.Errorf("%w: validate takes one folder, got %d arguments", errUsage, len(args))
	}
	c, err := corpus.LoadWith(ctx, dir, corpus.LoadOptions{Progress: loadProgress(stderr)})
	if err != nil {
		return err
	}
	for _, p := range c.Problems {
		fmt.Fprintln(stdout, p.String())
	}
	if n := len(c.Problems); n > 0 {
		fmt.Fprintf(stderr, "%d problem(s) in %s\n", n, dir)
		return errSilent
	}
	drafts := len(c.Studies) - c.PublishedCount()
	fmt.Fprintf(stdout, "%s: %d studies (%d published, %d drafts), %d topics, %d constructs, %d claims: no problems\n",
		dir, len(c.Studies), c.PublishedCount(), drafts, len(c.Topics), len(c.Constructs), len(c.Claims))
	return nil
}
