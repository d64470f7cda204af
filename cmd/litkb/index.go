package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/schollz/progressbar/v3"

	"litkb/index"
	"litkb/internal/config"
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
	defer buildGC()()
	c, err := loadForBuild(ctx, cfg, log, stderr)
	if err != nil {
		return err
	}
	boundBuild()
	bar := progressBar(stderr, len(c.Studies), "indexing")
	// Counted now: the build lets the studies go before it ends.
	studies, published := len(c.Studies), c.PublishedCount()
	err = index.Build(ctx, filepath.Join(cfg.State, "index"), source(c), index.Options{OpenTimeout: cfg.OpenTimeout.Duration, Logger: log,
		Progress: func(done, total int) {
			if _ = bar.Set(done); done == total {
				_ = bar.Finish() // before the build logs that it is done
			}
		}}, c.Release)
	_ = bar.Finish()
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "indexed %d studies (%d published) from %s\n", studies, published, cfg.Data)
	return nil
}

// loadForBuild loads the corpus for a build. Studies decoded from their
// files (a fresh state, or a new program) go off the heap as those from
// the snapshot do (see corpus.LoadStats.OffHeap), so the build does not
// carry them: the load used to be repeated from the snapshot it had just
// written for that, and at 1,000,000 studies the first load held 11 GiB.
func loadForBuild(ctx context.Context, cfg config.Config, log *slog.Logger, progress io.Writer) (*corpus.Corpus, error) {
	start := time.Now()
	resume := resumeOnce(pauseGC(snapshotPath(cfg)))
	c, err := corpus.LoadWith(ctx, cfg.Data, corpus.LoadOptions{Cache: snapshotPath(cfg), Progress: loadProgress(progress), KeepPages: true, NoSnapshot: resume})
	resume()
	if err == nil {
		logLoad(log, c, time.Since(start))
	}
	return c, err
}

// loadProgress is a corpus load's progress as a bar on w when w is a
// terminal (see progressBar), or nil.
func loadProgress(w io.Writer) func(done, total int) {
	if w == nil {
		return nil
	}
	var bar *progressbar.ProgressBar
	return func(done, total int) {
		if bar == nil {
			bar = progressBar(w, total, "loading")
		}
		if _ = bar.Set(done); done == total {
			_ = bar.Finish()
		}
	}
}

// progressBar is a bar of n steps on a terminal, and silence anywhere else
// (a pipe, a log, a test).
func progressBar(w io.Writer, n int, what string) *progressbar.ProgressBar {
	if f, ok := w.(*os.File); ok {
		if fi, err := f.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
			return progressbar.NewOptions(n, progressbar.OptionSetWriter(f), progressbar.OptionSetDescription(what),
				progressbar.OptionShowCount(), progressbar.OptionClearOnFinish(), progressbar.OptionThrottle(100*time.Millisecond))
		}
	}
	return progressbar.NewOptions(n, progressbar.OptionSetWriter(io.Discard), progressbar.OptionSetVisibility(false))
}
