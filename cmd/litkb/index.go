package main

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"time"

	"litkb/index"
	"litkb/internal/corpus"
)

// runIndex rebuilds the index from the corpus, whatever its fingerprint.
func runIndex(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	s := newSettings("index", stderr)
	if err := s.fs.Parse(args); err != nil {
		return err
	}
	cfg, err := s.load()
	if err != nil {
		return err
	}
	log := newLogger(cfg.LogLevel, stderr)
	defer bulkGC()()
	start := time.Now()
	resume := pauseGC(snapshotPath(cfg))
	c, err := corpus.LoadCached(cfg.Data, snapshotPath(cfg))
	resume()
	if err != nil {
		return err
	}
	logLoad(log, c, time.Since(start))
	ix, err := index.Open(ctx, filepath.Join(cfg.State, "index"), index.Options{OpenTimeout: cfg.OpenTimeout.Duration, Logger: log})
	if err != nil {
		return err
	}
	defer ix.Close()
	if err := ix.Rebuild(ctx, source(c)); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "indexed %d studies (%d published) from %s\n", len(c.Studies), c.PublishedCount(), cfg.Data)
	return nil
}
